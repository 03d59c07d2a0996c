// Which handles are one person: a union-find over handle symbols, joined by customer_aliases.
#pragma once

#include <cstdint>
#include <vector>

#include "model/symbols.h"

namespace fiducia {

class IdentityJoin {
 public:
  explicit IdentityJoin(size_t symbol_count);
  void Join(Symbol a, Symbol b);
  Symbol PersonOf(Symbol handle);

 private:
  std::vector<Symbol> parent_;
  std::vector<uint8_t> rank_;
};

}  // namespace fiducia

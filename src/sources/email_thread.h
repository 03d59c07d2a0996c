// The threads of a mailbox: message ids joined by References, In-Reply-To, Outlook's
// Thread-Index and Gmail's thread id (union-find), across every file of a run. A reference loop
// or a parent that never arrives is only one more join: nothing walks a chain of parents.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/symbols.h"

namespace fiducia::mail {

class ThreadIndex {
 public:
  // The node of `key` (a message id, or a synthetic key such as an Outlook conversation),
  // created on first use.
  uint32_t Node(std::string_view key);
  void Join(uint32_t a, uint32_t b);
  // The representative of `node`'s thread; the same for every node of a thread.
  uint32_t Root(uint32_t node);
  std::string_view Key(uint32_t node) const { return keys_.Name(node); }
  size_t size() const { return parent_.size(); }

 private:
  SymbolTable keys_;
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;  // of each root's thread: the smaller joins the larger
};

}  // namespace fiducia::mail

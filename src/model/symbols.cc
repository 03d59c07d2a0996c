#include "model/symbols.h"

namespace fiducia {

Symbol SymbolTable::Intern(std::string_view text) {
  if (auto it = index_.find(text); it != index_.end()) return it->second;
  const auto id = static_cast<Symbol>(names_.size());
  names_.emplace_back(text);
  index_.emplace(names_.back(), id);
  return id;
}

Symbol SymbolTable::Find(std::string_view text) const {
  auto it = index_.find(text);
  return it == index_.end() ? kNoSymbol : it->second;
}

}  // namespace fiducia

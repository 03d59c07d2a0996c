// Interned strings: handles, agents, conversation ids and tags repeat across millions of events,
// so each is stored once and events carry a 32-bit Symbol.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fiducia {

using Symbol = uint32_t;
inline constexpr Symbol kNoSymbol = 0xFFFFFFFFu;

class SymbolTable {
 public:
  Symbol Intern(std::string_view text);
  // kNoSymbol when `text` was never interned.
  Symbol Find(std::string_view text) const;
  std::string_view Name(Symbol s) const { return s == kNoSymbol ? std::string_view() : names_[s]; }
  size_t size() const { return names_.size(); }

 private:
  std::deque<std::string> names_;  // stable addresses: the map's keys view into them
  std::unordered_map<std::string_view, Symbol> index_;
};

}  // namespace fiducia

// Interned strings: handles, agents, conversation ids and tags repeat across millions of events,
// so each is stored once and events carry a 32-bit Symbol.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fiducia {

using Symbol = uint32_t;
inline constexpr Symbol kNoSymbol = 0xFFFFFFFFu;

// Compact, for tens of millions of names: the characters back to back in fixed chunks (names never
// move), an open-addressing index of 32-bit symbols, and each name's hash kept for growing it.
class SymbolTable {
 public:
  SymbolTable() = default;
  SymbolTable(SymbolTable&&) noexcept = default;
  SymbolTable& operator=(SymbolTable&&) noexcept = default;
  SymbolTable(const SymbolTable& other);
  SymbolTable& operator=(const SymbolTable& other);

  Symbol Intern(std::string_view text);
  // kNoSymbol when `text` was never interned.
  Symbol Find(std::string_view text) const;
  std::string_view Name(Symbol s) const {
    return s == kNoSymbol ? std::string_view() : std::string_view(names_[s].data, names_[s].size);
  }
  size_t size() const { return names_.size(); }

 private:
  struct Entry {
    const char* data;
    uint32_t size;
    uint32_t hash;
  };
  const char* Store(std::string_view text);
  size_t Slot(std::string_view text, uint32_t hash) const;  // its slot, or the empty one for it
  void Grow();

  std::vector<std::unique_ptr<char[]>> chunks_;
  size_t chunk_used_ = 0, chunk_size_ = 0;
  std::deque<Entry> names_;  // a deque: no doubling copy as it grows
  std::vector<Symbol> slots_;  // kNoSymbol: empty; size a power of two, at most 3/4 full
};

}  // namespace fiducia

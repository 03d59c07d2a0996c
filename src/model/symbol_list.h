// A short list of symbols (an event's aliases or tags) in one pointer: almost every event has
// none, and ten million events must not carry two empty std::vectors (48 bytes) each.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "model/symbols.h"

namespace fiducia {

class SymbolList {
 public:
  SymbolList() = default;
  SymbolList(std::initializer_list<Symbol> symbols) { Assign(symbols.begin(), symbols.size()); }
  SymbolList(const SymbolList& other) { Assign(other.begin(), other.size()); }
  SymbolList(SymbolList&& other) noexcept : block_(other.block_) { other.block_ = nullptr; }
  SymbolList& operator=(const SymbolList& other) {
    if (this != &other) Assign(other.begin(), other.size());
    return *this;
  }
  SymbolList& operator=(SymbolList&& other) noexcept {
    std::swap(block_, other.block_);
    return *this;
  }
  SymbolList& operator=(const std::vector<Symbol>& symbols) {
    Assign(symbols.data(), symbols.size());
    return *this;
  }
  ~SymbolList() { delete[] block_; }

  void push_back(Symbol s) {
    const uint32_t n = size();
    if (n + 1 > capacity()) Reserve(n < 2 ? 2 : 2 * n);
    block_[kHeader + n] = s;
    block_[0] = n + 1;
  }
  uint32_t size() const { return block_ ? block_[0] : 0; }
  bool empty() const { return size() == 0; }
  const Symbol* begin() const { return block_ ? block_ + kHeader : nullptr; }
  const Symbol* end() const { return begin() + size(); }
  Symbol operator[](size_t i) const { return begin()[i]; }
  const Symbol* data() const { return begin(); }  // with begin and end: a std::span of it works

 private:
  static constexpr uint32_t kHeader = 2;  // size, capacity
  uint32_t capacity() const { return block_ ? block_[1] : 0; }
  void Reserve(uint32_t capacity) {
    auto* bigger = new Symbol[kHeader + capacity];
    bigger[0] = size();
    bigger[1] = capacity;
    if (block_) std::memcpy(bigger + kHeader, begin(), sizeof(Symbol) * size());
    delete[] block_;
    block_ = bigger;
  }
  void Assign(const Symbol* symbols, size_t n) {
    delete[] block_;
    block_ = nullptr;
    if (n == 0) return;
    Reserve(static_cast<uint32_t>(n));
    std::memcpy(block_ + kHeader, symbols, sizeof(Symbol) * n);
    block_[0] = static_cast<uint32_t>(n);
  }

  Symbol* block_ = nullptr;  // [size, capacity, symbols…]; null when empty
};

}  // namespace fiducia

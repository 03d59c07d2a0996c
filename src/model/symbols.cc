#include "model/symbols.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "common/huge_pages.h"

namespace fiducia {
namespace {

constexpr size_t kFirstChunkBytes = size_t{1} << 16;
constexpr size_t kLargestChunkBytes = size_t{4} << 20;

// The slots an index needs for `names` names: a power of two, at most 3/4 full.
size_t SlotsFor(size_t names) {
  size_t slots = 64;
  while (4 * names > 3 * slots) slots *= 2;
  return slots;
}

}  // namespace

uint32_t SymbolTable::HashOf(std::string_view text) {
  const uint64_t h = std::hash<std::string_view>()(text);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

SymbolTable::SymbolTable(const SymbolTable& other) { *this = other; }

SymbolTable& SymbolTable::operator=(const SymbolTable& other) {
  if (this == &other) return *this;
  *this = SymbolTable();
  for (Symbol s = 0; s < other.size(); ++s) Intern(other.Name(s));
  return *this;
}

Symbol SymbolTable::Intern(HashedName name) {
  const auto [text, hash] = name;
  if (slots_.empty() && count_ > 0) Rehash(SlotsFor(count_));  // dropped: rebuilt from the names
  if (4 * (count_ + 1) > 3 * slots_.size()) Grow();
  const size_t slot = Slot(text, hash);
  if (SymbolIn(slots_[slot]) != kNoSymbol) return SymbolIn(slots_[slot]);
  const auto id = static_cast<Symbol>(count_);
  AddEntry({Store(text), static_cast<uint32_t>(text.size())});
  slots_[slot] = Filled(hash, id);
  return id;
}

void SymbolTable::Prefetch(uint32_t hash) const {
  if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
}

Symbol SymbolTable::Find(std::string_view text) const {
  if (slots_.empty()) {
    for (Symbol s = 0; s < count_; ++s) {
      if (Name(s) == text) return s;
    }
    return kNoSymbol;
  }
  return SymbolIn(slots_[Slot(text, HashOf(text))]);
}

void SymbolTable::DropIndex() { std::vector<uint64_t>().swap(slots_); }

size_t SymbolTable::Slot(std::string_view text, uint32_t hash) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    const Symbol s = SymbolIn(slot);
    if (s == kNoSymbol) return i;
    if (HashIn(slot) == hash && Name(s) == text) return i;
  }
}

void SymbolTable::Reserve(size_t names) {
  if (SlotsFor(names) > slots_.size()) Rehash(SlotsFor(names));
}

void SymbolTable::Grow() { Rehash(std::max<size_t>(64, 2 * slots_.size())); }

// The index moved to `slot_count` slots: from the old slots (their hashes are kept), or from the
// names when the index was dropped.
void SymbolTable::Rehash(size_t slot_count) {
  std::vector<uint64_t> bigger;
  ReserveHuge(bigger, slot_count);
  bigger.assign(slot_count, kEmptySlot);
  const size_t mask = bigger.size() - 1;
  auto place = [&](uint64_t slot) {
    size_t i = HashIn(slot) & mask;
    while (bigger[i] != kEmptySlot) i = (i + 1) & mask;
    bigger[i] = slot;
  };
  if (slots_.empty()) {
    for (Symbol s = 0; s < count_; ++s) place(Filled(HashOf(Name(s)), s));
  }
  for (const uint64_t slot : slots_) {
    if (SymbolIn(slot) != kNoSymbol) place(slot);
  }
  slots_ = std::move(bigger);
}

void SymbolTable::AddEntry(Entry e) {
  const size_t block = count_ >> kEntryBlockBits;
  if (block == entries_.size()) {
    entries_.push_back(std::make_unique_for_overwrite<Entry[]>(kEntriesPerBlock));
    AdviseHugePages(entries_.back().get(), kEntriesPerBlock * sizeof(Entry));
  }
  entries_[block][count_ & (kEntriesPerBlock - 1)] = e;
  ++count_;
}

const char* SymbolTable::Store(std::string_view text) {
  if (text.empty()) return "";
  if (chunks_.empty() || chunk_used_ + text.size() > chunk_size_) {
    const size_t next =
        chunks_.empty() ? kFirstChunkBytes : std::min(2 * chunk_size_, kLargestChunkBytes);
    chunk_size_ = std::max(next, text.size());
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(chunk_size_));
    AdviseHugePages(chunks_.back().get(), chunk_size_);
    chunk_used_ = 0;
  }
  char* at = chunks_.back().get() + chunk_used_;
  std::memcpy(at, text.data(), text.size());
  chunk_used_ += text.size();
  return at;
}

}  // namespace fiducia

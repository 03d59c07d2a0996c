// Interned strings: handles, agents, conversation ids and tags repeat across millions of events,
// so each is stored once and events carry a 32-bit Symbol.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fiducia {

using Symbol = uint32_t;
inline constexpr Symbol kNoSymbol = 0xFFFFFFFFu;

// A name with its hash (SymbolTable::HashOf) worked out once, by whichever thread read the name:
// the reading workers hash, the committing thread only probes.
struct HashedName {
  std::string_view text;
  uint32_t hash = 0;
};

// Compact, for tens of millions of names: the characters back to back in fixed chunks (names never
// move), an open-addressing index whose slots hold each name's symbol and hash, so that a probe
// reads a name only when the hashes are equal (a lookup costs about one cache miss, not one per
// probe).
class SymbolTable {
 public:
  SymbolTable() = default;
  SymbolTable(SymbolTable&&) noexcept = default;
  SymbolTable& operator=(SymbolTable&&) noexcept = default;
  SymbolTable(const SymbolTable& other);
  SymbolTable& operator=(const SymbolTable& other);

  Symbol Intern(std::string_view text) { return Intern(HashedName{text, HashOf(text)}); }
  Symbol Intern(HashedName name);  // name.hash must be HashOf(name.text)
  // The hash the tables use: libstdc++'s (eight bytes a step), folded to 32 bits.
  static uint32_t HashOf(std::string_view text);
  // Room for `names` names in all without growing the index.
  void Reserve(size_t names);
  // Starts loading the index slot Intern(text) reads first, for a caller that knows a few names
  // ahead which it will intern: the slot is one cache miss in a table of tens of megabytes.
  void Prefetch(uint32_t hash) const;
  // kNoSymbol when `text` was never interned. Without an index (DropIndex), reads every name.
  Symbol Find(std::string_view text) const;
  // Frees the index (a quarter of the table at scale); the names stay, readable by symbol. For a
  // table that will be read by symbol only, as an audit's once judged. Intern rebuilds the index.
  void DropIndex();
  std::string_view Name(Symbol s) const {
    if (s == kNoSymbol) return {};
    const Entry& e = entries_[s >> kEntryBlockBits][s & (kEntriesPerBlock - 1)];
    return {e.data, e.size};
  }
  size_t size() const { return count_; }

 private:
  struct Entry {
    const char* data;
    uint32_t size;
  };
  const char* Store(std::string_view text);
  size_t Slot(std::string_view text, uint32_t hash) const;  // its slot, or the empty one for it
  void Grow();
  void Rehash(size_t slot_count);
  // A slot: the name's hash in the high half, its symbol in the low half (kNoSymbol: empty).
  static constexpr uint64_t kEmptySlot = ~uint64_t{0};
  static uint64_t Filled(uint32_t hash, Symbol s) { return (uint64_t{hash} << 32) | s; }
  static Symbol SymbolIn(uint64_t slot) { return static_cast<Symbol>(slot); }
  static uint32_t HashIn(uint64_t slot) { return static_cast<uint32_t>(slot >> 32); }

  void AddEntry(Entry e);
  // Names' entries in blocks that never move (no doubling copy as they grow), 4 MiB each: in
  // huge pages where the system has them.
  static constexpr unsigned kEntryBlockBits = 18;
  static constexpr size_t kEntriesPerBlock = size_t{1} << kEntryBlockBits;

  std::vector<std::unique_ptr<char[]>> chunks_;  // 64 KiB, growing to 4 MiB
  size_t chunk_used_ = 0, chunk_size_ = 0;
  std::vector<std::unique_ptr<Entry[]>> entries_;
  size_t count_ = 0;
  std::vector<uint64_t> slots_;  // size a power of two, at most 3/4 full
};

}  // namespace fiducia

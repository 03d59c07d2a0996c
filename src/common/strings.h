// Small text helpers that every subsystem needs, written once: ASCII case, blanks at the ends, a
// stable hash, an IANA zone by name. ASCII only on purpose: headers, handles, column names and
// keywords of the formats read are ASCII; customer words go through the text engine (ICU).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}  // namespace date

namespace fiducia {

// 'A'-'Z' to 'a'-'z'; every other byte (UTF-8 sequences included) as it is.
constexpr char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string AsciiLower(std::string_view s);
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

// Without the ASCII blanks (space, tab, CR, LF, form feed, vertical tab) at either end.
std::string_view TrimAsciiSpace(std::string_view s);

// 64-bit FNV-1a: stable across runs, machines and versions, for ids derived from content (a
// message without an id gets the same one on every import) and cache keys. Not for hash tables
// that hostile input fills: it is not keyed.
inline constexpr uint64_t kFnv1aOffset = 14695981039346656037ULL;
inline constexpr uint64_t kFnv1aPrime = 1099511628211ULL;
constexpr uint64_t Fnv1a(std::string_view bytes, uint64_t hash = kFnv1aOffset) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnv1aPrime;
  }
  return hash;
}
// FNV-1a over several parts, each followed by the byte 0xFF (never in UTF-8), so that ("ab", "c")
// and ("a", "bc") differ.
uint64_t Fnv1aOfParts(std::initializer_list<std::string_view> parts, uint64_t hash = kFnv1aOffset);

// The IANA time zone of that name ("Europe/Rome"), or nullptr for an unknown name or when the
// time zone database cannot be read (date throws for both; callers say which name failed).
const date::time_zone* FindTimeZone(std::string_view name);

}  // namespace fiducia

#include "common/strings.h"

#include <date/tz.h>

#include <algorithm>
#include <exception>

namespace fiducia {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return AsciiLower(x) == AsciiLower(y); });
}

std::string_view TrimAsciiSpace(std::string_view s) {
  constexpr std::string_view kBlanks = " \t\r\n\f\v";
  const size_t first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kBlanks) - first + 1);
}

uint64_t Fnv1aOfParts(std::initializer_list<std::string_view> parts, uint64_t hash) {
  for (const std::string_view part : parts) {
    hash = Fnv1a(part, hash);
    hash = (hash ^ 0xFF) * kFnv1aPrime;
  }
  return hash;
}

const date::time_zone* FindTimeZone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {  // an unknown name, or no time zone database
    return nullptr;
  }
}

}  // namespace fiducia

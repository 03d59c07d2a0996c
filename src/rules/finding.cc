#include "rules/finding.h"

#include <array>

namespace fiducia {

std::string_view ToString(Severity s) {
  static constexpr std::array<std::string_view, 3> kNames = {"low", "medium", "high"};
  return kNames[static_cast<size_t>(s)];
}

}  // namespace fiducia

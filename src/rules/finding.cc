#include "rules/finding.h"

#include <array>

namespace fiducia {

std::string_view ToString(Severity s) {
  static constexpr std::array<std::string_view, 3> kNames = {"low", "medium", "high"};
  return kNames[static_cast<size_t>(s)];
}

std::string_view ToString(Rule r) {
  static constexpr std::array<std::string_view, 4> kNames = {"unanswered", "late_reply", "chaser",
                                                             "channel_hop"};
  return kNames[static_cast<size_t>(r)];
}

}  // namespace fiducia

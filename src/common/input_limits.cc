#include "common/input_limits.h"

#include <fmt/format.h>

#include "common/time_text.h"

namespace fiducia {

Status InputLimits::CheckInWindow(std::string_view what, Instant t) const {
  if (InWindow(t)) return Status::Ok();
  const auto day = [](Instant i) {
    return FormatRfc3339(i, std::chrono::minutes(0)).substr(0, 10);
  };
  return Status::InvalidInput(fmt::format(
      "{} {} is outside the dates fiducia reads, {} to {} (limits.earliest, limits.latest)", what,
      FormatRfc3339(t, std::chrono::minutes(0)), day(earliest), day(latest)));
}

}  // namespace fiducia

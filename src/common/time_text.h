// Instants and durations as people and files write them: RFC 3339 timestamps
// ("2026-03-02T09:14:00+01:00") and short durations ("8h", "15m", "2h30m"). Parsing is strict: a
// bad value is an error, never a guess.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace fiducia {

// A timestamp as written: the instant and the UTC offset it was written with.
struct Timestamp {
  Instant at;
  std::chrono::minutes offset{0};
};

// RFC 3339 date-time: YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM). 'T' may be 't' or a space.
Result<Timestamp> ParseRfc3339(std::string_view text);

// Writes `at` as RFC 3339 with the given offset ("Z" for zero offset is written "+00:00").
// Milliseconds are written only when not zero.
std::string FormatRfc3339(Instant at, std::chrono::minutes offset);

// "8h", "90m", "2h30m", "45s", "1d" (24 h), or a bare number of seconds.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

// The shortest form ParseDuration reads back: "8h", "2h30m", "15m", "0s".
std::string FormatDuration(std::chrono::seconds d);

// For people: "3 h 20 min", "45 min", "30 s", "2 d 4 h".
std::string HumanDuration(std::chrono::seconds d);

}  // namespace fiducia

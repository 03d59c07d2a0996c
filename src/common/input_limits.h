// What fiducia reads of one input, at most: hostile or broken exports must cost what ordinary ones
// cost, and never more memory or time than these bounds allow. Every limit is a [limits] key of
// the config (docs/limits.md lists them with their defaults and what happens past them).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace fiducia {

struct InputLimits {
  // Events are dated within [earliest, latest): an event outside is a bad record, an --as-of or
  // as_of outside a usage error. Business time is only counted inside this window.
  Instant earliest{std::chrono::sys_days{std::chrono::year{1990} / 1 / 1}};
  Instant latest{std::chrono::sys_days{std::chrono::year{2100} / 1 / 1}};
  // Bytes of one message's text that the text pass reads; the rest is kept (fiducia import) but
  // not analysed.
  size_t text_bytes = size_t{64} << 10;
  // Bytes one archive member (a WhatsApp .zip's chat) may expand to.
  uint64_t member_bytes = uint64_t{1} << 30;
  // Records read from one input file; past it the rest of the file is skipped and reported.
  uint64_t records_per_input = 50'000'000;

  // The widest window a config may set: the business calendar's tables cover it.
  static constexpr int kFirstYear = 1970;
  static constexpr int kLastYear = 2199;  // latest may be 1 January of the year after

  bool InWindow(Instant t) const { return t >= earliest && t < latest; }
  // InvalidInput naming `what` ("\"at\"", "--as-of"), the instant and the window, when `t` is
  // outside it.
  Status CheckInWindow(std::string_view what, Instant t) const;
};

}  // namespace fiducia

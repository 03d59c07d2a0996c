#include "common/time_text.h"

#include <date/date.h>
#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace fiducia {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Reads exactly `n` digits at `pos`; advances `pos`.
bool ReadDigits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

Status BadTimestamp(std::string_view text, std::string_view why) {
  return Status::InvalidInput(fmt::format("'{}' is not an RFC 3339 timestamp ({})", text, why));
}

// Fraction of a second after '.', kept to the millisecond.
bool ReadFraction(std::string_view s, size_t& pos, milliseconds& out) {
  if (pos >= s.size() || s[pos] != '.') return true;
  ++pos;
  const size_t start = pos;
  int ms = 0;
  while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
    if (pos - start < 3) ms = ms * 10 + (s[pos] - '0');
    ++pos;
  }
  if (pos == start) return false;
  for (size_t i = pos - start; i < 3; ++i) ms *= 10;
  out = milliseconds(ms);
  return true;
}

bool ReadOffset(std::string_view s, size_t& pos, minutes& out) {
  if (pos >= s.size()) return false;
  const char sign = s[pos];
  if (sign == 'Z' || sign == 'z') {
    ++pos;
    out = minutes(0);
    return true;
  }
  if (sign != '+' && sign != '-') return false;
  ++pos;
  int hh = 0, mm = 0;
  if (!ReadDigits(s, pos, 2, hh) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, mm))
    return false;
  if (hh > 23 || mm > 59) return false;
  out = minutes(hh * 60 + mm) * (sign == '-' ? -1 : 1);
  return true;
}

}  // namespace

Result<Timestamp> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!ReadDigits(text, pos, 4, y) || !Expect(text, pos, '-') || !ReadDigits(text, pos, 2, mo) ||
      !Expect(text, pos, '-') || !ReadDigits(text, pos, 2, d)) {
    return BadTimestamp(text, "expected YYYY-MM-DD");
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return BadTimestamp(text, "expected 'T' and a time");
  }
  ++pos;
  if (!ReadDigits(text, pos, 2, h) || !Expect(text, pos, ':') || !ReadDigits(text, pos, 2, mi) ||
      !Expect(text, pos, ':') || !ReadDigits(text, pos, 2, sec)) {
    return BadTimestamp(text, "expected HH:MM:SS");
  }
  milliseconds frac{0};
  if (!ReadFraction(text, pos, frac)) return BadTimestamp(text, "bad fraction of a second");
  minutes offset{0};
  if (!ReadOffset(text, pos, offset))
    return BadTimestamp(text, "expected Z or an offset like +01:00");
  if (pos != text.size()) return BadTimestamp(text, "unexpected characters at the end");
  const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(mo)),
                                 date::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return BadTimestamp(text, "no such date");
  if (h > 23 || mi > 59 || sec > 60) return BadTimestamp(text, "no such time of day");
  if (sec == 60) sec = 59;  // a leap second is kept inside its minute
  const auto local = date::sys_days(ymd).time_since_epoch() + hours(h) + minutes(mi) + seconds(sec);
  return Timestamp{Instant(std::chrono::duration_cast<milliseconds>(local - offset) + frac),
                   offset};
}

std::string FormatRfc3339(Instant at, minutes offset) {
  const auto local = at + offset;
  const auto day = date::floor<days>(local);
  const date::year_month_day ymd{date::sys_days(day.time_since_epoch())};
  const date::hh_mm_ss<milliseconds> tod{local - day};
  std::string out =
      fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  tod.hours().count(), tod.minutes().count(), tod.seconds().count());
  if (tod.subseconds().count() != 0) out += fmt::format(".{:03}", tod.subseconds().count());
  const auto abs = offset < minutes(0) ? -offset : offset;
  out += fmt::format("{}{:02}:{:02}", offset < minutes(0) ? '-' : '+', abs.count() / 60,
                     abs.count() % 60);
  return out;
}

Result<seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return Status::InvalidInput("empty duration");
  seconds total{0};
  size_t pos = 0;
  bool any_unit = false;
  while (pos < text.size()) {
    long long n = 0;
    const auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), n);
    if (ec != std::errc() || n < 0) {
      return Status::InvalidInput(
          fmt::format("'{}' is not a duration like 8h, 15m or 2h30m", text));
    }
    pos = static_cast<size_t>(end - text.data());
    if (pos == text.size()) {
      if (any_unit) return Status::InvalidInput(fmt::format("'{}': a number without unit", text));
      return seconds(n);
    }
    const char unit = text[pos++];
    switch (unit) {
      case 'd':
        total += days(n);
        break;
      case 'h':
        total += hours(n);
        break;
      case 'm':
        total += minutes(n);
        break;
      case 's':
        total += seconds(n);
        break;
      default:
        return Status::InvalidInput(
            fmt::format("'{}': unknown unit '{}' (use d, h, m, s)", text, unit));
    }
    any_unit = true;
  }
  return total;
}

std::string FormatDuration(seconds d) {
  if (d.count() == 0) return "0s";
  std::string out;
  const auto h = std::chrono::duration_cast<hours>(d);
  const auto m = std::chrono::duration_cast<minutes>(d - h);
  const auto s = d - h - m;
  if (h.count()) out += fmt::format("{}h", h.count());
  if (m.count()) out += fmt::format("{}m", m.count());
  if (s.count()) out += fmt::format("{}s", s.count());
  return out;
}

std::string HumanDuration(seconds d) {
  const long long total = d.count();
  if (total < 60) return fmt::format("{} s", total);
  const long long mins = total / 60;
  if (mins < 60) return fmt::format("{} min", mins);
  const long long hrs = mins / 60;
  if (hrs < 48) {
    return mins % 60 ? fmt::format("{} h {} min", hrs, mins % 60) : fmt::format("{} h", hrs);
  }
  return hrs % 24 ? fmt::format("{} d {} h", hrs / 24, hrs % 24) : fmt::format("{} d", hrs / 24);
}

}  // namespace fiducia

#include "calendar/business_calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <utility>

namespace fiducia {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using LocalTime = date::local_time<milliseconds>;

constexpr minutes kEndOfDay = std::chrono::hours(24);
constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

// Business time exists only in years 1 to 9999 (those RFC 3339 can write). The bounds keep
// local-time arithmetic far from overflow when callers pass sentinels such as Instant::max().
constexpr Instant kHorizonBegin{date::sys_days{date::year{1} / date::January / 1}};
constexpr Instant kHorizonEnd{date::sys_days{date::year{10000} / date::January / 1}};
// AddBusinessTime gives up after this much calendar time (e.g. holidays covering every open day).
constexpr auto kSearchLimit = date::years{20};

Instant ClampToHorizon(Instant t) { return std::clamp(t, kHorizonBegin, kHorizonEnd); }

// --- Opening hours ---------------------------------------------------------------------------

std::string FormatClock(minutes m) {
  if (m < minutes(0) || m > kEndOfDay) return fmt::format("{} min", m.count());
  return fmt::format("{:02}:{:02}", m.count() / 60, m.count() % 60);
}

std::string FormatInterval(const OpeningInterval& open) {
  return FormatClock(open.start) + "-" + FormatClock(open.end);
}

// "HH:MM", 00:00 to 24:00.
std::optional<minutes> ParseClock(std::string_view text) {
  const auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  const int hh = (text[0] - '0') * 10 + (text[1] - '0');
  const int mm = (text[3] - '0') * 10 + (text[4] - '0');
  if (mm > 59 || hh > 24 || (hh == 24 && mm != 0)) return std::nullopt;
  return minutes(hh * 60 + mm);
}

Status ValidateDay(const std::vector<OpeningInterval>& day) {
  minutes previous_end{0};
  for (const OpeningInterval& open : day) {
    if (open.start < minutes(0) || open.end > kEndOfDay || open.start >= open.end) {
      return Status::InvalidInput(
          fmt::format("opening interval {} must start before it ends, within 00:00-24:00",
                      FormatInterval(open)));
    }
    if (open.start < previous_end) {
      return Status::InvalidInput(fmt::format(
          "opening interval {} overlaps or comes before the previous one", FormatInterval(open)));
    }
    previous_end = open.end;
  }
  return Status::Ok();
}

// --- Time line ---------------------------------------------------------------------------------

// A stretch of the UTC time line, up to `end`, over which the zone's offset does not change: there
// local time is UTC plus a constant, so business time can be counted on local wall-clock time.
struct ConstantOffsetRun {
  Instant end;
  seconds offset;
};

// The run that contains `t`, cut at `limit` (> t).
ConstantOffsetRun RunAt(const date::time_zone& zone, Instant t, Instant limit) {
  const date::sys_info info = zone.get_info(date::floor<seconds>(t));
  // Transitions fall on whole seconds, so info.end > t.
  return {info.end < limit ? Instant(info.end) : limit, info.offset};
}

LocalTime ToLocal(Instant t, seconds offset) { return LocalTime{t.time_since_epoch() + offset}; }
Instant FromLocal(LocalTime t, seconds offset) { return Instant{t.time_since_epoch() - offset}; }

// Calls visit(start, end) for each stretch of opening hours inside the local times [from, to), in
// order, until visit returns true. Pure local time: the caller has removed the zone.
template <typename Visit>
void ForEachOpenStretch(const WeekSchedule& week, const HolidaySet& holidays, LocalTime from,
                        LocalTime to, Visit visit) {
  for (date::local_days day = date::floor<date::days>(from); day < to; day += date::days(1)) {
    const std::vector<OpeningInterval>& hours = week.days[date::weekday(day).c_encoding()];
    if (hours.empty() || holidays.Contains(day)) continue;
    for (const OpeningInterval& open : hours) {
      const LocalTime start = std::max<LocalTime>(day + open.start, from);
      const LocalTime end = std::min<LocalTime>(day + open.end, to);
      if (start < end && visit(start, end)) return;
    }
  }
}

milliseconds OpenTimeIn(const WeekSchedule& week, const HolidaySet& holidays, LocalTime from,
                        LocalTime to) {
  milliseconds total{0};
  ForEachOpenStretch(week, holidays, from, to, [&](LocalTime start, LocalTime end) {
    total += end - start;
    return false;
  });
  return total;
}

// Where, inside the local times [from, to), `remaining` business time has passed; if it does not
// pass there, subtracts what the stretch held from `remaining` and returns nothing.
std::optional<LocalTime> WhereUsedUp(const WeekSchedule& week, const HolidaySet& holidays,
                                     LocalTime from, LocalTime to, milliseconds& remaining) {
  std::optional<LocalTime> reached;
  ForEachOpenStretch(week, holidays, from, to, [&](LocalTime start, LocalTime end) {
    if (end - start < remaining) {
      remaining -= end - start;
      return false;
    }
    // The earliest such instant: when an interval holds exactly what remains, its end (not the
    // start of the next one).
    reached = start + remaining;
    return true;
  });
  return reached;
}

// Unknown names throw std::runtime_error in date (as does a missing database).
const date::time_zone* FindZone(std::string_view name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

}  // namespace

// --- WeekSchedule ------------------------------------------------------------------------------

WeekSchedule WeekSchedule::OfficeHours() {
  WeekSchedule week;
  for (unsigned wd = date::Monday.c_encoding(); wd <= date::Friday.c_encoding(); ++wd) {
    week.days[wd] = {OpeningInterval{std::chrono::hours(9), std::chrono::hours(18)}};
  }
  return week;
}

Result<OpeningInterval> WeekSchedule::ParseInterval(std::string_view text) {
  const size_t dash = text.find('-');
  const std::optional<minutes> start =
      dash == std::string_view::npos ? std::nullopt : ParseClock(text.substr(0, dash));
  const std::optional<minutes> end =
      dash == std::string_view::npos ? std::nullopt : ParseClock(text.substr(dash + 1));
  if (!start || !end) {
    return Status::InvalidInput(
        fmt::format("'{}' is not an opening interval like 09:00-13:00", text));
  }
  if (*start >= *end) {
    return Status::InvalidInput(fmt::format(
        "'{}' is empty: an interval ends after it starts (split a night shift at 24:00)", text));
  }
  return OpeningInterval{*start, *end};
}

Status WeekSchedule::Validate() const {
  for (size_t wd = 0; wd < days.size(); ++wd) {
    const Status status = ValidateDay(days[wd]);
    if (!status.ok()) return status.WithContext(kWeekdayNames[wd]);
  }
  return Status::Ok();
}

bool WeekSchedule::Empty() const {
  return std::all_of(days.begin(), days.end(), [](const auto& day) { return day.empty(); });
}

// --- BusinessCalendar --------------------------------------------------------------------------

Result<BusinessCalendar> BusinessCalendar::Create(std::string_view time_zone, WeekSchedule week,
                                                  HolidaySet holidays) {
  if (Status valid = week.Validate(); !valid.ok()) return valid;
  if (week.Empty()) return Status::InvalidInput("the week has no opening hours at all");
  const date::time_zone* zone = FindZone(time_zone);
  if (zone == nullptr) return Status::NotFound(fmt::format("unknown time zone '{}'", time_zone));
  return BusinessCalendar(zone, std::move(week), std::move(holidays));
}

// Throws std::runtime_error only when the system has no time zone database at all.
BusinessCalendar BusinessCalendar::Default() {
  return BusinessCalendar(date::locate_zone("Europe/Rome"), WeekSchedule::OfficeHours(),
                          HolidaySet::ItalianNational());
}

std::chrono::milliseconds BusinessCalendar::BusinessTime(Instant from, Instant to) const {
  from = ClampToHorizon(from);
  to = ClampToHorizon(to);
  milliseconds total{0};
  for (Instant t = from; t < to;) {
    const ConstantOffsetRun run = RunAt(*zone_, t, to);
    total += OpenTimeIn(week_, holidays_, ToLocal(t, run.offset), ToLocal(run.end, run.offset));
    t = run.end;
  }
  return total;
}

Instant BusinessCalendar::AddBusinessTime(Instant from, std::chrono::milliseconds amount) const {
  if (amount <= milliseconds(0)) return from;
  const Instant start = ClampToHorizon(from);
  const Instant give_up = start < kHorizonEnd - kSearchLimit ? start + kSearchLimit : kHorizonEnd;
  milliseconds remaining = amount;
  for (Instant t = start; t < give_up;) {
    const ConstantOffsetRun run = RunAt(*zone_, t, give_up);
    const std::optional<LocalTime> reached = WhereUsedUp(week_, holidays_, ToLocal(t, run.offset),
                                                         ToLocal(run.end, run.offset), remaining);
    if (reached) return FromLocal(*reached, run.offset);
    t = run.end;
  }
  return Instant::max();  // never reached: the caller sees "no deadline"
}

bool BusinessCalendar::IsOpen(Instant t) const {
  if (t < kHorizonBegin || t >= kHorizonEnd) return false;
  const LocalTime local = zone_->to_local(t);
  const date::local_days day = date::floor<date::days>(local);
  if (holidays_.Contains(day)) return false;
  const milliseconds since_midnight = local - day;
  const std::vector<OpeningInterval>& hours = week_.days[date::weekday(day).c_encoding()];
  return std::any_of(hours.begin(), hours.end(), [&](const OpeningInterval& open) {
    return open.start <= since_midnight && since_midnight < open.end;
  });
}

date::local_days BusinessCalendar::LocalDay(Instant t) const {
  return date::floor<date::days>(zone_->to_local(ClampToHorizon(t)));
}

// Rounded toward zero: only local mean times before ~1900 have offsets with seconds.
std::chrono::minutes BusinessCalendar::OffsetAt(Instant t) const {
  return std::chrono::duration_cast<minutes>(zone_->get_info(ClampToHorizon(t)).offset);
}

Instant BusinessCalendar::AtLocal(date::local_days day, minutes minute) const {
  const date::local_time<milliseconds> local{day + minute};
  const date::local_info info = zone_->get_info(local);
  if (info.result == date::local_info::nonexistent) return Instant(info.second.begin);
  return Instant((local - info.first.offset).time_since_epoch());
}

std::optional<minutes> BusinessCalendar::ClosingTime(date::local_days day) const {
  if (holidays_.Contains(day)) return std::nullopt;
  const std::vector<OpeningInterval>& hours = week_.days[date::weekday(day).c_encoding()];
  if (hours.empty()) return std::nullopt;
  return hours.back().end;
}

date::local_days BusinessCalendar::NextOpenDay(date::local_days day) const {
  for (int i = 0; i < 366; ++i) {
    if (ClosingTime(day + date::days(i))) return day + date::days(i);
  }
  return day;
}

}  // namespace fiducia

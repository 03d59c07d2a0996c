#include "calendar/business_calendar.h"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "common/input_limits.h"
#include "common/strings.h"

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

// The days business time is counted on: the widest date window a config may set, with a day of
// margin on each side for local times a zone offset moves across the window's edges.
constexpr date::local_days kFirstDay{date::year{InputLimits::kFirstYear} / date::January / 1};
constexpr date::local_days kEndDay{date::year{InputLimits::kLastYear + 1} / date::January / 1};
constexpr Instant kCountedBegin{date::sys_days{kFirstDay.time_since_epoch()} + date::days(1)};
constexpr Instant kCountedEnd{date::sys_days{kEndDay.time_since_epoch()} - date::days(1)};

LocalTime ToLocal(Instant t, seconds offset) { return LocalTime{t.time_since_epoch() + offset}; }
Instant FromLocal(LocalTime t, seconds offset) { return Instant{t.time_since_epoch() - offset}; }

}  // namespace

// Open minutes per local day as prefix sums, and the zone's changes of offset with what each adds
// to business time counted on local clocks. With them, business time between two instants is
// G(local to) - G(local from) plus the corrections of the changes between them, where G(x) is the
// open time of local clocks from kFirstDay to x: a day look-up and one day's intervals.
struct BusinessCalendar::Tables {
  std::vector<uint32_t> open_before;       // open minutes in [kFirstDay, kFirstDay + i days)
  std::vector<uint32_t> open_days_before;  // days with opening hours in the same span
  std::vector<Instant> changes;            // instants the zone's offset changes, ascending
  std::vector<seconds> offsets;  // offsets[i]: in force before changes[i] (one more: after)
  std::vector<milliseconds> corrections_before;  // sums of the corrections of changes[0, i)

  // Open time of local clocks in [kFirstDay, x), x clamped to the days counted.
  milliseconds OpenUntil(const WeekSchedule& week, LocalTime x) const {
    x = std::clamp<LocalTime>(x, kFirstDay, kEndDay);
    const date::local_days day = date::floor<date::days>(x);
    const auto index = static_cast<size_t>((day - kFirstDay).count());
    milliseconds total = minutes(open_before[index]);
    if (index + 1 >= open_before.size() || open_before[index + 1] == open_before[index]) {
      return total;  // the end, or a closed day (a holiday's prefix does not grow)
    }
    for (const OpeningInterval& open : week.days[date::weekday(day).c_encoding()]) {
      total +=
          std::clamp<milliseconds>(x - (day + open.start), milliseconds(0), open.end - open.start);
    }
    return total;
  }

  // How many changes lie at or before `t`; the offset in force at `t` is offsets[that].
  size_t ChangesUpTo(Instant t) const {
    return static_cast<size_t>(std::upper_bound(changes.begin(), changes.end(), t) -
                               changes.begin());
  }

  // The earliest local time x with OpenUntil(x) == open (open > 0); nullopt past the days counted.
  std::optional<LocalTime> WhereOpenReaches(const WeekSchedule& week, milliseconds open) const {
    const auto whole =
        static_cast<uint32_t>(std::min<int64_t>((open.count() + 59'999) / 60'000, UINT32_MAX));
    const auto after = std::lower_bound(open_before.begin(), open_before.end(), whole);
    if (after == open_before.end() || after == open_before.begin()) return std::nullopt;
    const auto index = static_cast<size_t>(after - open_before.begin()) - 1;
    const date::local_days day = kFirstDay + date::days(static_cast<int64_t>(index));
    milliseconds remaining = open - minutes(open_before[index]);
    for (const OpeningInterval& o : week.days[date::weekday(day).c_encoding()]) {
      // The earliest such instant: when an interval holds exactly what remains, its end.
      if (remaining <= o.end - o.start) return day + o.start + remaining;
      remaining -= o.end - o.start;
    }
    return std::nullopt;  // cannot happen: the day's prefix grew by its intervals
  }
};

struct BusinessCalendar::LazyTables {
  std::once_flag once;
  Tables tables;
};

namespace {

// Prefix sums over the days counted: open minutes, and days with opening hours.
void CountOpenDays(const WeekSchedule& week, const HolidaySet& holidays,
                   std::vector<uint32_t>& minutes_before, std::vector<uint32_t>& days_before) {
  std::array<uint32_t, 7> per_weekday{};
  for (size_t wd = 0; wd < per_weekday.size(); ++wd) {
    for (const OpeningInterval& open : week.days[wd]) {
      per_weekday[wd] += static_cast<uint32_t>((open.end - open.start).count());
    }
  }
  const size_t days = static_cast<size_t>((kEndDay - kFirstDay).count()) + 1;
  minutes_before.reserve(days);
  days_before.reserve(days);
  uint32_t total = 0, open_days = 0;
  minutes_before.push_back(total);
  days_before.push_back(open_days);
  for (date::local_days day = kFirstDay; day < kEndDay; day += date::days(1)) {
    const uint32_t open = per_weekday[date::weekday(day).c_encoding()];
    if (open > 0 && !holidays.Contains(day)) {
      total += open;
      ++open_days;
    }
    minutes_before.push_back(total);
    days_before.push_back(open_days);
  }
}

}  // namespace

const BusinessCalendar::Tables& BusinessCalendar::tables() const {
  std::call_once(tables_->once, [this] {
    Tables& t = tables_->tables;
    CountOpenDays(week_, holidays_, t.open_before, t.open_days_before);
    const Instant first{date::sys_days{kFirstDay.time_since_epoch()}};
    const Instant end{date::sys_days{kEndDay.time_since_epoch()}};
    date::sys_info info = zone_->get_info(date::floor<seconds>(first));
    t.offsets.push_back(info.offset);
    milliseconds corrections{0};
    t.corrections_before.push_back(corrections);
    while (Instant(info.end) < end) {
      const Instant change(info.end);
      const seconds before = info.offset;
      info = zone_->get_info(info.end);
      if (info.offset == before) continue;  // a change of name or of DST flag only
      // Counting on local clocks across the change counted the local times it skips (clocks
      // forward) and missed the ones it repeats (clocks back): this corrects both.
      corrections += t.OpenUntil(week_, ToLocal(change, before)) -
                     t.OpenUntil(week_, ToLocal(change, info.offset));
      t.changes.push_back(change);
      t.offsets.push_back(info.offset);
      t.corrections_before.push_back(corrections);
    }
  });
  return tables_->tables;
}

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
  const date::time_zone* zone = FindTimeZone(time_zone);
  if (zone == nullptr) return Status::NotFound(fmt::format("unknown time zone '{}'", time_zone));
  return BusinessCalendar(zone, std::move(week), std::move(holidays));
}

// Throws std::runtime_error only when the system has no time zone database at all.
BusinessCalendar BusinessCalendar::Default() {
  return BusinessCalendar(date::locate_zone("Europe/Rome"), WeekSchedule::OfficeHours(),
                          HolidaySet::ItalianNational());
}

BusinessCalendar::BusinessCalendar(const date::time_zone* zone, WeekSchedule week,
                                   HolidaySet holidays)
    : zone_(zone),
      week_(std::move(week)),
      holidays_(std::move(holidays)),
      tables_(std::make_shared<LazyTables>()) {}

std::chrono::milliseconds BusinessCalendar::BusinessTime(Instant from, Instant to) const {
  from = std::clamp(from, kCountedBegin, kCountedEnd);
  to = std::clamp(to, kCountedBegin, kCountedEnd);
  if (to <= from) return milliseconds(0);
  const Tables& t = tables();
  const size_t changes_from = t.ChangesUpTo(from);
  const size_t changes_to = t.ChangesUpTo(to);
  return t.OpenUntil(week_, ToLocal(to, t.offsets[changes_to])) -
         t.OpenUntil(week_, ToLocal(from, t.offsets[changes_from])) +
         t.corrections_before[changes_to] - t.corrections_before[changes_from];
}

// Walks the runs of constant offset from `from` (two a year where DST is kept): in each, business
// time grows as local clocks' open time does, so the instant is found in the prefix sums.
Instant BusinessCalendar::AddBusinessTime(Instant from, std::chrono::milliseconds amount) const {
  if (amount <= milliseconds(0)) return from;
  const Instant start = std::clamp(from, kCountedBegin, kCountedEnd);
  const Instant give_up = std::min(start + kSearchLimit, kCountedEnd);
  const Tables& t = tables();
  const size_t first = t.ChangesUpTo(start);
  const milliseconds open_at_start = t.OpenUntil(week_, ToLocal(start, t.offsets[first]));
  for (size_t run = first; run <= t.changes.size(); ++run) {
    const Instant run_end = run < t.changes.size() ? t.changes[run] : kCountedEnd;
    const seconds offset = t.offsets[run];
    // Open time of local clocks this run must reach: what `from` had, the amount, and what the
    // changes passed so far corrected.
    const milliseconds target =
        open_at_start + amount - (t.corrections_before[run] - t.corrections_before[first]);
    if (t.OpenUntil(week_, ToLocal(run_end, offset)) >= target) {
      const std::optional<LocalTime> reached = t.WhereOpenReaches(week_, target);
      if (!reached) return Instant::max();
      const Instant at = std::max(FromLocal(*reached, offset), start);
      return at <= give_up ? at : Instant::max();
    }
    if (run_end >= give_up) break;
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

int64_t BusinessCalendar::OpenDaysBetween(date::local_days from, date::local_days to) const {
  const auto index = [](date::local_days day) {
    return static_cast<size_t>((std::clamp(day, kFirstDay, kEndDay) - kFirstDay).count());
  };
  if (to <= from) return 0;
  const Tables& t = tables();
  return int64_t{t.open_days_before[index(to)]} - int64_t{t.open_days_before[index(from)]};
}

date::local_days BusinessCalendar::NextOpenDay(date::local_days day) const {
  for (int i = 0; i < 366; ++i) {
    if (ClosingTime(day + date::days(i))) return day + date::days(i);
  }
  return day;
}

}  // namespace fiducia

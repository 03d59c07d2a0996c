// Business time as a type: opening hours per weekday (split shifts allowed), holidays and an IANA
// time zone. Answers exactly how much business time lies between two instants and which instant
// lies N business seconds after another, across DST changes, weekends and holidays.
#pragma once

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace fiducia {

// A stretch of opening hours on one local day, in minutes after local midnight: [start, end).
// end may be 24:00 (1440).
struct OpeningInterval {
  std::chrono::minutes start{0};
  std::chrono::minutes end{0};
  friend bool operator==(const OpeningInterval&, const OpeningInterval&) = default;
};

// Opening hours per weekday; index 0 is Sunday (date::weekday::c_encoding()).
struct WeekSchedule {
  std::array<std::vector<OpeningInterval>, 7> days;

  // Monday to Friday 09:00-18:00.
  static WeekSchedule OfficeHours();
  // "09:00-13:00" -> interval; an error for a malformed or empty range.
  static Result<OpeningInterval> ParseInterval(std::string_view text);
  // Sorted, non-overlapping, within a day: else an error naming the weekday.
  Status Validate() const;
  bool Empty() const;
};

// Days on which the business is closed whatever the weekday.
class HolidaySet {
 public:
  // The Italian national holidays: 1 Jan, 6 Jan, Easter Monday, 25 Apr, 1 May, 2 Jun, 15 Aug,
  // 1 Nov, 8 Dec, 25 Dec, 26 Dec.
  static HolidaySet ItalianNational();

  void AddDate(date::year_month_day day) { dates_.insert(date::sys_days(day)); }
  void AddRecurring(date::month_day day) { recurring_.insert(day); }
  void SetEasterMonday(bool on) { easter_monday_ = on; }
  bool Contains(date::local_days day) const;

  // Easter Sunday (Gregorian) of `y`.
  static date::year_month_day EasterSunday(date::year y);

  const std::set<date::sys_days>& dates() const { return dates_; }
  const std::set<date::month_day>& recurring() const { return recurring_; }
  bool easter_monday() const { return easter_monday_; }

 private:
  std::set<date::sys_days> dates_;  // stored as day counts; compared with local days by count
  std::set<date::month_day> recurring_;
  bool easter_monday_ = false;
};

class BusinessCalendar {
 public:
  // An error when the zone is unknown, the schedule is invalid or has no opening hours at all.
  static Result<BusinessCalendar> Create(std::string_view time_zone, WeekSchedule week,
                                         HolidaySet holidays);
  // Monday-Friday 09:00-18:00, Italian national holidays, Europe/Rome.
  static BusinessCalendar Default();

  // Business time in [from, to); zero when to <= from. Counted only within the years
  // InputLimits::kFirstYear to kLastYear (instants outside count as those bounds), in constant
  // time whatever the span: prefix sums of open minutes per local day and of what each DST
  // change adds or skips, built once per calendar on first use.
  std::chrono::milliseconds BusinessTime(Instant from, Instant to) const;
  // The earliest instant t >= from with BusinessTime(from, t) == amount; Instant::max() when
  // that lies more than 20 years after `from` or past the years counted.
  Instant AddBusinessTime(Instant from, std::chrono::milliseconds amount) const;
  bool IsOpen(Instant t) const;

  // Local calendar views, for grouping by day and for writing instants in the calendar's zone.
  date::local_days LocalDay(Instant t) const;
  std::chrono::minutes OffsetAt(Instant t) const;
  // The instant of a local wall-clock time: the earlier one when a DST change repeats it, the
  // first valid one after it when a DST change skips it.
  Instant AtLocal(date::local_days day, std::chrono::minutes minute) const;
  // When business hours end on `day`; nullopt on a holiday or a day with no opening hours.
  std::optional<std::chrono::minutes> ClosingTime(date::local_days day) const;
  // How many days in [from, to) have opening hours (ClosingTime is set), in constant time; days
  // are counted within the years BusinessTime counts.
  int64_t OpenDaysBetween(date::local_days from, date::local_days to) const;
  // The first day on or after `day` with opening hours (within a year; else `day`).
  date::local_days NextOpenDay(date::local_days day) const;

  std::string_view time_zone_name() const { return zone_->name(); }
  const WeekSchedule& week() const { return week_; }
  const HolidaySet& holidays() const { return holidays_; }

 private:
  struct Tables;  // the prefix sums (business_calendar.cc)
  struct LazyTables;

  BusinessCalendar(const date::time_zone* zone, WeekSchedule week, HolidaySet holidays);
  const Tables& tables() const;

  const date::time_zone* zone_;
  WeekSchedule week_;
  HolidaySet holidays_;
  std::shared_ptr<LazyTables> tables_;  // shared by copies: built once, on first use
};

}  // namespace fiducia

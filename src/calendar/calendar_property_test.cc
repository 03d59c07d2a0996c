// BusinessTime and AddBusinessTime against a slow model that is obviously right: look at every
// minute on its own. Thousands of random spans, deterministic (fixed seed), crowded around DST
// changes and holidays, on three calendars whose hours meet the DST gap and overlap differently.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "calendar/business_calendar.h"

namespace fiducia {
namespace {

using date::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr int kSpansPerCalendar = 4000;
constexpr int kMaxFailuresShown = 10;
constexpr int kFirstYear = 2025;
constexpr int kLastYear = 2027;

// Every span lies in this stretch of time, which the model tabulates minute by minute.
constexpr Instant kModelBegin{date::sys_days{date::year{kFirstYear - 1} / date::October / 1}};
constexpr Instant kModelEnd{date::sys_days{date::year{kLastYear + 1} / date::April / 1}};

// The model: the minute [t, t + 1 min) is business time when its local wall-clock minute lies in
// the opening hours of its local weekday, on a local day that is not a holiday. Every minute of
// [kModelBegin, kModelEnd) is judged on its own, once; spans are then walked minute by minute.
class MinuteByMinute {
 public:
  explicit MinuteByMinute(const BusinessCalendar& calendar)
      : business_(static_cast<size_t>((kModelEnd - kModelBegin) / minutes(1))) {
    const date::time_zone* zone = date::locate_zone(calendar.time_zone_name());
    date::local_days day{};
    std::vector<OpeningInterval> open_today;
    for (size_t i = 0; i < business_.size(); ++i) {
      const Instant t = kModelBegin + minutes(static_cast<std::int64_t>(i));
      const date::local_time<milliseconds> local = zone->to_local(t);
      const date::local_days today = date::floor<days>(local);
      if (today != day) {  // the day's hours are looked up once per local day
        day = today;
        open_today = calendar.week().days[date::weekday(day).c_encoding()];
        if (calendar.holidays().Contains(day)) open_today.clear();
      }
      business_[i] = InHours(open_today, date::floor<minutes>(local - day)) ? 1 : 0;
    }
  }

  static bool Covers(Instant t) { return kModelBegin <= t && t < kModelEnd; }
  bool IsBusinessMinute(Instant t) const { return business_[Index(t)] != 0; }

  // The walks below step through minutes by index: chrono arithmetic per step would dominate a
  // Debug or sanitizer build.
  minutes BusinessTime(Instant from, Instant to) const {
    std::int64_t count = 0;
    for (size_t i = Index(from), end = Index(to); i < end; ++i) count += business_[i];
    return minutes(count);
  }

  // Nothing when the walk leaves the tabulated stretch.
  std::optional<Instant> AddBusinessTime(Instant from, minutes amount) const {
    size_t i = Index(from);
    for (std::int64_t left = amount.count(); left > 0; ++i) {
      if (i == business_.size()) return std::nullopt;
      left -= business_[i];
    }
    return kModelBegin + minutes(static_cast<std::int64_t>(i));
  }

 private:
  static bool InHours(const std::vector<OpeningInterval>& open_hours, minutes minute_of_day) {
    for (const OpeningInterval& open : open_hours) {
      if (open.start <= minute_of_day && minute_of_day < open.end) return true;
    }
    return false;
  }
  static size_t Index(Instant t) { return static_cast<size_t>((t - kModelBegin) / minutes(1)); }

  std::vector<char> business_;  // one entry per minute from kModelBegin
};

// A calendar and the instants its spans must cover.
struct Scenario {
  BusinessCalendar calendar;
  std::vector<Instant> dst_changes;
  std::vector<Instant> holidays;  // one instant inside each holiday
};

template <typename DayOfYear>
std::vector<Instant> EveryYear(DayOfYear day_in, hours utc_time) {
  std::vector<Instant> out;
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    out.push_back(date::sys_days(day_in(date::year{y})) + utc_time);
  }
  return out;
}

BusinessCalendar MakeCalendar(std::string_view zone, const WeekSchedule& week,
                              const HolidaySet& holidays) {
  Result<BusinessCalendar> calendar = BusinessCalendar::Create(zone, week, holidays);
  EXPECT_TRUE(calendar.ok()) << calendar.status().message();
  return std::move(calendar).value();
}

// EU rules: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC.
std::vector<Instant> EuropeanDstChanges() {
  using date::last;
  using date::Sunday;
  std::vector<Instant> out =
      EveryYear([](date::year y) { return y / date::March / Sunday[last]; }, hours(1));
  for (Instant t :
       EveryYear([](date::year y) { return y / date::October / Sunday[last]; }, hours(1))) {
    out.push_back(t);
  }
  return out;
}

std::vector<Instant> Append(std::vector<Instant> a, const std::vector<Instant>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

date::year_month_day EasterMonday(date::year y) {
  return date::year_month_day{date::sys_days(HolidaySet::EasterSunday(y)) + days(1)};
}

Scenario RomeOfficeHours() {
  const HolidaySet italy = HolidaySet::ItalianNational();
  std::vector<Instant> holidays;
  for (const date::month_day day : italy.recurring()) {
    holidays = Append(holidays, EveryYear([day](date::year y) { return y / day; }, hours(11)));
  }
  holidays = Append(holidays, EveryYear(EasterMonday, hours(11)));
  return {MakeCalendar("Europe/Rome", WeekSchedule::OfficeHours(), italy), EuropeanDstChanges(),
          holidays};
}

// Every day, hours that meet the Rome gap (02:00-03:00 in March) and overlap (in October).
Scenario RomeNightShifts() {
  WeekSchedule week;
  week.days.fill({{hours(0), minutes(210)}, {hours(8), hours(12)}, {hours(22), hours(24)}});
  HolidaySet holidays;
  holidays.AddRecurring(date::December / 25);
  const date::year_month_day spring_change_2027{
      date::sys_days{date::year{2027} / date::March / date::Sunday[date::last]}};
  const date::year_month_day autumn_change_2026{
      date::sys_days{date::year{2026} / date::October / date::Sunday[date::last]}};
  holidays.AddDate(spring_change_2027);  // a holiday on a 23-hour day
  holidays.AddDate(autumn_change_2026);  // and on a 25-hour day
  std::vector<Instant> holiday_instants =
      EveryYear([](date::year y) { return y / date::December / 25; }, hours(11));
  holiday_instants.push_back(date::sys_days(spring_change_2027) + hours(1));
  holiday_instants.push_back(date::sys_days(autumn_change_2026) + hours(1));
  return {MakeCalendar("Europe/Rome", week, holidays), EuropeanDstChanges(), holiday_instants};
}

// US rules differ from the EU ones: summer time from the second Sunday of March to the first
// Sunday of November, changing at 02:00 local time.
Scenario NewYorkSplitShifts() {
  using date::Sunday;
  WeekSchedule week;
  for (unsigned wd = 1; wd <= 5; ++wd) {
    week.days[wd] = {{minutes(510), hours(12)}, {hours(13), minutes(1050)}};  // 08:30, 17:30
  }
  week.days[0] = week.days[6] = {{hours(1), hours(3)}};  // meets the 02:00 gap and overlap
  HolidaySet holidays;
  for (const date::month_day day : {date::January / 1, date::July / 4, date::December / 25}) {
    holidays.AddRecurring(day);
  }
  const auto thanksgiving = [](date::year y) {
    return date::year_month_day{y / date::November / date::Thursday[4]};
  };
  for (int y = kFirstYear; y <= kLastYear; ++y) holidays.AddDate(thanksgiving(date::year{y}));
  std::vector<Instant> dst_changes =
      Append(EveryYear([](date::year y) { return y / date::March / Sunday[2]; }, hours(7)),
             EveryYear([](date::year y) { return y / date::November / Sunday[1]; }, hours(6)));
  std::vector<Instant> holiday_instants = EveryYear(thanksgiving, hours(17));
  holiday_instants = Append(holiday_instants,
                            EveryYear([](date::year y) { return y / date::July / 4; }, hours(17)));
  holiday_instants = Append(
      holiday_instants, EveryYear([](date::year y) { return y / date::December / 25; }, hours(17)));
  return {MakeCalendar("America/New_York", week, holidays), dst_changes, holiday_instants};
}

struct Span {
  Instant from;
  Instant to;
};

std::string Describe(Instant t) { return date::format("%FT%TZ", t); }

// Random spans on whole minutes: most of a few hours or days, one in ten up to six weeks; four in
// ten cover a DST change and two in ten a holiday.
class SpanMaker {
 public:
  SpanMaker(std::uint64_t seed, const Scenario& scenario) : rng_(seed), scenario_(scenario) {}

  Span Next() {
    const minutes length = Length();
    const int kind = static_cast<int>(Below(10));
    if (kind < 4) return Covering(Pick(scenario_.dst_changes), length);
    if (kind < 6) return Covering(Pick(scenario_.holidays), length);
    const Instant first = date::sys_days{date::year{kFirstYear} / 1 / 1};
    const Instant last = date::sys_days{date::year{kLastYear} / 12 / 1};
    const Instant from = first + minutes(Below((last - first) / minutes(1)));
    return {from, from + length};
  }

  std::int64_t Below(std::int64_t n) {
    return static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(n));
  }

 private:
  minutes Length() {
    const int kind = static_cast<int>(Below(10));
    if (kind < 5) return minutes(Below(12 * 60 + 1));
    if (kind < 9) return minutes(Below(4 * 24 * 60 + 1));
    return minutes(Below(6 * 7 * 24 * 60 + 1));
  }

  Instant Pick(const std::vector<Instant>& anchors) {
    return anchors[static_cast<size_t>(Below(static_cast<std::int64_t>(anchors.size())))];
  }

  // A span of `length` that contains the minute starting at `anchor`.
  Span Covering(Instant anchor, minutes length) {
    const minutes at_least_one = std::max(length, minutes(1));
    const Instant from = date::floor<minutes>(anchor) - minutes(Below(at_least_one / minutes(1)));
    return {from, from + at_least_one};
  }

  std::mt19937_64 rng_;
  const Scenario& scenario_;
};

bool Covers(const Span& span, const std::vector<Instant>& instants) {
  for (Instant t : instants) {
    if (span.from <= t && t < span.to) return true;
  }
  return false;
}

// Cutting a span anywhere, to the millisecond, must not change its total; IsOpen agrees with the
// model minute it falls in.
bool CheckSplit(const BusinessCalendar& calendar, const MinuteByMinute& model, SpanMaker& random,
                const Span& span, milliseconds total) {
  const Instant cut =
      span.from + milliseconds(random.Below((span.to - span.from) / milliseconds(1) + 1));
  const milliseconds parts =
      calendar.BusinessTime(span.from, cut) + calendar.BusinessTime(cut, span.to);
  if (parts != total) {
    ADD_FAILURE() << "BusinessTime " << Describe(span.from) << " to " << Describe(span.to) << " is "
                  << total.count() << " ms but cut at " << Describe(cut) << " gives "
                  << parts.count();
    return false;
  }
  if (cut < span.to && calendar.IsOpen(cut) != model.IsBusinessMinute(date::floor<minutes>(cut))) {
    ADD_FAILURE() << "IsOpen(" << Describe(cut) << ") disagrees with the model";
    return false;
  }
  return true;
}

bool CheckBusinessTime(const BusinessCalendar& calendar, const MinuteByMinute& model,
                       const Span& span) {
  const minutes expected = model.BusinessTime(span.from, span.to);
  const milliseconds actual = calendar.BusinessTime(span.from, span.to);
  if (actual == expected) return true;
  ADD_FAILURE() << "BusinessTime from " << Describe(span.from) << " to " << Describe(span.to)
                << ": got " << actual.count() << " ms, the model says " << expected.count()
                << " min";
  return false;
}

// The amount is up to the span's business time and two hours more, so that it often ends
// exactly at the end of an interval or runs past the span.
bool CheckAddBusinessTime(const BusinessCalendar& calendar, const MinuteByMinute& model,
                          SpanMaker& random, const Span& span) {
  const minutes in_span = model.BusinessTime(span.from, span.to);
  const minutes amount(random.Below(in_span.count() + 120 + 1));
  const std::optional<Instant> expected = model.AddBusinessTime(span.from, amount);
  const Instant actual = calendar.AddBusinessTime(span.from, amount);
  if (expected && actual == *expected) return true;
  ADD_FAILURE() << "AddBusinessTime from " << Describe(span.from) << " (span to "
                << Describe(span.to) << ") amount " << amount.count() << " min: got "
                << Describe(actual) << ", the model says "
                << (expected ? Describe(*expected) : "beyond its stretch of time");
  return false;
}

// Compares one span; reports and returns false on the first disagreement.
bool CheckSpan(const BusinessCalendar& calendar, const MinuteByMinute& model, SpanMaker& random,
               const Span& span) {
  if (!MinuteByMinute::Covers(span.from) || !MinuteByMinute::Covers(span.to)) {
    ADD_FAILURE() << "span " << Describe(span.from) << " to " << Describe(span.to)
                  << " leaves the model's stretch of time";
    return false;
  }
  return CheckBusinessTime(calendar, model, span) &&
         CheckAddBusinessTime(calendar, model, random, span) &&
         CheckSplit(calendar, model, random, span, calendar.BusinessTime(span.from, span.to));
}

void CheckAgainstModel(const Scenario& scenario, std::uint64_t seed) {
  const MinuteByMinute model(scenario.calendar);
  SpanMaker random(seed, scenario);
  int failures = 0, across_dst = 0, across_holiday = 0;
  for (int i = 0; i < kSpansPerCalendar && failures < kMaxFailuresShown; ++i) {
    const Span span = random.Next();
    across_dst += Covers(span, scenario.dst_changes) ? 1 : 0;
    across_holiday += Covers(span, scenario.holidays) ? 1 : 0;
    if (!CheckSpan(scenario.calendar, model, random, span)) ++failures;
  }
  EXPECT_GE(across_dst, kSpansPerCalendar * 4 / 10);
  EXPECT_GE(across_holiday, kSpansPerCalendar * 2 / 10);
}

TEST(CalendarPropertyTest, DstChangesAreRealTransitions) {
  for (const Scenario& scenario : {RomeOfficeHours(), NewYorkSplitShifts()}) {
    for (Instant change : scenario.dst_changes) {
      EXPECT_NE(scenario.calendar.OffsetAt(change - milliseconds(1)),
                scenario.calendar.OffsetAt(change))
          << scenario.calendar.time_zone_name() << " " << Describe(change);
    }
  }
}

TEST(CalendarPropertyTest, RomeOfficeHoursMatchTheMinuteModel) {
  CheckAgainstModel(RomeOfficeHours(), 0x5EED0001);
}

TEST(CalendarPropertyTest, RomeNightShiftsMatchTheMinuteModel) {
  CheckAgainstModel(RomeNightShifts(), 0x5EED0002);
}

TEST(CalendarPropertyTest, NewYorkSplitShiftsMatchTheMinuteModel) {
  CheckAgainstModel(NewYorkSplitShifts(), 0x5EED0003);
}

}  // namespace
}  // namespace fiducia

#include "calendar/business_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <charconv>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using ::testing::HasSubstr;

int Number(std::string_view text, size_t pos, size_t length) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + length, value);
  EXPECT_TRUE(error == std::errc() && end == text.data() + pos + length) << text;
  return value;
}

// "2026-03-06T17:00:00+01:00" or "...T17:00:00.125+01:00" -> instant. A tiny parser of its own,
// so that these tests do not depend on fiducia's RFC 3339 parser.
Instant T(std::string_view text) {
  const bool has_ms = text.size() == 29;
  if (text.size() != 25 && !has_ms) {
    ADD_FAILURE() << "bad test timestamp " << text;
    return Instant{};
  }
  const date::year_month_day ymd{date::year{Number(text, 0, 4)},
                                 date::month{static_cast<unsigned>(Number(text, 5, 2))},
                                 date::day{static_cast<unsigned>(Number(text, 8, 2))}};
  const size_t zone = has_ms ? 23 : 19;
  const minutes offset = hours(Number(text, zone + 1, 2)) + minutes(Number(text, zone + 4, 2));
  return Instant{date::sys_days{ymd}} + hours(Number(text, 11, 2)) + minutes(Number(text, 14, 2)) +
         std::chrono::seconds(Number(text, 17, 2)) +
         milliseconds(has_ms ? Number(text, 20, 3) : 0) - (text[zone] == '-' ? -offset : offset);
}

date::local_days Day(int y, unsigned m, unsigned d) {
  return date::local_days{date::year{y} / date::month{m} / date::day{d}};
}

WeekSchedule EveryDay(const std::vector<OpeningInterval>& open) {
  WeekSchedule week;
  week.days.fill(open);
  return week;
}

BusinessCalendar Make(std::string_view zone, WeekSchedule week, HolidaySet holidays = {}) {
  Result<BusinessCalendar> calendar =
      BusinessCalendar::Create(zone, std::move(week), std::move(holidays));
  EXPECT_TRUE(calendar.ok()) << calendar.status().message();
  return std::move(calendar).value();
}

// --- WeekSchedule ------------------------------------------------------------------------------

TEST(WeekScheduleTest, OfficeHoursAreMondayToFridayNineToSix) {
  const WeekSchedule week = WeekSchedule::OfficeHours();
  const OpeningInterval nine_to_six{hours(9), hours(18)};
  for (unsigned wd = 1; wd <= 5; ++wd)
    EXPECT_THAT(week.days[wd], ::testing::ElementsAre(nine_to_six));
  EXPECT_TRUE(week.days[0].empty());
  EXPECT_TRUE(week.days[6].empty());
  EXPECT_TRUE(week.Validate().ok());
  EXPECT_FALSE(week.Empty());
}

TEST(WeekScheduleTest, ParsesIntervalsUpToMidnight) {
  Result<OpeningInterval> morning = WeekSchedule::ParseInterval("09:00-13:00");
  ASSERT_TRUE(morning.ok()) << morning.status().message();
  EXPECT_EQ(*morning, (OpeningInterval{hours(9), hours(13)}));
  Result<OpeningInterval> evening = WeekSchedule::ParseInterval("22:30-24:00");
  ASSERT_TRUE(evening.ok()) << evening.status().message();
  EXPECT_EQ(*evening, (OpeningInterval{minutes(22 * 60 + 30), hours(24)}));
  Result<OpeningInterval> whole_day = WeekSchedule::ParseInterval("00:00-24:00");
  ASSERT_TRUE(whole_day.ok());
  EXPECT_EQ(*whole_day, (OpeningInterval{minutes(0), hours(24)}));
}

TEST(WeekScheduleTest, RejectsMalformedAndEmptyIntervals) {
  for (const std::string_view text :
       {"", "09:00", "9:00-13:00", "09:00-13:00 ", " 09:00-13:00", "09.00-13.00", "09:60-10:00",
        "25:00-26:00", "23:00-24:30", "24:00-24:00", "13:00-09:00", "09:00-09:00", "22:00-02:00",
        "09:00--13:00", "+9:00-13:00", "0a:00-13:00"}) {
    Result<OpeningInterval> parsed = WeekSchedule::ParseInterval(text);
    EXPECT_FALSE(parsed.ok()) << text;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
      EXPECT_THAT(std::string(parsed.status().message()), HasSubstr(std::string(text)));
    }
  }
}

TEST(WeekScheduleTest, ValidateNamesTheWeekdayOfABadInterval) {
  WeekSchedule overlapping = WeekSchedule::OfficeHours();
  overlapping.days[2].push_back({hours(17), hours(19)});  // Tuesday
  EXPECT_THAT(std::string(overlapping.Validate().message()), HasSubstr("Tuesday"));

  WeekSchedule unsorted;
  unsorted.days[6] = {{hours(14), hours(18)}, {hours(9), hours(13)}};
  EXPECT_THAT(std::string(unsorted.Validate().message()), HasSubstr("Saturday"));

  WeekSchedule past_midnight;
  past_midnight.days[0] = {{hours(22), hours(25)}};
  EXPECT_THAT(std::string(past_midnight.Validate().message()), HasSubstr("Sunday"));

  WeekSchedule negative;
  negative.days[3] = {{minutes(-30), hours(2)}};
  EXPECT_THAT(std::string(negative.Validate().message()), HasSubstr("Wednesday"));

  WeekSchedule empty_interval;
  empty_interval.days[5] = {{hours(9), hours(9)}};
  const Status status = empty_interval.Validate();
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_THAT(std::string(status.message()), HasSubstr("Friday"));
}

TEST(WeekScheduleTest, TouchingIntervalsAreValid) {
  WeekSchedule week;
  week.days[1] = {{hours(0), hours(9)}, {hours(9), hours(13)}, {hours(14), hours(24)}};
  EXPECT_TRUE(week.Validate().ok()) << week.Validate().message();
}

TEST(WeekScheduleTest, EmptyOnlyWithoutAnyInterval) {
  WeekSchedule week;
  EXPECT_TRUE(week.Empty());
  EXPECT_TRUE(week.Validate().ok());
  week.days[6] = {{hours(10), hours(11)}};
  EXPECT_FALSE(week.Empty());
}

// --- HolidaySet ------------------------------------------------------------------------------

TEST(HolidaySetTest, EasterSundayOfKnownYears) {
  using date::April;
  using date::March;
  using date::year;
  EXPECT_EQ(HolidaySet::EasterSunday(year{2024}), year{2024} / March / 31);
  EXPECT_EQ(HolidaySet::EasterSunday(year{2025}), year{2025} / April / 20);
  EXPECT_EQ(HolidaySet::EasterSunday(year{2026}), year{2026} / April / 5);
  EXPECT_EQ(HolidaySet::EasterSunday(year{2000}), year{2000} / April / 23);
  EXPECT_EQ(HolidaySet::EasterSunday(year{1943}), year{1943} / April / 25);  // latest possible
  EXPECT_EQ(HolidaySet::EasterSunday(year{2285}), year{2285} / March / 22);  // earliest possible
  EXPECT_EQ(HolidaySet::EasterSunday(year{2038}), year{2038} / April / 25);
}

TEST(HolidaySetTest, EasterSundayIsASundayInSpring) {
  for (int y = -2000; y <= 4000; ++y) {
    const date::year_month_day easter = HolidaySet::EasterSunday(date::year{y});
    ASSERT_TRUE(easter.ok()) << y;
    EXPECT_EQ(date::weekday(date::sys_days(easter)), date::Sunday) << y;
    const date::sys_days spring{date::year{y} / date::March / 22};
    EXPECT_GE(date::sys_days(easter), spring) << y;
    EXPECT_LE(date::sys_days(easter), spring + date::days(35)) << y;
  }
}

TEST(HolidaySetTest, ItalianNationalHolidays) {
  const HolidaySet italy = HolidaySet::ItalianNational();
  EXPECT_TRUE(italy.easter_monday());
  EXPECT_TRUE(italy.Contains(Day(2026, 4, 6)));   // Easter Monday
  EXPECT_FALSE(italy.Contains(Day(2026, 4, 5)));  // Easter Sunday: closed as a Sunday, not listed
  EXPECT_FALSE(italy.Contains(Day(2026, 4, 7)));
  EXPECT_TRUE(italy.Contains(Day(2025, 4, 21)));  // Easter Monday 2025
  EXPECT_TRUE(italy.Contains(Day(2016, 3, 28)));  // in March
  EXPECT_TRUE(italy.Contains(Day(2038, 4, 26)));  // the latest possible
  EXPECT_TRUE(italy.Contains(Day(2285, 3, 23)));  // the earliest possible
  const std::pair<unsigned, unsigned> national_days[] = {
      {1, 1}, {1, 6}, {4, 25}, {5, 1}, {6, 2}, {8, 15}, {11, 1}, {12, 8}, {12, 25}, {12, 26}};
  for (const auto& [m, d] : national_days) {
    EXPECT_TRUE(italy.Contains(Day(2026, m, d))) << m << "/" << d;
    EXPECT_TRUE(italy.Contains(Day(2031, m, d))) << m << "/" << d;
  }
  EXPECT_FALSE(italy.Contains(Day(2026, 6, 3)));
  EXPECT_FALSE(italy.Contains(Day(2026, 12, 24)));
}

TEST(HolidaySetTest, AddedDatesAndRecurringDays) {
  HolidaySet set;
  set.AddDate(date::year{2026} / date::November / 26);
  set.AddRecurring(date::July / 4);
  EXPECT_TRUE(set.Contains(Day(2026, 11, 26)));
  EXPECT_FALSE(set.Contains(Day(2027, 11, 26)));
  EXPECT_TRUE(set.Contains(Day(2026, 7, 4)));
  EXPECT_TRUE(set.Contains(Day(2099, 7, 4)));
  EXPECT_FALSE(set.Contains(Day(2026, 4, 6)));  // no Easter Monday unless asked for
  set.SetEasterMonday(true);
  EXPECT_TRUE(set.Contains(Day(2026, 4, 6)));
}

// --- BusinessCalendar: creation -----------------------------------------------------------------

TEST(BusinessCalendarTest, UnknownZoneIsAnError) {
  Result<BusinessCalendar> calendar =
      BusinessCalendar::Create("Mars/Olympus_Mons", WeekSchedule::OfficeHours(), {});
  ASSERT_FALSE(calendar.ok());
  EXPECT_EQ(calendar.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(calendar.status().message(), "unknown time zone 'Mars/Olympus_Mons'");
  EXPECT_FALSE(BusinessCalendar::Create("", WeekSchedule::OfficeHours(), {}).ok());
  EXPECT_FALSE(BusinessCalendar::Create("../../etc/passwd", WeekSchedule::OfficeHours(), {}).ok());
}

TEST(BusinessCalendarTest, InvalidOrEmptyScheduleIsAnError) {
  WeekSchedule overlapping = WeekSchedule::OfficeHours();
  overlapping.days[4].push_back({hours(10), hours(11)});
  Result<BusinessCalendar> bad = BusinessCalendar::Create("Europe/Rome", overlapping, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidInput);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("Thursday"));

  Result<BusinessCalendar> closed = BusinessCalendar::Create("Europe/Rome", WeekSchedule{}, {});
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.status().code(), StatusCode::kInvalidInput);
}

TEST(BusinessCalendarTest, DefaultIsRomeOfficeHoursWithItalianHolidays) {
  const BusinessCalendar calendar = BusinessCalendar::Default();
  EXPECT_EQ(calendar.time_zone_name(), "Europe/Rome");
  EXPECT_EQ(calendar.week().days, WeekSchedule::OfficeHours().days);
  EXPECT_TRUE(calendar.holidays().easter_monday());
  EXPECT_EQ(calendar.holidays().recurring().size(), 10u);
}

// --- BusinessCalendar: office hours in Rome -----------------------------------------------------

TEST(BusinessCalendarTest, FridayEveningToMondayMorningIsTwoHours) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  EXPECT_EQ(rome.BusinessTime(T("2026-03-06T17:00:00+01:00"), T("2026-03-09T10:00:00+01:00")),
            hours(2));
  EXPECT_EQ(rome.AddBusinessTime(T("2026-03-06T17:00:00+01:00"), hours(2)),
            T("2026-03-09T10:00:00+01:00"));
}

TEST(BusinessCalendarTest, NothingWhenToIsNotAfterFrom) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  const Instant tuesday_noon = T("2026-03-10T12:00:00+01:00");
  EXPECT_EQ(rome.BusinessTime(tuesday_noon, tuesday_noon), milliseconds(0));
  EXPECT_EQ(rome.BusinessTime(tuesday_noon, tuesday_noon - hours(2)), milliseconds(0));
  EXPECT_EQ(rome.BusinessTime(tuesday_noon, tuesday_noon + milliseconds(1)), milliseconds(1));
}

TEST(BusinessCalendarTest, HolidaysAreClosed) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  // 25 April 2025 is a Friday: only Thursday counts.
  EXPECT_EQ(rome.BusinessTime(T("2025-04-24T00:00:00+02:00"), T("2025-04-26T00:00:00+02:00")),
            hours(9));
  // Easter Monday 2026 (6 April) and 2 June 2026 (a Tuesday).
  EXPECT_EQ(rome.BusinessTime(T("2026-04-06T00:00:00+02:00"), T("2026-04-07T00:00:00+02:00")),
            milliseconds(0));
  EXPECT_FALSE(rome.IsOpen(T("2026-04-06T10:00:00+02:00")));
  EXPECT_TRUE(rome.IsOpen(T("2026-04-07T10:00:00+02:00")));
  EXPECT_EQ(rome.BusinessTime(T("2026-06-01T17:00:00+02:00"), T("2026-06-03T10:00:00+02:00")),
            hours(2));
  // Christmas week 2026: Thursday 24 open, 25 and 26 closed, 27 a Sunday.
  EXPECT_EQ(rome.AddBusinessTime(T("2026-12-24T17:00:00+01:00"), hours(2)),
            T("2026-12-28T10:00:00+01:00"));
}

TEST(BusinessCalendarTest, AddBusinessTimeStopsAtTheEndOfAnInterval) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  const Instant friday_five = T("2026-03-06T17:00:00+01:00");
  EXPECT_EQ(rome.AddBusinessTime(friday_five, hours(1)), T("2026-03-06T18:00:00+01:00"));
  EXPECT_EQ(rome.AddBusinessTime(friday_five, hours(1) + milliseconds(1)),
            T("2026-03-09T09:00:00.001+01:00"));
}

TEST(BusinessCalendarTest, AddingNothingReturnsFrom) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  const Instant saturday = T("2026-03-07T11:11:11.111+01:00");
  EXPECT_EQ(rome.AddBusinessTime(saturday, milliseconds(0)), saturday);
  EXPECT_EQ(rome.AddBusinessTime(saturday, -hours(3)), saturday);
  EXPECT_EQ(rome.AddBusinessTime(saturday, minutes(30)), T("2026-03-09T09:30:00+01:00"));
}

TEST(BusinessCalendarTest, IsOpenAtTheEdges) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  EXPECT_FALSE(rome.IsOpen(T("2026-03-10T08:59:59.999+01:00")));
  EXPECT_TRUE(rome.IsOpen(T("2026-03-10T09:00:00+01:00")));
  EXPECT_TRUE(rome.IsOpen(T("2026-03-10T17:59:59.999+01:00")));
  EXPECT_FALSE(rome.IsOpen(T("2026-03-10T18:00:00+01:00")));
  EXPECT_FALSE(rome.IsOpen(T("2026-03-08T10:00:00+01:00")));  // Sunday
}

TEST(BusinessCalendarTest, SplitShift) {
  WeekSchedule week;
  for (unsigned wd = 1; wd <= 5; ++wd)
    week.days[wd] = {{hours(9), hours(13)}, {hours(14), hours(18)}};
  const BusinessCalendar rome = Make("Europe/Rome", week, HolidaySet::ItalianNational());
  const Instant noon = T("2026-03-10T12:00:00+01:00");
  EXPECT_EQ(rome.BusinessTime(noon, T("2026-03-10T15:00:00+01:00")), hours(2));
  EXPECT_FALSE(rome.IsOpen(T("2026-03-10T13:30:00+01:00")));
  EXPECT_EQ(rome.AddBusinessTime(noon, hours(1)), T("2026-03-10T13:00:00+01:00"));
  EXPECT_EQ(rome.AddBusinessTime(noon, hours(2)), T("2026-03-10T15:00:00+01:00"));
  EXPECT_EQ(rome.AddBusinessTime(noon, hours(6)), T("2026-03-11T10:00:00+01:00"));
  EXPECT_EQ(rome.BusinessTime(T("2026-03-09T00:00:00+01:00"), T("2026-03-16T00:00:00+01:00")),
            hours(40));
}

// --- BusinessCalendar: daylight saving time ------------------------------------------------------

TEST(BusinessCalendarTest, DaysAreShorterOrLongerAcrossDstChanges) {
  const BusinessCalendar always = Make("Europe/Rome", EveryDay({{hours(0), hours(24)}}));
  EXPECT_EQ(always.BusinessTime(T("2026-03-29T00:00:00+01:00"), T("2026-03-30T00:00:00+02:00")),
            hours(23));
  EXPECT_EQ(always.BusinessTime(T("2026-10-25T00:00:00+02:00"), T("2026-10-26T00:00:00+01:00")),
            hours(25));
}

TEST(BusinessCalendarTest, NightShiftAcrossTheSpringGap) {
  const BusinessCalendar night = Make("Europe/Rome", EveryDay({{hours(0), minutes(210)}}));
  // 02:00-03:00 never happens on 29 March 2026: 00:00-02:00 and 03:00-03:30 remain.
  EXPECT_EQ(night.BusinessTime(T("2026-03-29T00:00:00+01:00"), T("2026-03-29T12:00:00+02:00")),
            minutes(150));
  EXPECT_EQ(night.AddBusinessTime(T("2026-03-29T01:30:00+01:00"), hours(1)),
            T("2026-03-29T03:30:00+02:00"));
}

TEST(BusinessCalendarTest, NightShiftAcrossTheAutumnOverlap) {
  const BusinessCalendar night = Make("Europe/Rome", EveryDay({{hours(0), minutes(210)}}));
  // 02:00-03:00 happens twice on 25 October 2026 and counts twice.
  EXPECT_EQ(night.BusinessTime(T("2026-10-25T00:00:00+02:00"), T("2026-10-25T12:00:00+01:00")),
            minutes(270));
  EXPECT_EQ(night.AddBusinessTime(T("2026-10-25T01:30:00+02:00"), hours(2)),
            T("2026-10-25T02:30:00+01:00"));
  EXPECT_TRUE(night.IsOpen(T("2026-10-25T02:30:00+02:00")));
  EXPECT_TRUE(night.IsOpen(T("2026-10-25T02:30:00+01:00")));
}

TEST(BusinessCalendarTest, OffsetAtWinterAndSummer) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  EXPECT_EQ(rome.OffsetAt(T("2026-01-15T12:00:00+01:00")), minutes(60));
  EXPECT_EQ(rome.OffsetAt(T("2026-07-15T12:00:00+02:00")), minutes(120));
  EXPECT_EQ(rome.OffsetAt(T("2026-03-29T00:59:59.999+00:00")), minutes(60));
  EXPECT_EQ(rome.OffsetAt(T("2026-03-29T01:00:00+00:00")), minutes(120));
  const BusinessCalendar new_york = Make("America/New_York", WeekSchedule::OfficeHours());
  EXPECT_EQ(new_york.OffsetAt(T("2026-01-15T12:00:00+00:00")), minutes(-300));
  EXPECT_EQ(new_york.OffsetAt(T("2026-07-15T12:00:00+00:00")), minutes(-240));
}

TEST(BusinessCalendarTest, LocalDayFollowsTheZone) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  EXPECT_EQ(rome.LocalDay(T("2026-03-01T23:30:00+00:00")), Day(2026, 3, 2));
  EXPECT_EQ(rome.LocalDay(T("2026-03-01T22:59:59.999+00:00")), Day(2026, 3, 1));
  const BusinessCalendar new_york = Make("America/New_York", WeekSchedule::OfficeHours());
  EXPECT_EQ(new_york.LocalDay(T("2026-03-02T03:00:00+00:00")), Day(2026, 3, 1));
  EXPECT_EQ(new_york.time_zone_name(), "America/New_York");
}

TEST(BusinessCalendarTest, NewYorkKeepsItsOwnDstDates) {
  // On 9 March 2026 New York is already on summer time, Rome not yet: 09:00 EDT is 13:00 UTC.
  const BusinessCalendar new_york = Make("America/New_York", WeekSchedule::OfficeHours());
  EXPECT_TRUE(new_york.IsOpen(T("2026-03-09T13:00:00+00:00")));
  EXPECT_FALSE(new_york.IsOpen(T("2026-03-09T12:59:59.999+00:00")));
}

// --- BusinessCalendar: limits ----------------------------------------------------------------

TEST(BusinessCalendarTest, GivesUpWhenNoOpeningHoursAreLeft) {
  WeekSchedule mondays;
  mondays.days[1] = {{hours(9), hours(10)}};
  HolidaySet every_monday;
  for (date::sys_days d = date::sys_days{date::year{2026} / date::March / date::Monday[1]};
       d < date::sys_days{date::year{2050} / 1 / 1}; d += date::weeks(1)) {
    every_monday.AddDate(date::year_month_day{d});
  }
  const BusinessCalendar never = Make("Europe/Rome", mondays, every_monday);
  EXPECT_EQ(never.AddBusinessTime(T("2026-03-01T00:00:00+01:00"), minutes(1)), Instant::max());
}

TEST(BusinessCalendarTest, SentinelInstantsDoNotOverflow) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  const Instant late = T("9999-12-01T00:00:00+00:00");
  EXPECT_EQ(rome.BusinessTime(late, Instant::max()),
            rome.BusinessTime(late, T("9999-12-31T23:59:59.999+00:00")) + milliseconds(0));
  EXPECT_EQ(rome.BusinessTime(Instant::min(), Instant::min() + hours(1)), milliseconds(0));
  EXPECT_FALSE(rome.IsOpen(Instant::max()));
  EXPECT_FALSE(rome.IsOpen(Instant::min()));
  EXPECT_EQ(rome.AddBusinessTime(Instant::max(), hours(1)), Instant::max());
  EXPECT_EQ(rome.AddBusinessTime(Instant::max(), milliseconds(0)), Instant::max());
  EXPECT_EQ(rome.LocalDay(Instant::max()), Day(10000, 1, 1));
  EXPECT_EQ(rome.OffsetAt(Instant::min()), rome.OffsetAt(T("0001-01-01T00:00:00+00:00")));
}

// --- BusinessCalendar: spans of any length ----------------------------------------------------

// The day-by-day count the prefix sums replaced, on local clocks: the reference for long spans.
milliseconds WalkedOpenTime(const BusinessCalendar& calendar, date::local_days from,
                            date::local_days to) {
  milliseconds total{0};
  for (date::local_days day = from; day < to; day += date::days(1)) {
    if (calendar.holidays().Contains(day)) continue;
    for (const OpeningInterval& open : calendar.week().days[date::weekday(day).c_encoding()]) {
      total += open.end - open.start;
    }
  }
  return total;
}

TEST(BusinessCalendarTest, DecadesMatchTheDayByDayCount) {
  // In UTC there are no offset changes: business time is the walked count exactly.
  const BusinessCalendar utc =
      Make("UTC", WeekSchedule::OfficeHours(), HolidaySet::ItalianNational());
  for (const auto& [from, to] :
       {std::pair{Day(1990, 1, 1), Day(2100, 1, 1)}, std::pair{Day(2024, 2, 29), Day(2061, 7, 13)},
        std::pair{Day(1999, 12, 31), Day(2000, 1, 3)}}) {
    EXPECT_EQ(utc.BusinessTime(Instant{date::sys_days{from.time_since_epoch()}},
                               Instant{date::sys_days{to.time_since_epoch()}}),
              WalkedOpenTime(utc, from, to));
  }
}

TEST(BusinessCalendarTest, LongSpansAddUpAcrossEveryDstChange) {
  // Split anywhere, the parts add up to the whole: with short spans checked against the minute
  // model (calendar_property_test), this checks the constant-time sums over decades, across the
  // offset changes of zones with DST, night shifts included.
  std::vector<OpeningInterval> night = {{hours(0), hours(3)}, {hours(20), hours(24)}};
  const std::vector<BusinessCalendar> calendars = {
      BusinessCalendar::Default(), Make("America/New_York", EveryDay(night)),
      Make("Europe/Rome", EveryDay({{hours(0), hours(24)}}), HolidaySet::ItalianNational())};
  const Instant from = T("1990-01-01T00:00:00+00:00");
  const Instant to = T("2099-12-31T00:00:00+00:00");
  for (const BusinessCalendar& calendar : calendars) {
    const milliseconds whole = calendar.BusinessTime(from, to);
    for (const char* split : {"2026-03-29T01:30:00+01:00", "2026-10-25T02:30:00+01:00",
                              "2038-01-19T03:14:08+00:00", "1990-01-01T00:00:00.001+00:00"}) {
      EXPECT_EQ(calendar.BusinessTime(from, T(split)) + calendar.BusinessTime(T(split), to), whole)
          << calendar.time_zone_name() << " " << split;
    }
    // And a day-by-day sum over two years, one offset change at a time.
    milliseconds by_day{0};
    for (Instant t = T("2025-01-01T00:00:00+00:00"); t < T("2027-01-01T00:00:00+00:00");
         t += hours(24)) {
      by_day += calendar.BusinessTime(t, t + hours(24));
    }
    EXPECT_EQ(by_day,
              calendar.BusinessTime(T("2025-01-01T00:00:00+00:00"), T("2027-01-01T00:00:00+00:00")))
        << calendar.time_zone_name();
  }
}

TEST(BusinessCalendarTest, AddingDecadesFindsTheInstantThatCountsThem) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  const Instant from = T("2026-03-06T17:00:00+01:00");
  for (const milliseconds amount : {milliseconds(1), milliseconds(hours(9)),
                                    milliseconds(hours(9 * 250 * 7)), milliseconds(hours(40000))}) {
    const Instant at = rome.AddBusinessTime(from, amount);
    ASSERT_NE(at, Instant::max());
    EXPECT_EQ(rome.BusinessTime(from, at), amount);
    EXPECT_LT(rome.BusinessTime(from, at - milliseconds(1)), amount);
  }
  // Past 20 years of business time ahead: no deadline.
  EXPECT_EQ(rome.AddBusinessTime(from, hours(9 * 260 * 21)), Instant::max());
}

TEST(BusinessCalendarTest, OpenDaysAreCountedLikeTheDaysWithAClosingTime) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  for (const auto& [from, to] :
       {std::pair{Day(2026, 1, 1), Day(2027, 1, 1)}, std::pair{Day(1990, 3, 3), Day(2099, 12, 31)},
        std::pair{Day(2026, 4, 6), Day(2026, 4, 7)}}) {
    int64_t walked = 0;
    for (date::local_days d = from; d < to; d += date::days(1))
      walked += rome.ClosingTime(d) ? 1 : 0;
    EXPECT_EQ(rome.OpenDaysBetween(from, to), walked);
  }
  EXPECT_EQ(rome.OpenDaysBetween(Day(2026, 4, 6), Day(2026, 4, 7)), 0);  // Easter Monday
  EXPECT_EQ(rome.OpenDaysBetween(Day(2027, 1, 1), Day(2026, 1, 1)), 0);
}

// Costs as a ratio, not a time limit: a century costs what a week costs (the day-by-day walk made
// it about 5,000 times more).
TEST(BusinessCalendarTest, ACenturyCostsWhatAWeekCosts) {
  const BusinessCalendar rome = BusinessCalendar::Default();
  const Instant from = T("1990-01-01T10:00:00+01:00");
  rome.BusinessTime(from, from + hours(1));  // the tables, built once
  auto best_of_three = [&](std::chrono::hours span) {
    auto best = std::chrono::steady_clock::duration::max();
    for (int run = 0; run < 3; ++run) {
      const auto start = std::chrono::steady_clock::now();
      milliseconds sum{0};
      for (int i = 0; i < 20000; ++i) sum += rome.BusinessTime(from + minutes(i), from + span);
      EXPECT_GT(sum, milliseconds(0));
      best = std::min(best, std::chrono::steady_clock::now() - start);
    }
    return static_cast<double>(best.count());
  };
  const double week = best_of_three(hours(24 * 7));
  const double century = best_of_three(hours(24 * 365 * 109));
  EXPECT_LT(century / week, 4.0) << "a week " << week << " ns, a century " << century << " ns";
}

}  // namespace
}  // namespace fiducia

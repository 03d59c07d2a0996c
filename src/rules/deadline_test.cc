#include "rules/deadline.h"

#include <gtest/gtest.h>

#include "common/time_text.h"

namespace fiducia {
namespace {

Instant T(std::string_view text) { return ParseRfc3339(text)->at; }

Fact WhenFact(When when) {
  Fact f;
  f.kind = FactKind::kWhen;
  f.when = when;
  f.promise = true;
  return f;
}

class DeadlineTest : public ::testing::Test {
 protected:
  std::optional<Instant> Due(const Fact& f, std::string_view said) {
    return DeadlineOf(f, T(said), calendar_);
  }
  BusinessCalendar calendar_ = BusinessCalendar::Default();  // Mon-Fri 09-18, Europe/Rome
};

TEST_F(DeadlineTest, TomorrowIsTheCloseOfTheNextBusinessDay) {
  // Thursday 2026-03-05 -> Friday 18:00; said on Friday -> Monday 18:00 (the weekend is closed).
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1}), "2026-03-05T10:00:00+01:00"),
            T("2026-03-06T18:00:00+01:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1}), "2026-03-06T10:00:00+01:00"),
            T("2026-03-09T18:00:00+01:00"));
}

TEST_F(DeadlineTest, TomorrowMorningIsOneOClock) {
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 13 * 60}), "2026-03-05T17:00:00+01:00"),
            T("2026-03-06T13:00:00+01:00"));
}

TEST_F(DeadlineTest, ATimeOfDayIsTheWritersClock) {
  // "I'll call you back Monday before noon" written in London (+01:00) is 12:00 there (13:00 in
  // Rome); from New York (-04:00), "tomorrow before 12" is 12:00 there. With no offset (0) the
  // calendar's clock. The morning of a day is the contract's 13:00 on the calendar, whoever says
  // it.
  const auto due = [&](const Fact& f, std::string_view said) {
    const auto at = ParseRfc3339(said);
    return DeadlineOf(f, at->at, calendar_, at->offset);
  };
  EXPECT_EQ(due(WhenFact({DayRef::kWeekday, 1, 0, 0, 12 * 60}), "2026-06-04T15:40:00+01:00"),
            T("2026-06-08T12:00:00+01:00"));
  EXPECT_EQ(due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 12 * 60}), "2026-05-11T10:00:00-04:00"),
            T("2026-05-12T12:00:00-04:00"));
  EXPECT_EQ(due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 12 * 60}), "2026-05-11T10:00:00+00:00"),
            T("2026-05-12T12:00:00+02:00"));
  // "tomorrow" counts from the writer's day: Thursday 22:30 in New York is already Friday in Rome.
  EXPECT_EQ(due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 12 * 60}), "2026-05-07T22:30:00-04:00"),
            T("2026-05-08T12:00:00-04:00"));
  When morning{DayRef::kDaysAfter, 1, 0, 0, 13 * 60};
  morning.morning = true;
  EXPECT_EQ(due(WhenFact(morning), "2026-05-07T14:10:00+01:00"), T("2026-05-08T13:00:00+02:00"));
}

TEST_F(DeadlineTest, AWeekdayIsTheNextOneAndTodaysNameIsNextWeek) {
  // Wednesday 2026-03-04: "entro venerdì" -> Friday 6 March; said on Friday -> Friday 13.
  EXPECT_EQ(Due(WhenFact({DayRef::kWeekday, 5}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-06T18:00:00+01:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kWeekday, 5}), "2026-03-06T10:00:00+01:00"),
            T("2026-03-13T18:00:00+01:00"));
}

TEST_F(DeadlineTest, AnHourOfTheSmallHoursIsTheAfternoons) {
  // "I'll ring you back before 4" said at 10:00 is due at 16:00 that day, not tomorrow at 04:00;
  // "entro le 3 di domani" at 15:00 tomorrow; 8 and later stay as said.
  EXPECT_EQ(Due(WhenFact({DayRef::kNone, 0, 0, 0, 4 * 60}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-04T16:00:00+01:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 3 * 60}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-05T15:00:00+01:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kToday, 0, 0, 0, 11 * 60}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-04T11:00:00+01:00"));
}

TEST_F(DeadlineTest, AnHourSaidWithAmIsTheMorningsAsWritten) {
  // "I'll call you back tomorrow by 7am" is due at 07:00, not 19:00 (it was moved like a bare
  // "before 7"); "by 7pm" is 19:00 either way.
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 7 * 60, true}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-05T07:00:00+01:00"));
  EXPECT_EQ(
      Due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 19 * 60, true}), "2026-03-04T10:00:00+01:00"),
      T("2026-03-05T19:00:00+01:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1, 0, 0, 7 * 60}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-05T19:00:00+01:00"));
}

TEST_F(DeadlineTest, ATimeOfDayIsThatInstantOrTomorrowOnceItPassed) {
  EXPECT_EQ(Due(WhenFact({DayRef::kNone, 0, 0, 0, 16 * 60}), "2026-03-04T10:00:00+01:00"),
            T("2026-03-04T16:00:00+01:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kNone, 0, 0, 0, 16 * 60}), "2026-03-04T17:00:00+01:00"),
            T("2026-03-05T16:00:00+01:00"));
}

TEST_F(DeadlineTest, DatesAcrossTheYearAndHolidays) {
  // "entro il 25 aprile" is a holiday (Liberation Day, a Saturday in 2026) -> Monday 27 April.
  EXPECT_EQ(Due(WhenFact({DayRef::kDate, 0, 4, 25}), "2026-04-20T10:00:00+02:00"),
            T("2026-04-27T18:00:00+02:00"));
  // Said in December, "15 gennaio" is next year.
  EXPECT_EQ(Due(WhenFact({DayRef::kDate, 0, 1, 15}), "2026-12-10T10:00:00+01:00"),
            T("2027-01-15T18:00:00+01:00"));
}

TEST_F(DeadlineTest, EndOfWeekIsTheLastBusinessDay) {
  EXPECT_EQ(Due(WhenFact({DayRef::kEndOfWeek}), "2026-03-03T10:00:00+01:00"),
            T("2026-03-06T18:00:00+01:00"));
}

TEST_F(DeadlineTest, DurationsAreBusinessTime) {
  Fact hours;
  hours.kind = FactKind::kDuration;
  hours.low = hours.high = 2 * 60;
  // Friday 17:00 + 2 business hours -> Monday 10:00.
  EXPECT_EQ(Due(hours, "2026-03-06T17:00:00+01:00"), T("2026-03-09T10:00:00+01:00"));
  Fact days = hours;
  days.low = days.high = 2 * 1440;
  // Thursday + 2 business days -> Monday's close.
  EXPECT_EQ(Due(days, "2026-03-05T11:00:00+01:00"), T("2026-03-09T18:00:00+01:00"));
}

TEST_F(DeadlineTest, WholeDaysCountedInHoursKeepTheTimeOfDay) {
  // "we will get back to you within 24 hours" said Monday 11:30 is due Tuesday 11:30; "entro 48
  // ore" said Thursday 11:30 Monday 11:30 (open days); "2 giorni" stays the close of the second.
  Fact hours;
  hours.kind = FactKind::kDuration;
  hours.unit = kFactInHours;
  hours.low = hours.high = 24 * 60;
  EXPECT_EQ(Due(hours, "2026-04-13T11:30:00+02:00"), T("2026-04-14T11:30:00+02:00"));
  hours.low = hours.high = 48 * 60;
  EXPECT_EQ(Due(hours, "2026-04-16T11:30:00+02:00"), T("2026-04-20T11:30:00+02:00"));
}

TEST_F(DeadlineTest, ATimeOfDayOnADaySaidIsThatInstantEvenOnAClosedDay) {
  // "I'll follow up by 6pm today" said on a Saturday is due that Saturday at 18:00; "tomorrow"
  // with no time said on a Friday is still Monday's close, and so is "tomorrow morning" Monday's.
  EXPECT_EQ(Due(WhenFact({DayRef::kToday, 0, 0, 0, 18 * 60}), "2026-05-16T13:35:00+02:00"),
            T("2026-05-16T18:00:00+02:00"));
  EXPECT_EQ(Due(WhenFact({DayRef::kDaysAfter, 1}), "2026-05-15T10:00:00+02:00"),
            T("2026-05-18T18:00:00+02:00"));
  When morning{DayRef::kDaysAfter, 1, 0, 0, 13 * 60};
  morning.morning = true;
  EXPECT_EQ(Due(WhenFact(morning), "2026-05-15T10:00:00+02:00"), T("2026-05-18T13:00:00+02:00"));
}

TEST_F(DeadlineTest, DaylightSavingChangeKeepsLocalClock) {
  // Europe/Rome moves to summer time on Sunday 29 March 2026: Friday 27 + "lunedì" -> +02:00.
  EXPECT_EQ(Due(WhenFact({DayRef::kWeekday, 1}), "2026-03-27T10:00:00+01:00"),
            T("2026-03-30T18:00:00+02:00"));
}

TEST_F(DeadlineTest, AmountsAreNoDeadline) {
  Fact money;
  money.kind = FactKind::kMoney;
  EXPECT_EQ(Due(money, "2026-03-05T10:00:00+01:00"), std::nullopt);
}

}  // namespace
}  // namespace fiducia

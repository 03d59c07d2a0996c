#include "rules/deadline.h"

#include "rules/wording.h"

namespace fiducia {
namespace {

using std::chrono::minutes;

date::local_days AfterOpenDays(date::local_days day, int64_t n, const BusinessCalendar& calendar) {
  for (int64_t i = 0; i < n; ++i) day = calendar.NextOpenDay(day + date::days(1));
  return day;
}

Instant CloseOf(date::local_days day, const BusinessCalendar& calendar) {
  const date::local_days open = calendar.NextOpenDay(day);
  return calendar.AtLocal(open, calendar.ClosingTime(open).value_or(minutes(24 * 60)));
}

date::local_days LastOpenDayOfWeek(date::local_days today, const BusinessCalendar& calendar) {
  const date::weekday wd(today);
  const int to_sunday = (7 - static_cast<int>(wd.iso_encoding())) % 7;
  for (int i = to_sunday; i > 0; --i) {
    if (calendar.ClosingTime(today + date::days(i))) return today + date::days(i);
  }
  return today;
}

}  // namespace

// Nobody promises to call back in the small hours: "before 4", "entro le 3" said with no am/pm
// is the afternoon's (a stated "4pm" is already 16:00, and a stated "7am" stays 07:00). DayOf
// keeps the hour as said: "il ritiro alle 6" is a fact, not a deadline.
int PromisedMinute(const When& when) {
  constexpr int kHour = 60;
  return !when.meridiem && when.minute >= 1 * kHour && when.minute < 8 * kHour
             ? when.minute + 12 * kHour
             : when.minute;
}

date::local_days DayOf(const When& when, Instant said, const BusinessCalendar& calendar,
                       bool open_only) {
  const date::local_days today = calendar.LocalDay(said);
  date::local_days day = today;
  switch (when.day) {
    case DayRef::kNone:
      if (when.minute >= 0 && calendar.AtLocal(today, minutes(when.minute)) <= said) {
        day = today + date::days(1);
      }
      break;
    case DayRef::kToday:
      break;
    case DayRef::kDaysAfter:
      day = today + date::days(when.n);
      break;
    case DayRef::kWeekday: {
      // "lunedì" said on a Monday is next Monday: today would be "oggi".
      const auto ahead = date::weekday(when.n) - date::weekday(today);
      day = today + (ahead == date::days(0) ? date::days(7) : ahead);
      // "mercoledì 3" said on Monday 25 May is Wednesday 3 June: the first such weekday on that
      // day of the month, within ten weeks (else the next such weekday, as said).
      for (int week = 0; when.day_of_month != 0 && week < 10; ++week) {
        const date::local_days candidate = day + date::weeks(week);
        if (static_cast<unsigned>(date::year_month_day(candidate).day()) == when.day_of_month) {
          day = candidate;
          break;
        }
      }
      break;
    }
    case DayRef::kDate: {
      const date::year_month_day ymd(today);
      const auto on = [&](date::year y) {
        return date::local_days(y / date::month(when.month) / date::day(when.day_of_month));
      };
      day = on(ymd.year()) >= today ? on(ymd.year()) : on(ymd.year() + date::years(1));
      break;
    }
    case DayRef::kEndOfWeek:
      return LastOpenDayOfWeek(today, calendar);
  }
  return open_only ? calendar.NextOpenDay(day) : day;
}

std::optional<Instant> DeadlineOf(const Fact& fact, Instant said, const BusinessCalendar& calendar,
                                  minutes written_offset) {
  if (fact.kind == FactKind::kDuration) {
    if (fact.unit & kFactOffset) return std::nullopt;  // from something else, not from `said`
    if (fact.high < 24 * 60) return calendar.AddBusinessTime(said, minutes(fact.high));
    const date::local_days today = calendar.LocalDay(said);
    const date::local_days day = AfterOpenDays(today, fact.high / (24 * 60), calendar);
    // "within 24 hours", "entro 48 ore" (whole days counted in hours): the same time of day that
    // many open days later; "entro 2 giorni", "entro 5 giorni lavorativi" the close of the last.
    if (fact.unit == kFactInHours && fact.high % (24 * 60) == 0) {
      return calendar.AtLocal(
          day, std::chrono::floor<minutes>(said - calendar.AtLocal(today, minutes(0))));
    }
    return CloseOf(day, calendar);
  }
  if (fact.kind != FactKind::kWhen) return std::nullopt;
  When when = fact.when;
  when.minute = static_cast<int16_t>(PromisedMinute(when));
  date::local_days day = DayOf(when, said, calendar, false);
  // A day said relative to now ("tomorrow", "today", a bare hour) counts from the writer's own
  // day: "tomorrow morning" said at 22:30 in New York is the next day there, not the one after.
  if (written_offset != minutes(0) &&
      (when.day == DayRef::kNone || when.day == DayRef::kToday || when.day == DayRef::kDaysAfter)) {
    const auto writers_today =
        date::floor<date::days>(date::local_days() + (said.time_since_epoch() + written_offset));
    day += writers_today - calendar.LocalDay(said);
  }
  // A time of day on a day said is that instant, a closed day included ("by 6pm today" said on a
  // Saturday); a close of business, a morning or a bare hour's inferred day moves to an open day.
  const bool instant = when.minute >= 0 && !when.morning && when.day != DayRef::kNone;
  if (!instant) day = calendar.NextOpenDay(day);
  if (when.minute >= 0 && !when.morning && written_offset != minutes(0)) {
    return Instant(day.time_since_epoch() + minutes(when.minute) - written_offset);
  }
  if (when.minute >= 0) return calendar.AtLocal(day, minutes(when.minute));
  return CloseOf(day, calendar);
}

std::optional<Instant> PromiseDeadline(const Corpus& corpus, const Event& e,
                                       const BusinessCalendar& calendar) {
  if (!AreCompanyWords(e) || !e.Has(kCuePromise)) return std::nullopt;
  for (const Fact& f : corpus.FactsOf(e)) {
    if (!f.promise) continue;
    if (auto due = DeadlineOf(f, e.at, calendar, std::chrono::minutes(e.offset_minutes)))
      return due;
  }
  return std::nullopt;
}

}  // namespace fiducia

#include <date/date.h>

#include "calendar/business_calendar.h"

namespace fiducia {
namespace {

// Floor division and modulo: C++ rounds toward zero, which would break the Easter computation for
// years before 1 (the proleptic Gregorian calendar date::year allows).
int FloorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }
int FloorMod(int a, int b) { return a - FloorDiv(a, b) * b; }

}  // namespace

HolidaySet HolidaySet::ItalianNational() {
  HolidaySet set;
  for (const date::month_day day :
       {date::January / 1, date::January / 6, date::April / 25, date::May / 1, date::June / 2,
        date::August / 15, date::November / 1, date::December / 8, date::December / 25,
        date::December / 26}) {
    set.AddRecurring(day);
  }
  set.SetEasterMonday(true);
  return set;
}

bool HolidaySet::Contains(date::local_days day) const {
  // Holidays are days of the calendar's own zone: compare day counts, not instants.
  const date::sys_days as_sys{day.time_since_epoch()};
  if (dates_.contains(as_sys)) return true;
  const date::year_month_day ymd{as_sys};
  if (recurring_.contains(ymd.month() / ymd.day())) return true;
  // Easter Monday falls between 23 March and 26 April: other days need no Easter computed.
  if (!easter_monday_ || ymd.month() < date::March || ymd.month() > date::April) return false;
  return as_sys == date::sys_days(EasterSunday(ymd.year())) + date::days(1);
}

// The anonymous Gregorian algorithm (Meeus/Jones/Butcher); names follow Meeus.
date::year_month_day HolidaySet::EasterSunday(date::year y) {
  const int year = static_cast<int>(y);
  const int a = FloorMod(year, 19);
  const int b = FloorDiv(year, 100);
  const int c = FloorMod(year, 100);
  const int d = FloorDiv(b, 4);
  const int e = FloorMod(b, 4);
  const int f = FloorDiv(b + 8, 25);
  const int g = FloorDiv(b - f + 1, 3);
  const int h = FloorMod(19 * a + b - d - g + 15, 30);
  const int i = c / 4;  // c and k are never negative
  const int k = c % 4;
  const int l = FloorMod(32 + 2 * e + 2 * i - h - k, 7);
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return {y, date::month(static_cast<unsigned>(month)), date::day(static_cast<unsigned>(day))};
}

}  // namespace fiducia

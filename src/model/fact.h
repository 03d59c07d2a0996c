// Facts a company message states (issue #4, ../shared/spec/findings.md): amounts, durations, days
// and times, yes/no decisions — each on a subject ("refund", "delivery"…) named by data/facts.
// Kept compact and without text, so that `discordant_answers` can compare them and
// `broken_promise` can resolve a promise's deadline long after the text was dropped.
#pragma once

#include <cstdint>

namespace fiducia {

enum class FactKind : uint8_t {
  kMoney,     // low/high: cents; unit: the currency (FactCurrency)
  kDuration,  // low/high: minutes (a day is 1440, whether business or calendar); unit: 1 business
              // (kFactBusiness), 2 counted in hours (kFactInHours: "entro 48 ore")
  kWhen,      // a day and/or a time of day, in `when`, said relative to the message
  kDecision,  // low: 1 yes, 0 no
  // A yes or a no said in words ("Sì, rientrano nella detrazione", "non rientrano nella
  // detrazione"): unit 1 yes, 0 no; low and high hold up to 4 16-bit hashes each of the content
  // stems it is about (a no: low its scope, from the negation to the end of its clause; high the
  // rest of its sentence). `subjects` stays 0: compared only by trust_rules' yes-then-no reading.
  kPolar,
};

enum class FactCurrency : uint8_t { kNone, kEur, kUsd, kGbp };

// Money facts: `unit` is the currency, an index into the codes of data/facts (1 EUR, 2 USD, 3 GBP,
// then other ISO codes), below kFactCurrencies; kFactRate is set on an amount per unit of time
// ("44 euro al mese").
inline constexpr uint8_t kFactCurrencies = 38;
inline constexpr uint8_t kFactRate = 0x80;

// A day said relative to the message it is in: resolved against the business calendar by
// rules/deadline.h.
enum class DayRef : uint8_t {
  kNone,       // no day said: a time of day alone is today (tomorrow once it has passed)
  kToday,      // "oggi", "in giornata", "end of day"
  kDaysAfter,  // n days after: "domani" 1, "dopodomani" 2
  kWeekday,    // the next such weekday (today included): n = 0 Sunday … 6 Saturday
  kDate,       // a calendar date: month, day_of_month; the year is the next one that has it
  kEndOfWeek,  // the last business day of the message's week
};

inline constexpr uint8_t kFactBusiness = 1;  // a duration of business days or hours
inline constexpr uint8_t kFactInHours = 2;   // a duration counted in hours: "within 24 hours"
// A duration before or after something else ("5 days after we receive the return", "30 minuti
// prima"): compared with other such offsets, never a time from now (no promise's deadline).
inline constexpr uint8_t kFactOffset = 4;
// A day said of what is fitted or replaced, with no visit named ("the replacement hinge reaches our
// warehouse on Tuesday"): compared only with such days, never with a visit's.
inline constexpr uint8_t kFactNotVisit = 8;

struct When {
  DayRef day = DayRef::kNone;
  uint8_t n = 0;
  uint8_t month = 0, day_of_month = 0;
  int16_t minute = -1;  // of the local day; -1: the end of business hours
  // Said with am/pm or a morning word ("7am", "alle 7 di mattina"): the hour as written.
  bool meridiem = false;
  // The morning of a day ("domani mattina", "Monday morning"): `minute` is the contract's 13:00
  // on the business calendar, not a time of the writer's clock.
  bool morning = false;
  friend bool operator==(const When&, const When&) = default;
};

struct Fact {
  FactKind kind = FactKind::kMoney;
  uint8_t unit = 0;
  bool promise = false;   // said in a sentence promising contact: a deadline for broken_promise
  uint16_t subject = 0;   // the subject named nearest: index into FactSubjects() (text/facts.h)
  uint16_t subjects = 0;  // every subject its sentence names, bit i for subject i (i < 16)
  uint16_t sentence = 0;
  uint16_t token = 0;         // where in its sentence it starts
  int64_t low = 0, high = 0;  // a range "5-7 giorni" is [5, 7] days; a single value low == high
  When when;
  friend bool operator==(const Fact&, const Fact&) = default;
};

}  // namespace fiducia

// When a stated time falls due (../shared/spec/findings.md, "Promise"): a fact's day and time of
// day, said in a message, resolved against the business calendar from the moment it was said.
#pragma once

#include <optional>

#include "calendar/business_calendar.h"
#include "model/corpus.h"
#include "model/fact.h"

namespace fiducia {

// The local day a `when` names: "oggi" today, "domani" the next day, "venerdì" the next Friday
// (said on a Friday: the next week's), "15 marzo" the next 15 March, "fine settimana" the week's
// last business day; a time of day alone is today, or tomorrow once it has passed. Closed days move
// to the next open one when `open_only`.
date::local_days DayOf(const When& when, Instant said, const BusinessCalendar& calendar,
                       bool open_only);

// The minute of the day a time said for a step or a promise means: a bare hour from 1 to 7 with no
// am/pm or morning word is the afternoon's ("alle 3" is 15:00); -1 when no time was said.
int PromisedMinute(const When& when);

// The deadline of a promise: "domani mattina" the next business day at 13:00; "entro venerdì",
// "domani", "by end of day" the close of business that day; "entro le 16" that instant;
// "entro 2 ore", "within the hour" that much business time later, "entro 48 ore" the same time
// two open days later; "entro 5 giorni lavorativi" the
// close of the fifth business day after. nullopt for facts that state no time. A time of day is the
// writer's clock: read in `written_offset`, the UTC offset the message was written with ("by noon"
// from London at +01:00 is 12:00 there); an offset of 0 tells no clock, and the calendar's is used.
std::optional<Instant> DeadlineOf(const Fact& fact, Instant said, const BusinessCalendar& calendar,
                                  std::chrono::minutes written_offset = std::chrono::minutes(0));

// What broken_promise takes for a promise: company words (rules/wording.h, AreCompanyWords) with
// the promise cue and a promise fact whose deadline resolves. Its deadline (the first such fact's,
// on the writer's clock), or nullopt. The evaluation and the case files read the same.
std::optional<Instant> PromiseDeadline(const Corpus& corpus, const Event& e,
                                       const BusinessCalendar& calendar);

}  // namespace fiducia

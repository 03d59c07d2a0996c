#include "rules/trust_rules.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "model/fact.h"
#include "rules/case_classes.h"
#include "rules/deadline.h"
#include "rules/wording.h"

namespace fiducia {
namespace {

using std::chrono::duration_cast;
using std::chrono::seconds;

constexpr uint32_t kRepairCues = kCueEmpathy | kCueResponsibility | kCueCommitment;
constexpr auto kAlarmWindow = std::chrono::days(7);
constexpr size_t kAlarmContacts = 3;

// Anything the company sent the customer that a person wrote or said (a call attempt included),
// and a call the customer made that an agent took: it is a request and its answer at once.
bool ContactsCustomer(const Event& e) {
  return (e.IsMessage() && e.direction == Direction::kOut && !e.is_auto) || e.IsHandledCall();
}
// A contact that can tell the customer something: a message, or a call that was answered.
bool TellsCustomer(const Event& e) {
  return ContactsCustomer(e) && !(e.channel == Channel::kPhone && e.duration_s == 0);
}
// A customer's message that asks something: a thanks, an "ok", a reaction or a post not addressed
// to the company is no contact (NeedsNoAnswer).
bool IsContact(const Event& e) {
  return e.IsMessage() && e.direction == Direction::kIn && !e.is_auto && !NeedsNoAnswer(e);
}
bool IsClosingStatus(const Event& e) {
  return e.type == EventType::kStatus &&
         (e.status == TicketStatus::kSolved || e.status == TicketStatus::kClosed);
}

class TrustJudge {
 public:
  TrustJudge(const TimingContext& ctx, const Timeline& t, uint32_t index)
      : ctx_(ctx), t_(t), index_(index), events_(ctx.corpus.events()) {}

  TrustResult Run() {
    SilentNo();
    BrokenPromises();
    DiscordantAnswers();
    for (const auto& c : t_.cases) {
      RepairIncomplete(c);
      TrustAlarm(c);
    }
    return std::move(result_);
  }

 private:
  const Event& At(size_t p) const { return events_[t_.events[p]]; }
  uint32_t CaseNumberAt(size_t p) const { return t_.cases[t_.case_of[p]].number; }
  seconds Business(Instant from, Instant to) const {
    return duration_cast<seconds>(ctx_.calendar.BusinessTime(from, to));
  }

  // The finding, its severity not yet set: each rule sets it (SeverityOf) once it has measured
  // what the rule's policy reads.
  Finding& Add(Rule rule, uint32_t case_number, std::vector<uint32_t> messages) {
    Finding& f = result_.findings.emplace_back();
    f.rule = rule;
    f.timeline = index_;
    f.case_number = case_number;
    f.channel = events_[messages.front()].channel;
    f.messages = std::move(messages);
    return f;
  }

  // A step dated ahead of the message ("il tecnico passa giovedì", "arrives within 3-5 days"); a
  // time already past when said reports what happened ("fully restored at 10:35", "il sinistro
  // del 18 gennaio"), no commitment.
  bool HasDatedStep(const Event& e) const {
    const auto facts = ctx_.corpus.FactsOf(e);
    return std::any_of(facts.begin(), facts.end(), [&](const Fact& f) {
      if (f.kind == FactKind::kDuration) return !(f.unit & kFactOffset);
      if (f.kind != FactKind::kWhen) return false;
      if (f.when.day == DayRef::kDate) return !IsPast(f.when, e.at);
      const bool today = f.when.day == DayRef::kNone || f.when.day == DayRef::kToday;
      // "il tecnico passa oggi alle 3", said at 10: at 15:00, as a promise's hour is read.
      const int minute = PromisedMinute(f.when);
      return !(today && minute >= 0 && minute <= LocalMinute(e.at));
    });
  }

  int LocalMinute(Instant t) const {
    const Instant midnight =
        ctx_.calendar.AtLocal(ctx_.calendar.LocalDay(t), std::chrono::minutes(0));
    return static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(t - midnight).count());
  }

  bool HasPromiseTime(const Event& e) const {
    const auto facts = ctx_.corpus.FactsOf(e);
    return std::any_of(facts.begin(), facts.end(), [](const Fact& f) { return f.promise; });
  }

  // An expectation raised ("le faccio sapere", a promise with no time) or a decision noted.
  bool RaisesExpectation(const Event& e) const {
    if (e.direction == Direction::kNote) {
      return e.IsMessage() && e.has_text && (e.cues & (kCueApproved | kCueRefused)) != 0;
    }
    // A promise with a time is judged by broken_promise; without one it can only become this.
    if (!AreCompanyWords(e) || HasPromiseTime(e)) return false;
    return e.Has(kCueExpectation) || e.Has(kCuePromise);
  }

  // silent_no: the first expectation after which the customer was told nothing at all, once its
  // channel's reply target has passed; a case closed on it makes it high.
  void SilentNo() {
    std::optional<size_t> told_after;  // the latest event that told the customer something
    for (size_t p = 0; p < t_.events.size(); ++p) {
      if (TellsCustomer(At(p))) told_after = p;
    }
    for (size_t p = 0; p < t_.events.size(); ++p) {
      if (!RaisesExpectation(At(p)) || (told_after && *told_after > p)) continue;
      const seconds waited = Business(At(p).at, ctx_.as_of);
      const seconds target = ctx_.policy.reply_target[static_cast<size_t>(At(p).channel)];
      if (waited < target) return;  // too early to call it silence
      std::vector<uint32_t> messages{t_.events[p]};
      bool closed = false;
      for (size_t q = p + 1; q < t_.events.size(); ++q) {
        if (RaisesExpectation(At(q)) || (IsClosingStatus(At(q)) && !closed)) {
          messages.push_back(t_.events[q]);
          closed = closed || IsClosingStatus(At(q));
        }
      }
      Finding& f = Add(Rule::kSilentNo, CaseNumberAt(p), std::move(messages));
      f.business_time = waited;
      f.target = target;
      f.severity = SeverityOf(f, closed ? kCaseClosedOnIt : kNoAggravation);
      return;
    }
  }

  // broken_promise: a promise to get back by a time, with no contact between it and its deadline.
  void BrokenPromises() {
    for (size_t p = 0; p < t_.events.size(); ++p) {
      const Event& e = At(p);
      const std::optional<Instant> due = PromiseDeadline(ctx_.corpus, e, ctx_.calendar);
      if (!due) continue;
      std::optional<size_t> next;
      for (size_t q = p + 1; q < t_.events.size() && !next; ++q) {
        if (ContactsCustomer(At(q)) && At(q).at > e.at) next = q;
      }
      if (next && At(*next).at <= *due) {
        ++result_.tally.promises_kept;
        continue;
      }
      if (*due > ctx_.as_of) {
        ++result_.tally.promises_pending;
        continue;
      }
      ++result_.tally.promises_broken;
      std::vector<uint32_t> messages{t_.events[p]};
      if (next) messages.push_back(t_.events[*next]);
      Finding& f = Add(Rule::kBrokenPromise, CaseNumberAt(p), std::move(messages));
      f.deadline = due;
      f.business_time = Business(*due, next ? At(*next).at : ctx_.as_of);
      f.severity = SeverityOf(f, next ? kNoAggravation : kNeverGotBack);
    }
  }

  // A fact reduced to what is compared: (kind, subject, currency) -> a value.
  using FactKey = std::tuple<FactKind, uint16_t, uint8_t>;
  using FactValue = std::pair<int64_t, int64_t>;

  // The value a fact states, comparable across messages, and the class it is compared within
  // (money: its currency; days: a weekday or a calendar day); nullopt for what is not compared.
  // A weekday is compared as a weekday: "arriva giovedì" said on Monday and again on Wednesday
  // is one answer. "Oggi" is when something happened ("spedito oggi"), not a date promised.
  // A date already past ("il sinistro del 18 gennaio", "completed on 16/04") tells what happened,
  // not what the customer is told to expect: it is no answer either.
  std::optional<std::pair<uint8_t, FactValue>> Compared(const Fact& f, const Event& e) const {
    if (f.subjects == 0 || f.promise) return std::nullopt;
    if (f.kind == FactKind::kMoney) return std::make_pair(f.unit, FactValue{f.low, f.high});
    // An offset ("5 days after we receive the return") is compared only with offsets.
    if (f.kind == FactKind::kDuration) {
      const uint8_t offsets = (f.unit & kFactOffset) ? 3 : 0;
      return std::make_pair(offsets, FactValue{f.low, f.high});
    }
    if (f.kind != FactKind::kWhen) return std::make_pair(uint8_t{0}, FactValue{f.low, f.high});
    if (f.when.day == DayRef::kNone || f.when.day == DayRef::kToday) return std::nullopt;
    // A day of what is fitted ("the replacement arrives Tuesday") is compared only with such days.
    const uint8_t fitted = (f.unit & kFactNotVisit) ? 0x10 : 0;
    if (f.when.day == DayRef::kWeekday)
      return std::make_pair(uint8_t{uint8_t(1 | fitted)}, FactValue{f.when.n, f.when.n});
    if (f.when.day == DayRef::kDate && IsPast(f.when, e.at)) return std::nullopt;
    const auto day = DayOf(f.when, e.at, ctx_.calendar, false).time_since_epoch().count();
    return std::make_pair(uint8_t{uint8_t(2 | fitted)}, FactValue{day, day});
  }

  // A date said without a year is the nearest one with that month and day: past when that one
  // lies up to half a year before the day it was said.
  bool IsPast(const When& when, Instant said) const {
    const date::local_days today = ctx_.calendar.LocalDay(said);
    const date::year year = date::year_month_day(today).year();
    for (const date::year y : {year, year - date::years(1)}) {
      const date::year_month_day ymd(y / date::month(when.month) / date::day(when.day_of_month));
      if (!ymd.ok()) continue;
      const date::local_days day(ymd);
      if (day < today && today - day <= date::days(183)) return true;
    }
    return false;
  }

  // The currencies the company's amounts in this timeline are in (bit c: currency c). An amount of
  // nothing answers those only: no other currency has an amount here to compare it with.
  uint64_t CurrenciesNamed() const {
    static_assert(kFactCurrencies <= 64);
    uint64_t named = 0;
    for (size_t p = 0; p < t_.events.size(); ++p) {
      const Event& e = At(p);
      if (!AreCompanyWords(e) || e.fact_count == 0) continue;
      for (const Fact& f : ctx_.corpus.FactsOf(e)) {
        const unsigned currency = f.unit & ~kFactRate;
        if (f.kind == FactKind::kMoney && currency > 0 && currency < kFactCurrencies) {
          named |= uint64_t{1} << currency;
        }
      }
    }
    return named;
  }

  // discordant_answers: a subject's value changes from one company message to a later one.
  //
  // A day (or its hour) already gone when the later message is written was another visit, not one
  // said again ("booked in for diagnosis tomorrow", then a week later "booked in for Friday" for
  // the repair; "the specialist comes Thursday at 9am", then on Thursday afternoon "the repair is
  // on the 22nd"): only days still ahead are compared.
  void DiscordantAnswers() {
    std::map<FactKey, std::pair<size_t, std::vector<FactValue>>> last;  // key -> (position, values)
    std::map<FactKey, Instant> last_until;  // a day's key -> when the latest day it named ends
    const uint64_t currencies = CurrenciesNamed();
    std::vector<SaidYes> yeses;  // yeses said in words, not yet contradicted
    for (size_t p = 0; p < t_.events.size(); ++p) {
      const Event& e = At(p);
      if (!AreCompanyWords(e) || e.fact_count == 0) continue;
      std::map<FactKey, std::vector<FactValue>> said;
      std::map<FactKey, Instant> said_until;
      // A fact speaks to every subject its sentence names: "the engineer appointment is on 16
      // May" answers both what was said of the engineer and of the appointment.
      for (const Fact& f : ctx_.corpus.FactsOf(e)) {
        const auto value = Compared(f, e);
        if (!value) continue;
        for (uint16_t s = 1; s < 16; ++s) {
          if (!(f.subjects & (1u << s))) continue;
          // An amount of nothing ("nessun costo", "no fee") is in no currency: it answers the
          // amounts of every one ("costo di recesso 35 euro" contradicts it). A rate ("44 euro al
          // mese") is compared with rates of its currency only, and nothing with rates only when
          // said of a period ("nessun canone mensile"): "l'attivazione è gratuita" says nothing of
          // a monthly fee.
          const uint8_t rate = value->first & kFactRate;
          const bool free = f.kind == FactKind::kMoney && (value->first & ~kFactRate) == 0;
          if (!free) said[{f.kind, s, value->first}].push_back(value->second);
          if (f.kind == FactKind::kWhen) {
            const date::local_days day = DayOf(f.when, e.at, ctx_.calendar, false);
            const Instant until =
                f.when.minute >= 0
                    ? ctx_.calendar.AtLocal(day, std::chrono::minutes(f.when.minute))
                    : ctx_.calendar.AtLocal(day + date::days(1), std::chrono::minutes(0));
            Instant& latest =
                said_until.try_emplace({f.kind, s, value->first}, until).first->second;
            latest = std::max(latest, until);
          }
          for (uint8_t c = 1; free && c < kFactCurrencies; ++c) {
            if (!(currencies & (uint64_t{1} << c))) continue;  // no amount to answer in it
            said[{f.kind, s, static_cast<uint8_t>(c | rate)}].push_back(value->second);
          }
        }
      }
      std::set<size_t> contradicted;  // the earlier messages this one contradicts, once each
      for (auto& [key, values] : said) {
        auto before = last.find(key);
        const auto gone = last_until.find(key);
        const bool past = gone != last_until.end() && gone->second <= e.at;
        if (const auto until = said_until.find(key); until != said_until.end()) {
          last_until[key] = until->second;
        }
        if (before != last.end() && !past && Disjoint(before->second.second, values) &&
            contradicted.insert(before->second.first).second) {
          if (e.Has(kCueCorrection)) {
            ++result_.tally.corrections;
          } else {
            Finding& f = Add(Rule::kDiscordantAnswers, CaseNumberAt(p),
                             {t_.events[p], t_.events[before->second.first]});
            f.detail = FactSubject{std::get<1>(key)};
            f.severity = SeverityOf(f);
          }
        }
        last[key] = {p, std::move(values)};
      }
      SaidNoAfterYes(p, e, contradicted, yeses);
    }
  }

  // A yes said in words earlier ("Sì, rientrano nella detrazione", "told her yes, a loaner will be
  // available") and a later message saying no to the same thing ("non rientrano nella
  // detrazione", "we do not provide loaner vehicles for recall work"): the no's scope shares a
  // content stem with the yes, and the two share at least two. A yes once contradicted is spent.
  struct SaidYes {
    size_t position;
    uint16_t sentence, token;
    std::array<uint16_t, 16> keys{};  // content stems (16-bit keys), 0 for none
    bool Has(uint16_t k) const { return std::find(keys.begin(), keys.end(), k) != keys.end(); }
  };
  // Puts the four 16-bit keys of `slots` in `keys` (up to n of them), once each.
  template <size_t N>
  static void Keys(uint64_t slots, std::array<uint16_t, N>& keys, size_t& n) {
    for (int i = 0; i < 4 && n < N; ++i) {
      const auto k = static_cast<uint16_t>((slots >> (16 * i)) & 0xffffu);
      if (k && std::find(keys.begin(), keys.begin() + n, k) == keys.begin() + n) keys[n++] = k;
    }
  }
  // What the no's of one message say no to (their scopes) and the rest of their sentences, pooled:
  // "we are unable to accept returns … We are unable to process an exchange" says no to both.
  void SaidNoAfterYes(size_t p, const Event& e, std::set<size_t>& contradicted,
                      std::vector<SaidYes>& yeses) {
    const auto facts = ctx_.corpus.FactsOf(e);
    std::array<uint16_t, 32> scope{}, rest{};
    size_t n_scope = 0, n_rest = 0;
    for (const Fact& f : facts) {
      if (f.kind != FactKind::kPolar || f.unit != 0) continue;
      Keys(static_cast<uint64_t>(f.low), scope, n_scope);
      Keys(static_cast<uint64_t>(f.high), rest, n_rest);
    }
    for (auto y = yeses.begin(); n_scope && y != yeses.end();) {
      size_t in_scope = 0, shared = 0;
      for (size_t i = 0; i < n_scope; ++i) in_scope += y->Has(scope[i]);
      for (size_t i = 0; i < n_rest; ++i) {
        shared += y->Has(rest[i]) && std::find(scope.begin(), scope.begin() + n_scope, rest[i]) ==
                                         scope.begin() + n_scope;
      }
      if (y->position == p || in_scope == 0 || in_scope + shared < 2) {
        ++y;
        continue;
      }
      if (contradicted.insert(y->position).second) {
        if (e.Has(kCueCorrection)) {
          ++result_.tally.corrections;
        } else {
          Finding& found = Add(Rule::kDiscordantAnswers, CaseNumberAt(p),
                               {t_.events[p], t_.events[y->position]});
          found.detail = FactSubject{0};
          found.severity = SeverityOf(found);
        }
      }
      y = yeses.erase(y);
    }
    for (const Fact& f : facts) {
      if (f.kind != FactKind::kPolar || f.unit != 1) continue;
      // A yes's stems past its first 8 come in a second fact of the same sentence and token.
      const bool more = !yeses.empty() && yeses.back().position == p &&
                        yeses.back().sentence == f.sentence && yeses.back().token == f.token;
      if (!more) yeses.push_back({p, f.sentence, f.token, {}});
      SaidYes& y = yeses.back();
      size_t n = static_cast<size_t>(std::find(y.keys.begin(), y.keys.end(), uint16_t{0}) -
                                     y.keys.begin());
      Keys(static_cast<uint64_t>(f.low), y.keys, n);
      Keys(static_cast<uint64_t>(f.high), y.keys, n);
    }
  }

  static bool Disjoint(const std::vector<FactValue>& a, const std::vector<FactValue>& b) {
    return std::none_of(a.begin(), a.end(), [&](const FactValue& v) {
      return std::find(b.begin(), b.end(), v) != b.end();
    });
  }

  // trust_repair_incomplete: after a disservice the replies together miss empathy,
  // responsibility or a commitment.
  void RepairIncomplete(const Case& c) {
    if (ComplaintOf(ctx_.corpus, c) != std::optional<std::string_view>("disservice")) return;
    std::optional<uint32_t> first;
    uint32_t cues = 0;
    for (uint32_t i : c.events) {
      if (!AreCompanyWords(events_[i])) continue;
      if (!first) first = i;
      cues |= events_[i].cues;
      // Taking it on with no fault said ("ha ragione", "ce ne occupiamo noi") takes responsibility.
      if (events_[i].Has(kCueOwnership)) cues |= kCueResponsibility;
      // A commitment is also a promise or a remedy with a date ("il tecnico passa giovedì").
      if (events_[i].Has(kCuePromise) || HasDatedStep(events_[i])) cues |= kCueCommitment;
    }
    if (!first || (cues & kRepairCues) == kRepairCues) return;
    Finding& f = Add(Rule::kTrustRepairIncomplete, c.number, {*first});
    f.detail = RepairParts{kRepairCues & ~cues};
    f.severity = SeverityOf(f);
  }

  // trust_alarm: the third contact within 7 days, or a threat to leave or complain; once a case.
  void TrustAlarm(const Case& c) {
    std::vector<uint32_t> contacts;
    for (uint32_t i : c.events) {
      const Event& e = events_[i];
      if (!IsContact(e)) continue;
      contacts.push_back(i);
      const bool repeated =
          contacts.size() >= kAlarmContacts &&
          e.at - events_[contacts[contacts.size() - kAlarmContacts]].at <= kAlarmWindow;
      if (!repeated && !e.Has(kCueThreat)) continue;
      std::vector<uint32_t> messages{i};
      if (repeated) {
        messages.insert(messages.end(), contacts.end() - kAlarmContacts, contacts.end() - 1);
      }
      Finding& f = Add(Rule::kTrustAlarm, c.number, std::move(messages));
      f.severity = SeverityOf(f);
      return;
    }
  }

  const TimingContext& ctx_;
  const Timeline& t_;
  uint32_t index_;
  const std::vector<Event>& events_;
  TrustResult result_;
};

}  // namespace

TrustResult JudgeTrust(const TimingContext& ctx, const Timeline& timeline,
                       uint32_t timeline_index) {
  return TrustJudge(ctx, timeline, timeline_index).Run();
}

}  // namespace fiducia

#include "server/live_judgement.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "rules/catalogue.h"
#include "rules/deadline.h"
#include "rules/wording_rules.h"

namespace fiducia {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

seconds Business(const BusinessCalendar& calendar, Instant from, Instant to) {
  return std::chrono::duration_cast<seconds>(calendar.BusinessTime(from, to));
}

// The earliest of `moments` after `after`.
void KeepEarliest(std::optional<Instant>& earliest, Instant moment, Instant after) {
  if (moment > after && (!earliest || moment < *earliest)) earliest = moment;
}

}  // namespace

Instant AlertDue(const Finding& f, const Corpus& corpus) {
  if (f.deadline) return *f.deadline;
  Instant last = Instant::min();
  for (uint32_t m : f.messages) last = std::max(last, corpus.events()[m].at);
  return last + f.target;
}

KeptJudgement::KeptJudgement(CustomerJudgement judged) {
  const std::vector<uint32_t>& events = judged.timeline.events;
  const Header header{static_cast<uint32_t>(events.size()),
                      static_cast<uint32_t>(judged.requests.size()), judged.trust,
                      judged.judged_at};
  const size_t requests_bytes = sizeof(RequestOutcome) * judged.requests.size();
  const size_t events_bytes = sizeof(uint32_t) * events.size();
  static_assert(sizeof(Header) % alignof(RequestOutcome) == 0);
  static_assert(sizeof(RequestOutcome) % alignof(uint32_t) == 0);
  block_ = std::make_unique_for_overwrite<std::byte[]>(sizeof(Header) + requests_bytes +
                                                       2 * events_bytes);
  std::byte* at = block_.get();
  std::memcpy(at, &header, sizeof(Header));
  at += sizeof(Header);
  if (requests_bytes > 0) std::memcpy(at, judged.requests.data(), requests_bytes);
  at += requests_bytes;
  if (events_bytes > 0) {
    std::memcpy(at, events.data(), events_bytes);
    std::memcpy(at + events_bytes, judged.timeline.case_of.data(), events_bytes);
  }
  findings_ = std::move(judged.findings);
  findings_.shrink_to_fit();
}

std::span<const RequestOutcome> KeptJudgement::requests() const {
  if (!block_) return {};
  return {reinterpret_cast<const RequestOutcome*>(block_.get() + sizeof(Header)),
          header()->requests};
}

std::span<const uint32_t> KeptJudgement::events() const {
  if (!block_) return {};
  const std::byte* at = block_.get() + sizeof(Header) + sizeof(RequestOutcome) * header()->requests;
  return {reinterpret_cast<const uint32_t*>(at), header()->events};
}

Symbol KeptJudgement::CustomerHandle(const Corpus& corpus) const {
  for (uint32_t i : events()) {
    if (corpus.events()[i].customer != kNoSymbol) return corpus.events()[i].customer;
  }
  return kNoSymbol;
}

CustomerJudgement KeptJudgement::Unpack(const Corpus& corpus) const {
  CustomerJudgement j;
  if (!block_) return j;
  const std::span<const uint32_t> kept = events();
  if (!kept.empty()) {
    j.timeline = RebuildCustomerTimeline(corpus, kept, {case_of(), kept.size()});
  }
  j.findings = findings_;
  const std::span<const RequestOutcome> requests = this->requests();
  j.requests.assign(requests.begin(), requests.end());
  j.trust = header()->trust;
  j.judged_at = header()->judged_at;
  return j;
}

LiveWorkspace::LiveWorkspace(const AuditPolicy& policy, const IngestOptions& options)
    : policy_(policy),
      sink_(options, state_.corpus, state_.ingest),
      team_(state_.corpus, policy.calendar, policy.team) {}

void LiveWorkspace::CoverSymbols() {
  const size_t symbols = state_.corpus.symbols().size();
  while (parent_.size() < symbols) parent_.push_back(static_cast<Symbol>(parent_.size()));
  if (customer_of_root_.size() < symbols) customer_of_root_.resize(symbols, kNone);
  if (conversation_owner_.size() < symbols) conversation_owner_.resize(symbols, kNone);
}

Symbol LiveWorkspace::Root(Symbol handle) {
  CoverSymbols();
  while (parent_[handle] != handle) {
    parent_[handle] = parent_[parent_[handle]];  // path halving
    handle = parent_[handle];
  }
  return handle;
}

uint32_t LiveWorkspace::CustomerOfRoot(Symbol root) {
  uint32_t& customer = customer_of_root_[root];
  if (customer == kNone) {
    customer = static_cast<uint32_t>(customers_.size());
    customers_.emplace_back();
    ++customer_count_;
  }
  return customer;
}

void LiveWorkspace::MarkDirty(uint32_t customer) {
  Customer& c = customers_[customer];
  if (c.dirty || !c.alive) return;
  c.dirty = true;
  dirty_.push_back(customer);
}

// Two handles are one person: their customers become one, judged again (the other's judgement,
// its waiting requests and timers are dropped).
void LiveWorkspace::Join(Symbol a, Symbol b) {
  Symbol ra = Root(a), rb = Root(b);
  if (ra == rb) return;
  if (rb < ra) std::swap(ra, rb);
  parent_[rb] = ra;
  const uint32_t from = customer_of_root_[rb], to = customer_of_root_[ra];
  if (from == kNone) return;
  customer_of_root_[rb] = kNone;
  if (to == kNone) {
    customer_of_root_[ra] = from;
    MarkDirty(from);
    return;
  }
  Customer& gone = customers_[from];
  Customer& kept = customers_[to];
  kept.own.insert(kept.own.end(), gone.own.begin(), gone.own.end());
  kept.conversations.insert(kept.conversations.end(), gone.conversations.begin(),
                            gone.conversations.end());
  IndexWaits(gone.judged, from, /*add=*/false);
  Retally(gone.judged.events(), {});
  gone = Customer{};
  gone.alive = false;
  ++gone.version;  // its timers are stale
  --customer_count_;
  MarkDirty(to);
}

void LiveWorkspace::MoveConversation(Symbol conversation, uint32_t from, uint32_t to) {
  auto& list = customers_[from].conversations;
  list.erase(std::remove(list.begin(), list.end(), conversation), list.end());
  customers_[to].conversations.push_back(conversation);
  MarkDirty(from);
}

// As BuildTimelines groups events: by the person of the handle they were written with, or, with
// none, by the owner of their conversation (the person of its first event with a customer).
void LiveWorkspace::Index(uint32_t i) {
  const Event& e = state_.corpus.events()[i];
  if (e.customer != kNoSymbol) {
    for (Symbol alias : e.aliases) Join(e.customer, alias);
    const uint32_t mine = CustomerOfRoot(Root(e.customer));
    customers_[mine].own.push_back(i);
    MarkDirty(mine);
    if (e.conversation == kNoSymbol) return;
    uint32_t& owner = conversation_owner_[e.conversation];
    const auto& events = state_.corpus.events();
    if (owner != kNone && !state_.corpus.ComesBefore(e, events[owner])) return;
    if (owner == kNone) {
      customers_[mine].conversations.push_back(e.conversation);
    } else {
      const uint32_t before = CustomerOfRoot(Root(events[owner].customer));
      if (before != mine) MoveConversation(e.conversation, before, mine);
    }
    conversation_owner_[e.conversation] = i;  // `owner` may have moved: Root grows the tables
    return;
  }
  if (e.conversation == kNoSymbol) return;  // unattached
  CoverSymbols();
  loose_[e.conversation].push_back(i);
  if (const uint32_t owner = conversation_owner_[e.conversation]; owner != kNone) {
    MarkDirty(CustomerOfRoot(Root(state_.corpus.events()[owner].customer)));
  }
}

void LiveWorkspace::TakeNewEvents() {
  const size_t total = state_.corpus.events().size();
  for (; indexed_ < total; ++indexed_) Index(static_cast<uint32_t>(indexed_));
}

std::vector<uint32_t> LiveWorkspace::EventsOf(const Customer& c) const {
  std::vector<uint32_t> events = c.own;
  for (Symbol conversation : c.conversations) {
    const auto it = loose_.find(conversation);
    if (it != loose_.end()) events.insert(events.end(), it->second.begin(), it->second.end());
  }
  return events;
}

CustomerJudgement LiveWorkspace::JudgeOne(const Customer& c, uint32_t number, Instant at,
                                          double warn_at, std::optional<Instant>* next,
                                          std::optional<Instant>* next_alert) const {
  const auto& events = state_.corpus.events();
  std::vector<uint32_t> mine = EventsOf(c);
  std::optional<Instant> later;  // the first event after `at`: it joins the timeline then
  std::erase_if(mine, [&](uint32_t i) {
    if (events[i].at <= at) return false;
    KeepEarliest(later, events[i].at, at);
    return true;
  });
  CustomerJudgement j;
  j.judged_at = at;
  if (!mine.empty()) {
    j.timeline = BuildCustomerTimeline(state_.corpus, std::move(mine), policy_.threading);
    const TimingContext ctx{state_.corpus, policy_.calendar, policy_.timing, at};
    TimingResult timing = JudgeTiming(ctx, j.timeline, number);
    j.findings = JudgeWording(ctx, j.timeline, number);
    TrustResult trust = JudgeTrust(ctx, j.timeline, number);
    std::move(trust.findings.begin(), trust.findings.end(), std::back_inserter(j.findings));
    std::move(timing.findings.begin(), timing.findings.end(), std::back_inserter(j.findings));
    j.requests = std::move(timing.requests);
    j.trust = trust.tally;
  }
  if (!next) return j;
  // The moments the answer may change: a waiting request's warning point, its target (and the
  // second after it: unanswered counts a wait over the target) and twice its target (high); a
  // company message's reply target (silent_no); a promise's deadline (broken_promise).
  std::optional<Instant> alert;
  const BusinessCalendar& calendar = policy_.calendar;
  for (const RequestOutcome& r : j.requests) {
    if (r.answered) continue;
    const Event& anchor = events[r.anchor];
    const seconds target = RequestTarget(policy_.timing, anchor);
    const Instant due = calendar.AddBusinessTime(anchor.at, target);
    KeepEarliest(alert, due, at);
    KeepEarliest(alert,
                 calendar.AddBusinessTime(
                     anchor.at, milliseconds(static_cast<int64_t>(
                                    warn_at * 1000.0 * static_cast<double>(target.count())))),
                 at);
    KeepEarliest(*next, due + seconds(1), at);
    KeepEarliest(*next, calendar.AddBusinessTime(anchor.at, 2 * target), at);
  }
  for (uint32_t i : j.timeline.events) {
    const Event& e = events[i];
    if (!e.SpeaksForCompany() && e.direction != Direction::kNote) continue;
    KeepEarliest(
        alert,
        calendar.AddBusinessTime(e.at, policy_.timing.reply_target[static_cast<size_t>(e.channel)]),
        at);
    if (!e.Has(kCuePromise)) continue;
    for (const Fact& f : state_.corpus.FactsOf(e)) {
      if (!f.promise) continue;
      const std::chrono::minutes offset(e.offset_minutes);
      if (auto due = DeadlineOf(f, e.at, calendar, offset)) KeepEarliest(alert, *due, at);
    }
  }
  if (later) KeepEarliest(alert, *later, at);
  if (alert) KeepEarliest(*next, *alert, at);
  *next_alert = alert;
  return j;
}

void LiveWorkspace::Judge(uint32_t number, Instant now, double warn_at) {
  Customer& c = customers_[number];
  std::optional<Instant> next, next_alert;
  CustomerJudgement judged = JudgeOne(c, number, now, warn_at, &next, &next_alert);
  ++c.version;
  ++judged_total_;
  latest_judgement_ = std::max(latest_judgement_, now);
  IndexWaits(c.judged, number, /*add=*/false);
  Retally(c.judged.events(), judged.timeline.events);
  c.alerts_until = LastAlertDue(judged);
  c.judged = KeptJudgement(std::move(judged));
  IndexWaits(c.judged, number, /*add=*/true);
  // Its event lists grew one event at a time (doubling); kept exact between its events.
  c.own.shrink_to_fit();
  c.conversations.shrink_to_fit();
  if (next) timers_.push({*next, number, c.version});
  if (next_alert) alert_timers_.push({*next_alert, number, c.version});
  if (!c.changed) {
    c.changed = true;
    changed_.push_back(number);
  }
}

Instant LiveWorkspace::LastAlertDue(const CustomerJudgement& judged) const {
  const auto& events = state_.corpus.events();
  Instant last = Instant::min();
  for (const RequestOutcome& r : judged.requests) {
    if (r.answered) continue;
    const Event& anchor = events[r.anchor];
    last = std::max(
        last, policy_.calendar.AddBusinessTime(anchor.at, RequestTarget(policy_.timing, anchor)));
  }
  for (const Finding& f : judged.findings) {
    if (RuleOf(f.rule).alerts) last = std::max(last, AlertDue(f, state_.corpus));
  }
  return last;
}

// Only the events that left or joined the customer's timeline move the team's aggregates: a
// customer judged again after one new event moves that event's agent day and channel hour. A
// conversation that moved to another customer is in both kept judgements until the one it left is
// judged again, but only its events without a customer move, and those are never messages
// (events.md: a message names its customer), which the tally does not count: no event is counted
// twice.
void LiveWorkspace::Retally(std::span<const uint32_t> before, std::span<const uint32_t> after) {
  std::vector<uint32_t> was(before.begin(), before.end()), is(after.begin(), after.end());
  std::sort(was.begin(), was.end());
  std::sort(is.begin(), is.end());
  std::vector<uint32_t> moved;
  std::set_difference(was.begin(), was.end(), is.begin(), is.end(), std::back_inserter(moved));
  for (const uint32_t event : moved) team_.Remove(event);
  moved.clear();
  std::set_difference(is.begin(), is.end(), was.begin(), was.end(), std::back_inserter(moved));
  for (const uint32_t event : moved) team_.Add(event);
}

void LiveWorkspace::IndexWaits(const KeptJudgement& judged, uint32_t customer, bool add) {
  const auto& events = state_.corpus.events();
  for (const RequestOutcome& r : judged.requests()) {
    if (r.answered) continue;
    const Event& anchor = events[r.anchor];
    const WaitEntry w{
        policy_.calendar.AddBusinessTime(anchor.at, RequestTarget(policy_.timing, anchor)),
        anchor.at, r.anchor, customer};
    if (add) {
      waiting_.insert(w);
    } else {
      waiting_.erase(w);
    }
  }
}

size_t LiveWorkspace::Update(Instant now, double warn_at, size_t limit) {
  if (warn_at != warn_at_ || now < latest_judgement_) {
    // Another warning point, or a clock set back: every moment known is wrong.
    warn_at_ = warn_at;
    latest_judgement_ = Instant::min();
    for (uint32_t i = 0; i < customers_.size(); ++i) MarkDirty(i);
  }
  while (!timers_.empty() && timers_.top().at <= now) {
    const Timer t = timers_.top();
    timers_.pop();
    if (customers_[t.customer].version == t.version) MarkDirty(t.customer);
  }
  size_t judged = 0;
  while (!dirty_.empty() && judged < limit) {
    const uint32_t number = dirty_.back();
    dirty_.pop_back();
    Customer& c = customers_[number];
    c.dirty = false;
    if (!c.alive) continue;
    Judge(number, now, warn_at);
    ++judged;
  }
  return judged;
}

std::optional<uint32_t> LiveWorkspace::CustomerOf(std::string_view handle) {
  const Symbol s = state_.corpus.symbols().Find(handle);
  if (s == kNoSymbol) return std::nullopt;
  const uint32_t customer = customer_of_root_[Root(s)];
  if (customer == kNone) return std::nullopt;
  return customer;
}

std::vector<uint32_t> LiveWorkspace::TakeChanged() {
  std::vector<uint32_t> out;
  out.swap(changed_);
  for (uint32_t i : out) customers_[i].changed = false;
  std::erase_if(out, [&](uint32_t i) { return !customers_[i].alive; });
  return out;
}

std::optional<Instant> LiveWorkspace::NextAlertMoment(Instant now) {
  while (!alert_timers_.empty() &&
         (alert_timers_.top().at <= now ||
          customers_[alert_timers_.top().customer].version != alert_timers_.top().version)) {
    alert_timers_.pop();
  }
  if (alert_timers_.empty()) return std::nullopt;
  return alert_timers_.top().at;
}

void LiveWorkspace::AgeTo(CustomerJudgement& j, Instant now) const {
  if (j.judged_at == now) return;
  const auto& events = state_.corpus.events();
  for (RequestOutcome& r : j.requests) {
    if (r.answered) continue;
    r.wait = WaitAt(r, now);
    r.within_target = r.wait <= RequestTarget(policy_.timing, events[r.anchor]);
  }
  for (Finding& f : j.findings) AgeTo(f, now);
  j.judged_at = now;
}

seconds LiveWorkspace::WaitAt(const RequestOutcome& r, Instant now) const {
  return Business(policy_.calendar, state_.corpus.events()[r.anchor].at, now);
}

void LiveWorkspace::AgeTo(Finding& f, Instant now) const {
  const BusinessCalendar& calendar = policy_.calendar;
  if (f.rule == Rule::kUnanswered || f.rule == Rule::kSilentNo) {
    f.business_time = Business(calendar, state_.corpus.events()[f.messages.front()].at, now);
  } else if (f.rule == Rule::kBrokenPromise && f.messages.size() == 1 && f.deadline) {
    f.business_time = Business(calendar, *f.deadline, now);
  }
}

const AuditResult& LiveWorkspace::View(Instant now) {
  std::vector<CustomerJudgement> aged;
  aged.reserve(customer_count_);
  for (const Customer& c : customers_) {
    if (!c.alive || c.judged.empty()) continue;
    aged.push_back(c.judged.Unpack(state_.corpus));
    AgeTo(aged.back(), now);
  }
  std::vector<const CustomerJudgement*> judged;
  for (const CustomerJudgement& j : aged) judged.push_back(&j);
  Gather(judged, now, /*live=*/true);
  return state_;
}

const std::vector<Finding>& LiveWorkspace::TeamFindings() const { return team_findings_; }

const AuditResult& LiveWorkspace::ViewAt(Instant as_of) {
  std::vector<CustomerJudgement> fresh;
  for (uint32_t i = 0; i < customers_.size(); ++i) {
    const Customer& c = customers_[i];
    if (!c.alive) continue;
    fresh.push_back(JudgeOne(c, i, as_of, warn_at_, nullptr, nullptr));
    ++judged_total_;
    if (fresh.back().timeline.events.empty()) fresh.pop_back();
  }
  std::vector<const CustomerJudgement*> judged;
  for (const CustomerJudgement& j : fresh) judged.push_back(&j);
  // The team judged at another moment is this view's, not the live one's: the live team findings
  // (read by timelines) are kept as they were.
  std::vector<Finding> live_team = std::move(team_findings_);
  std::vector<AgentDay> live_days = std::move(agent_days_);
  Gather(judged, as_of, /*live=*/false);
  team_findings_ = std::move(live_team);
  agent_days_ = std::move(live_days);
  return state_;
}

// As JudgeCorpus leaves its result: customers by first event, cases numbered by first event over
// the workspace, findings by anchor time, rule and id, requests by anchor.
void LiveWorkspace::Gather(const std::vector<const CustomerJudgement*>& unordered, Instant as_of,
                           bool live) {
  const Corpus& corpus = state_.corpus;
  const auto& events = corpus.events();
  auto before = [&](uint32_t a, uint32_t b) { return corpus.ComesBefore(events[a], events[b]); };
  std::vector<const CustomerJudgement*> judged = unordered;
  std::sort(judged.begin(), judged.end(), [&](const auto* a, const auto* b) {
    return before(a->timeline.events.front(), b->timeline.events.front());
  });
  // Case numbers over the workspace: (first event, customer, case within it).
  struct CaseRef {
    uint32_t first_event, customer, local;
  };
  std::vector<CaseRef> cases;
  for (uint32_t t = 0; t < judged.size(); ++t) {
    for (uint32_t c = 0; c < judged[t]->timeline.cases.size(); ++c) {
      cases.push_back({judged[t]->timeline.cases[c].first_event, t, c});
    }
  }
  std::sort(cases.begin(), cases.end(), [&](const CaseRef& a, const CaseRef& b) {
    return before(a.first_event, b.first_event);
  });
  AuditResult& r = state_;
  r.as_of = as_of;
  r.timelines.customers.clear();
  r.timelines.customers.reserve(judged.size());
  for (const CustomerJudgement* j : judged) r.timelines.customers.push_back(j->timeline);
  for (uint32_t n = 0; n < cases.size(); ++n) {
    r.timelines.customers[cases[n].customer].cases[cases[n].local].number = n + 1;
  }
  r.timelines.case_count = cases.size();
  r.findings.clear();
  r.requests.clear();
  r.trust = {};
  r.messages = 0;
  for (uint32_t t = 0; t < judged.size(); ++t) {
    const Timeline& timeline = r.timelines.customers[t];
    auto global = [&](uint32_t local_case) { return timeline.cases[local_case - 1].number; };
    for (Finding f : judged[t]->findings) {
      f.timeline = t;
      f.case_number = global(f.case_number);
      r.findings.push_back(std::move(f));
    }
    for (RequestOutcome q : judged[t]->requests) {
      q.case_number = global(q.case_number);
      r.requests.push_back(q);
    }
    r.trust += judged[t]->trust;
    for (uint32_t i : timeline.events) r.messages += events[i].IsMessage() ? 1 : 0;
  }
  // The time order of every judged event, as BuildTimelines ranks them.
  std::vector<uint32_t> order;
  for (const Timeline& t : r.timelines.customers)
    order.insert(order.end(), t.events.begin(), t.events.end());
  std::sort(order.begin(), order.end(), before);
  r.timelines.rank.assign(events.size(), UINT32_MAX);
  for (uint32_t k = 0; k < order.size(); ++k) r.timelines.rank[order[k]] = k;
  const std::vector<uint32_t>& rank = r.timelines.rank;
  std::vector<Finding> late;
  for (const Finding& f : r.findings) {
    if (f.rule == Rule::kLateReply) late.push_back(f);
  }
  std::sort(late.begin(), late.end(), [&](const Finding& a, const Finding& b) {
    return std::pair(rank[a.messages.front()], rank[a.messages.back()]) <
           std::pair(rank[b.messages.front()], rank[b.messages.back()]);
  });
  const TimingContext ctx{corpus, policy_.calendar, policy_.timing, as_of};
  TeamResult team =
      live ? team_.Judge(r.timelines, late) : JudgeTeam(ctx, policy_.team, r.timelines, late);
  team_findings_ = std::move(team.findings);
  agent_days_ = std::move(team.agent_days);
  r.findings.insert(r.findings.end(), team_findings_.begin(), team_findings_.end());
  r.agent_days = agent_days_;
  std::sort(r.findings.begin(), r.findings.end(), [&](const Finding& a, const Finding& b) {
    const Event& ea = events[a.messages.front()];
    const Event& eb = events[b.messages.front()];
    if (ea.at != eb.at) return ea.at < eb.at;
    if (a.rule != b.rule) return a.rule < b.rule;
    return rank[a.messages.front()] < rank[b.messages.front()];
  });
  std::sort(r.requests.begin(), r.requests.end(),
            [&](const RequestOutcome& a, const RequestOutcome& b) {
              return rank[a.anchor] < rank[b.anchor];
            });
  r.grid.clear();  // the grid is the report's; the server's views do not read it
}

}  // namespace fiducia

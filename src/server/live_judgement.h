// One workspace of `fiducia serve`, judged one customer at a time (../shared/DESIGN.md, serve):
// each customer's judgement is kept; an event judges again only its customer (an identity join, the
// customers it merges), and what changes with time comes from each customer's next moment in a
// timer queue. The waiting list is an index ordered by the instant each target falls, which is the
// order of time left, so a page of it costs what the page holds.
//
// A customer's rules are pure functions of its timeline, the calendar and `as_of`
// (rules/timing.h, wording_rules.h, trust_rules.h); a judgement made at t0 stays that customer's
// answer until its next moment, except the waits that grow with the clock (a waiting request's
// wait, an unanswered or silent_no finding's, a broken promise's time since its deadline), which a
// read works out again at its own moment. The team rules (agent_strain, volume_spike) read a tally
// of the agents' days and the channels' hours that each customer's judgement updates with the
// events it took in or out (rules/team_rules.h): judging them at a read reads those aggregates.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <span>
#include <unordered_map>
#include <vector>

#include "audit/audit.h"
#include "audit/audit_policy.h"
#include "ingest/ingest.h"
#include "rules/team_rules.h"

namespace fiducia {

// A waiting request: least time left first (business time runs the same way for every request,
// so the order of the instants its targets fall is the order of time left), then by its anchor.
struct WaitEntry {
  Instant due;
  Instant since;          // the anchor's time
  uint32_t anchor = 0;    // index into Corpus::events()
  uint32_t customer = 0;  // the LiveWorkspace's customer number
  // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 flags the 0 a defaulted <=> compares with
  auto operator<=>(const WaitEntry&) const = default;
};

// What the rules decided about one customer at `judged_at`.
struct CustomerJudgement {
  Timeline timeline;  // its cases numbered within the customer
  // `timeline` is the customer number, `case_number` the case within the customer (the view
  // numbers both over the workspace).
  std::vector<Finding> findings;
  std::vector<RequestOutcome> requests;
  TrustTally trust;
  Instant judged_at{};
};

// A CustomerJudgement as the workspace keeps it between the customer's moments, in about a third
// of the memory: the timeline as its events and their cases only (RebuildCustomerTimeline gives
// the rest back), the requests and those two arrays in one block, no slack in any array. A million
// customers are kept at once; Unpack gives the judgement back, equal to the one packed.
// When a finding that alerts falls due: a promise's deadline; else its last message and the
// target it was judged against (a silent_no's reply target after the company's message).
Instant AlertDue(const Finding& f, const Corpus& corpus);

class KeptJudgement {
 public:
  KeptJudgement() = default;
  explicit KeptJudgement(CustomerJudgement judged);

  CustomerJudgement Unpack(const Corpus& corpus) const;
  bool judged() const { return block_ != nullptr; }
  // No event was judged (never judged, or none at its moment).
  bool empty() const { return events().empty(); }
  std::span<const uint32_t> events() const;  // time order
  std::span<const RequestOutcome> requests() const;
  std::span<const Finding> findings() const { return findings_; }
  // The timeline's customer (the handle of its first event written with one).
  Symbol CustomerHandle(const Corpus& corpus) const;

 private:
  struct Header {
    uint32_t events = 0, requests = 0;
    TrustTally trust;
    Instant judged_at{};
  };
  const Header* header() const { return reinterpret_cast<const Header*>(block_.get()); }
  const uint32_t* case_of() const { return events().data() + header()->events; }

  // Header, the requests, the events, their cases.
  std::unique_ptr<std::byte[]> block_;
  std::vector<Finding> findings_;  // sized exactly
};

class LiveWorkspace {
 public:
  LiveWorkspace(const AuditPolicy& policy, const IngestOptions& options);
  LiveWorkspace(const LiveWorkspace&) = delete;
  LiveWorkspace& operator=(const LiveWorkspace&) = delete;

  Corpus& corpus() { return state_.corpus; }
  const Corpus& corpus() const { return state_.corpus; }
  // Where stored events enter (text analysed); TakeNewEvents then indexes what it added.
  IngestSink& sink() { return sink_; }
  // Indexes the events added to the corpus since the last call: each joins its customer (or the
  // owner of its conversation), who is judged again at the next Update.
  void TakeNewEvents();

  // Judges again, at `now`, the customers whose events changed and those whose next moment is at
  // or before `now`, at most `limit` of them (a restart catches up in steps, the lock released
  // between them); how many were judged. `warn_at`: the share of a target at which an alert warns.
  size_t Update(Instant now, double warn_at, size_t limit = SIZE_MAX);
  // Customers whose events changed and who were not judged since.
  size_t pending() const { return dirty_.size(); }

  // The waiting requests, least time left first.
  const std::set<WaitEntry>& waiting() const { return waiting_; }
  // The customer's judgement, unpacked (a copy).
  CustomerJudgement judgement(uint32_t customer) const {
    return customers_[customer].judged.Unpack(state_.corpus);
  }
  // The customer's judgement as kept (its requests and findings read without unpacking it).
  const KeptJudgement& kept(uint32_t customer) const { return customers_[customer].judged; }
  // The last moment at which something of the customer's judgement fell or falls due for an
  // alert (a waiting request's target, an alerting finding's due moment); Instant::min() when
  // nothing in it alerts. A customer whose moment is before the alerts' backlog has only history.
  Instant AlertsUntil(uint32_t customer) const { return customers_[customer].alerts_until; }
  // The customer's handle as its judgement's timeline names it, without unpacking it.
  Symbol CustomerHandle(uint32_t customer) const {
    return customers_[customer].judged.CustomerHandle(state_.corpus);
  }
  // The customer one of whose handles is `handle`; nullopt when none.
  std::optional<uint32_t> CustomerOf(std::string_view handle);
  // The customers judged since the last call (the alerts look at them only).
  std::vector<uint32_t> TakeChanged();
  // The first moment after `now` at which a waiting request reaches its warning point or target,
  // a silent_no or a broken promise may fall due.
  std::optional<Instant> NextAlertMoment(Instant now);

  // Every customer's judgement gathered as the audit's result at `now` (after Update(now)):
  // customers in the order of their first event, cases numbered over the workspace, waits at
  // `now`, the team rules judged, findings in the audit's order.
  const AuditResult& View(Instant now);
  // The team rules' findings (agent_strain, volume_spike) as the last View judged them; their
  // `timeline` and `case_number` are that view's (numbering them needs every customer), so a read
  // of one customer (its timeline) takes them as they are: as fresh as the last /v1/findings read
  // (an agent's day and a channel's hour are not a second's news).
  const std::vector<Finding>& TeamFindings() const;
  // The same judgement made afresh at `as_of` for every customer (a read of another moment than
  // now); events after `as_of` are left out of the timelines.
  const AuditResult& ViewAt(Instant as_of);

  uint64_t customers_judged() const { return judged_total_; }
  // Events counted into or out of the team's aggregates so far (an event judged again for its
  // customer moves only what changed in that customer's timeline).
  uint64_t team_changes() const { return team_.changes(); }
  size_t customer_count() const { return customer_count_; }

  // A judgement's waits worked out again at `now` (judged at or before it, before its next
  // moment): what grows with the clock.
  void AgeTo(CustomerJudgement& j, Instant now) const;
  // A waiting request's wait at `now`, and a finding's business time at `now`, as AgeTo sets them.
  std::chrono::seconds WaitAt(const RequestOutcome& r, Instant now) const;
  void AgeTo(Finding& f, Instant now) const;

 private:
  struct Customer {
    std::vector<uint32_t> own;          // events written with one of its handles
    std::vector<Symbol> conversations;  // conversations it owns: their loose events are its own
    KeptJudgement judged;
    Instant alerts_until = Instant::min();  // AlertsUntil
    uint32_t version = 0;                   // bumped at each judgement: older timers are stale
    bool alive = true, dirty = false, changed = false;
  };
  struct Timer {
    Instant at;
    uint32_t customer, version;
    bool operator>(const Timer& o) const { return at > o.at; }
  };
  using TimerQueue = std::priority_queue<Timer, std::vector<Timer>, std::greater<>>;

  static constexpr uint32_t kNone = UINT32_MAX;
  // The tables by symbol cover every symbol of the corpus.
  void CoverSymbols();
  Symbol Root(Symbol handle);
  uint32_t CustomerOfRoot(Symbol root);
  void Join(Symbol a, Symbol b);
  void MoveConversation(Symbol conversation, uint32_t from, uint32_t to);
  void MarkDirty(uint32_t customer);
  void Index(uint32_t event);
  std::vector<uint32_t> EventsOf(const Customer& c) const;
  // The rules over one customer at `at`; `next` and `next_alert`: the moments after `at` at which
  // the answer (or an alert) may change.
  CustomerJudgement JudgeOne(const Customer& c, uint32_t number, Instant at, double warn_at,
                             std::optional<Instant>* next,
                             std::optional<Instant>* next_alert) const;
  void Judge(uint32_t customer, Instant now, double warn_at);
  Instant LastAlertDue(const CustomerJudgement& judged) const;
  // The entries of a customer's judgement in waiting_ (its unanswered requests), added or removed.
  void IndexWaits(const KeptJudgement& judged, uint32_t customer, bool add);
  // `live`: the team rules read the kept tally; otherwise (another moment) they are judged afresh.
  void Gather(const std::vector<const CustomerJudgement*>& judged, Instant as_of, bool live);
  // The team's tally follows a customer's judged events from `before` to `after`.
  void Retally(std::span<const uint32_t> before, std::span<const uint32_t> after);

  const AuditPolicy& policy_;
  AuditResult state_;  // the corpus, and the view View() gathers
  IngestSink sink_;
  size_t indexed_ = 0;  // events of the corpus indexed so far
  // By symbol, a million or more of them: arrays, not hash maps (a node each).
  std::vector<Symbol> parent_;                // union-find over handle symbols
  std::vector<uint32_t> customer_of_root_;    // by a root handle: its customer, or kNone
  std::vector<uint32_t> conversation_owner_;  // by conversation: its first event with a customer
  // By conversation, the few that have them: its events without a customer.
  std::unordered_map<Symbol, std::vector<uint32_t>> loose_;
  std::vector<Customer> customers_;
  size_t customer_count_ = 0;
  std::vector<uint32_t> dirty_;
  std::vector<uint32_t> changed_;
  std::set<WaitEntry> waiting_;
  TimerQueue timers_, alert_timers_;
  double warn_at_ = 0.8;
  Instant latest_judgement_ = Instant::min();
  uint64_t judged_total_ = 0;
  // Every judged customer's events, as the team rules count them.
  TeamTally team_;
  // The team rules' findings and the agents' days as the last View judged them.
  std::vector<Finding> team_findings_;
  std::vector<AgentDay> agent_days_;
};

}  // namespace fiducia

// What `fiducia serve` answers, independent of the network: one request in, one response out.
// Events posted are validated and made durable in the store (group commit) before they are
// acknowledged, without waiting for the live corpus; every read first takes into the corpus what
// the store holds beyond it. Each customer's judgement is kept (server/live_judgement.h): a read
// judges again only the customers whose events changed or whose next moment came, with the
// audit's own rules, so that replaying a corpus through POST /v1/events gives the audit's
// findings; a read at another moment (as_of) judges every customer afresh.
// Each token belongs to a workspace (a client company of a consultant): its events, findings,
// waiting list, timelines and alerts are kept apart from every other workspace's. Several services
// may share one store (serve nodes on one PostgreSQL): each reads what the others added before it
// judges.
//   POST /v1/events            one event, a JSON array of events, or JSON Lines
//   GET  /v1/waiting?limit=&cursor=   who waits for an answer now, least time left to target
//                              first, a page at a time (next_cursor for the next page)
//   GET  /v1/customers/{handle}/timeline
//   GET  /v1/findings?rule=&since=&as_of=
//   POST /v1/coach             {"text": "draft"} -> the reply coach's advice
//   GET  /metrics  (Prometheus text)   GET /healthz (the HTTP layer answers it without a lock)
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "audit/audit.h"
#include "common/clock.h"
#include "ingest/event_reader.h"
#include "report/language.h"
#include "server/http_error.h"
#include "server/live_judgement.h"
#include "server/serve_config.h"
#include "store/event_store.h"
#include "text/analyser.h"

namespace fiducia {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query: "/v1/findings?rule=unanswered"
  std::string body;
  std::string authorization;  // the Authorization header, as sent
  // Every header, names lower-cased (the webhooks' signatures); the last one of a repeated name.
  std::map<std::string, std::string> headers = {};
  std::string peer = {};  // the client's address, for limits on unauthenticated routes
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};  // Retry-After, CSP, …
};

// What answers requests: the Service, or the Gateway in front of it (server/gateway.h).
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual HttpResponse Handle(const HttpRequest& request) = 0;
  // The HTTP layer answered 413 to a body over its limit without reading it (for /metrics).
  virtual void CountTooLarge() {}
};

// What one POST of events came to: the events new to the store, those it held already, and the
// bad ones (1-based position in the batch, and why).
struct IngestOutcome {
  size_t accepted = 0, duplicates = 0;
  std::vector<std::pair<size_t, std::string>> rejected;
};

// The one error shape, for a domain error or an HTTP refusal (server/http_error.h):
// {"error": {"code": "invalid_input", "message": "…"}}.
HttpResponse ErrorResponse(const HttpError& error);

// The rejected events of an IngestOutcome as JSON: [{"event": 2, "message": "…"}].
std::string RejectedJson(const std::vector<std::pair<size_t, std::string>>& rejected);

// Something that deserves a person's attention now (fiducia serve's alerts): a request near or
// past its target, or a finding of the rules that raise themselves when their time passes.
struct DueAlert {
  std::string key;   // the same key every time the same thing is due: alerts go out once
  std::string json;  // {"alert": "warning"|"breach"|RULE, "customer", "message", "at", "text"}
  std::string text;  // one sentence for a person, in the service's language
  std::string workspace{kDefaultWorkspace};
};

class Service : public RequestHandler {
 public:
  Service(ServeConfig config, std::unique_ptr<EventStore> store, const Clock& clock, Lang lang);
  ~Service();

  // Reads the events the store holds that this service has not read yet: every one at start-up,
  // then those other nodes added. Reads and the alert loop do it before they judge.
  Status Refresh();
  // Refresh() and every customer judged: a service ready to answer (tests, the benchmark).
  Status Load();
  // What a restarted server does in the background after it starts to answer: reads the store in
  // chunks and judges the customers in steps, taking each lock only for one step, until nothing
  // is left or `stop` is requested. Reads meanwhile answer with what is judged so far.
  Status CatchUp(const std::function<bool()>& stop = {});
  // Before the server answers, when CatchUp will run: from now until it ends, a read of what is
  // not judged yet answers "catching up" (503), never "not found".
  void ExpectCatchUp() { catching_up_ = reading_store_ = true; }
  HttpResponse Handle(const HttpRequest& request) override;
  // Validates canonical event texts, makes the valid ones durable in `workspace`, then adds them to
  // its corpus: POST /v1/events and the webhooks. An error when none is valid or the store failed.
  Result<IngestOutcome> Ingest(const std::string& workspace,
                               const std::vector<std::string>& events);

  // What is due at `now`, in every workspace: a warning when a waiting request has used `warn_at`
  // of its target, a breach at the target, and each silent_no, broken_promise and trust_alarm
  // finding.
  std::vector<DueAlert> AlertsAt(Instant now, double warn_at);
  // The first moment after `now` at which a waiting request of any workspace reaches its warning
  // point or target.
  std::optional<Instant> NextMoment(Instant now, double warn_at);
  EventStore& store() { return *store_; }

  // Largest request body accepted (the HTTP layer enforces it before reading).
  static constexpr size_t kMaxBody = 16 << 20;

 private:
  // One workspace's live corpus and its latest judgement.
  struct Workspace;
  using Query = std::map<std::string, std::string>;

  HttpResponse PostEvents(const std::string& workspace, const std::string& body);
  HttpResponse Waiting(const std::string& workspace, const Query& query);
  HttpResponse Timeline(const std::string& workspace, std::string_view handle);
  HttpResponse Findings(const std::string& workspace, const Query& query);
  HttpResponse Coach(const std::string& body);
  HttpResponse Metrics();
  // The workspace of the request's token ("default" while no token is issued), or why the request
  // may not go on (401 without a valid token, 403 beyond its role).
  std::variant<std::string, HttpError> Authorise(const HttpRequest& request, std::string_view path);
  // The workspace's state, created empty when it has none yet. Callers hold mu_.
  Workspace& WorkspaceNamed(std::string_view name);
  // Refresh() for callers that hold mu_; with `one_chunk`, one chunk of the store only (an
  // IoError "more to read" when more is left).
  Status RefreshLocked(bool one_chunk = false);
  // Refreshes, then judges again in `name` the customers that changed or whose moment came at
  // `now` (at most kReadJudgements of them; the rest are left to CatchUp). Takes mu_ and then the
  // workspace's lock; returns the workspace with its lock released.
  Workspace& Prepared(const std::string& name, Instant now);
  // Runs CatchUp on a thread of its own unless one runs.
  void StartCatchUp();
  // The posted events that are valid (id and line), the others' line numbers and reasons in
  // `outcome.rejected`; mu_ is not needed.
  std::vector<StoredEvent> CheckEvents(const std::vector<std::string>& texts,
                                       IngestOutcome& outcome);
  void Count(const std::string& metric, uint64_t n = 1);
  // The moment a read asks about: the query's as_of, else the clock's now.
  Result<Instant> MomentOf(const Query& query) const;
  // The alerts due at `now` for one customer's kept judgement (its waits worked out at `now`);
  // those that fell due before now - [alerts] backlog are history, counted in `history` and not
  // raised.
  void AlertsOf(std::string_view workspace, const LiveWorkspace& live, uint32_t number, Instant now,
                double warn_at, std::vector<DueAlert>& out, size_t& history) const;

  ServeConfig config_;
  std::unique_ptr<EventStore> store_;
  const Clock& clock_;
  Lang lang_;
  // The workspaces and what was read of the store; never held while judging. Each workspace has
  // its own lock, taken after this one.
  std::mutex mu_;
  std::atomic<double> warn_at_{0.8};
  std::atomic<bool> catching_up_{false};  // CatchUp runs: reads answer with what is judged  // the
                                          // alert loop's warning point (AlertPolicy::warn_at)
  // CatchUp reads the store (its first part): reads do not read it meanwhile.
  std::atomic<bool> reading_store_{false};
  IngestOptions ingest_options_;  // before the workspaces: their sinks refer to it
  std::map<std::string, std::unique_ptr<Workspace>, std::less<>> workspaces_;
  int64_t read_up_to_ = 0;  // the number of the last stored event read
  // The store's ChangeMark at the last read that reached the end: equal now, nothing new.
  std::optional<int64_t> read_mark_;
  EventReader reader_;
  std::unique_ptr<TextAnalyser> coach_analyser_;
  // Readers that check posted events, one per concurrent post, borrowed without holding mu_.
  std::mutex checkers_mu_;
  std::vector<std::unique_ptr<EventReader>> idle_checkers_;
  std::mutex counters_mu_;                    // never held while taking mu_
  std::map<std::string, uint64_t> counters_;  // metric name (with labels) -> value
  // CatchUp in the background when more changed than a read judges; last: stopped and joined
  // before the rest goes.
  std::mutex background_mu_;
  std::jthread background_;
};

}  // namespace fiducia

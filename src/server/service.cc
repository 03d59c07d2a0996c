#include "server/service.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "coach/coach.h"
#include "common/json_writer.h"
#include "common/time_text.h"
#include "common/utf8.h"
#include "model/handle.h"
#include "report/audit_json.h"
#include "server/access.h"
#include "server/low_priority.h"

namespace fiducia {
namespace {

HttpResponse Json(int status, std::string body) {
  return {status, "application/json", std::move(body)};
}

// A request's target: a missed call waits for a call back, anything else for its channel's reply.
std::chrono::seconds TargetOf(const AuditConfig& config, const Event& anchor, Channel channel) {
  return anchor.IsMissedCall() ? config.timing.call_back_target
                               : config.timing.reply_target[static_cast<size_t>(channel)];
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%2B39%20333" -> "+39 333"; '+' is a space only in queries.
std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 && HexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
      i += 2;
    } else {
      out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const size_t amp = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (!pair.empty()) {
      out[PercentDecode(pair.substr(0, eq), true)] =
          eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
    }
    query.remove_prefix(std::min(amp + 1, query.size()));
  }
  return out;
}

// A body of one event, a JSON array of events, or JSON Lines -> one JSON text per event.
Result<std::vector<std::string>> SplitEvents(const std::string& body) {
  const size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return Status::InvalidInput("the body holds no events");
  std::vector<std::string> events;
  if (body[first] == '[') {
    simdjson::dom::parser parser;
    simdjson::dom::array array;
    if (parser.parse(body).get_array().get(array) != simdjson::SUCCESS) {
      return Status::InvalidInput("the body starts like a JSON array but is not one");
    }
    for (simdjson::dom::element e : array) events.push_back(simdjson::minify(e));
    return events;
  }
  size_t start = 0;
  while (start < body.size()) {
    const size_t end = std::min(body.find('\n', start), body.size());
    std::string line = body.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) events.push_back(std::move(line));
    start = end + 1;
  }
  return events;
}

}  // namespace

std::string RejectedJson(const std::vector<std::pair<size_t, std::string>>& rejected) {
  JsonWriter w(false);
  w.BeginArray();
  for (const auto& [index, message] : rejected) {
    w.BeginObject().Key("event").Int(static_cast<int64_t>(index));
    w.Key("message").String(message).EndObject();
  }
  w.EndArray();
  return w.Take();
}

HttpResponse ErrorResponse(const HttpError& error) {
  JsonWriter w(false);
  w.BeginObject().Key("error").BeginObject();
  w.Key("code").String(error.code()).Key("message").String(error.message());
  w.EndObject().EndObject();
  return Json(error.http_status(), w.Take() + "\n");
}

struct Service::Workspace {
  explicit Workspace(const IngestOptions& options) : sink(options, state.corpus, state.ingest) {}
  AuditResult state;
  IngestSink sink;  // adds to state.corpus
  std::optional<Instant> judged_at;
};

Service::Service(AuditConfig config, std::unique_ptr<EventStore> store, const Clock& clock,
                 Lang lang)
    : config_(std::move(config)),
      store_(std::move(store)),
      clock_(clock),
      lang_(lang),
      reader_(config_.phone_region, config_.limits) {
  ingest_options_.default_region = config_.phone_region;
  ingest_options_.cues = config_.cues;
  ingest_options_.limits = config_.limits;
  coach_analyser_ = std::make_unique<TextAnalyser>(
      config_.cues ? config_.cues : CueMatcher::BuiltIn(), config_.limits.text_bytes);
}

Service::~Service() = default;

Service::Workspace& Service::WorkspaceNamed(std::string_view name) {
  auto it = workspaces_.find(name);
  if (it == workspaces_.end()) {
    it = workspaces_.emplace(std::string(name), std::make_unique<Workspace>(ingest_options_)).first;
  }
  return *it->second;
}

Status Service::Refresh() {
  std::lock_guard lock(mu_);
  return RefreshLocked();
}

// In chunks, each copied out of the store before its text is analysed, so that the store stays
// free for posts and token checks meanwhile.
Status Service::RefreshLocked() {
  constexpr int64_t kChunk = 2048;
  struct Stored {
    int64_t number;
    std::string workspace, line;
  };
  std::vector<Stored> chunk;
  for (;;) {
    chunk.clear();
    const Status read = store_->ForEachSince(
        read_up_to_,
        [&](int64_t number, std::string_view workspace, std::string_view line) {
          chunk.push_back({number, std::string(workspace), std::string(line)});
        },
        kChunk);
    for (const Stored& stored : chunk) {
      read_up_to_ = stored.number;
      Workspace& ws = WorkspaceNamed(stored.workspace);
      ws.judged_at.reset();
      auto record = reader_.Read(stored.line, ws.state.corpus.symbols());
      if (record.ok()) ws.sink.Add(record->id, std::move(record->event), record->text);
    }
    if (!read.ok()) {
      Count("fiducia_store_errors_total");
      return read;
    }
    if (static_cast<int64_t>(chunk.size()) < kChunk) return Status::Ok();
  }
}

HttpResponse Service::Handle(const HttpRequest& request) {
  const size_t q = request.target.find('?');
  const std::string path = request.target.substr(0, q);
  const auto query = ParseQuery(
      q == std::string::npos ? std::string_view() : std::string_view(request.target).substr(q + 1));
  const bool get = request.method == "GET", post = request.method == "POST";
  HttpResponse response;
  const auto access = Authorise(request, path);
  const std::string* workspace = std::get_if<std::string>(&access);
  if (workspace == nullptr) {
    response = ErrorResponse(std::get<HttpError>(access));
  } else if (path == "/healthz" && get) {
    response = Json(200, "{\"status\":\"ok\"}\n");
  } else if (path == "/metrics" && get) {
    response = Metrics();
  } else if (path == "/v1/events" && post) {
    response = PostEvents(*workspace, request.body);
  } else if (path == "/v1/waiting" && get) {
    response = Waiting(*workspace, query);
  } else if (path == "/v1/findings" && get) {
    response = Findings(*workspace, query);
  } else if (path == "/v1/coach" && post) {
    response = Coach(request.body);
  } else if (path.starts_with("/v1/customers/") && path.ends_with("/timeline") && get) {
    const std::string_view rest = std::string_view(path).substr(14);
    response = Timeline(*workspace, rest.substr(0, rest.size() - 9));
  } else {
    response = ErrorResponse(Status::NotFound(fmt::format("no {} {}", request.method, path)));
  }
  Count(fmt::format("fiducia_http_requests_total{{code=\"{}\"}}", response.status));
  return response;
}

HttpResponse Service::PostEvents(const std::string& workspace, const std::string& body) {
  auto texts = SplitEvents(body);
  if (!texts.ok()) return ErrorResponse(texts.status());
  auto outcome = Ingest(workspace, *texts);
  if (!outcome.ok()) return ErrorResponse(outcome.status());
  return Json(
      200, fmt::format("{{\"accepted\":{},\"duplicates\":{},\"rejected\":{}}}\n", outcome->accepted,
                       outcome->duplicates, RejectedJson(outcome->rejected)));
}

// Posts never wait for the corpora (a read may be judging them): the events are checked,
// made durable, and acknowledged; the corpora take them in at their next read (RefreshLocked).
Result<IngestOutcome> Service::Ingest(const std::string& workspace,
                                      const std::vector<std::string>& texts) {
  if (texts.empty()) return Status::InvalidInput("the body holds no events");
  IngestOutcome outcome;
  const std::vector<StoredEvent> valid = CheckEvents(texts, outcome);
  Count("fiducia_events_rejected_total", outcome.rejected.size());
  if (valid.empty()) {
    return Status::InvalidInput(fmt::format("none of the {} events is valid: {}", texts.size(),
                                            RejectedJson(outcome.rejected)));
  }
  // Durable before anything is acknowledged; the posts that arrive during one commit share the
  // next (the store's group commit).
  auto added = store_->Append(workspace, valid);
  if (!added.ok()) return added.status();
  outcome.accepted = *added;
  outcome.duplicates = valid.size() - *added;
  Count("fiducia_events_accepted_total", outcome.accepted);
  Count("fiducia_events_duplicate_total", outcome.duplicates);
  return outcome;
}

std::vector<StoredEvent> Service::CheckEvents(const std::vector<std::string>& texts,
                                              IngestOutcome& outcome) {
  std::unique_ptr<EventReader> checker;
  {
    std::lock_guard lock(checkers_mu_);
    if (!idle_checkers_.empty()) {
      checker = std::move(idle_checkers_.back());
      idle_checkers_.pop_back();
    }
  }
  if (!checker) checker = std::make_unique<EventReader>(config_.phone_region, config_.limits);
  std::vector<StoredEvent> valid;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto parsed = checker->Parse(texts[i]);
    if (!parsed.ok()) {
      outcome.rejected.emplace_back(i + 1, parsed.status().message());
      continue;
    }
    // Stored as it was read: a line with invalid UTF-8 repaired (a PostgreSQL text refuses it).
    valid.push_back({std::string((*parsed)->id), RepairedUtf8(texts[i])});
  }
  std::lock_guard lock(checkers_mu_);
  idle_checkers_.push_back(std::move(checker));
  return valid;
}

void Service::Count(const std::string& metric, uint64_t n) {
  std::lock_guard lock(counters_mu_);
  counters_[metric] += n;
}

std::variant<std::string, HttpError> Service::Authorise(const HttpRequest& request,
                                                        std::string_view path) {
  if (path == "/healthz" || path == "/metrics") return std::string(kDefaultWorkspace);
  auto issued = store_->TokenCount();
  if (!issued.ok()) return issued.status();
  if (*issued == 0) return std::string(kDefaultWorkspace);  // no token yet: an open set-up
  constexpr std::string_view kBearer = "Bearer ";
  if (request.authorization.rfind(kBearer, 0) != 0) {
    return HttpError::Unauthenticated("send Authorization: Bearer <token> (fiducia token add)");
  }
  auto grant = store_->GrantOfToken(HashToken(request.authorization.substr(kBearer.size())));
  if (!grant.ok()) return grant.status();
  const auto role = *grant ? ParseRole((*grant)->role) : std::nullopt;
  if (!role) return HttpError::Unauthenticated("this token was not issued here");
  if (!Allows(*role, request.method, path)) {
    return HttpError::Forbidden(
        fmt::format("the role {} may not {} {}", (*grant)->role, request.method, path));
  }
  return std::move((*grant)->workspace);
}

Result<Instant> Service::JudgeAt(Workspace& ws, const Query& query) {
  Instant at = clock_.Now();
  if (auto it = query.find("as_of"); it != query.end()) {
    auto parsed = ParseRfc3339(it->second);
    if (!parsed.ok())
      return Status::InvalidInput(fmt::format("as_of: {}", parsed.status().message()));
    if (Status s = config_.limits.CheckInWindow("as_of", parsed->at); !s.ok()) return s;
    at = parsed->at;
  }
  RunAtLowPriority([&] {
    (void)RefreshLocked();  // what other nodes added; on a store error, what this one knows
    Judge(ws, at);
  });
  return at;
}

void Service::Judge(Workspace& ws, Instant at) {
  if (ws.judged_at == at) return;  // the corpus has not changed since this very judgement
  JudgeCorpus(config_, at, 0, ws.state);
  ws.judged_at = at;
}

HttpResponse Service::Findings(const std::string& workspace, const Query& query) {
  std::optional<Rule> rule;
  if (auto it = query.find("rule"); it != query.end() && !it->second.empty()) {
    for (Rule r : kAllRules) {
      if (ToString(r) == it->second) rule = r;
    }
    if (!rule) return ErrorResponse(Status::InvalidInput("unknown rule " + it->second));
  }
  std::optional<Instant> since;
  if (auto it = query.find("since"); it != query.end()) {
    auto parsed = ParseRfc3339(it->second);
    if (!parsed.ok())
      return ErrorResponse(
          Status::InvalidInput(fmt::format("since: {}", parsed.status().message())));
    since = parsed->at;
  }
  std::lock_guard lock(mu_);
  Workspace& ws = WorkspaceNamed(workspace);
  auto at = JudgeAt(ws, query);
  if (!at.ok()) return ErrorResponse(at.status());
  const AuditResult& state = ws.state;
  const auto& events = state.corpus.events();
  return Json(200, FindingsJson(state, config_, lang_, [&](const Finding& f) {
                     return (!rule || f.rule == *rule) &&
                            (!since || events[f.messages.front()].at >= *since);
                   }) + "\n");
}

HttpResponse Service::Waiting(const std::string& workspace, const Query& query) {
  std::lock_guard lock(mu_);
  Workspace& ws = WorkspaceNamed(workspace);
  auto at = JudgeAt(ws, query);
  if (!at.ok()) return ErrorResponse(at.status());
  const AuditResult& state = ws.state;
  struct Wait {
    size_t request;
    std::chrono::seconds target, left;
  };
  std::vector<Wait> waits;
  for (size_t i = 0; i < state.requests.size(); ++i) {
    const RequestOutcome& r = state.requests[i];
    if (r.answered) continue;
    const auto target = TargetOf(config_, state.corpus.events()[r.anchor], r.channel);
    waits.push_back({i, target, target - r.wait});
  }
  std::stable_sort(waits.begin(), waits.end(),
                   [](const Wait& a, const Wait& b) { return a.left < b.left; });
  JsonWriter w;
  w.BeginObject().Key("as_of").String(FormatRfc3339(*at, config_.calendar.OffsetAt(*at)));
  w.Key("waiting").BeginArray();
  for (const Wait& wait : waits) {
    const RequestOutcome& r = state.requests[wait.request];
    const fiducia::Timeline& t = state.timelines.customers[state.grid[wait.request].timeline];
    const Event& e = state.corpus.events()[r.anchor];
    w.BeginObject().Key("customer").String(state.corpus.symbols().Name(t.customer));
    w.Key("message").String(state.corpus.IdOf(e)).Key("channel").String(ToString(r.channel));
    w.Key("since").String(FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)));
    w.Key("business_seconds").Int(r.wait.count()).Key("target_seconds").Int(wait.target.count());
    w.Key("left_seconds").Int(wait.left.count());
    const Instant due = config_.calendar.AddBusinessTime(e.at, wait.target);  // for countdowns
    w.Key("due_at").String(FormatRfc3339(due, config_.calendar.OffsetAt(due))).EndObject();
  }
  w.EndArray().EndObject();
  return Json(200, w.Take() + "\n");
}

HttpResponse Service::Timeline(const std::string& workspace, std::string_view raw_handle) {
  auto handle = NormaliseHandle(PercentDecode(raw_handle, false), config_.phone_region);
  if (!handle.ok()) return ErrorResponse(Status::InvalidInput(handle.status().message()));
  std::lock_guard lock(mu_);
  Workspace& ws = WorkspaceNamed(workspace);
  auto at = JudgeAt(ws, {});
  if (!at.ok()) return ErrorResponse(at.status());
  const AuditResult& state = ws.state;
  const Symbol wanted = state.corpus.symbols().Find(*handle);
  const auto& customers = state.timelines.customers;
  const auto it = std::find_if(customers.begin(), customers.end(), [&](const fiducia::Timeline& t) {
    return wanted != kNoSymbol && std::binary_search(t.handles.begin(), t.handles.end(), wanted);
  });
  if (it == customers.end()) return ErrorResponse(Status::NotFound("no customer " + *handle));
  const auto index = static_cast<uint32_t>(it - customers.begin());
  JsonWriter w;
  w.BeginObject().Key("customer").String(state.corpus.symbols().Name(it->customer));
  w.Key("events").BeginArray();
  for (uint32_t i : it->events) {
    const Event& e = state.corpus.events()[i];
    w.BeginObject().Key("id").String(state.corpus.IdOf(e)).Key("type").String(ToString(e.type));
    w.Key("at").String(FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)));
    w.Key("channel").String(ToString(e.channel)).Key("direction").String(ToString(e.direction));
    if (e.agent != kNoSymbol) w.Key("agent").String(state.corpus.symbols().Name(e.agent));
    w.Key("findings").BeginArray();
    for (const Finding& f : state.findings) {
      if (f.timeline == index && f.messages.front() == i) w.String(ToString(f.rule));
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return Json(200, w.Take() + "\n");
}

HttpResponse Service::Coach(const std::string& body) {
  simdjson::dom::parser parser;
  std::string_view text;
  if (parser.parse(body)["text"].get_string().get(text) != simdjson::SUCCESS) {
    return ErrorResponse(Status::InvalidInput("expected {\"text\": \"the draft reply\"}"));
  }
  std::lock_guard lock(mu_);
  return Json(200, CoachJson(CoachReply(text, *coach_analyser_)));
}

namespace {

// Outside the default workspace the text names the workspace: one Slack channel may hear several.
DueAlert MakeAlert(std::string_view workspace, std::string key, std::string_view kind,
                   std::string_view customer, std::string_view message, std::string_view at,
                   std::string text) {
  JsonWriter w(false);
  w.BeginObject().Key("alert").String(kind).Key("workspace").String(workspace);
  w.Key("customer").String(customer).Key("message").String(message).Key("at").String(at);
  w.Key("text").String(text).EndObject();
  if (workspace != kDefaultWorkspace) text = fmt::format("[{}] {}", workspace, text);
  return {std::move(key), w.Take(), std::move(text), std::string(workspace)};
}

}  // namespace

std::vector<DueAlert> Service::AlertsAt(Instant now, double warn_at) {
  std::lock_guard lock(mu_);
  std::vector<DueAlert> out;
  RunAtLowPriority([&] {
    (void)RefreshLocked();  // what other nodes added; on a store error, what this one knows
    for (auto& [workspace, ws] : workspaces_) {
      Judge(*ws, now);
      AlertsOf(workspace, ws->state, warn_at, out);
    }
  });
  return out;
}

void Service::AlertsOf(std::string_view workspace, const AuditResult& state, double warn_at,
                       std::vector<DueAlert>& out) const {
  const bool it = lang_ == Lang::kIt;
  for (size_t i = 0; i < state.requests.size(); ++i) {
    const RequestOutcome& r = state.requests[i];
    const Event& e = state.corpus.events()[r.anchor];
    const auto target = TargetOf(config_, e, r.channel);
    if (r.answered ||
        static_cast<double>(r.wait.count()) < warn_at * static_cast<double>(target.count()))
      continue;
    const bool breach = r.wait >= target;
    const std::string_view customer =
        state.corpus.symbols().Name(state.timelines.customers[state.grid[i].timeline].customer);
    const std::string id(state.corpus.IdOf(e));
    const std::string text =
        breach ? fmt::format(fmt::runtime(it ? "{} attende da {} su {}, oltre l'obiettivo di {}: "
                                               "rispondete ora."
                                             : "{} has waited {} on {}, past the {} target: answer "
                                               "now."),
                             customer, HumanWait(r.wait, lang_), ChannelName(r.channel, lang_),
                             HumanWait(target, lang_))
               : fmt::format(fmt::runtime(it ? "{} attende da {} su {}: restano {} all'obiettivo."
                                             : "{} has waited {} on {}: {} left to the target."),
                             customer, HumanWait(r.wait, lang_), ChannelName(r.channel, lang_),
                             HumanWait(target - r.wait, lang_));
    const std::string_view kind = breach ? "breach" : "warning";
    out.push_back(MakeAlert(workspace, fmt::format("{}:{}", kind, id), kind, customer, id,
                            FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)), text));
  }
  for (const Finding& f : state.findings) {
    if (!RuleOf(f.rule).alerts) continue;  // the catalogue says which rules alert
    const Event& e = state.corpus.events()[f.messages.front()];
    const std::string id(state.corpus.IdOf(e));
    out.push_back(
        MakeAlert(workspace, fmt::format("{}:{}", ToString(f.rule), id), ToString(f.rule),
                  state.corpus.symbols().Name(state.timelines.customers[f.timeline].customer), id,
                  FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)),
                  Explain(f, state.corpus, lang_)));
  }
}

std::optional<Instant> Service::NextMoment(Instant now, double warn_at) {
  std::lock_guard lock(mu_);
  RunAtLowPriority([&] {
    (void)RefreshLocked();
    for (auto& [workspace, ws] : workspaces_) Judge(*ws, now);
  });
  std::optional<Instant> next;
  for (auto& [workspace, ws] : workspaces_) {
    for (const RequestOutcome& r : ws->state.requests) {
      if (r.answered) continue;
      const Event& e = ws->state.corpus.events()[r.anchor];
      const auto target = TargetOf(config_, e, r.channel);
      const auto warn = std::chrono::milliseconds(
          static_cast<int64_t>(warn_at * static_cast<double>(target.count()) * 1000));
      for (auto amount : {warn, std::chrono::milliseconds(target)}) {
        const Instant at = config_.calendar.AddBusinessTime(e.at, amount);
        if (at > now && (!next || at < *next)) next = at;
      }
    }
  }
  return next;
}

HttpResponse Service::Metrics() {
  std::lock_guard lock(mu_);
  RunAtLowPriority([&] { (void)RefreshLocked(); });  // the events posted since the last read count
  size_t events = 0;
  for (const auto& [name, ws] : workspaces_) events += ws->state.corpus.events().size();
  std::string out = "# TYPE fiducia_events gauge\n" + fmt::format("fiducia_events {}\n", events) +
                    "# TYPE fiducia_workspaces gauge\n" +
                    fmt::format("fiducia_workspaces {}\n", workspaces_.size());
  std::lock_guard counted(counters_mu_);
  for (const auto& [name, value] : counters_) out += fmt::format("{} {}\n", name, value);
  return {200, "text/plain; version=0.0.4", out};
}

}  // namespace fiducia

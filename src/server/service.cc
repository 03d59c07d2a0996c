#include "server/service.h"

#include <fmt/format.h>
#include <malloc.h>
#include <pthread.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <set>

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
  Workspace(const AuditPolicy& config, const IngestOptions& options) : live(config, options) {}
  // Exclusive to add events or judge (one step at a time), shared to read the judgement.
  std::shared_mutex mu;
  LiveWorkspace live;
};

namespace {

// A read judges at most this many customers before it answers; a restart's catch-up judges in
// steps of this many, releasing the workspace between them.
constexpr size_t kReadJudgements = 4096;
constexpr size_t kReadJudgementsWhileCatchingUp = 64;

}  // namespace

Service::Service(ServeConfig config, std::unique_ptr<EventStore> store, const Clock& clock,
                 Lang lang)
    : config_(std::move(config)),
      store_(std::move(store)),
      clock_(clock),
      lang_(lang),
      reader_(config_.audit.phone_region, config_.audit.limits) {
  ingest_options_.default_region = config_.audit.phone_region;
  ingest_options_.cues = config_.audit.cues;
  ingest_options_.limits = config_.audit.limits;
  coach_analyser_ = std::make_unique<TextAnalyser>(
      config_.audit.cues ? config_.audit.cues : CueMatcher::BuiltIn(),
      config_.audit.limits.text_bytes);
}

Service::~Service() = default;

Service::Workspace& Service::WorkspaceNamed(std::string_view name) {
  auto it = workspaces_.find(name);
  if (it == workspaces_.end()) {
    it =
        workspaces_
            .emplace(std::string(name), std::make_unique<Workspace>(config_.audit, ingest_options_))
            .first;
  }
  return *it->second;
}

Status Service::Refresh() {
  std::lock_guard lock(mu_);
  return RefreshLocked();
}

// In chunks, each copied out of the store before its text is analysed, so that the store stays
// free for posts and token checks meanwhile.
Status Service::RefreshLocked(bool one_chunk) {
  // Nothing committed since the last full read (by this node or another): no query. The mark is
  // taken before reading, so that what commits during the read changes it for the next one.
  const std::optional<int64_t> mark = store_->ChangeMark();
  if (mark && mark == read_mark_) return Status::Ok();
  constexpr int64_t kChunk = 2048;
  struct Stored {
    int64_t number;
    std::string workspace, line;
  };
  std::vector<Stored> chunk;
  for (;;) {
    chunk.clear();
    Status read = store_->ForEachSince(
        read_up_to_,
        [&](int64_t number, std::string_view workspace, std::string_view line) {
          chunk.push_back({number, std::string(workspace), std::string(line)});
        },
        kChunk);
    for (size_t from = 0; from < chunk.size();) {  // a run of one workspace under its lock
      size_t to = from + 1;
      while (to < chunk.size() && chunk[to].workspace == chunk[from].workspace) ++to;
      Workspace& ws = WorkspaceNamed(chunk[from].workspace);
      std::unique_lock lock(ws.mu);
      for (; from < to; ++from) {
        const Stored& stored = chunk[from];
        read_up_to_ = stored.number;
        auto record = reader_.Read(stored.line, ws.live.corpus().symbols());
        if (record.ok()) ws.live.sink().Add(record->id, std::move(record->event), record->text);
      }
      ws.live.TakeNewEvents();
    }
    if (!read.ok()) {
      Count("fiducia_store_errors_total");
      return read;
    }
    if (static_cast<int64_t>(chunk.size()) < kChunk) {
      read_mark_ = mark;
      return Status::Ok();
    }
    if (one_chunk) return Status::IoError("more to read");  // CatchUp reads on
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
  if (!checker)
    checker = std::make_unique<EventReader>(config_.audit.phone_region, config_.audit.limits);
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

Result<Instant> Service::MomentOf(const Query& query) const {
  const auto it = query.find("as_of");
  if (it == query.end()) return clock_.Now();
  auto parsed = ParseRfc3339(it->second);
  if (!parsed.ok())
    return Status::InvalidInput(fmt::format("as_of: {}", parsed.status().message()));
  if (Status s = config_.audit.limits.CheckInWindow("as_of", parsed->at); !s.ok()) return s;
  return parsed->at;
}

Service::Workspace& Service::Prepared(const std::string& name, Instant now) {
  Workspace* ws = nullptr;
  {
    std::lock_guard lock(mu_);
    // What other nodes added (on a store error, what this one knows). While a catch-up reads
    // the store, a read answers with what it has; once the store is read, a read takes in what
    // was posted since even while the catch-up judges, so that an event is seen by the next read.
    if (!reading_store_) (void)RefreshLocked();
    ws = &WorkspaceNamed(name);
  }
  std::unique_lock lock(ws->mu);
  // While a catch-up runs, a read judges a few customers only: the last ones marked, which are
  // those of the events it just took in (Update takes the last marked first).
  ws->live.Update(now, warn_at_, catching_up_ ? kReadJudgementsWhileCatchingUp : kReadJudgements);
  // More changed than one read judges (a bulk post, a restart): the rest in the background.
  if (ws->live.pending() > 0) StartCatchUp();
  return *ws;
}

void Service::StartCatchUp() {
  std::lock_guard lock(background_mu_);
  if (catching_up_) return;
  catching_up_ = true;  // before the thread runs: the next read does not start another
  background_ = std::jthread([this](std::stop_token stop) {
    LowerThisThreadsPriority();  // posts are acknowledged first
    pthread_setname_np(pthread_self(), "fiducia-catchup");
    (void)CatchUp([&] { return stop.stop_requested(); });
  });
}

Status Service::Load() {
  if (Status s = Refresh(); !s.ok()) return s;
  return CatchUp();
}

Status Service::CatchUp(const std::function<bool()>& stop) {
  catching_up_ = true;
  reading_store_ = true;
  struct Done {
    std::atomic<bool>& flag;
    std::atomic<bool>& reading;
    ~Done() { flag = reading = false; }
  } done{catching_up_, reading_store_};
  for (bool more = true; more;) {  // the store a chunk at a time, the service lock between them
    if (stop && stop()) return Status::Ok();
    std::lock_guard lock(mu_);
    Status read = RefreshLocked(/*one_chunk=*/true);
    more = !read.ok() && read.message() == "more to read";
    if (!read.ok() && !more) return read;
  }
  reading_store_ = false;
  constexpr size_t kTrimAfter = 100'000;
  size_t judged_in_all = 0;
  for (;;) {
    if (stop && stop()) return Status::Ok();
    Status read = Refresh();
    const Instant now = clock_.Now();
    std::vector<Workspace*> all;
    {
      std::lock_guard lock(mu_);
      for (auto& [name, ws] : workspaces_) all.push_back(ws.get());
    }
    size_t judged = 0;
    for (Workspace* ws : all) {
      for (;;) {
        if (stop && stop()) return Status::Ok();
        std::unique_lock lock(ws->mu);
        const size_t step = ws->live.Update(now, warn_at_, kReadJudgements);
        judged += step;
        judged_in_all += step;
        if (step < kReadJudgements) break;
      }
    }
    if (!read.ok()) return read;
    if (judged == 0) {
      // A large catch-up (a restart, a bulk import) left the chunks read and the judgements
      // replaced behind as free memory: give it back. Not after a small one (a read's overflow):
      // malloc_trim walks the whole heap holding the allocator's locks, which every thread needs.
      if (judged_in_all >= kTrimAfter) malloc_trim(0);
      return Status::Ok();
    }
  }
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
  const auto at = MomentOf(query);
  if (!at.ok()) return ErrorResponse(at.status());
  const Instant now = clock_.Now();
  Workspace& ws = Prepared(workspace, now);
  // The view is gathered into the workspace: one writer at a time.
  std::unique_lock lock(ws.mu);
  const AuditResult& state = *at == now ? ws.live.View(now) : ws.live.ViewAt(*at);
  const auto& events = state.corpus.events();
  return Json(200, FindingsJson(state, config_.audit, lang_, [&](const Finding& f) {
                     return (!rule || f.rule == *rule) &&
                            (!since || events[f.messages.front()].at >= *since);
                   }) + "\n");
}

namespace {

// A page's cursor: the last entry it held, opaque to clients (valid on the node that gave it).
std::string CursorOf(const WaitEntry& w) {
  return fmt::format("{:x}.{:x}.{:x}.{:x}", w.due.time_since_epoch().count(),
                     w.since.time_since_epoch().count(), w.anchor, w.customer);
}

std::optional<WaitEntry> ParseCursor(std::string_view text) {
  uint64_t parts[4];
  for (size_t i = 0; i < 4; ++i) {
    const size_t dot = std::min(text.find('.'), text.size());
    if (dot == 0 || (i < 3) == (dot == text.size())) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + dot, parts[i], 16);
    if (ec != std::errc() || end != text.data() + dot) return std::nullopt;
    text.remove_prefix(std::min(dot + 1, text.size()));
  }
  if (parts[2] > UINT32_MAX || parts[3] > UINT32_MAX) return std::nullopt;
  return WaitEntry{Instant(Instant::duration(static_cast<int64_t>(parts[0]))),
                   Instant(Instant::duration(static_cast<int64_t>(parts[1]))),
                   static_cast<uint32_t>(parts[2]), static_cast<uint32_t>(parts[3])};
}

// A positive integer query parameter up to `max`, `fallback` when absent.
Result<size_t> LimitOf(const std::map<std::string, std::string>& query, size_t fallback,
                       size_t max) {
  const auto it = query.find("limit");
  if (it == query.end()) return fallback;
  size_t n = 0;
  const auto [end, ec] =
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc() || end != it->second.data() + it->second.size() || n == 0 || n > max) {
    return Status::InvalidInput(fmt::format("limit: a number from 1 to {}", max));
  }
  return n;
}

}  // namespace

HttpResponse Service::Waiting(const std::string& workspace, const Query& query) {
  constexpr size_t kDefaultLimit = 100, kMaxLimit = 1000;
  const auto limit = LimitOf(query, kDefaultLimit, kMaxLimit);
  if (!limit.ok()) return ErrorResponse(limit.status());
  std::optional<WaitEntry> after;
  if (auto it = query.find("cursor"); it != query.end() && !it->second.empty()) {
    after = ParseCursor(it->second);
    if (!after) return ErrorResponse(Status::InvalidInput("cursor: not one this server gave"));
  }
  const auto at = MomentOf(query);
  if (!at.ok()) return ErrorResponse(at.status());
  const Instant now = clock_.Now();
  Workspace& ws = Prepared(workspace, now);
  // Another moment than now: every customer judged afresh at it, into an index of its own.
  std::set<WaitEntry> other;
  std::vector<Symbol> customer_of;  // by the view's timeline, for `other`
  std::unique_lock exclusive(ws.mu, std::defer_lock);
  std::shared_lock shared(ws.mu, std::defer_lock);
  if (*at != now) {
    exclusive.lock();
    const AuditResult& view = ws.live.ViewAt(*at);
    const auto& events = view.corpus.events();
    const std::vector<EventPlace> place = PlaceEvents(view.timelines, events.size());
    for (const RequestOutcome& r : view.requests) {
      if (r.answered) continue;
      const Event& e = events[r.anchor];
      other.insert(
          {config_.audit.calendar.AddBusinessTime(e.at, RequestTarget(config_.audit.timing, e)),
           e.at, r.anchor, place[r.anchor].timeline});
    }
    for (const auto& t : view.timelines.customers) customer_of.push_back(t.customer);
  } else {
    shared.lock();
  }
  const LiveWorkspace& live = ws.live;
  const std::set<WaitEntry>& index = *at == now ? live.waiting() : other;
  const Corpus& corpus = live.corpus();
  JsonWriter w;
  w.BeginObject().Key("as_of").String(FormatRfc3339(*at, config_.audit.calendar.OffsetAt(*at)));
  w.Key("total").Int(static_cast<int64_t>(index.size()));
  if (live.pending() > 0) w.Key("catching_up").Int(static_cast<int64_t>(live.pending()));
  w.Key("waiting").BeginArray();
  auto it = after ? index.upper_bound(*after) : index.begin();
  for (size_t n = 0; n < *limit && it != index.end(); ++n, ++it) {
    const Event& e = corpus.events()[it->anchor];
    const Symbol customer =
        *at == now ? live.CustomerHandle(it->customer) : customer_of[it->customer];
    const auto target = RequestTarget(config_.audit.timing, e);
    const auto wait = std::chrono::duration_cast<std::chrono::seconds>(
        config_.audit.calendar.BusinessTime(e.at, *at));
    w.BeginObject().Key("customer").String(corpus.symbols().Name(customer));
    w.Key("message").String(corpus.IdOf(e)).Key("channel").String(ToString(e.channel));
    w.Key("since").String(FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)));
    w.Key("business_seconds").Int(wait.count()).Key("target_seconds").Int(target.count());
    w.Key("left_seconds").Int((target - wait).count());
    w.Key("due_at")
        .String(FormatRfc3339(it->due, config_.audit.calendar.OffsetAt(it->due)))
        .EndObject();
  }
  w.EndArray();
  if (it != index.end() && it != index.begin()) {
    w.Key("next_cursor").String(CursorOf(*std::prev(it)));
  }
  w.EndObject();
  return Json(200, w.Take() + "\n");
}

HttpResponse Service::Timeline(const std::string& workspace, std::string_view raw_handle) {
  auto handle = NormaliseHandle(PercentDecode(raw_handle, false), config_.audit.phone_region);
  if (!handle.ok()) return ErrorResponse(Status::InvalidInput(handle.status().message()));
  const Instant now = clock_.Now();
  Workspace& ws = Prepared(workspace, now);
  std::unique_lock lock(ws.mu);  // CustomerOf compresses the identity paths
  const auto number = ws.live.CustomerOf(*handle);
  const CustomerJudgement judged = number ? ws.live.judgement(*number) : CustomerJudgement{};
  if (judged.timeline.events.empty()) {
    // Not judged yet, or in the part of the store a restart has not read yet: not "not found".
    // Once the store is read, a handle with no customer is unknown, whatever is left to judge.
    if (reading_store_ || (number && catching_up_)) {
      HttpResponse busy = ErrorResponse(
          HttpError::CatchingUp("catching up: " + *handle + " is not judged yet, try again"));
      busy.headers.emplace_back("Retry-After", "1");
      return busy;
    }
    return ErrorResponse(Status::NotFound("no customer " + *handle));
  }
  // The team findings that hold one of the customer's events, anchor or evidence, on each of them:
  // the same ones /v1/findings lists.
  const std::vector<Finding>& team = ws.live.TeamFindings();
  std::vector<uint32_t> own = judged.timeline.events;
  std::sort(own.begin(), own.end());
  std::vector<std::pair<uint32_t, Rule>> team_on;  // (event, rule)
  for (const Finding& f : team) {
    for (uint32_t m : f.messages) {
      if (std::binary_search(own.begin(), own.end(), m)) team_on.emplace_back(m, f.rule);
    }
  }
  std::sort(team_on.begin(), team_on.end());
  const Corpus& corpus = ws.live.corpus();
  JsonWriter w;
  w.BeginObject().Key("customer").String(corpus.symbols().Name(judged.timeline.customer));
  w.Key("events").BeginArray();
  for (uint32_t i : judged.timeline.events) {
    const Event& e = corpus.events()[i];
    w.BeginObject().Key("id").String(corpus.IdOf(e)).Key("type").String(ToString(e.type));
    w.Key("at").String(FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)));
    w.Key("channel").String(ToString(e.channel)).Key("direction").String(ToString(e.direction));
    if (e.agent != kNoSymbol) w.Key("agent").String(corpus.symbols().Name(e.agent));
    w.Key("findings").BeginArray();
    std::vector<Rule> rules;
    for (const Finding& f : judged.findings) {
      if (f.messages.front() == i) rules.push_back(f.rule);
    }
    for (auto it = std::lower_bound(team_on.begin(), team_on.end(), std::pair(i, Rule{}));
         it != team_on.end() && it->first == i; ++it) {
      rules.push_back(it->second);
    }
    std::sort(rules.begin(), rules.end());
    for (Rule r : rules) w.String(ToString(r));
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

// What of a judgement can alert: its waiting requests and the findings of alerting rules. When
// all of it fell due before the backlog window, each is counted as history.
size_t AlertingItems(const KeptJudgement& judged) {
  const auto requests = judged.requests();
  const auto findings = judged.findings();
  return static_cast<size_t>(std::count_if(requests.begin(), requests.end(),
                                           [](const RequestOutcome& r) { return !r.answered; }) +
                             std::count_if(findings.begin(), findings.end(),
                                           [](const Finding& f) { return RuleOf(f.rule).alerts; }));
}

}  // namespace

std::vector<DueAlert> Service::AlertsAt(Instant now, double warn_at) {
  warn_at_ = warn_at;
  std::vector<std::pair<std::string, Workspace*>> all;
  {
    std::lock_guard lock(mu_);
    if (!catching_up_) (void)RefreshLocked();  // what other nodes added
    for (auto& [name, ws] : workspaces_) all.emplace_back(name, ws.get());
  }
  // Only the customers judged since the last tick can have something new to say: the others'
  // alerts went out before (the store records each alert once, whichever node raised it).
  std::vector<DueAlert> out;
  size_t history = 0;
  // A restart judges every customer again: the pass after it looks at each once, in O(1) for
  // those whose every alert is history, without unpacking any judgement.
  const Instant oldest = now - config_.alerts.backlog;
  for (auto& [name, ws] : all) {
    std::unique_lock lock(ws->mu);
    ws->live.Update(now, warn_at, catching_up_ ? 0 : kReadJudgements);
    if (ws->live.pending() > 0) StartCatchUp();
    for (uint32_t number : ws->live.TakeChanged()) {
      const KeptJudgement& kept = ws->live.kept(number);
      if (ws->live.AlertsUntil(number) < oldest) {
        history += AlertingItems(kept);
        continue;
      }
      AlertsOf(name, ws->live, number, now, warn_at, out, history);
    }
  }
  Count("fiducia_alerts_history_total", history);
  return out;
}

void Service::AlertsOf(std::string_view workspace, const LiveWorkspace& live, uint32_t number,
                       Instant now, double warn_at, std::vector<DueAlert>& out,
                       size_t& history) const {
  const bool it = lang_ == Lang::kIt;
  // What fell due before the backlog window is history: the first judgement of an imported year
  // would otherwise raise (and record, and deliver) an alert for every old breach.
  const Instant oldest = now - config_.alerts.backlog;
  const Corpus& corpus = live.corpus();
  const KeptJudgement& judged = live.kept(number);
  const std::string_view customer = corpus.symbols().Name(live.CustomerHandle(number));
  for (const RequestOutcome& r : judged.requests()) {
    if (r.answered) continue;
    const Event& e = corpus.events()[r.anchor];
    const auto target = RequestTarget(config_.audit.timing, e);
    const auto wait = live.WaitAt(r, now);
    if (static_cast<double>(wait.count()) < warn_at * static_cast<double>(target.count())) {
      continue;
    }
    const bool breach = wait >= target;
    const auto due_after = breach ? target
                                  : std::chrono::seconds(static_cast<int64_t>(
                                        warn_at * static_cast<double>(target.count())));
    if (config_.audit.calendar.AddBusinessTime(e.at, due_after) < oldest) {
      ++history;
      continue;
    }
    const std::string id(corpus.IdOf(e));
    const std::string text =
        breach ? fmt::format(fmt::runtime(it ? "{} attende da {} su {}, oltre l'obiettivo di {}: "
                                               "rispondete ora."
                                             : "{} has waited {} on {}, past the {} target: answer "
                                               "now."),
                             customer, HumanWait(wait, lang_), ChannelName(r.channel, lang_),
                             HumanWait(target, lang_))
               : fmt::format(fmt::runtime(it ? "{} attende da {} su {}: restano {} all'obiettivo."
                                             : "{} has waited {} on {}: {} left to the target."),
                             customer, HumanWait(wait, lang_), ChannelName(r.channel, lang_),
                             HumanWait(target - wait, lang_));
    const std::string_view kind = breach ? "breach" : "warning";
    out.push_back(MakeAlert(workspace, fmt::format("{}:{}", kind, id), kind, customer, id,
                            FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)), text));
  }
  for (const Finding& kept : judged.findings()) {
    if (!RuleOf(kept.rule).alerts) continue;  // the catalogue says which rules alert
    if (AlertDue(kept, corpus) < oldest) {
      ++history;
      continue;
    }
    Finding f = kept;  // its waits worked out at `now`
    live.AgeTo(f, now);
    const Event& e = corpus.events()[f.messages.front()];
    const std::string id(corpus.IdOf(e));
    out.push_back(MakeAlert(
        workspace, fmt::format("{}:{}", ToString(f.rule), id), ToString(f.rule), customer, id,
        FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)), Explain(f, corpus, lang_)));
  }
}

std::optional<Instant> Service::NextMoment(Instant now, double warn_at) {
  warn_at_ = warn_at;
  std::vector<Workspace*> all;
  {
    std::lock_guard lock(mu_);
    if (!catching_up_) (void)RefreshLocked();
    for (auto& [name, ws] : workspaces_) all.push_back(ws.get());
  }
  std::optional<Instant> next;
  for (Workspace* ws : all) {
    std::unique_lock lock(ws->mu);
    ws->live.Update(now, warn_at, catching_up_ ? 0 : kReadJudgements);
    if (ws->live.pending() > 0) StartCatchUp();
    if (auto at = ws->live.NextAlertMoment(now); at && (!next || *at < *next)) next = at;
  }
  return next;
}

HttpResponse Service::Metrics() {
  std::lock_guard lock(mu_);
  if (!catching_up_) {
    RunAtLowPriority(
        [&] { (void)RefreshLocked(); });  // the events posted since the last read count
  }
  size_t events = 0, customers = 0, waiting = 0;
  uint64_t judged = 0, tallied = 0;
  for (const auto& [name, ws] : workspaces_) {
    std::shared_lock read(ws->mu);
    events += ws->live.corpus().events().size();
    customers += ws->live.customer_count();
    waiting += ws->live.waiting().size();
    judged += ws->live.customers_judged();
    tallied += ws->live.team_changes();
  }
  std::string out =
      "# TYPE fiducia_events gauge\n" + fmt::format("fiducia_events {}\n", events) +
      "# TYPE fiducia_workspaces gauge\n" +
      fmt::format("fiducia_workspaces {}\n", workspaces_.size()) +
      "# TYPE fiducia_customers gauge\n" + fmt::format("fiducia_customers {}\n", customers) +
      "# TYPE fiducia_waiting gauge\n" + fmt::format("fiducia_waiting {}\n", waiting) +
      "# TYPE fiducia_customers_judged_total counter\n" +
      fmt::format("fiducia_customers_judged_total {}\n", judged) +
      "# TYPE fiducia_team_events_tallied_total counter\n" +
      fmt::format("fiducia_team_events_tallied_total {}\n", tallied);
  std::lock_guard counted(counters_mu_);
  for (const auto& [name, value] : counters_) out += fmt::format("{} {}\n", name, value);
  return {200, "text/plain; version=0.0.4", out};
}

}  // namespace fiducia

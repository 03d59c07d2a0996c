#include "server/service.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "common/time_text.h"
#include "common/utf8.h"
#include "report/audit_json.h"
#include "server/access.h"
#include "server/alerts.h"
#include "store/test_database.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

// Every test runs on SQLite and on PostgreSQL (when FIDUCIA_TEST_POSTGRES_URL names a server).
class ServiceTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (std::string why = TestDatabase::Unavailable(GetParam()); !why.empty()) GTEST_SKIP() << why;
    db_ = std::make_unique<TestDatabase>(
        GetParam(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(db_->status().ok()) << db_->status().message();
    Start();
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
  }
  std::unique_ptr<Service> NewService() {
    auto store = OpenStore(db_->where());
    EXPECT_TRUE(store.ok()) << store.status().message();
    if (!store.ok()) return nullptr;
    auto service = std::make_unique<Service>(ServeConfig{}, std::move(*store), clock_, Lang::kEn);
    EXPECT_TRUE(service->Load().ok());
    return service;
  }
  void Start() {
    service_.reset();
    service_ = NewService();
    ASSERT_TRUE(service_);
  }
  HttpResponse Post(const std::string& target, const std::string& body,
                    const std::string& token = "") {
    return service_->Handle({"POST", target, body, token.empty() ? "" : "Bearer " + token});
  }
  HttpResponse Get(const std::string& target, const std::string& token = "") {
    return service_->Handle({"GET", target, "", token.empty() ? "" : "Bearer " + token});
  }

  FakeClock clock_{ParseRfc3339("2026-03-02T12:00:00+01:00")->at};
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Service> service_;
};

const char* const kTwoEvents =
    R"({"id":"w1","at":"2026-03-02T09:00:00+01:00","channel":"whatsapp","direction":"in","customer":"+39 333 1234567","text":"Buongiorno, la fibra non funziona da ieri."})"
    "\n"
    R"({"id":"w2","at":"2026-03-02T09:30:00+01:00","channel":"whatsapp","direction":"out","customer":"+393331234567","agent":"giulia","text":"Verifico con il tecnico e le faccio sapere."})"
    "\n";

TEST_P(ServiceTest, EventsAreAcceptedOnceAndSurviveARestart) {
  HttpResponse r = Post("/v1/events", kTwoEvents);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"accepted\":2"), std::string::npos) << r.body;
  r = Post("/v1/events", kTwoEvents);  // a retry after a lost answer is harmless
  EXPECT_NE(r.body.find("\"accepted\":0,\"duplicates\":2"), std::string::npos) << r.body;
  Start();  // a new process on the same database
  r = Get("/v1/customers/%2B393331234567/timeline");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"w1\""), std::string::npos);
  EXPECT_NE(r.body.find("\"w2\""), std::string::npos);
}

// A restarted server answers before it has read and judged its store (serve_command): a customer
// it has not judged yet is "catching up" (503, Retry-After), not "not found".
TEST_P(ServiceTest, BeforeTheCatchUpAnUnjudgedCustomerIsNotNotFound) {
  ASSERT_EQ(Post("/v1/events", kTwoEvents).status, 200);
  auto store = OpenStore(db_->where());
  ASSERT_TRUE(store.ok()) << store.status().message();
  Service restarted(ServeConfig{}, std::move(*store), clock_, Lang::kEn);
  restarted.ExpectCatchUp();
  HttpResponse r = restarted.Handle({"GET", "/v1/customers/%2B393331234567/timeline", "", ""});
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_NE(r.body.find("\"catching_up\""), std::string::npos) << r.body;
  EXPECT_EQ(r.headers, (decltype(r.headers){{"Retry-After", "1"}}));
  ASSERT_TRUE(restarted.CatchUp().ok());
  r = restarted.Handle({"GET", "/v1/customers/%2B393331234567/timeline", "", ""});
  EXPECT_EQ(r.status, 200) << r.body;
  r = restarted.Handle({"GET", "/v1/customers/nobody@x.it/timeline", "", ""});
  EXPECT_EQ(r.status, 404) << r.body;
}

// Once a catch-up has read the store it judges in steps; a read meanwhile takes in what was
// posted since and judges its customer: an event is seen by the next read (at 10 M events the
// catch-up after the benchmark's posts outlasted the read, which answered 404).
TEST_P(ServiceTest, WhileACatchUpJudgesAnEventPostedIsSeenByTheNextRead) {
  ASSERT_EQ(Post("/v1/events", kTwoEvents).status, 200);
  auto store = OpenStore(db_->where());
  ASSERT_TRUE(store.ok()) << store.status().message();
  Service restarted(ServeConfig{}, std::move(*store), clock_, Lang::kEn);
  restarted.ExpectCatchUp();
  int calls = 0;
  HttpResponse posted, seen, unknown;
  // `stop` is asked between the catch-up's steps, no lock held: once per chunk of the store, then
  // before each round of judging.
  ASSERT_TRUE(
      restarted
          .CatchUp([&] {
            if (++calls == 2) {
              posted = restarted.Handle(
                  {"POST", "/v1/events",
                   R"({"id":"n1","at":"2026-03-02T11:00:00+01:00","channel":"email","direction":"in","customer":"new@x.it","text":"Any news?"})",
                   ""});
              seen = restarted.Handle({"GET", "/v1/customers/new%40x.it/timeline", "", ""});
              // The store is read: a handle nobody has is unknown, though customers are still to
              // judge (it answered 503 "catching up" for as long as any catch-up ran).
              unknown = restarted.Handle({"GET", "/v1/customers/nobody%40x.it/timeline", "", ""});
            }
            return false;
          })
          .ok());
  ASSERT_GE(calls, 2);
  EXPECT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(seen.status, 200) << seen.body;
  EXPECT_NE(seen.body.find("\"n1\""), std::string::npos) << seen.body;
  EXPECT_EQ(unknown.status, 404) << unknown.body;
}

TEST_P(ServiceTest, AJsonArrayAndASingleEventAreBodiesToo) {
  HttpResponse r = Post(
      "/v1/events",
      R"([{"id":"a1","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"a@x.it"},)"
      R"({"id":"a2","at":"2026-03-02T09:05:00+01:00","channel":"email","direction":"in","customer":"b@x.it"}])");
  EXPECT_NE(r.body.find("\"accepted\":2"), std::string::npos) << r.body;
  r = Post(
      "/v1/events",
      R"({"id":"a3","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"c@x.it"})");
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
}

TEST_P(ServiceTest, BadEventsAreNamedAndTheGoodOnesKept) {
  HttpResponse r = Post("/v1/events", std::string(kTwoEvents) + R"({"id":"x","channel":"email"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"accepted\":2"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"event\":3"), std::string::npos) << r.body;
  r = Post("/v1/events", "{not json");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("{\"error\":{\"code\":\"invalid_input\",\"message\":"), std::string::npos)
      << r.body;
  r = Get("/v1/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("\"code\":\"not_found\""), std::string::npos);
  EXPECT_EQ(Get("/v1/findings?rule=nonsense").status, 400);
}

// Business time across millennia held the service lock for a minute: events and reading moments
// outside the date window are refused by name.
TEST_P(ServiceTest, DatesOutsideTheWindowAreRefused) {
  HttpResponse r =
      Post("/v1/events", R"({"id":"old","at":"0001-01-01T00:00:00Z","channel":"email",)"
                         R"("direction":"in","customer":"a@b.it","text":"x"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("outside the dates fiducia reads"), std::string::npos) << r.body;
  r = Get("/v1/findings?rule=volume_spike&as_of=9999-12-31T23:59:59Z");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("as_of 9999-12-31T23:59:59+00:00 is outside"), std::string::npos) << r.body;
  EXPECT_EQ(Get("/v1/findings?as_of=2099-12-31T23:59:59Z").status, 200);
}

TEST_P(ServiceTest, WaitingListsTheCustomersWithLeastTimeLeftFirst) {
  ASSERT_EQ(
      Post(
          "/v1/events",
          R"({"id":"e1","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"slow@x.it","text":"Avete ricevuto il modulo?"})"
          "\n"
          R"({"id":"c1","at":"2026-03-02T11:50:00+01:00","channel":"chat","direction":"in","customer":"fast@x.it","text":"Mi aiutate con la password?"})")
          .status,
      200);
  const HttpResponse r = Get("/v1/waiting");
  ASSERT_EQ(r.status, 200);
  // At 12:00 the chat (15 min target) has 5 min left; the e-mail (8 h) has 5 h left.
  const size_t chat = r.body.find("fast@x.it"), mail = r.body.find("slow@x.it");
  ASSERT_NE(chat, std::string::npos) << r.body;
  ASSERT_NE(mail, std::string::npos);
  EXPECT_LT(chat, mail);
  EXPECT_NE(r.body.find("\"left_seconds\": 300"), std::string::npos) << r.body;
  // When each target falls (business time: the e-mail's 8 h end at 17:00); the page counts down.
  EXPECT_NE(r.body.find("\"due_at\": \"2026-03-02T12:05:00+01:00\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"due_at\": \"2026-03-02T17:00:00+01:00\""), std::string::npos);
}

TEST_P(ServiceTest, ReplayingTheSamplesGivesTheAuditsFindings) {
  // Every sample event, posted in time order in batches, as a live feed would bring them.
  std::vector<std::pair<std::string, std::string>> lines;  // (at, line)
  std::vector<std::string> inputs;
  for (const auto& entry : fs::directory_iterator(FIDUCIA_SOURCE_DIR "/data/samples")) {
    if (entry.path().extension() != ".jsonl") continue;
    inputs.push_back(entry.path().string());
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      const size_t at = line.find("\"at\":\"") + 6;
      lines.emplace_back(line.substr(at, line.find('"', at) - at), line);
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    return ParseRfc3339(a.first)->at < ParseRfc3339(b.first)->at;
  });
  for (size_t i = 0; i < lines.size(); i += 7) {
    std::string batch;
    for (size_t j = i; j < std::min(i + 7, lines.size()); ++j) batch += lines[j].second + "\n";
    ASSERT_EQ(Post("/v1/events", batch).status, 200);
  }
  AuditOptions options;
  options.inputs = inputs;
  auto audit = RunAudit(options, AuditPolicy{});
  ASSERT_TRUE(audit.ok());
  const std::string as_of = FormatRfc3339((*audit)->as_of, std::chrono::minutes(60));
  const std::string expected =
      FindingsJson(**audit, AuditPolicy{}, Lang::kEn, [](const Finding&) { return true; }) + "\n";
  std::string query = as_of;
  query.replace(query.find('+'), 1, "%2B");
  const HttpResponse live = Get("/v1/findings?as_of=" + query);
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.body, expected);
  EXPECT_GT(std::count(expected.begin(), expected.end(), '{'), 50);  // every rule, many findings
}

// The samples' events in time order: (at, line), and the files they came from.
std::vector<std::pair<Instant, std::string>> SampleLines(std::vector<std::string>& inputs) {
  std::vector<std::pair<Instant, std::string>> lines;
  for (const auto& entry : fs::directory_iterator(FIDUCIA_SOURCE_DIR "/data/samples")) {
    if (entry.path().extension() != ".jsonl") continue;
    inputs.push_back(entry.path().string());
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      const size_t at = line.find("\"at\":\"") + 6;
      lines.emplace_back(ParseRfc3339(line.substr(at, line.find('"', at) - at))->at, line);
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return lines;
}

// The kept judgement (each customer judged when its events came or its next moment passed, the
// waits aged to the read's moment) is the audit's at the moment of the read.
TEST_P(ServiceTest, TheKeptJudgementIsTheAuditsAtTheMomentRead) {
  std::vector<std::string> inputs;
  const auto lines = SampleLines(inputs);
  for (size_t i = 0; i < lines.size(); i += 5) {
    std::string batch;
    for (size_t j = i; j < std::min(i + 5, lines.size()); ++j) batch += lines[j].second + "\n";
    const Instant last = lines[std::min(i + 5, lines.size()) - 1].first;
    if (last > clock_.Now()) {
      clock_.Advance(std::chrono::duration_cast<std::chrono::milliseconds>(last - clock_.Now()));
    }
    ASSERT_EQ(Post("/v1/events", batch).status, 200);
    if (i % 20 == 0) {
      ASSERT_EQ(Get("/v1/waiting").status, 200);  // judged now and then
    }
  }
  for (auto later : {std::chrono::hours(1), std::chrono::hours(50)}) {
    clock_.Advance(later);
    AuditOptions options;
    options.inputs = inputs;
    options.as_of = clock_.Now();
    auto audit = RunAudit(options, AuditPolicy{});
    ASSERT_TRUE(audit.ok());
    const std::string expected =
        FindingsJson(**audit, AuditPolicy{}, Lang::kEn, [](const Finding&) { return true; }) + "\n";
    const HttpResponse live = Get("/v1/findings");
    ASSERT_EQ(live.status, 200) << live.body;
    EXPECT_EQ(live.body, expected);
  }
}

std::string PercentEncoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

// A customer's timeline names, on each of its events, the team findings (agent_strain,
// volume_spike) anchored at it or holding it as evidence, as /v1/findings lists them: they were
// missing, only the customer's own findings were there.
TEST_P(ServiceTest, TheTimelineShowsTheTeamFindingsOnTheCustomersEvents) {
  std::vector<std::string> inputs;
  const auto lines = SampleLines(inputs);
  std::map<std::string, std::string> customer_of;  // event id -> its customer's handle
  simdjson::dom::parser parser;
  std::string batch;
  for (const auto& [at, line] : lines) {
    simdjson::dom::element event;
    ASSERT_EQ(parser.parse(line).get(event), simdjson::SUCCESS) << line;
    std::string_view id, customer;
    if (event["id"].get(id) == simdjson::SUCCESS &&
        event["customer"].get(customer) == simdjson::SUCCESS) {
      customer_of[std::string(id)] = std::string(customer);
    }
    batch += line + "\n";
  }
  clock_.Advance(
      std::chrono::duration_cast<std::chrono::milliseconds>(lines.back().first - clock_.Now()) +
      std::chrono::hours(1));
  ASSERT_EQ(Post("/v1/events", batch).status, 200);
  for (const std::string rule : {"agent_strain", "volume_spike"}) {
    const HttpResponse found = Get("/v1/findings?rule=" + rule);
    ASSERT_EQ(found.status, 200) << found.body;
    simdjson::dom::element all;
    ASSERT_EQ(parser.parse(found.body).get(all), simdjson::SUCCESS);
    size_t checked = 0;
    for (simdjson::dom::element finding : all["findings"].get_array()) {
      for (simdjson::dom::element message : finding["messages"].get_array()) {
        const std::string id(message.get_string().value());
        const auto customer = customer_of.find(id);
        if (customer == customer_of.end()) continue;
        const HttpResponse timeline =
            Get("/v1/customers/" + PercentEncoded(customer->second) + "/timeline");
        ASSERT_EQ(timeline.status, 200) << customer->second;
        simdjson::dom::parser timeline_parser;
        simdjson::dom::element t;
        ASSERT_EQ(timeline_parser.parse(timeline.body).get(t), simdjson::SUCCESS);
        bool listed = false;
        for (simdjson::dom::element event : t["events"].get_array()) {
          if (event["id"].get_string().value() != id) continue;
          for (simdjson::dom::element r : event["findings"].get_array()) {
            listed = listed || r.get_string().value() == rule;
          }
        }
        EXPECT_TRUE(listed) << rule << " on " << id << " of " << customer->second << "\n"
                            << timeline.body;
        ++checked;
      }
    }
    EXPECT_GT(checked, 0u) << rule << ": the samples have none\n" << found.body;
  }
}

uint64_t Counter(const std::string& metrics, const std::string& name) {
  const std::string key = "\n" + name + " ";
  const size_t at = metrics.find(key);
  return at == std::string::npos ? 0 : std::stoull(metrics.substr(at + key.size()));
}
uint64_t CustomersJudged(const std::string& metrics) {
  return Counter(metrics, "fiducia_customers_judged_total");
}

// An event judges again only its customer; an identity join, the customers it merges (as one).
TEST_P(ServiceTest, OnlyTheTouchedCustomersAreJudgedAgain) {
  constexpr int kCustomers = 2000;
  std::string batch;
  for (int c = 0; c < kCustomers; ++c) {
    batch += fmt::format(
        R"({{"id":"m{0}","at":"2026-03-02T09:{1:02}:00+01:00","channel":"email","direction":"in","customer":"c{0}@x.it","text":"Avete ricevuto il modulo?"}})"
        "\n",
        c, c % 60);
  }
  ASSERT_EQ(Post("/v1/events", batch).status, 200);
  ASSERT_EQ(Get("/v1/waiting").status, 200);
  const uint64_t before = CustomersJudged(Get("/metrics").body);
  EXPECT_EQ(before, static_cast<uint64_t>(kCustomers));
  const uint64_t tallied = Counter(Get("/metrics").body, "fiducia_team_events_tallied_total");
  EXPECT_EQ(tallied, static_cast<uint64_t>(kCustomers));
  ASSERT_EQ(Get("/v1/waiting").status, 200);  // nothing new, no moment passed: nobody judged
  EXPECT_EQ(CustomersJudged(Get("/metrics").body), before);
  ASSERT_EQ(
      Post(
          "/v1/events",
          R"({"id":"r5","at":"2026-03-02T11:00:00+01:00","channel":"email","direction":"out","customer":"c5@x.it","agent":"giulia","text":"Sì, ricevuto."})"
          "\n"
          R"({"id":"n1","at":"2026-03-02T11:10:00+01:00","channel":"chat","direction":"in","customer":"new@x.it","text":"Buongiorno?"})"
          "\n"
          R"({"id":"j8","at":"2026-03-02T11:20:00+01:00","channel":"email","direction":"in","customer":"c8@x.it","customer_aliases":["c9@x.it"],"text":"Sono sempre io, scrivo dall'altro indirizzo."})")
          .status,
      200);
  const HttpResponse page = Get("/v1/waiting?limit=5");
  ASSERT_EQ(page.status, 200) << page.body;
  // c5 (answered), new@x.it, and c8 and c9 judged once as one customer.
  EXPECT_EQ(CustomersJudged(Get("/metrics").body) - before, 3u);
  // The team's aggregates moved by the three new events and the joined customer's one event (out
  // with the customer that went, back in with the one that stayed), not by the 2,000.
  EXPECT_EQ(Counter(Get("/metrics").body, "fiducia_team_events_tallied_total") - tallied, 5u);
  EXPECT_NE(Get("/metrics").body.find("fiducia_customers 2000\n"), std::string::npos);
  EXPECT_NE(page.body.find("\"total\": 1999"), std::string::npos) << page.body;
}

TEST_P(ServiceTest, TheWaitingListComesInPagesLeastTimeLeftFirst) {
  std::string batch;
  for (int c = 0; c < 7; ++c) {
    batch += fmt::format(
        R"({{"id":"m{0}","at":"2026-03-02T09:0{0}:00+01:00","channel":"email","direction":"in","customer":"c{0}@x.it","text":"Avete ricevuto il modulo?"}})"
        "\n",
        c);
  }
  ASSERT_EQ(Post("/v1/events", batch).status, 200);
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 4; ++page) {
    const HttpResponse r = Get("/v1/waiting?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_NE(r.body.find("\"total\": 7"), std::string::npos) << r.body;
    for (size_t at = r.body.find("\"customer\": \""); at != std::string::npos;
         at = r.body.find("\"customer\": \"", at + 1)) {
      seen.push_back(r.body.substr(at + 13, r.body.find('"', at + 13) - at - 13));
    }
    const size_t next = r.body.find("\"next_cursor\": \"");
    if (next == std::string::npos) break;
    cursor = r.body.substr(next + 16, r.body.find('"', next + 16) - next - 16);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"c0@x.it", "c1@x.it", "c2@x.it", "c3@x.it", "c4@x.it",
                                            "c5@x.it", "c6@x.it"}));
  EXPECT_EQ(Get("/v1/waiting?limit=0").status, 400);
  EXPECT_EQ(Get("/v1/waiting?limit=1001").status, 400);
  EXPECT_EQ(Get("/v1/waiting?cursor=zz").status, 400);
}

TEST_P(ServiceTest, FindingsFilterByRuleAndTime) {
  ASSERT_EQ(Post("/v1/events", kTwoEvents).status, 200);
  clock_.Advance(std::chrono::hours(48));
  HttpResponse r = Get("/v1/findings?rule=silent_no");
  EXPECT_NE(r.body.find("\"rule\": \"silent_no\""), std::string::npos) << r.body;
  r = Get("/v1/findings?rule=silent_no&since=2026-03-03T00:00:00%2B01:00");
  EXPECT_EQ(r.body.find("silent_no"), std::string::npos) << r.body;
}

TEST_P(ServiceTest, CoachAnswersInTheDraftsLanguage) {
  HttpResponse r =
      Post("/v1/coach", R"({"text":"Ci scusiamo per il disagio, è colpa del corriere."})");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("apology_wording"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"lang\":\"it\""), std::string::npos) << r.body;
  EXPECT_EQ(Post("/v1/coach", "plain text").status, 400);
}

// Issue 17 item 2: the coach reads a draft up to the config's limits.text_bytes (a 780 KB draft
// held the service for 13 s); past them nothing is coached.
TEST_P(ServiceTest, CoachReadsUpToTheConfiguredTextBytes) {
  std::string filler;
  while (filler.size() < 4000) filler += "Il pacco e' partito ieri dal magazzino. ";
  const std::string body = R"({"text":")" + filler + R"(Purtroppo è colpa del corriere."})";
  HttpResponse r = Post("/v1/coach", body);
  EXPECT_NE(r.body.find("blame_shifting"), std::string::npos) << r.body.substr(0, 200);
  service_.reset();
  ServeConfig config;
  config.audit.limits.text_bytes = 1024;
  auto store = OpenStore(db_->where());
  ASSERT_TRUE(store.ok()) << store.status().message();
  Service capped(std::move(config), std::move(*store), clock_, Lang::kEn);
  ASSERT_TRUE(capped.Load().ok());
  r = capped.Handle({"POST", "/v1/coach", body, ""});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("blame_shifting"), std::string::npos) << r.body.substr(0, 200);
}

TEST_P(ServiceTest, MetricsCountRequestsAndEvents) {
  ASSERT_EQ(Post("/v1/events", kTwoEvents).status, 200);
  Get("/healthz");
  const HttpResponse m = Get("/metrics");
  EXPECT_EQ(m.content_type.substr(0, 10), "text/plain");
  EXPECT_NE(m.body.find("fiducia_events 2\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("fiducia_events_accepted_total 2\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("fiducia_http_requests_total{code=\"200\"} 2\n"), std::string::npos)
      << m.body;
}

TEST_P(ServiceTest, ATokenSeesOnlyItsWorkspace) {
  ASSERT_TRUE(service_->store().AddToken(HashToken("token-a"), "a", "agent", "acme").ok());
  ASSERT_TRUE(service_->store().AddToken(HashToken("token-b"), "b", "agent", "globex").ok());
  ASSERT_EQ(Post("/v1/events", kTwoEvents, "token-a").status, 200);
  ASSERT_EQ(
      Post(
          "/v1/events",
          R"({"id":"g1","at":"2026-03-02T11:58:00+01:00","channel":"chat","direction":"in","customer":"bob@globex.example","text":"Mi aiutate?"})",
          "token-b")
          .status,
      200);
  clock_.Advance(std::chrono::hours(48));
  // acme's customer waits and has a silent_no; globex sees only its own customer.
  HttpResponse r = Get("/v1/findings?rule=silent_no", "token-a");
  EXPECT_NE(r.body.find("\"silent_no\""), std::string::npos) << r.body;
  r = Get("/v1/findings", "token-b");
  EXPECT_EQ(r.body.find("+393331234567"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("silent_no"), std::string::npos) << r.body;
  r = Get("/v1/waiting", "token-b");
  EXPECT_NE(r.body.find("bob@globex.example"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("+393331234567"), std::string::npos) << r.body;
  r = Get("/v1/waiting", "token-a");
  EXPECT_EQ(r.body.find("bob@globex.example"), std::string::npos) << r.body;
  EXPECT_EQ(Get("/v1/customers/%2B393331234567/timeline", "token-b").status, 404);
  EXPECT_EQ(Get("/v1/customers/%2B393331234567/timeline", "token-a").status, 200);
  EXPECT_EQ(Get("/v1/customers/bob@globex.example/timeline", "token-a").status, 404);
  // The workspaces stay apart after a restart too.
  Start();
  EXPECT_EQ(Get("/v1/customers/%2B393331234567/timeline", "token-b").status, 404);
  EXPECT_EQ(Get("/v1/customers/bob@globex.example/timeline", "token-b").status, 200);
}

TEST_P(ServiceTest, TheSameEventIdInTwoWorkspacesIsTwoEvents) {
  ASSERT_TRUE(service_->store().AddToken(HashToken("token-a"), "a", "agent", "acme").ok());
  ASSERT_TRUE(service_->store().AddToken(HashToken("token-b"), "b", "agent", "globex").ok());
  const std::string event =
      R"({"id":"e1","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"%s","text":"Buongiorno"})";
  auto with = [&](const std::string& who) {
    std::string e = event;
    return e.replace(e.find("%s"), 2, who);
  };
  HttpResponse r = Post("/v1/events", with("ann@acme.example"), "token-a");
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
  r = Post("/v1/events", with("gus@globex.example"), "token-b");
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;  // not a duplicate
  r = Post("/v1/events", with("gus@globex.example"), "token-b");
  EXPECT_NE(r.body.find("\"duplicates\":1"), std::string::npos) << r.body;
  EXPECT_NE(Get("/metrics").body.find("fiducia_events 2\n"), std::string::npos);
  EXPECT_EQ(Get("/v1/customers/ann@acme.example/timeline", "token-a").status, 200);
  EXPECT_EQ(Get("/v1/customers/gus@globex.example/timeline", "token-b").status, 200);
  EXPECT_EQ(Get("/v1/customers/gus@globex.example/timeline", "token-a").status, 404);
}

TEST_P(ServiceTest, ANodeSeesTheEventsPostedToAnotherNodeOnTheSameStore) {
  auto other = NewService();
  ASSERT_TRUE(other);
  ASSERT_EQ(other->Handle({"POST", "/v1/events", kTwoEvents, ""}).status, 200);
  const HttpResponse r = Get("/v1/customers/%2B393331234567/timeline");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"w2\""), std::string::npos) << r.body;
}

struct CountingTransport : WebhookTransport {
  Status Post(const std::string& url, const std::string& json) override {
    std::lock_guard lock(mu);
    posts.emplace_back(url, json);
    return Status::Ok();
  }
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> posts;
};

TEST_P(ServiceTest, TwoNodesOnOneStoreSendEachAlertOnce) {
  auto other = NewService();
  ASSERT_TRUE(other);
  AlertPolicy policy;
  policy.webhooks = {"http://hooks.example/generic"};
  CountingTransport transport;
  AlertDispatcher first(*service_, policy, transport, "node-1");
  AlertDispatcher second(*other, policy, transport, "node-2");
  // Chat requests in two workspaces, posted to different nodes: 15 min targets.
  ASSERT_TRUE(service_->store().AddToken(HashToken("token-a"), "a", "agent", "acme").ok());
  ASSERT_TRUE(service_->store().AddToken(HashToken("token-b"), "b", "agent", "globex").ok());
  const std::string chat =
      R"({"id":"c1","at":"2026-03-02T12:00:00+01:00","channel":"chat","direction":"in","customer":"ada@x.it","text":"Non riesco ad accedere"})";
  ASSERT_EQ(Post("/v1/events", chat, "token-a").status, 200);
  ASSERT_EQ(other->Handle({"POST", "/v1/events", chat, "Bearer token-b"}).status, 200);
  for (int minute : {5, 13, 14, 16, 17}) {
    const Instant now = clock_.Now() + std::chrono::minutes(minute);
    std::thread a([&] { first.RunOnce(now); });
    std::thread b([&] { second.RunOnce(now); });
    a.join();
    b.join();
  }
  // A warning and a breach in each workspace, each sent once, whichever node sent it.
  std::multiset<std::string> sent;
  for (const auto& [url, json] : transport.posts) {
    const size_t kind = json.find("\"alert\":\"") + 9, space = json.find("\"workspace\":\"") + 13;
    sent.insert(json.substr(kind, json.find('"', kind) - kind) + "@" +
                json.substr(space, json.find('"', space) - space));
  }
  EXPECT_EQ(sent, (std::multiset<std::string>{"breach@acme", "breach@globex", "warning@acme",
                                              "warning@globex"}));
}

// The first judgement of an imported history raised an alert for every old breach, and recording
// them one by one kept the store from the posts' commits: what fell due before the backlog window
// ([alerts] backlog, 24 h) is counted as history and not raised.
TEST_P(ServiceTest, AlertsOlderThanTheBacklogAreHistoryNotRaised) {
  const std::string old_chat =
      R"({"id":"old","at":"2026-02-20T10:00:00+01:00","channel":"chat","direction":"in","customer":"bea@x.it","text":"Non riesco ad accedere"})";
  const std::string new_chat =
      R"({"id":"new","at":"2026-03-02T11:50:00+01:00","channel":"chat","direction":"in","customer":"ada@x.it","text":"Non riesco ad accedere"})";
  ASSERT_EQ(Post("/v1/events", old_chat + "\n" + new_chat).status, 200);
  const auto alerts = service_->AlertsAt(clock_.Now() + std::chrono::minutes(6), 0.8);
  std::vector<std::string> keys;
  for (const DueAlert& a : alerts) keys.push_back(a.key);
  EXPECT_EQ(keys, std::vector<std::string>{"breach:new"});
  EXPECT_NE(Get("/metrics").body.find("fiducia_alerts_history_total 1\n"), std::string::npos);
  // The judgement itself is unchanged: both still wait.
  EXPECT_NE(Get("/v1/waiting").body.find("\"total\": 2"), std::string::npos);
}

TEST_P(ServiceTest, ErrorsEchoNoRawInvalidOrControlBytes) {
  // A bad handle in the path: a stray 0xFF, an escape sequence, a C1 control.
  HttpResponse r = Get("/v1/customers/%FFx%1B%5B31m%C2%9Bz/timeline");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
  EXPECT_EQ(r.body.find('\x1b'), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\xEF\xBF\xBDx\\u001b[31m\\u009bz"), std::string::npos) << r.body;
  // A posted event with invalid UTF-8 is repaired, not refused, and named in JSON that parses.
  r = Post("/v1/events",
           "{\"id\":\"bad\xFF\",\"at\":\"2026-03-02T09:00:00+01:00\",\"channel\":\"email\","
           "\"direction\":\"in\",\"customer\":\"a\xC0@x.it\",\"text\":\"\xED\xA0\x80\"}\n"
           "{\"id\":\"x\xFF\",\"channel\":\"fax\xFF\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
  r = Get("/v1/customers/a%EF%BF%BD@x.it/timeline");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Stores, ServiceTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& p) { return std::string(StoreKindName(p.param)); });

}  // namespace
}  // namespace fiducia

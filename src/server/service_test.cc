#include "server/service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/time_text.h"
#include "report/audit_json.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fs::temp_directory_path() /
          ("fiducia-service-" +
           std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db");
    RemoveDb();
    Start();
  }
  void TearDown() override {
    service_.reset();
    RemoveDb();
  }
  void RemoveDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_.string() + suffix);
  }
  void Start() {
    service_.reset();
    auto store = OpenSqliteStore(db_.string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    service_ = std::make_unique<Service>(AuditConfig{}, std::move(*store), clock_, Lang::kEn);
    ASSERT_TRUE(service_->Load().ok());
  }
  HttpResponse Post(const std::string& target, const std::string& body) {
    return service_->Handle({"POST", target, body, ""});
  }
  HttpResponse Get(const std::string& target) { return service_->Handle({"GET", target, "", ""}); }

  FakeClock clock_{ParseRfc3339("2026-03-02T12:00:00+01:00")->at};
  fs::path db_;
  std::unique_ptr<Service> service_;
};

const char* kTwoEvents =
    R"({"id":"w1","at":"2026-03-02T09:00:00+01:00","channel":"whatsapp","direction":"in","customer":"+39 333 1234567","text":"Buongiorno, la fibra non funziona da ieri."})"
    "\n"
    R"({"id":"w2","at":"2026-03-02T09:30:00+01:00","channel":"whatsapp","direction":"out","customer":"+393331234567","agent":"giulia","text":"Verifico con il tecnico e le faccio sapere."})"
    "\n";

TEST_F(ServiceTest, EventsAreAcceptedOnceAndSurviveARestart) {
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

TEST_F(ServiceTest, AJsonArrayAndASingleEventAreBodiesToo) {
  HttpResponse r = Post(
      "/v1/events",
      R"([{"id":"a1","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"a@x.it"},)"
      R"({"id":"a2","at":"2026-03-02T09:05:00+01:00","channel":"email","direction":"in","customer":"b@x.it"}])");
  EXPECT_NE(r.body.find("\"accepted\":2"), std::string::npos) << r.body;
  r = Post("/v1/events",
           R"({"id":"a3","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"c@x.it"})");
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
}

TEST_F(ServiceTest, BadEventsAreNamedAndTheGoodOnesKept) {
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

TEST_F(ServiceTest, WaitingListsTheCustomersWithLeastTimeLeftFirst) {
  ASSERT_EQ(Post("/v1/events",
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
  EXPECT_NE(r.body.find("\"due_at\": \"2026-03-02T12:05:00+01:00\""), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"due_at\": \"2026-03-02T17:00:00+01:00\""), std::string::npos);
}

TEST_F(ServiceTest, ReplayingTheSamplesGivesTheAuditsFindings) {
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
  auto audit = RunAudit(options, AuditConfig{});
  ASSERT_TRUE(audit.ok());
  const std::string as_of = FormatRfc3339((*audit)->as_of, std::chrono::minutes(60));
  const std::string expected =
      FindingsJson(**audit, AuditConfig{}, Lang::kEn, [](const Finding&) { return true; }) + "\n";
  std::string query = as_of;
  query.replace(query.find('+'), 1, "%2B");
  const HttpResponse live = Get("/v1/findings?as_of=" + query);
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.body, expected);
  EXPECT_GT(std::count(expected.begin(), expected.end(), '{'), 50);  // every rule, many findings
}

TEST_F(ServiceTest, FindingsFilterByRuleAndTime) {
  ASSERT_EQ(Post("/v1/events", kTwoEvents).status, 200);
  clock_.Advance(std::chrono::hours(48));
  HttpResponse r = Get("/v1/findings?rule=silent_no");
  EXPECT_NE(r.body.find("\"rule\": \"silent_no\""), std::string::npos) << r.body;
  r = Get("/v1/findings?rule=silent_no&since=2026-03-03T00:00:00%2B01:00");
  EXPECT_EQ(r.body.find("silent_no"), std::string::npos) << r.body;
}

TEST_F(ServiceTest, CoachAnswersInTheDraftsLanguage) {
  HttpResponse r = Post("/v1/coach", R"({"text":"Ci scusiamo per il disagio, è colpa del corriere."})");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("apology_wording"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"lang\":\"it\""), std::string::npos) << r.body;
  EXPECT_EQ(Post("/v1/coach", "plain text").status, 400);
}

TEST_F(ServiceTest, MetricsCountRequestsAndEvents) {
  ASSERT_EQ(Post("/v1/events", kTwoEvents).status, 200);
  Get("/healthz");
  const HttpResponse m = Get("/metrics");
  EXPECT_EQ(m.content_type.substr(0, 10), "text/plain");
  EXPECT_NE(m.body.find("fiducia_events 2\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("fiducia_events_accepted_total 2\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("fiducia_http_requests_total{code=\"200\"} 2\n"), std::string::npos)
      << m.body;
}

}  // namespace
}  // namespace fiducia

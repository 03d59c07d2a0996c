#include "server/alerts.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <thread>

#include "common/time_text.h"
#include "server/http_server.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

struct FakeTransport : WebhookTransport {
  Status Post(const std::string& url, const std::string& json) override {
    posts.emplace_back(url, json);
    return failing ? Status::IoError("down") : Status::Ok();
  }
  std::vector<std::pair<std::string, std::string>> posts;
  bool failing = false;
};

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fs::temp_directory_path() /
          ("fiducia-alerts-" +
           std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db");
    Remove();
    auto store = OpenSqliteStore(db_.string());
    ASSERT_TRUE(store.ok());
    service_ = std::make_unique<Service>(ServeConfig{}, std::move(*store), clock_, Lang::kEn);
    policy_.slack = {"http://hooks.example/slack"};
    policy_.webhooks = {"http://hooks.example/generic"};
    // A chat request at 10:00 on Monday 2 March 2026: 15 min target, warning at 12 min.
    ASSERT_EQ(
        service_
            ->Handle(
                {"POST", "/v1/events",
                 R"({"id":"c1","at":"2026-03-02T10:00:00+01:00","channel":"chat","direction":"in","customer":"ada@x.it","text":"Non riesco ad accedere"})",
                 ""})
            .status,
        200);
  }
  void TearDown() override {
    service_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_.string() + suffix);
  }
  Instant At(std::string_view hh_mm) {
    return ParseRfc3339(fmt::format("2026-03-02T{}:00+01:00", hh_mm))->at;
  }

  FakeClock clock_{ParseRfc3339("2026-03-02T10:00:00+01:00")->at};
  fs::path db_;
  std::unique_ptr<Service> service_;
  AlertPolicy policy_;
  FakeTransport transport_;
};

TEST_F(AlertsTest, AWarningAt80PercentThenABreachEachSentOnce) {
  AlertDispatcher alerts(*service_, policy_, transport_);
  EXPECT_EQ(alerts.RunOnce(At("10:11")).raised, 0u);  // 73% of the target
  auto tick = alerts.RunOnce(At("10:13"));
  EXPECT_EQ(tick.raised, 2u);  // one warning, to both webhooks
  EXPECT_EQ(tick.delivered, 2u);
  ASSERT_EQ(transport_.posts.size(), 2u);
  EXPECT_EQ(transport_.posts[0].first, "http://hooks.example/slack");
  EXPECT_NE(transport_.posts[0].second.find("{\"text\":\"ada@x.it has waited 13 min"),
            std::string::npos)
      << transport_.posts[0].second;
  EXPECT_NE(transport_.posts[1].second.find("\"alert\":\"warning\""), std::string::npos);
  EXPECT_EQ(alerts.RunOnce(At("10:14")).raised, 0u);  // the same warning is not sent again
  tick = alerts.RunOnce(At("10:16"));
  EXPECT_EQ(tick.raised, 2u);
  EXPECT_NE(transport_.posts.back().second.find("\"alert\":\"breach\""), std::string::npos);
  EXPECT_EQ(transport_.posts.size(), 4u);
}

TEST_F(AlertsTest, AFailedDeliveryIsRetriedWithBackOff) {
  AlertDispatcher alerts(*service_, policy_, transport_);
  transport_.failing = true;
  EXPECT_EQ(alerts.RunOnce(At("10:13")).failed, 2u);
  EXPECT_EQ(alerts.RunOnce(At("10:13")).failed, 0u);  // not before the back-off
  transport_.failing = false;
  auto tick = alerts.RunOnce(At("10:13") + std::chrono::seconds(5));
  EXPECT_EQ(tick.delivered, 2u);
  EXPECT_EQ(alerts.RunOnce(At("10:14")).delivered, 0u);
  EXPECT_EQ(AlertDispatcher::Backoff(1), std::chrono::seconds(5));
  EXPECT_EQ(AlertDispatcher::Backoff(3), std::chrono::seconds(20));
  EXPECT_EQ(AlertDispatcher::Backoff(30), std::chrono::minutes(10));
}

TEST_F(AlertsTest, TheNextMomentIsTheNextWarningOrTarget) {
  EXPECT_EQ(service_->NextMoment(At("10:05"), 0.8), At("10:12"));
  EXPECT_EQ(service_->NextMoment(At("10:12"), 0.8), At("10:15"));
  EXPECT_EQ(service_->NextMoment(At("10:15"), 0.8), std::nullopt);
}

TEST(HttpTransportTest, PostsToARealServerAndNamesFailures) {
  const fs::path db = fs::temp_directory_path() / "fiducia-transport-test.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  FakeClock clock(ParseRfc3339("2026-03-02T12:00:00+01:00")->at);
  auto store = OpenSqliteStore(db.string());
  ASSERT_TRUE(store.ok());
  Service receiver(ServeConfig{}, std::move(*store), clock, Lang::kEn);
  std::ostringstream log;
  HttpServer server(receiver, log);
  ASSERT_TRUE(server.Listen({"127.0.0.1", 0}).ok());
  std::thread serving([&] { server.Run(1, false); });
  auto transport = MakeHttpTransport();
  const std::string base = fmt::format("http://127.0.0.1:{}", server.port());
  EXPECT_TRUE(transport->Post(base + "/v1/coach", R"({"text":"Grazie a lei"})").ok());
  const Status missing = transport->Post(base + "/nowhere", "{}");
  EXPECT_NE(missing.message().find("HTTP 404"), std::string::npos) << missing.message();
  EXPECT_FALSE(transport->Post("https://example.com/x", "{}").ok());
  server.Stop();
  serving.join();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

}  // namespace
}  // namespace fiducia

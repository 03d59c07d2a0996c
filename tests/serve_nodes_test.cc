// Two `fiducia serve` nodes on one PostgreSQL database share the alerts: requests posted to
// either node, their warnings and breaches falling due while the test runs, one node killed with
// SIGKILL half-way: every alert reaches the webhook exactly once. Real binaries on loopback; needs
// FIDUCIA_TEST_POSTGRES_URL (scripts/test.sh starts a server), else it is skipped.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>

#include "common/clock.h"
#include "common/time_text.h"
#include "serve_process.h"
#include "store/test_database.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(ServeNodesTest, TwoNodesSendEveryDueAlertOnceWhenOneDies) {
  if (std::string why = TestDatabase::Unavailable(StoreKind::kPostgres); !why.empty()) {
    GTEST_SKIP() << why;
  }
  TestDatabase db(StoreKind::kPostgres, "serve_nodes");
  ASSERT_TRUE(db.status().ok()) << db.status().message();
  const fs::path dir = fs::temp_directory_path() / "fiducia-serve-nodes";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string config = (dir / "fiducia.toml").string();
  serve_testing::WebhookReceiver receiver;
  // Chat target 6 s: each request's warning is due 3 s after it, its breach 6 s after.
  serve_testing::WriteAlertConfig(config, 6s, receiver.url());
  auto a = serve_testing::StartServe({"--db", db.where(), "--config", config});
  auto b = serve_testing::StartServe({"--db", db.where(), "--config", config});
  ASSERT_TRUE(a && b);

  // Request i is written at start + i/2 s and posted then, to node a and b in turn; every
  // warning and breach falls on a half second after start. Node a dies at start + 7.25 s,
  // between two of those moments, holding requests whose moments are still to come.
  const SystemClock clock;
  const Instant start = clock.Now() + 1s;
  constexpr int kRequests = 16, kKilledBefore = 15;
  bool a_alive = true;
  for (int i = 0; i < kRequests; ++i) {
    const Instant at = start + i * 500ms;
    if (i == kKilledBefore) {
      std::this_thread::sleep_until(
          std::chrono::system_clock::time_point((start + 7250ms).time_since_epoch()));
      kill(a->pid, SIGKILL);
      int status = 0;
      waitpid(a->pid, &status, 0);
      a_alive = false;
    }
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(at.time_since_epoch()));
    const std::string event = R"({"id":"n)" + std::to_string(i) + R"(","at":")" +
                              FormatRfc3339(at, std::chrono::minutes(0)) +
                              R"(","channel":"chat","direction":"in","customer":"c)" +
                              std::to_string(i) + R"(@x.it","text":"Non riesco ad accedere"})";
    const int port = (i % 2 == 0 && a_alive) ? a->port : b->port;
    const std::string posted = serve_testing::Exchange(port, "POST", "/v1/events", event);
    ASSERT_NE(posted.find("\"accepted\":1"), std::string::npos) << i << ": " << posted;
  }
  receiver.WaitFor(2 * kRequests, 60s);
  std::this_thread::sleep_for(3s);  // a few more ticks of the surviving node: nothing twice
  std::map<std::string, int> sent;
  for (const std::string& body : receiver.Bodies()) ++sent[serve_testing::AlertKeyOf(body)];
  std::map<std::string, int> expected;
  for (int i = 0; i < kRequests; ++i) {
    expected["warning:n" + std::to_string(i)] = 1;
    expected["breach:n" + std::to_string(i)] = 1;
  }
  EXPECT_EQ(sent, expected);
  // The survivor knows every request, including those posted to the node that died.
  const std::string waiting = serve_testing::Exchange(b->port, "GET", "/v1/waiting", "");
  for (int i = 0; i < kRequests; ++i) {
    EXPECT_NE(waiting.find("\"n" + std::to_string(i) + "\""), std::string::npos) << i;
  }
  kill(b->pid, SIGTERM);
  int status = 0;
  waitpid(b->pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fiducia

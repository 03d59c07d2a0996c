// `fiducia serve` killed with SIGKILL: in the middle of a sustained ingest, every event it
// acknowledged is there after a restart; with alerts pending, they go out after the restart, once.
// Runs the real binary on loopback.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/time_text.h"
#include "serve_process.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using serve_testing::Exchange;

std::optional<serve_testing::ServeProcess> StartServer(const std::string& db,
                                                       std::vector<std::string> more = {}) {
  more.insert(more.begin(), {"--db", db});
  return serve_testing::StartServe(more);
}

TEST(ServeKillTest, EveryAcknowledgedEventSurvivesSigkill) {
  const fs::path db = fs::temp_directory_path() / "fiducia-serve-kill.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  auto server = StartServer(db.string());
  ASSERT_TRUE(server);
  std::vector<std::string> acknowledged;
  std::atomic<bool> killed{false};
  std::thread killer;
  for (int i = 0; i < 100000; ++i) {
    const std::string id = "k" + std::to_string(i);
    const std::string event = R"({"id":")" + id +
                              R"(","at":"2026-03-02T09:00:00+01:00","channel":"whatsapp",)"
                              R"("direction":"in","customer":"+393330001111","text":"Ciao"})";
    const std::string response = Exchange(server->port, "POST", "/v1/events", event);
    if (response.rfind("HTTP/1.1 200", 0) == 0 &&
        response.find("\"accepted\":1") != std::string::npos) {
      acknowledged.push_back(id);
    } else if (killed) {
      break;  // the server is gone
    }
    if (acknowledged.size() == 150 && !killer.joinable()) {
      killer = std::thread([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        kill(server->pid, SIGKILL);
        killed = true;
      });
    }
  }
  killer.join();
  int status = 0;
  waitpid(server->pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acknowledged.size(), 150u);

  auto restarted = StartServer(db.string());
  ASSERT_TRUE(restarted);
  // Right after a restart the customer may not be judged yet: the server says so (503, Retry-After)
  // and never "not found"; a client asks again, as Retry-After tells it.
  std::string timeline;
  for (int attempt = 0; attempt < 600; ++attempt) {
    timeline = Exchange(restarted->port, "GET", "/v1/customers/%2B393330001111/timeline", "");
    if (timeline.rfind("HTTP/1.1 503", 0) != 0) break;
    EXPECT_NE(timeline.find("catching_up"), std::string::npos) << timeline;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(timeline.rfind("HTTP/1.1 200", 0), 0u) << timeline.substr(0, 300);
  for (const std::string& id : acknowledged) {
    EXPECT_NE(timeline.find("\"" + id + "\""), std::string::npos) << id << " was lost";
  }
  kill(restarted->pid, SIGTERM);  // a graceful stop ends with exit code 0
  waitpid(restarted->pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

TEST(ServeKillTest, AlertsDueAfterASigkillGoOutOnceAfterTheRestart) {
  const fs::path dir = fs::temp_directory_path() / "fiducia-serve-kill-alerts";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string db = (dir / "fiducia.db").string(), config = (dir / "fiducia.toml").string();
  serve_testing::WebhookReceiver receiver;
  // A chat target of 12 s: the warning is due 6 s after each request, the breach 12 s after.
  serve_testing::WriteAlertConfig(config, std::chrono::seconds(12), receiver.url());
  auto server = StartServer(db, {"--config", config});
  ASSERT_TRUE(server);
  // The binary runs on the real clock, so the requests are written at the real now.
  const std::string now = FormatRfc3339(SystemClock().Now(), std::chrono::minutes(0));
  constexpr int kRequests = 5;
  std::string batch;
  for (int i = 0; i < kRequests; ++i) {
    batch += R"({"id":"r)" + std::to_string(i) + R"(","at":")" + now +
             R"(","channel":"chat","direction":"in","customer":"c)" + std::to_string(i) +
             R"(@x.it","text":"Non riesco ad accedere al mio account"})" + "\n";
  }
  const std::string posted = Exchange(server->port, "POST", "/v1/events", batch);
  ASSERT_NE(posted.find("\"accepted\":5"), std::string::npos) << posted;
  kill(server->pid, SIGKILL);  // before any warning is due
  int status = 0;
  waitpid(server->pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(receiver.Bodies().empty());

  auto restarted = StartServer(db, {"--config", config});
  ASSERT_TRUE(restarted);
  receiver.WaitFor(2 * kRequests, std::chrono::seconds(60));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // a few more ticks: nothing twice
  std::map<std::string, int> sent;
  for (const std::string& body : receiver.Bodies()) ++sent[serve_testing::AlertKeyOf(body)];
  std::map<std::string, int> expected;
  for (int i = 0; i < kRequests; ++i) {
    expected["warning:r" + std::to_string(i)] = 1;
    expected["breach:r" + std::to_string(i)] = 1;
  }
  EXPECT_EQ(sent, expected);
  kill(restarted->pid, SIGTERM);
  waitpid(restarted->pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fiducia

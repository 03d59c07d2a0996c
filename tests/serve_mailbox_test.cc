// `fiducia serve` as a real process reading a mailbox of the test Dovecot (scripts/test.sh starts
// it on loopback: FIDUCIA_TEST_IMAP_URL, FIDUCIA_TEST_IMAPS_URL, FIDUCIA_TEST_IMAP_CA_FILE) over
// imaps:// with the config's ca_file and the password from the environment: the path
// serve_command.cc wires, from [[serve.mailbox]] to GET /v1/waiting and /metrics, and a SIGTERM
// during a sync that loses and doubles nothing. Skipped without the server, except under CI=true.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "mailbox/folder_sync.h"
#include "mailbox/imap_client.h"
#include "serve_process.h"
#include "store/event_store.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using serve_testing::Exchange;

constexpr const char* kPassword = "fiducia-test";
constexpr const char* kPasswordEnv = "FIDUCIA_TEST_SERVE_MAILBOX_PASSWORD";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string Mail(int i) {
  return fmt::format(
      "From: Cliente {0} <cliente{0}@example.com>\r\nTo: assistenza@acme.it\r\n"
      "Date: Mon, 02 Mar 2026 09:{1:02}:00 +0100\r\nSubject: Ordine {0}\r\n"
      "Message-ID: <serve-{0}@example.com>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n\r\n"
      "Buongiorno, il mio ordine {0} non e' arrivato. Potete verificare?\r\n",
      i, i % 60);
}

template <typename Predicate>
bool Eventually(Predicate done, std::chrono::seconds patience = std::chrono::seconds(30)) {
  const auto until = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

class ServeMailboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    plain_url_ = Env("FIDUCIA_TEST_IMAP_URL");
    tls_url_ = Env("FIDUCIA_TEST_IMAPS_URL");
    ca_file_ = Env("FIDUCIA_TEST_IMAP_CA_FILE");
    if (plain_url_.empty() || tls_url_.empty() || ca_file_.empty()) {
      const char* why =
          "needs FIDUCIA_TEST_IMAP_URL, FIDUCIA_TEST_IMAPS_URL and FIDUCIA_TEST_IMAP_CA_FILE "
          "(scripts/imap-test-server.sh; scripts/test.sh sets them)";
      if (Env("CI") == "true") FAIL() << why;
      GTEST_SKIP() << why;
    }
    user_ = fmt::format("serve{}", getpid());
    dir_ = fs::temp_directory_path() / fmt::format("fiducia-serve-mailbox-{}", getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "serve.db").string();
    config_ = (dir_ / "fiducia.toml").string();
    std::ofstream(config_) << fmt::format(
        "[serve]\nrate_per_second = 0\n"  // the test polls faster than a client may
        "[[serve.mailbox]]\nname = \"assistenza\"\nurl = \"{}\"\nca_file = \"{}\"\n"
        "user = \"{}\"\npassword_env = \"{}\"\naddress = \"assistenza@acme.it\"\n"
        "poll_every = \"1s\"\n",
        tls_url_, ca_file_, user_, kPasswordEnv);
    setenv(kPasswordEnv, kPassword, 1);  // the child inherits it
  }
  void TearDown() override {
    if (running_ > 0) {  // a failed check left it running
      kill(running_, SIGKILL);
      waitpid(running_, nullptr, 0);
    }
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::optional<serve_testing::ServeProcess> Start() {
    auto server = serve_testing::StartServe({"--db", db_, "--config", config_});
    if (server) running_ = server->pid;
    return server;
  }
  // SIGTERM, then the exit status (-1 when it did not exit by itself).
  int Terminate(const serve_testing::ServeProcess& server) {
    kill(server.pid, SIGTERM);
    int status = 0;
    waitpid(server.pid, &status, 0);
    running_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void Deliver(int first, int count) {
    auto client = ImapClient::Connect(*ParseImapUrl(plain_url_), std::chrono::seconds(10));
    ASSERT_TRUE(client.ok()) << client.status().message();
    ASSERT_TRUE((*client)->Login(user_, kPassword).ok());
    for (int i = first; i < first + count; ++i)
      ASSERT_TRUE((*client)->Append("INBOX", Mail(i)).ok());
  }
  // The waiting list's "total": customers waiting, each mail here being another customer's.
  static int WaitingTotal(int port) {
    const std::string waiting = Exchange(port, "GET", "/v1/waiting?limit=1", "");
    const size_t at = waiting.find("\"total\":");
    return at == std::string::npos ? -1 : std::atoi(waiting.c_str() + at + 8);
  }
  static std::string Metric(int port, const std::string& name) {
    const std::string metrics = Exchange(port, "GET", "/metrics", "");
    const std::string key = name + "{mailbox=\"assistenza\",folder=\"INBOX\"} ";
    const size_t at = metrics.find(key);
    if (at == std::string::npos) return "";
    return metrics.substr(at + key.size(), metrics.find('\n', at) - at - key.size());
  }

  std::string plain_url_, tls_url_, ca_file_, user_, db_, config_;
  fs::path dir_;
  pid_t running_ = -1;
};

TEST_F(ServeMailboxTest, AnInboxMailShowsInWaitingAndMetricsAndASigtermLosesNothing) {
  auto server = Start();
  ASSERT_TRUE(server);
  Deliver(0, 1);
  ASSERT_TRUE(Eventually([&] {
    return Exchange(server->port, "GET", "/v1/waiting", "").find("cliente0@example.com") !=
           std::string::npos;
  })) << Exchange(server->port, "GET", "/v1/waiting", "");
  ASSERT_TRUE(Eventually([&] {
    return Metric(server->port, "fiducia_mailbox_messages_total") == "1";
  })) << Exchange(server->port, "GET", "/metrics", "");
  EXPECT_EQ(Metric(server->port, "fiducia_mailbox_up"), "1");
  EXPECT_EQ(Metric(server->port, "fiducia_mailbox_events_new_total"), "1");
  EXPECT_EQ(Metric(server->port, "fiducia_mailbox_connection_failures_total"), "0");
  EXPECT_EQ(Metric(server->port, "fiducia_mailbox_login_failures_total"), "0");

  // Three batches' worth of mail, delivered while it reads; SIGTERM in the middle.
  constexpr int kMore = 150;
  std::thread delivery([&] { Deliver(1, kMore); });
  const bool reading = Eventually([&] {
    return std::atoi(Metric(server->port, "fiducia_mailbox_messages_total").c_str()) >= 20;
  });
  const int read_before = std::atoi(Metric(server->port, "fiducia_mailbox_messages_total").c_str());
  EXPECT_EQ(Terminate(*server), 0);
  delivery.join();
  ASSERT_TRUE(reading);
  // Mail that comes while the server is down: the restart must resume past what it had read,
  // whether or not the SIGTERM above fell in the middle of a batch (under a sanitizer the server
  // may have read all 150 before it came).
  constexpr int kWhileDown = 40;
  Deliver(1 + kMore, kWhileDown);
  constexpr int kAll = 1 + kMore + kWhileDown;

  // The restart reads the rest from the saved position: every mail once.
  auto again = Start();
  ASSERT_TRUE(again);
  ASSERT_TRUE(Eventually([&] { return WaitingTotal(again->port) == kAll; }))
      << Exchange(again->port, "GET", "/v1/waiting", "").substr(0, 2000);
  const std::string after_restart = Metric(again->port, "fiducia_mailbox_messages_total");
  EXPECT_EQ(Terminate(*again), 0);

  auto store = OpenStore(db_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  int64_t events = 0;
  ASSERT_TRUE((*store)->ForEachSince(0, [&](int64_t, auto, auto) { ++events; }).ok());
  EXPECT_EQ(events, kAll);  // no mail lost, none doubled
  // The restart read what came while it was down and what was left, not the folder again.
  const int read_after = std::atoi(after_restart.c_str());
  EXPECT_GE(read_after, kWhileDown);
  // At most one batch read but not yet saved when the SIGTERM came is read again.
  EXPECT_LE(read_after, kAll - read_before + static_cast<int>(FolderSync::kBatch));
  std::printf("messages read before the SIGTERM: about %d; after the restart: %d of %d\n",
              read_before - 1, read_after, kMore + kWhileDown);
}

}  // namespace
}  // namespace fiducia

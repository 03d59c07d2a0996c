// The mailbox against a real IMAP server: the Dovecot that scripts/test.sh starts on loopback
// (scripts/imap-test-server.sh; its URL in FIDUCIA_TEST_IMAP_URL, any user, password
// fiducia-test; its imaps:// URL in FIDUCIA_TEST_IMAPS_URL and the throwaway CA that signed its
// certificate in FIDUCIA_TEST_IMAP_CA_FILE). Without them the tests are skipped, except under
// CI=true, where they fail.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>

#include "common/time_text.h"
#include "mailbox/folder_sync.h"
#include "mailbox/imap_client.h"
#include "mailbox/mailbox_watch.h"
#include "server/service.h"
#include "store/test_database.h"

namespace fiducia {
namespace {

constexpr const char* kPassword = "fiducia-test";
constexpr auto kPatience = std::chrono::seconds(20);

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string ServerUrl() { return Env("FIDUCIA_TEST_IMAP_URL"); }

bool InCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

std::string Mail(std::string_view id, std::string_view from, std::string_view to,
                 std::string_view date, std::string_view subject, std::string_view body,
                 std::string_view in_reply_to = "") {
  std::string m =
      fmt::format("From: {}\r\nTo: {}\r\nDate: {}\r\nSubject: {}\r\nMessage-ID: <{}>\r\n", from, to,
                  date, subject, id);
  if (!in_reply_to.empty()) {
    m += fmt::format("In-Reply-To: <{0}>\r\nReferences: <{0}>\r\n", in_reply_to);
  }
  m += "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
  m += body;
  m += "\r\n";
  return m;
}

// Polls `done` until it holds or kPatience passes.
template <typename Predicate>
bool Eventually(Predicate done) {
  const auto until = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

class MailboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = ServerUrl();
    if (url_.empty()) {
      const char* why =
          "the mailbox tests need FIDUCIA_TEST_IMAP_URL=imap://127.0.0.1:PORT (a server where "
          "any user logs in with password fiducia-test); scripts/test.sh starts a throwaway "
          "Dovecot";
      if (InCi()) FAIL() << why;
      GTEST_SKIP() << why;
    }
    const std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    static std::atomic<int> counter{0};
    user_ = fmt::format("t{}_{}_{}", getpid(), counter++, test.substr(0, 20));
    db_ = std::make_unique<TestDatabase>(StoreKind::kSqlite, test);
    ASSERT_TRUE(db_->status().ok());
    auto store = OpenStore(db_->where());
    ASSERT_TRUE(store.ok()) << store.status().message();
    service_ = std::make_unique<Service>(ServeConfig{}, std::move(*store), clock_, Lang::kEn);
    ASSERT_TRUE(service_->Load().ok());
    settings_.url = url_;
    settings_.user = user_;
    settings_.password = kPassword;
    settings_.address = "assistenza@acme.it";
    settings_.poll_every = std::chrono::seconds(1);
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
  }

  std::unique_ptr<ImapClient> Client() {
    auto client = ImapClient::Connect(*ParseImapUrl(url_), std::chrono::seconds(10));
    EXPECT_TRUE(client.ok()) << client.status().message();
    if (!client.ok()) return nullptr;
    EXPECT_TRUE((*client)->Login(user_, kPassword).ok());
    return std::move(*client);
  }
  void Append(const std::string& folder, const std::string& message) {
    auto client = Client();
    ASSERT_TRUE(client);
    Status s = client->Append(folder, message);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  DeliverEvents Deliver() {
    return [this](const std::string& workspace,
                  const std::vector<std::string>& lines) -> Result<size_t> {
      auto outcome = service_->Ingest(workspace, lines);
      if (!outcome.ok()) return outcome.status();
      return outcome->accepted;
    };
  }
  std::string Waiting() { return service_->Handle({"GET", "/v1/waiting", "", ""}).body; }
  int64_t StoredEvents() {
    int64_t n = 0;
    EXPECT_TRUE(service_->store().ForEachSince(0, [&](int64_t, auto, auto) { ++n; }).ok());
    return n;
  }
  std::unique_ptr<MailboxWatcher> Watcher(const MailboxSettings& settings, WatchOptions options,
                                          std::vector<std::string>* log = nullptr) {
    auto watcher = MailboxWatcher::Create(
        settings, SourceSettings{}, IngestOptions{}, service_->store(), Deliver(),
        [this, log](const std::string& line) {
          std::lock_guard lock(log_mu_);
          if (log) log->push_back(line);
        },
        options);
    EXPECT_TRUE(watcher.ok()) << watcher.status().message();
    return watcher.ok() ? std::move(*watcher) : nullptr;
  }

  FakeClock clock_{ParseRfc3339("2026-03-02T12:00:00+01:00")->at};
  std::string url_, user_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Service> service_;
  MailboxSettings settings_;
  std::mutex log_mu_;
};

const std::string kQuestion =
    Mail("q1@example.com", "Mario Rossi <mario.rossi@example.com>", "assistenza@acme.it",
         "Mon, 02 Mar 2026 09:00:00 +0100", "Ordine 123 non arrivato",
         "Buongiorno, il mio ordine 123 non e' ancora arrivato. Potete verificare?");
const std::string kAnswer =
    Mail("a1@acme.it", "Emma - Assistenza Clienti <assistenza@acme.it>", "mario.rossi@example.com",
         "Mon, 02 Mar 2026 10:00:00 +0100", "Re: Ordine 123 non arrivato",
         "Gentile Mario, il pacco e' partito oggi e arriva domani.\r\n\r\n> Buongiorno, il mio "
         "ordine 123 non e' ancora arrivato.",
         "q1@example.com");

TEST_F(MailboxTest, TheClientListsFetchesAppendsAndIdles) {
  auto client = Client();
  ASSERT_TRUE(client);
  ASSERT_TRUE(client->Append("INBOX", kQuestion).ok());
  auto folder = client->Examine("INBOX");
  ASSERT_TRUE(folder.ok()) << folder.status().message();
  EXPECT_GT(folder->uid_validity, 0u);
  EXPECT_EQ(folder->exists, 1u);
  auto uids = client->UidsAfter(0);
  ASSERT_TRUE(uids.ok());
  ASSERT_EQ(*uids, std::vector<uint32_t>{1});
  EXPECT_TRUE(client->UidsAfter(1)->empty());  // "2:*" names UID 1 too: not listed
  auto bytes = client->Fetch(1, 1 << 20);
  ASSERT_TRUE(bytes.ok());
  EXPECT_NE(bytes->find("Ordine 123"), std::string::npos);
  EXPECT_EQ(client->Fetch(1, 10)->size(), 10u);  // at most max_bytes
  EXPECT_EQ(client->Fetch(7, 1 << 20).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(client->CanIdle());
  // IDLE ends when another connection delivers a message.
  std::thread other([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    Append("INBOX", kAnswer);
  });
  auto news = client->Idle(std::chrono::seconds(15), -1);
  other.join();
  ASSERT_TRUE(news.ok()) << news.status().message();
  EXPECT_TRUE(*news);
  EXPECT_EQ(*client->UidsAfter(1), std::vector<uint32_t>{2});
  EXPECT_FALSE(*client->Idle(std::chrono::milliseconds(100), -1));  // nothing new: times out
}

TEST_F(MailboxTest, AMessageInTheInboxWaitsAndAReplyInSentEndsTheWait) {
  auto watcher = Watcher(settings_, {});
  ASSERT_TRUE(watcher);
  watcher->Start();
  Append("INBOX", kQuestion);
  ASSERT_TRUE(Eventually([&] {
    return Waiting().find("mario.rossi@example.com") != std::string::npos;
  })) << Waiting();
  Append("Sent", kAnswer);
  ASSERT_TRUE(Eventually([&] {
    return Waiting().find("mario.rossi@example.com") == std::string::npos;
  })) << Waiting();
  watcher->Stop();
  EXPECT_EQ(watcher->Stats("INBOX").messages, 1u);
  EXPECT_EQ(watcher->Stats("Sent").messages, 1u);
  // The reply's agent is the person of the display name, not the shared address.
  const std::string timeline =
      service_->Handle({"GET", "/v1/customers/mario.rossi%40example.com/timeline", "", ""}).body;
  EXPECT_NE(timeline.find("\"Emma\""), std::string::npos) << timeline;
  EXPECT_EQ(timeline.find("Buongiorno, il mio ordine 123 non e' ancora arrivato.\\n"),
            std::string::npos);
}

TEST_F(MailboxTest, ASyncKilledMidwayLosesAndDoublesNothing) {
  constexpr int kMessages = 120;  // three batches of FolderSync::kBatch
  {
    auto client = Client();
    ASSERT_TRUE(client);
    for (int i = 0; i < kMessages; ++i) {
      ASSERT_TRUE(
          client
              ->Append("INBOX",
                       Mail(fmt::format("m{}@example.com", i), fmt::format("c{}@example.com", i),
                            "assistenza@acme.it", "Mon, 02 Mar 2026 09:00:00 +0100", "Aiuto",
                            "La fattura non torna, potete controllare?"))
              .ok());
    }
  }
  MailEvents reader(SourceSettings{}, IngestOptions{});
  const std::string key = "imap:test/INBOX";
  // The worst moment to die: the second batch is durable, its position not yet saved.
  int batches = 0;
  DeliverEvents dies = [&](const std::string& workspace,
                           const std::vector<std::string>& lines) -> Result<size_t> {
    auto added = Deliver()(workspace, lines);
    if (++batches == 2) return Status::IoError("killed");
    return added;
  };
  {
    FolderSync sync("default", key, "INBOX", reader, service_->store(), dies);
    auto client = Client();
    ASSERT_TRUE(client);
    EXPECT_FALSE(sync.Sync(*client).ok());
    EXPECT_EQ(sync.Position()->last_uid, FolderSync::kBatch);
  }
  EXPECT_EQ(StoredEvents(), 2 * static_cast<int64_t>(FolderSync::kBatch));
  // Stopped between batches (a SIGTERM): what was read stands.
  {
    FolderSync sync("default", key, "INBOX", reader, service_->store(), Deliver());
    auto client = Client();
    int asked = 0;
    auto counts = sync.Sync(*client, [&] { return ++asked > 1; });
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->messages, FolderSync::kBatch);
    EXPECT_EQ(counts->new_events, 0u);  // the batch that died was stored already
    EXPECT_EQ(sync.Position()->last_uid, 2 * FolderSync::kBatch);
  }
  // The restart reads the rest, once.
  FolderSync sync("default", key, "INBOX", reader, service_->store(), Deliver());
  auto client = Client();
  auto counts = sync.Sync(*client);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->messages, kMessages - 2 * FolderSync::kBatch);
  EXPECT_EQ(counts->new_events, kMessages - 2 * FolderSync::kBatch);
  EXPECT_EQ(StoredEvents(), kMessages);
  EXPECT_EQ(sync.Sync(*client)->messages, 0u);
  EXPECT_EQ(sync.Position()->last_uid, static_cast<uint32_t>(kMessages));
  // A rebuilt folder (another UIDVALIDITY) is read again and doubles nothing.
  ASSERT_TRUE(service_->store().SaveSyncState("default", key, "1 5").ok());
  counts = sync.Sync(*client);
  EXPECT_EQ(counts->messages, static_cast<uint64_t>(kMessages));
  EXPECT_EQ(counts->new_events, 0u);
  EXPECT_EQ(StoredEvents(), kMessages);
}

TEST_F(MailboxTest, ARefusedLoginIsRetriedWithBackoffAndCountedWhileOthersGoOn) {
  MailboxSettings wrong = settings_;
  wrong.name = "wrong";
  wrong.password = "not-the-password";
  wrong.sent.clear();
  WatchOptions fast;
  fast.first_retry = std::chrono::milliseconds(20);
  fast.max_retry = std::chrono::milliseconds(160);
  std::vector<std::string> log;
  auto refused = Watcher(wrong, fast, &log);
  auto good = Watcher(settings_, fast);
  ASSERT_TRUE(refused && good);
  refused->Start();
  good->Start();
  Append("INBOX", kQuestion);
  ASSERT_TRUE(Eventually([&] { return refused->Stats("INBOX").login_failures >= 5; }));
  ASSERT_TRUE(
      Eventually([&] { return Waiting().find("mario.rossi@example.com") != std::string::npos; }));
  const FolderStats stats = refused->Stats("INBOX");
  EXPECT_FALSE(stats.up);
  EXPECT_EQ(stats.connection_failures, 0u);
  EXPECT_EQ(stats.retry_in, fast.max_retry);  // 20, 40, 80, 160, 160 ms…
  const std::string metrics = refused->MetricsText();
  EXPECT_NE(metrics.find("fiducia_mailbox_up{mailbox=\"wrong\",folder=\"INBOX\"} 0"),
            std::string::npos)
      << metrics;
  EXPECT_NE(
      metrics.find("fiducia_mailbox_login_failures_total{mailbox=\"wrong\",folder=\"INBOX\"}"),
      std::string::npos);
  EXPECT_NE(
      good->MetricsText().find("fiducia_mailbox_up{mailbox=\"" + user_ + "\",folder=\"INBOX\"} 1"),
      std::string::npos)
      << good->MetricsText();
  refused->Stop();
  good->Stop();
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log.front().find("refused the login"), std::string::npos) << log.front();
  for (const std::string& line : log) EXPECT_EQ(line.find(wrong.password), std::string::npos);
}

TEST_F(MailboxTest, AServerThatIsDownCountsAsAConnectionFailure) {
  MailboxSettings down = settings_;
  down.url = "imap://127.0.0.1:1";
  WatchOptions fast;
  fast.first_retry = std::chrono::milliseconds(10);
  fast.max_retry = std::chrono::milliseconds(10);
  auto watcher = Watcher(down, fast);
  ASSERT_TRUE(watcher);
  watcher->Start();
  ASSERT_TRUE(Eventually([&] { return watcher->Stats("Sent").connection_failures >= 2; }));
  watcher->Stop();
  EXPECT_EQ(watcher->Stats("Sent").login_failures, 0u);
}

// The same server over implicit TLS, its certificate signed by the test server's own CA.
class MailboxTlsTest : public MailboxTest {
 protected:
  void SetUp() override {
    MailboxTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tls_url_ = Env("FIDUCIA_TEST_IMAPS_URL");
    ca_file_ = Env("FIDUCIA_TEST_IMAP_CA_FILE");
    if (tls_url_.empty() || ca_file_.empty()) {
      const char* why =
          "the TLS tests need FIDUCIA_TEST_IMAPS_URL and FIDUCIA_TEST_IMAP_CA_FILE "
          "(DIR/imaps-url and DIR/ca.pem of scripts/imap-test-server.sh start DIR)";
      if (InCi()) FAIL() << why;
      GTEST_SKIP() << why;
    }
  }
  Result<std::unique_ptr<ImapClient>> TlsClient(const std::string& url,
                                                const std::string& ca_file) {
    auto endpoint = ParseImapUrl(url);
    if (!endpoint.ok()) return endpoint.status();
    endpoint->ca_file = ca_file;
    return ImapClient::Connect(*endpoint, std::chrono::seconds(10));
  }
  std::string tls_url_, ca_file_;
};

TEST_F(MailboxTlsTest, ASyncOverImapsWithTheCaFileReadsTheInbox) {
  // The certificate names 127.0.0.1 (an IP address, checked as one) and localhost (a DNS name).
  const std::string port = tls_url_.substr(tls_url_.rfind(':') + 1);
  for (const std::string& url : {tls_url_, "imaps://localhost:" + port}) {
    auto client = TlsClient(url, ca_file_);
    ASSERT_TRUE(client.ok()) << url << ": " << client.status().message();
    Status login = (*client)->Login(user_, kPassword);
    EXPECT_TRUE(login.ok()) << url << ": " << login.message();
  }
  MailboxSettings settings = settings_;
  settings.url = tls_url_;
  settings.ca_file = ca_file_;
  auto watcher = Watcher(settings, {});
  ASSERT_TRUE(watcher);
  watcher->Start();
  {
    auto client = TlsClient(tls_url_, ca_file_);
    ASSERT_TRUE(client.ok()) << client.status().message();
    ASSERT_TRUE((*client)->Login(user_, kPassword).ok());
    ASSERT_TRUE((*client)->Append("INBOX", kQuestion).ok());
  }
  ASSERT_TRUE(Eventually([&] {
    return Waiting().find("mario.rossi@example.com") != std::string::npos;
  })) << Waiting();
  Append("Sent", kAnswer);
  ASSERT_TRUE(Eventually([&] {
    return Waiting().find("mario.rossi@example.com") == std::string::npos;
  })) << Waiting();
  watcher->Stop();
  EXPECT_EQ(watcher->Stats("INBOX").messages, 1u);
  EXPECT_EQ(watcher->Stats("INBOX").connection_failures, 0u);
}

TEST_F(MailboxTlsTest, AnUntrustedCertificateIsRefusedAndTheLogSaysWhy) {
  // The system's store does not know the test CA: the handshake fails before any password is
  // sent, and the message says what to do.
  auto client = TlsClient(tls_url_, "");
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), StatusCode::kIoError);
  EXPECT_NE(client.status().message().find("certificate is not trusted"), std::string::npos)
      << client.status().message();
  EXPECT_NE(client.status().message().find("ca_file"), std::string::npos)
      << client.status().message();

  Append("INBOX", kQuestion);
  MailboxSettings settings = settings_;
  settings.url = tls_url_;
  WatchOptions fast;
  fast.first_retry = std::chrono::milliseconds(20);
  fast.max_retry = std::chrono::milliseconds(40);
  std::vector<std::string> log;
  auto watcher = Watcher(settings, fast, &log);
  ASSERT_TRUE(watcher);
  watcher->Start();
  ASSERT_TRUE(Eventually([&] { return watcher->Stats("INBOX").connection_failures >= 2; }));
  watcher->Stop();
  const FolderStats stats = watcher->Stats("INBOX");
  EXPECT_FALSE(stats.up);
  EXPECT_EQ(stats.login_failures, 0u);
  EXPECT_EQ(stats.messages, 0u);
  EXPECT_EQ(Waiting().find("mario.rossi@example.com"), std::string::npos);  // nothing was read
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log.front().find("certificate is not trusted"), std::string::npos) << log.front();
  EXPECT_NE(watcher->MetricsText().find("fiducia_mailbox_connection_failures_total{mailbox=\"" +
                                        user_ + "\",folder=\"INBOX\"}"),
            std::string::npos);
}

TEST(MailboxSettingsTest, TheCaFileIsReadableAndForImapsOnly) {
  auto store = OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.ok());
  MailboxSettings settings;
  settings.url = "imaps://mail.example.it";
  settings.user = "assistenza@acme.it";
  settings.password = "s3cret";
  settings.ca_file = "/nonexistent/fiducia-ca.pem";
  const DeliverEvents none = [](const std::string&, const std::vector<std::string>&) {
    return Result<size_t>(size_t{0});
  };
  auto create = [&] {
    return MailboxWatcher::Create(settings, {}, {}, **store, none, [](const std::string&) {});
  };
  EXPECT_NE(create().status().message().find("cannot read ca_file /nonexistent/fiducia-ca.pem"),
            std::string::npos)
      << create().status().message();
  settings.url = "imap://127.0.0.1:143";
  settings.ca_file = "/dev/null";
  EXPECT_NE(create().status().message().find("ca_file is for imaps://"), std::string::npos);
  settings.url = "imaps://mail.example.it";
  EXPECT_TRUE(create().ok());
}

TEST(MailboxSettingsTest, APasswordComesFromTheConfigOrItsEnvironmentVariable) {
  auto store = OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.ok());
  MailboxSettings settings;
  settings.url = "imaps://mail.example.it";
  settings.user = "assistenza@acme.it";
  const DeliverEvents none = [](const std::string&, const std::vector<std::string>&) {
    return Result<size_t>(size_t{0});
  };
  auto create = [&] {
    return MailboxWatcher::Create(settings, {}, {}, **store, none, [](const std::string&) {});
  };
  EXPECT_EQ(create().status().code(), StatusCode::kUsage);  // no password
  settings.password_env = "FIDUCIA_TEST_MAILBOX_PASSWORD_UNSET";
  unsetenv(settings.password_env.c_str());
  EXPECT_NE(create().status().message().find("FIDUCIA_TEST_MAILBOX_PASSWORD_UNSET is not set"),
            std::string::npos);
  setenv(settings.password_env.c_str(), "s3cret", 1);
  EXPECT_TRUE(create().ok());
  settings.url = "imap://mail.example.it";
  EXPECT_EQ(create().status().code(), StatusCode::kUsage);
}

}  // namespace
}  // namespace fiducia

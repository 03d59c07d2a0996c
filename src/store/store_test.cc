// The same tests on both stores: SQLite, and PostgreSQL when FIDUCIA_TEST_POSTGRES_URL names a
// server (scripts/test.sh starts one; without it the PostgreSQL half is skipped, saying why).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "store/event_store.h"
#include "store/test_database.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

struct Row {
  int64_t number;
  std::string workspace, line;
};

class StoreTest : public ::testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (std::string why = TestDatabase::Unavailable(GetParam()); !why.empty()) GTEST_SKIP() << why;
    db_ = std::make_unique<TestDatabase>(
        GetParam(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    ASSERT_TRUE(db_->status().ok()) << db_->status().message();
  }
  std::unique_ptr<EventStore> Open(int version = kStoreSchemaVersion) {
    auto store = GetParam() == StoreKind::kSqlite ? OpenSqliteStore(db_->where(), version)
                                                  : OpenPostgresStore(db_->where(), version);
    EXPECT_TRUE(store.ok()) << store.status().message();
    return store.ok() ? std::move(*store) : nullptr;
  }
  static std::vector<Row> Rows(const EventStore& store, int64_t after = 0,
                               int64_t limit = EventStore::kAllEvents) {
    std::vector<Row> rows;
    const Status s = store.ForEachSince(
        after,
        [&](int64_t n, std::string_view w, std::string_view l) {
          rows.push_back({n, std::string(w), std::string(l)});
        },
        limit);
    EXPECT_TRUE(s.ok()) << s.message();
    return rows;
  }
  static std::vector<std::string> Lines(const EventStore& store, std::string_view workspace) {
    std::vector<std::string> lines;
    for (const Row& r : Rows(store)) {
      if (r.workspace == workspace) lines.push_back(r.line);
    }
    return lines;
  }
  std::unique_ptr<TestDatabase> db_;
};

TEST_P(StoreTest, AppendsOncePerIdInArrivalOrder) {
  auto store = Open();
  ASSERT_TRUE(store);
  auto added = store->Append("default", {{"b", "{\"id\":\"b\"}"}, {"a", "{\"id\":\"a\"}"}});
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_EQ(*added, 2u);
  added = store->Append("default", {{"a", "{\"id\":\"a\"}"}, {"c", "{\"id\":\"c\"}"}});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1u);  // "a" again is the same event
  added = store->Append("default", {{"d", "{\"id\":\"d\"}"}, {"d", "{\"id\":\"d\"}"}});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1u);  // twice in one batch too
  EXPECT_EQ(Lines(*store, "default"),
            (std::vector<std::string>{"{\"id\":\"b\"}", "{\"id\":\"a\"}", "{\"id\":\"c\"}",
                                      "{\"id\":\"d\"}"}));
  // Numbers grow; reading after one gives what came later.
  const auto rows = Rows(*store);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end(),
                             [](const Row& a, const Row& b) { return a.number < b.number; }));
  const auto later = Rows(*store, rows[1].number);
  ASSERT_EQ(later.size(), 2u);
  EXPECT_EQ(later[0].line, "{\"id\":\"c\"}");
  // In chunks: at most `limit` rows, the next chunk after the last one seen.
  const auto first = Rows(*store, 0, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[2].line, "{\"id\":\"c\"}");
  const auto rest = Rows(*store, first[2].number, 3);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].line, "{\"id\":\"d\"}");
}

TEST_P(StoreTest, HostileTextIsStoredAsItCame) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::string line =
      R"({"id":"q","text":"it's \"quoted\", a {brace}, a back\\slash, ',' and ☃"})";
  ASSERT_TRUE(store->Append("default", {{"q\"'{},\\", line}}).ok());
  EXPECT_EQ(Lines(*store, "default"), std::vector<std::string>{line});
  EXPECT_EQ(*store->Append("default", {{"q\"'{},\\", line}}), 0u);
}

TEST_P(StoreTest, EventsSurviveReopeningAndTheSchemaIsVersioned) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Append("default", {{"x", "{\"id\":\"x\"}"}}).ok());
  }
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(Lines(*store, "default"), std::vector<std::string>{"{\"id\":\"x\"}"});
  EXPECT_EQ(*store->SchemaVersion(), kStoreSchemaVersion);
}

TEST_P(StoreTest, ANewerSchemaIsAnError) {
  ASSERT_TRUE(Open());
  ASSERT_TRUE(db_->Execute("UPDATE schema_version SET version = 99").ok());
  auto store = GetParam() == StoreKind::kSqlite ? OpenSqliteStore(db_->where())
                                                : OpenPostgresStore(db_->where());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("newer than this fiducia"), std::string::npos)
      << store.status().message();
}

TEST_P(StoreTest, WorkspacesKeepEventsApart) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->Append("acme", {{"e1", "{\"id\":\"e1\",\"w\":\"acme\"}"}}), 1u);
  // The same id in another workspace is another event.
  EXPECT_EQ(*store->Append("globex", {{"e1", "{\"id\":\"e1\",\"w\":\"globex\"}"}}), 1u);
  EXPECT_EQ(*store->Append("acme", {{"e1", "{\"id\":\"e1\",\"w\":\"acme\"}"}}), 0u);
  EXPECT_EQ(Lines(*store, "acme"), std::vector<std::string>{"{\"id\":\"e1\",\"w\":\"acme\"}"});
  EXPECT_EQ(Lines(*store, "globex"), std::vector<std::string>{"{\"id\":\"e1\",\"w\":\"globex\"}"});
}

TEST_P(StoreTest, AnAlertIsRecordedOnceAndRetriedUntilDelivered) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_TRUE(*store->RecordAlert("default", "breach:w1", "{}"));
  EXPECT_FALSE(*store->RecordAlert("default", "breach:w1", "{}"));     // once, whoever raises it
  EXPECT_TRUE(*store->RecordAlert("acme", "breach:w1", "{\"w\":1}"));  // another workspace's
  auto due = store->ClaimDueAlerts(1000, "n1", 60000, 10);
  ASSERT_TRUE(due.ok()) << due.status().message();
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].workspace, "default");
  EXPECT_EQ((*due)[1].workspace, "acme");
  EXPECT_EQ((*due)[1].body, "{\"w\":1}");
  ASSERT_TRUE(store->MarkAlert((*due)[1], "n1", true, 1, 1000).ok());
  ASSERT_TRUE(store->MarkAlert((*due)[0], "n1", false, 1, 5000).ok());
  EXPECT_TRUE(store->ClaimDueAlerts(4999, "n1", 60000, 10)->empty());  // backing off
  due = store->ClaimDueAlerts(5000, "n1", 60000, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().attempts, 1);
  ASSERT_TRUE(store->MarkAlert(due->front(), "n1", true, 2, 5000).ok());
  EXPECT_TRUE(store->ClaimDueAlerts(99999999, "n1", 60000, 10)->empty());
}

TEST_P(StoreTest, ALeaseKeepsAnAlertFromOtherNodesUntilItExpires) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(*store->RecordAlert("default", "breach:w1", "{}"));
  auto mine = store->ClaimDueAlerts(1000, "a", 60000, 10);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_TRUE(store->ClaimDueAlerts(1000, "b", 60000, 10)->empty());
  EXPECT_TRUE(store->ClaimDueAlerts(60999, "b", 60000, 10)->empty());
  // Node a died: once its lease ends, b takes the alert over.
  auto taken = store->ClaimDueAlerts(61000, "b", 60000, 10);
  ASSERT_EQ(taken->size(), 1u);
  // A late word from a changes nothing: the lease is b's now.
  ASSERT_TRUE(store->MarkAlert(mine->front(), "a", true, 1, 61000).ok());
  EXPECT_TRUE(store->ClaimDueAlerts(100000, "c", 60000, 10)->empty());  // b's lease holds
  ASSERT_TRUE(store->MarkAlert(taken->front(), "b", true, 1, 61000).ok());
  EXPECT_TRUE(store->ClaimDueAlerts(999999, "c", 60000, 10)->empty());  // delivered
}

TEST_P(StoreTest, TwoConnectionsNeverClaimTheSameAlert) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first && second);
  constexpr int kAlerts = 300;
  for (int i = 0; i < kAlerts; ++i) {
    ASSERT_TRUE(first->RecordAlert("default", "a" + std::to_string(i), "{}").ok());
  }
  std::vector<std::string> claimed[2];
  auto claim = [&](EventStore& store, std::vector<std::string>& out, const char* node) {
    for (;;) {
      auto batch = store.ClaimDueAlerts(1000, node, 60000, 7);
      ASSERT_TRUE(batch.ok()) << batch.status().message();
      if (batch->empty()) return;
      for (const auto& a : *batch) out.push_back(a.key);
    }
  };
  std::thread t1([&] { claim(*first, claimed[0], "one"); });
  std::thread t2([&] { claim(*second, claimed[1], "two"); });
  t1.join();
  t2.join();
  std::multiset<std::string> all(claimed[0].begin(), claimed[0].end());
  all.insert(claimed[1].begin(), claimed[1].end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kAlerts));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), static_cast<size_t>(kAlerts));
}

// Appends from many threads on one store are committed in groups; each still learns how many of
// its own events were new, and nothing is lost or stored twice, in either workspace.
TEST_P(StoreTest, ConcurrentAppendsOnOneStoreEachCountTheirOwnNewEvents) {
  auto store = Open();
  ASSERT_TRUE(store);
  constexpr int kThreads = 8, kPosts = 40;
  std::atomic<size_t> added_total{0};
  std::atomic<int> failures{0};
  {
    std::vector<std::jthread> posters;
    for (int t = 0; t < kThreads; ++t) {
      posters.emplace_back([&, t] {
        const std::string workspace = t % 2 == 0 ? "acme" : "globex";
        for (int i = 0; i < kPosts; ++i) {
          const std::string own = "t" + std::to_string(t) + "-" + std::to_string(i);
          const std::string shared = "shared-" + std::to_string(i);  // posted by every thread
          auto added = store->Append(workspace, {{own, own}, {shared, shared}});
          if (!added.ok() || *added < 1 || *added > 2) ++failures;
          if (added.ok()) added_total += *added;
        }
      });
    }
  }
  EXPECT_EQ(failures, 0);
  // Each thread's own events, and each shared id once per workspace.
  EXPECT_EQ(added_total, size_t{kThreads * kPosts + 2 * kPosts});
  EXPECT_EQ(Lines(*store, "acme").size(), size_t{kThreads / 2 * kPosts + kPosts});
  EXPECT_EQ(Lines(*store, "globex").size(), size_t{kThreads / 2 * kPosts + kPosts});
}

TEST_P(StoreTest, AReaderFollowingTheNumbersMissesNoEventOfConcurrentWriters) {
  auto reader = Open();
  ASSERT_TRUE(reader);
  constexpr int kWriters = 3, kBatches = 40;
  std::atomic<int> done{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto store = Open();
      for (int b = 0; store && b < kBatches; ++b) {
        const std::string id = "w" + std::to_string(w) + "-" + std::to_string(b);
        EXPECT_TRUE(store->Append("default", {{id + "a", id + "a"}, {id + "b", id + "b"}}).ok());
      }
      ++done;
    });
  }
  std::set<std::string> seen;
  int64_t last = 0;
  for (bool finished = false; !finished;) {
    finished = done == kWriters;  // one more pass after the last writer is through
    for (const Row& r : Rows(*reader, last)) {
      EXPECT_GT(r.number, last);
      last = r.number;
      seen.insert(r.line);
    }
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(seen.size(), static_cast<size_t>(kWriters * kBatches * 2));
}

TEST_P(StoreTest, TokensKeepTheirRoleAndWorkspace) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->TokenCount(), 0);
  ASSERT_TRUE(store->AddToken("h1", "ops", "admin", "acme").ok());
  const Status twice = store->AddToken("h2", "ops", "viewer", "acme");
  EXPECT_EQ(twice.code(), StatusCode::kUsage) << twice.message();
  auto grant = store->GrantOfToken("h1");
  ASSERT_TRUE(grant.ok() && *grant);
  EXPECT_EQ((*grant)->role, "admin");
  EXPECT_EQ((*grant)->workspace, "acme");
  EXPECT_FALSE(*store->GrantOfToken("nope"));
  EXPECT_EQ(*store->TokenCount(), 1);
}

TEST_P(StoreTest, AVersion3DatabaseMigratesIntoTheDefaultWorkspace) {
  {
    auto old = Open(3);
    ASSERT_TRUE(old);
    EXPECT_EQ(*old->SchemaVersion(), 3);
  }
  // What a version 3 server wrote: events, a delivered and a pending alert, a token.
  ASSERT_TRUE(db_->Execute("INSERT INTO events (id, line) VALUES ('e1', 'one'), ('e2', 'two');"
                           "INSERT INTO alerts (key, body, delivered) VALUES ('sent', '{}', 1), "
                           "('pending', '{\"p\":1}', 0);"
                           "INSERT INTO tokens (hash, name, role) VALUES ('h', 'ops', 'agent');")
                  .ok());
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->SchemaVersion(), kStoreSchemaVersion);
  EXPECT_EQ(Lines(*store, "default"), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(*store->Append("default", {{"e1", "one"}}), 0u);  // still the same event
  EXPECT_EQ(*store->Append("acme", {{"e1", "one"}}), 1u);
  auto due = store->ClaimDueAlerts(1000, "n", 60000, 10);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->front().key, "pending");
  EXPECT_EQ(due->front().workspace, "default");
  EXPECT_FALSE(*store->RecordAlert("default", "sent", "{}"));  // not sent a second time
  auto grant = store->GrantOfToken("h");
  ASSERT_TRUE(grant.ok() && *grant);
  EXPECT_EQ((*grant)->workspace, "default");
  EXPECT_EQ((*grant)->role, "agent");
}

TEST_P(StoreTest, SyncStateIsKeptByWorkspaceAndKeyAcrossReopening) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
    EXPECT_FALSE(*store->LoadSyncState("default", "imap:support/INBOX"));
    ASSERT_TRUE(store->SaveSyncState("default", "imap:support/INBOX", "7 12").ok());
    ASSERT_TRUE(store->SaveSyncState("default", "imap:support/INBOX", "7 15").ok());  // replaced
    ASSERT_TRUE(store->SaveSyncState("acme", "imap:support/INBOX", "9 1").ok());
  }
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(**store->LoadSyncState("default", "imap:support/INBOX"), "7 15");
  EXPECT_EQ(**store->LoadSyncState("acme", "imap:support/INBOX"), "9 1");
  EXPECT_FALSE(*store->LoadSyncState("default", "imap:support/Sent"));
}

TEST_P(StoreTest, AVersion4DatabaseGetsTheSyncStateTable) {
  {
    auto old = Open(4);
    ASSERT_TRUE(old);
    ASSERT_TRUE(old->Append("default", {{"e1", "one"}}).ok());
  }
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->SchemaVersion(), 5);
  EXPECT_EQ(Lines(*store, "default"), std::vector<std::string>{"one"});
  ASSERT_TRUE(store->SaveSyncState("default", "k", "v").ok());
  EXPECT_EQ(**store->LoadSyncState("default", "k"), "v");
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& p) { return std::string(StoreKindName(p.param)); });

TEST(SqliteStoreTest, AFileThatIsNoDatabaseIsAnErrorNamingIt) {
  const fs::path path = fs::temp_directory_path() / "fiducia-store-not-a-database.db";
  std::ofstream(path) << "this is not a database, just text that is long enough to be read";
  auto store = OpenSqliteStore(path.string());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path.string()), std::string::npos);
  fs::remove(path);
}

TEST(PostgresStoreTest, AServerThatCannotBeReachedIsAnErrorWithoutThePassword) {
  // Port 1 on loopback: nothing listens there.
  auto store = OpenPostgresStore("postgresql://fiducia:s3cret@127.0.0.1:1/fiducia");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kIoError);
  EXPECT_NE(store.status().message().find("postgresql://fiducia:***@127.0.0.1:1/fiducia"),
            std::string::npos)
      << store.status().message();
  EXPECT_EQ(store.status().message().find("s3cret"), std::string::npos);
  EXPECT_EQ(store.status().message().find('\n'), std::string::npos);  // one line, for a log
}

TEST(OpenStoreTest, AUrlSelectsPostgresAndAnythingElseIsAFile) {
  EXPECT_TRUE(IsPostgresUrl("postgresql://db.example/fiducia"));
  EXPECT_TRUE(IsPostgresUrl("postgres://db.example/fiducia"));
  EXPECT_FALSE(IsPostgresUrl("fiducia.db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/postgresql.db"));
  EXPECT_EQ(RedactedStoreName("postgresql://u:pw@h/db?sslmode=require&password=x"),
            "postgresql://u:***@h/db?sslmode=require&password=***");
  EXPECT_EQ(RedactedStoreName("postgresql://u@h:5432/db"), "postgresql://u@h:5432/db");
  EXPECT_EQ(RedactedStoreName("my:file.db"), "my:file.db");
}

}  // namespace
}  // namespace fiducia

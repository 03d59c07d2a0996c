#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "store/event_store.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("fiducia-store-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db");
    Remove();
  }
  void TearDown() override { Remove(); }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }
  std::vector<std::string> Lines(EventStore& store) {
    std::vector<std::string> lines;
    EXPECT_TRUE(store.ForEach([&](std::string_view l) { lines.emplace_back(l); }).ok());
    return lines;
  }
  fs::path path_;
};

TEST_F(StoreTest, AppendsOncePerIdInArrivalOrder) {
  auto store = OpenSqliteStore(path_.string());
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto added = (*store)->Append({{"b", "{\"id\":\"b\"}"}, {"a", "{\"id\":\"a\"}"}});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 2u);
  added = (*store)->Append({{"a", "{\"id\":\"a\"}"}, {"c", "{\"id\":\"c\"}"}});
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1u);  // "a" again is the same event
  EXPECT_EQ(Lines(**store),
            (std::vector<std::string>{"{\"id\":\"b\"}", "{\"id\":\"a\"}", "{\"id\":\"c\"}"}));
}

TEST_F(StoreTest, EventsSurviveReopeningAndTheSchemaIsVersioned) {
  {
    auto store = OpenSqliteStore(path_.string());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Append({{"x", "{\"id\":\"x\"}"}}).ok());
  }
  auto store = OpenSqliteStore(path_.string());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(Lines(**store), std::vector<std::string>{"{\"id\":\"x\"}"});
  EXPECT_EQ(*(*store)->SchemaVersion(), kStoreSchemaVersion);
}

TEST_F(StoreTest, ANewerSchemaOrAFileThatIsNoDatabaseIsAnError) {
  std::ofstream(path_) << "this is not a database, just text that is long enough to be read";
  auto store = OpenSqliteStore(path_.string());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find(path_.string()), std::string::npos);
}

TEST_F(StoreTest, AnAlertIsRecordedOnceAndRetriedUntilDelivered) {
  auto store = OpenSqliteStore(path_.string());
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(*(*store)->RecordAlert("breach:w1", "{}"));
  EXPECT_FALSE(*(*store)->RecordAlert("breach:w1", "{}"));  // once, whoever raises it again
  auto due = (*store)->DueAlerts(1000);
  ASSERT_EQ(due->size(), 1u);
  ASSERT_TRUE((*store)->MarkAlert("breach:w1", false, 1, 5000).ok());
  EXPECT_TRUE((*store)->DueAlerts(4999)->empty());  // backing off
  EXPECT_EQ((*store)->DueAlerts(5000)->front().attempts, 1);
  ASSERT_TRUE((*store)->MarkAlert("breach:w1", true, 2, 5000).ok());
  EXPECT_TRUE((*store)->DueAlerts(99999)->empty());
}

// Posts that arrive together are committed together (group commit); each still learns how many
// of its own events were new, and nothing is lost or stored twice.
TEST_F(StoreTest, ConcurrentAppendsEachCountTheirOwnNewEvents) {
  auto store = OpenSqliteStore(path_.string());
  ASSERT_TRUE(store.ok());
  constexpr int kThreads = 8, kPosts = 150;
  std::atomic<size_t> added_total{0};
  std::atomic<int> failures{0};
  {
    std::vector<std::jthread> posters;
    for (int t = 0; t < kThreads; ++t) {
      posters.emplace_back([&, t] {
        for (int i = 0; i < kPosts; ++i) {
          const std::string own = "t" + std::to_string(t) + "-" + std::to_string(i);
          const std::string shared = "shared-" + std::to_string(i);  // posted by every thread
          auto added = (*store)->Append({{own, own}, {shared, shared}});
          if (!added.ok() || *added < 1 || *added > 2) ++failures;
          if (added.ok()) added_total += *added;
        }
      });
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(added_total, size_t{kThreads * kPosts + kPosts});
  EXPECT_EQ(Lines(**store).size(), size_t{kThreads * kPosts + kPosts});
}

}  // namespace
}  // namespace fiducia

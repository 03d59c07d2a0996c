#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "store/event_store.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("fiducia-store-" + std::string(::testing::UnitTest::GetInstance()
                                                ->current_test_info()
                                                ->name()) +
             ".db");
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

}  // namespace
}  // namespace fiducia

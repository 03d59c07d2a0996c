// The group commit of EventStore::Append, on a store double whose transactions the test holds
// open: appends that arrive during a commit wait and go together in the next one.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store/event_store.h"

namespace fiducia {
namespace {

// Counts every event as new; the first transaction waits until the test lets it finish.
class HeldStore final : public EventStore {
 public:
  Status ForEachSince(int64_t, const EventVisitor&, int64_t) const override { return Status::Ok(); }
  Result<int> SchemaVersion() const override { return kStoreSchemaVersion; }
  Result<bool> RecordAlert(std::string_view, const std::string&, const std::string&) override {
    return true;
  }
  Result<std::vector<PendingAlert>> ClaimDueAlerts(int64_t, std::string_view, int64_t,
                                                   size_t) override {
    return std::vector<PendingAlert>{};
  }
  Status MarkAlert(const PendingAlert&, std::string_view, bool, int, int64_t) override {
    return Status::Ok();
  }
  Status AddToken(const std::string&, const std::string&, const std::string&,
                  std::string_view) override {
    return Status::Ok();
  }
  Result<std::optional<Grant>> GrantOfToken(const std::string&) override {
    return std::optional<Grant>{};
  }
  Result<int64_t> TokenCount() override { return 0; }
  Result<std::optional<std::string>> LoadSyncState(std::string_view, const std::string&) override {
    return std::optional<std::string>();
  }
  Status SaveSyncState(std::string_view, const std::string&, const std::string&) override {
    return Status::Ok();
  }

  // Blocks until the first transaction has started.
  void AwaitFirstCommit() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !groups_.empty(); });
  }
  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  void FailNext() {
    std::lock_guard lock(mu_);
    fail_next_ = true;
  }
  std::vector<size_t> GroupSizes() {
    std::lock_guard lock(mu_);
    return groups_;
  }

 protected:
  Status CommitBatches(std::span<AppendBatch> batches) override {
    std::unique_lock lock(mu_);
    groups_.push_back(batches.size());
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_; });
    if (fail_next_) {
      fail_next_ = false;
      return Status::IoError("disk full");
    }
    for (AppendBatch& batch : batches) batch.added = batch.events->size();
    return Status::Ok();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<size_t> groups_;
  bool released_ = false, fail_next_ = false;
};

std::vector<StoredEvent> Events(int n) {
  std::vector<StoredEvent> events;
  for (int i = 0; i < n; ++i) events.push_back({std::to_string(i), "{}"});
  return events;
}

TEST(GroupCommitTest, AppendsArrivingDuringACommitShareTheNextTransaction) {
  HeldStore store;
  std::vector<Result<size_t>> results(5, Status::IoError("not run"));
  std::vector<std::jthread> posters;
  posters.emplace_back([&] { results[0] = store.Append("default", Events(1)); });
  store.AwaitFirstCommit();
  for (int i = 1; i < 5; ++i) {
    posters.emplace_back([&, i] { results[i] = store.Append("default", Events(i + 1)); });
  }
  while (store.QueuedAppends() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  store.Release();
  posters.clear();
  EXPECT_EQ(store.GroupSizes(), (std::vector<size_t>{1, 4}));
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status().message();
    EXPECT_EQ(*results[i], static_cast<size_t>(i + 1));  // each its own count
  }
}

TEST(GroupCommitTest, AFailedTransactionFailsEveryAppendInIt) {
  HeldStore store;
  store.FailNext();
  std::vector<Result<size_t>> results(3, Status::IoError("not run"));
  std::vector<std::jthread> posters;
  posters.emplace_back([&] { results[0] = store.Append("default", Events(1)); });
  store.AwaitFirstCommit();
  store.Release();
  posters.clear();
  EXPECT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].status().message(), "disk full");
  // The next append is not failed by the earlier error.
  auto next = store.Append("default", Events(2));
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 2u);
}

}  // namespace
}  // namespace fiducia

// EventStore::Append: the group commit shared by every store.
#include <utility>

#include "store/event_store.h"

namespace fiducia {

struct EventStore::PendingAppend {
  AppendBatch batch;
  Status status = Status::Ok();
  bool done = false;
};

Result<size_t> EventStore::Append(std::string_view workspace,
                                  const std::vector<StoredEvent>& events) {
  PendingAppend mine{{workspace, &events}};
  std::unique_lock lock(group_mu_);
  queued_.push_back(&mine);
  while (!mine.done) {
    if (committing_) {
      group_cv_.wait(lock);
    } else {
      CommitQueued(lock);  // this thread leads the next transaction
    }
  }
  if (!mine.status.ok()) return mine.status;
  return mine.batch.added;
}

size_t EventStore::QueuedAppends() {
  std::lock_guard lock(group_mu_);
  return queued_.size();
}

void EventStore::CommitQueued(std::unique_lock<std::mutex>& lock) {
  committing_ = true;
  std::vector<PendingAppend*> group;
  group.swap(queued_);
  std::vector<AppendBatch> batches;
  batches.reserve(group.size());
  for (const PendingAppend* pending : group) batches.push_back(pending->batch);
  lock.unlock();
  const Status committed = CommitBatches(batches);
  lock.lock();
  for (size_t i = 0; i < group.size(); ++i) {
    group[i]->batch.added = committed.ok() ? batches[i].added : 0;
    group[i]->status = committed;
    group[i]->done = true;
  }
  committing_ = false;
  group_cv_.notify_all();
}

}  // namespace fiducia

// The text pass on every core while the reader goes on reading: messages are gathered in batches
// (their ids and texts copied back to back into one buffer that is reused, so no message costs an
// allocation), analysed by worker threads (one TextAnalyser each) and handed back in the order
// they came, with their whole TextAnalysis, to be added to the corpus on the reader's thread. The
// corpus is thus built exactly as the sequential pass builds it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "model/event.h"
#include "text/analyser.h"

namespace fiducia {

class TextPipeline {
 public:
  // Called on the adding thread, in the order of Add, with what the text pass found.
  using Commit = std::function<void(std::string_view id, Event event, std::string_view text,
                                    const TextAnalysis& analysis)>;

  TextPipeline(std::shared_ptr<const CueMatcher> cues, unsigned workers, Commit commit);
  ~TextPipeline();
  TextPipeline(const TextPipeline&) = delete;
  TextPipeline& operator=(const TextPipeline&) = delete;

  // Queues a message; may commit earlier ones (and wait for them when too many are in flight).
  // Without `analyse`, the message is committed with an empty TextAnalysis.
  void Add(std::string_view id, Event event, std::string_view text, bool analyse = true);
  // Commits everything added so far.
  void Flush();

  static constexpr size_t kBatchMessages = 256;

 private:
  struct Item {
    Event event;
    uint32_t id_at = 0, id_size = 0;
    uint32_t text_at = 0, text_size = 0;
    bool analyse = true;
  };
  struct Batch {
    std::string bytes;  // ids and texts
    std::vector<Item> items;
    std::vector<TextAnalysis> results;
    bool done = false;
  };

  void Work(std::shared_ptr<const CueMatcher> cues);
  void Submit();
  void CommitReady(bool wait_for_one);
  void CommitBatch(Batch& batch);
  std::unique_ptr<Batch> FreshBatch();

  Commit commit_;
  size_t max_in_flight_;
  std::unique_ptr<Batch> current_;
  std::mutex mutex_;
  std::condition_variable work_ready_, batch_done_;
  std::deque<Batch*> todo_;                       // waiting for a worker
  std::deque<std::unique_ptr<Batch>> in_flight_;  // submitted, in submission order
  std::vector<std::unique_ptr<Batch>> spare_;     // committed, to be reused
  bool stop_ = false;
  std::vector<std::jthread> workers_;
};

}  // namespace fiducia

#include "ingest/text_pipeline.h"

namespace fiducia {
namespace {

constexpr size_t kBatchBytes = size_t{4} << 20;  // a batch of long texts is sent early

}  // namespace

TextPipeline::TextPipeline(std::shared_ptr<const CueMatcher> cues, unsigned workers, Commit commit)
    : commit_(std::move(commit)), max_in_flight_(2 * size_t{workers} + 2) {
  current_ = FreshBatch();
  for (unsigned w = 0; w < workers; ++w) {
    workers_.emplace_back([this, cues] { Work(cues); });
  }
}

TextPipeline::~TextPipeline() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  workers_.clear();  // joins
}

void TextPipeline::Add(std::string_view id, Event event, std::string_view text, bool analyse) {
  Batch& b = *current_;
  Item item{std::move(event),
            static_cast<uint32_t>(b.bytes.size()),
            static_cast<uint32_t>(id.size()),
            0,
            static_cast<uint32_t>(text.size()),
            analyse};
  b.bytes += id;
  item.text_at = static_cast<uint32_t>(b.bytes.size());
  b.bytes += text;
  b.items.push_back(std::move(item));
  if (b.items.size() >= kBatchMessages || b.bytes.size() >= kBatchBytes) Submit();
}

void TextPipeline::Flush() {
  if (!current_->items.empty()) Submit();
  while (!in_flight_.empty()) CommitReady(true);
}

std::unique_ptr<TextPipeline::Batch> TextPipeline::FreshBatch() {
  std::unique_ptr<Batch> batch;
  {
    std::lock_guard lock(mutex_);
    if (!spare_.empty()) {
      batch = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!batch) {
    batch = std::make_unique<Batch>();
    batch->items.reserve(kBatchMessages);
    batch->results.reserve(kBatchMessages);
  }
  batch->bytes.clear();
  batch->items.clear();
  batch->results.clear();
  batch->done = false;
  return batch;
}

void TextPipeline::Submit() {
  {
    std::lock_guard lock(mutex_);
    todo_.push_back(current_.get());
    in_flight_.push_back(std::move(current_));
  }
  work_ready_.notify_one();
  current_ = FreshBatch();
  CommitReady(in_flight_.size() >= max_in_flight_);
}

// Commits the batches at the head of the queue that are analysed; with `wait_for_one`, waits
// until at least the first one is.
void TextPipeline::CommitReady(bool wait_for_one) {
  while (true) {
    std::unique_ptr<Batch> head;
    {
      std::unique_lock lock(mutex_);
      if (in_flight_.empty()) return;
      if (wait_for_one) batch_done_.wait(lock, [this] { return in_flight_.front()->done; });
      if (!in_flight_.front()->done) return;
      head = std::move(in_flight_.front());
      in_flight_.pop_front();
    }
    wait_for_one = false;
    CommitBatch(*head);
    std::lock_guard lock(mutex_);
    spare_.push_back(std::move(head));
  }
}

void TextPipeline::CommitBatch(Batch& batch) {
  const std::string_view bytes = batch.bytes;
  for (size_t i = 0; i < batch.items.size(); ++i) {
    Item& item = batch.items[i];
    commit_(bytes.substr(item.id_at, item.id_size), std::move(item.event),
            bytes.substr(item.text_at, item.text_size), batch.results[i]);
  }
}

void TextPipeline::Work(std::shared_ptr<const CueMatcher> cues) {
  TextAnalyser analyser(std::move(cues));
  while (true) {
    Batch* batch = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stop_ || !todo_.empty(); });
      if (todo_.empty()) return;  // stopping, nothing left
      batch = todo_.front();
      todo_.pop_front();
    }
    const std::string_view bytes = batch->bytes;
    for (const Item& item : batch->items) {
      batch->results.push_back(item.analyse
                                   ? analyser.Analyse(bytes.substr(item.text_at, item.text_size),
                                                      item.event.SpeaksForCompany())
                                   : TextAnalysis{});
    }
    {
      std::lock_guard lock(mutex_);
      batch->done = true;
    }
    batch_done_.notify_all();
  }
}

}  // namespace fiducia

// Reading canonical JSON Lines on every core: the reading thread only cuts the file into lines
// and copies them, back to back, into batches (one reused buffer each: no message costs an
// allocation); worker threads parse each line (simdjson), check it, normalise its handles and run
// the text pass on it (one EventReader and one TextAnalyser each); the batches come back in the
// order they were read and are committed on the reading thread, which interns the strings and adds
// the events to the corpus. The corpus is thus built exactly as the sequential reading builds it.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ingest/event_reader.h"
#include "text/analyser.h"

namespace fiducia {

struct CanonicalPipelineOptions {
  std::shared_ptr<const CueMatcher> cues;
  std::string default_region = "IT";
  InputLimits limits;  // the date window events must fall in
  unsigned workers = 2;
  bool company_text = true;  // see IngestOptions::company_text
  bool keep_text = false;    // hand the text on to the commit (fiducia import)
  // Called on the committing thread with a line's names a few lines before that line is
  // committed (id, customer, agent, conversation, in_reply_to, hashed by the worker), so that the
  // tables they will be interned in can start loading their slots.
  std::function<void(std::span<const HashedName, 5>)> prefetch;
  // A batch is handed to a worker once it holds this many lines or bytes. Every hand-over wakes a
  // thread, so batches are large: with 256 lines, reading a million lines left a third of two
  // cores idle in waits (docs/performance.md, run 9).
  size_t batch_lines = 4096;
  size_t batch_bytes = size_t{1} << 20;
};

class CanonicalPipeline {
 public:
  // What a worker made of one line, on the committing thread: the event (views valid during the
  // call) and what the text pass found, or why the line is bad.
  struct Committed {
    uint64_t line = 0;
    const ParsedEvent* event = nullptr;  // null for a bad line
    std::string_view error;              // why the line is bad
    const TextAnalysis* analysis = nullptr;
  };
  using Commit = std::function<void(const Committed&)>;

  CanonicalPipeline(CanonicalPipelineOptions options, Commit commit);
  ~CanonicalPipeline();
  CanonicalPipeline(const CanonicalPipeline&) = delete;
  CanonicalPipeline& operator=(const CanonicalPipeline&) = delete;

  // Queues a line (`number` 1-based) to be read; may commit earlier ones (and wait for them when
  // too many are in flight).
  void Add(std::string_view line, uint64_t number);
  // Queues a line already known to be bad, so that its error is committed in its place.
  void AddBad(uint64_t number, std::string_view error);
  // Commits everything added so far.
  void Flush();

 private:
  struct Span {
    uint32_t at = 0, size = 0;
  };
  struct Item {
    uint64_t line = 0;
    Span input;               // the line in Batch::input, or the error given to AddBad
    bool bad = false;         // known bad (AddBad) or found bad by the worker
    Span error;               // in Batch::output
    uint32_t first_span = 0;  // id, text, customer, agent, conversation, in_reply_to, aliases, tags
    uint32_t aliases = 0, tags = 0;
    std::array<uint32_t, 5> hashes{};  // ParsedEvent::hashes
    Event event;
    TextAnalysis analysis;
  };
  struct Batch {
    std::string input;   // lines back to back, then kLinePadding bytes
    std::string output;  // the strings of the parsed events
    std::vector<Span> spans;
    std::vector<Item> items;
    bool done = false;
    // The worker ran out of memory: the committing thread throws std::bad_alloc in its place (a
    // worker's exception would end the process).
    bool out_of_memory = false;
  };

  void Work();
  void Parse(EventReader& reader, TextAnalyser& text, Batch& batch, Item& item) const;
  void Submit();
  void CommitReady(bool wait_for_one);
  void CommitBatch(Batch& batch);
  std::unique_ptr<Batch> FreshBatch();

  CanonicalPipelineOptions options_;
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

#include "ingest/canonical_pipeline.h"

#include <array>
#include <new>

#include "ingest/byte_source.h"
#include "ingest/ingest.h"

namespace fiducia {

CanonicalPipeline::CanonicalPipeline(CanonicalPipelineOptions options, Commit commit)
    : options_(std::move(options)),
      commit_(std::move(commit)),
      max_in_flight_(2 * size_t{options_.workers} + 2) {
  if (!options_.cues) options_.cues = CueMatcher::BuiltIn();
  current_ = FreshBatch();
  for (unsigned w = 0; w < options_.workers; ++w) workers_.emplace_back([this] { Work(); });
}

CanonicalPipeline::~CanonicalPipeline() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  workers_.clear();  // joins
}

void CanonicalPipeline::Add(std::string_view line, uint64_t number) {
  Batch& b = *current_;
  Item& item = b.items.emplace_back();
  item.line = number;
  item.input = {static_cast<uint32_t>(b.input.size()), static_cast<uint32_t>(line.size())};
  b.input += line;
  if (b.items.size() >= options_.batch_lines || b.input.size() >= options_.batch_bytes) Submit();
}

void CanonicalPipeline::AddBad(uint64_t number, std::string_view error) {
  Batch& b = *current_;
  Item& item = b.items.emplace_back();
  item.line = number;
  item.bad = true;
  item.input = {static_cast<uint32_t>(b.input.size()), static_cast<uint32_t>(error.size())};
  b.input += error;
  if (b.items.size() >= options_.batch_lines) Submit();
}

void CanonicalPipeline::Flush() {
  if (!current_->items.empty()) Submit();
  while (!in_flight_.empty()) CommitReady(true);
}

std::unique_ptr<CanonicalPipeline::Batch> CanonicalPipeline::FreshBatch() {
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
    batch->items.reserve(options_.batch_lines);
  }
  batch->input.clear();
  batch->output.clear();
  batch->spans.clear();
  batch->items.clear();
  batch->done = false;
  batch->out_of_memory = false;
  return batch;
}

void CanonicalPipeline::Submit() {
  current_->input.append(kLinePadding, ' ');  // simdjson reads a little past each line
  {
    std::lock_guard lock(mutex_);
    todo_.push_back(current_.get());
    in_flight_.push_back(std::move(current_));
  }
  work_ready_.notify_one();
  current_ = FreshBatch();
  CommitReady(in_flight_.size() >= max_in_flight_);
}

// Commits the batches at the head of the queue that are done; with `wait_for_one`, waits until at
// least the first one is.
void CanonicalPipeline::CommitReady(bool wait_for_one) {
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

void CanonicalPipeline::CommitBatch(Batch& batch) {
  if (batch.out_of_memory) throw std::bad_alloc();  // a worker's, raised where it can be caught
  const std::string_view out = batch.output;
  auto view = [&](Span s) { return out.substr(s.at, s.size); };
  ParsedEvent parsed;
  constexpr size_t kAhead = 8;  // lines: enough for the slots to arrive, few enough to stay cached
  auto prefetch = [&](const Item& item) {
    if (item.bad || !options_.prefetch) return;
    const Span* s = batch.spans.data() + item.first_span;
    const auto& h = item.hashes;
    const std::array<HashedName, 5> names = {
        HashedName{view(s[0]), h[0]}, HashedName{view(s[2]), h[1]}, HashedName{view(s[3]), h[2]},
        HashedName{view(s[4]), h[3]}, HashedName{view(s[5]), h[4]}};
    options_.prefetch(names);
  };
  for (size_t i = 0; i < std::min(kAhead, batch.items.size()); ++i) prefetch(batch.items[i]);
  for (size_t i = 0; i < batch.items.size(); ++i) {
    if (i + kAhead < batch.items.size()) prefetch(batch.items[i + kAhead]);
    Item& item = batch.items[i];
    Committed c;
    c.line = item.line;
    if (item.bad) {
      c.error = view(item.error);
      commit_(c);
      continue;
    }
    const Span* s = batch.spans.data() + item.first_span;
    parsed.id = view(s[0]);
    parsed.text = view(s[1]);
    parsed.customer = view(s[2]);
    parsed.agent = view(s[3]);
    parsed.conversation = view(s[4]);
    parsed.in_reply_to = view(s[5]);
    parsed.aliases.clear();
    parsed.tags.clear();
    for (size_t a = 0; a < item.aliases; ++a) parsed.aliases.push_back(view(s[6 + a]));
    for (size_t t = 0; t < item.tags; ++t) parsed.tags.push_back(view(s[6 + item.aliases + t]));
    parsed.event = std::move(item.event);
    parsed.hashes = item.hashes;
    parsed.hashed = true;
    c.event = &parsed;
    c.analysis = &item.analysis;
    commit_(c);
  }
}

// Reads one line into `batch`'s output: its strings, its event and its text pass; or its error.
void CanonicalPipeline::Parse(EventReader& reader, TextAnalyser& text, Batch& batch,
                              Item& item) const {
  auto keep = [&](std::string_view s) {
    const Span span{static_cast<uint32_t>(batch.output.size()), static_cast<uint32_t>(s.size())};
    batch.output += s;
    return span;
  };
  if (item.bad) {
    item.error = keep(std::string_view(batch.input).substr(item.input.at, item.input.size));
    return;
  }
  const std::string_view line(batch.input.data() + item.input.at, item.input.size);
  auto parsed = reader.ParsePadded(line, batch.input.size() - item.input.at);
  if (!parsed.ok()) {
    item.bad = true;
    item.error = keep(parsed.status().message());
    return;
  }
  const ParsedEvent& p = **parsed;
  item.first_span = static_cast<uint32_t>(batch.spans.size());
  for (const std::string_view s : {p.id, options_.keep_text ? p.text : std::string_view(),
                                   p.customer, p.agent, p.conversation, p.in_reply_to}) {
    batch.spans.push_back(keep(s));
  }
  for (const std::string_view a : p.aliases) batch.spans.push_back(keep(a));
  for (const std::string_view t : p.tags) batch.spans.push_back(keep(t));
  const auto names = p.InternedNames();
  for (size_t i = 0; i < names.size(); ++i) item.hashes[i] = SymbolTable::HashOf(names[i]);
  item.aliases = static_cast<uint32_t>(p.aliases.size());
  item.tags = static_cast<uint32_t>(p.tags.size());
  item.event = p.event;
  item.event.has_text = !p.text.empty();
  const bool analyse = options_.company_text || p.event.direction == Direction::kIn;
  // The event's symbols are not set yet (agent is kNoSymbol): a call an agent took is told by its
  // agent's name, so that its summary's facts are read as Event::SpeaksForCompany says.
  Event speaker = p.event;
  if (!p.agent.empty()) speaker.agent = Symbol{0};
  std::string words;
  item.analysis =
      analyse ? text.Analyse(AnalysedWords(p.event, p.text, words), speaker.SpeaksForCompany())
              : TextAnalysis{};
}

void CanonicalPipeline::Work() {
  EventReader reader(options_.default_region, options_.limits);
  TextAnalyser text(options_.cues, options_.limits.text_bytes);
  while (true) {
    Batch* batch = nullptr;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stop_ || !todo_.empty(); });
      if (todo_.empty()) return;  // stopping, nothing left
      batch = todo_.front();
      todo_.pop_front();
    }
    try {
      for (Item& item : batch->items) Parse(reader, text, *batch, item);
    } catch (const std::bad_alloc&) {
      batch->out_of_memory = true;
    }
    {
      std::lock_guard lock(mutex_);
      batch->done = true;
    }
    batch_done_.notify_all();
  }
}

}  // namespace fiducia

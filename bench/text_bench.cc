// The text pass on one core, over the messages of the development set (data/devset): messages per
// second for the full pass (language, tokens, stems, cue scan, scope), against the limit measured
// in the same run — a bare Hyperscan scan of the same raw texts with the same database — and the
// reply coach's time per draft.
//   ./build/release/bin/text_bench [data/devset/wording.jsonl] [rounds]
#include <fmt/format.h>
#include <hs.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "coach/coach.h"
#include "common/clock.h"
#include "text/analyser.h"

namespace {

std::vector<std::string> LoadTexts(const char* path) {
  simdjson::dom::parser parser;
  simdjson::dom::document_stream docs;
  std::vector<std::string> texts;
  if (parser.load_many(path).get(docs)) return texts;
  for (auto doc : docs) {
    std::string_view text;
    if (!doc["text"].get(text)) texts.emplace_back(text);
  }
  return texts;
}

double Seconds(const fiducia::Clock& clock, std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(clock.Steady() - since).count();
}

// The limit: one Hyperscan scan of each raw text, no normalisation, against a database of the
// same size (the phrases as plain lower-case literals).
double BareScanSeconds(const std::vector<std::string>& texts, int rounds,
                       const fiducia::Clock& clock) {
  std::vector<std::string> literals;
  for (const auto& p : fiducia::BuiltInCuePhrases()) literals.push_back(p.phrase);
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(literals.size(), HS_FLAG_CASELESS), ids(literals.size());
  for (size_t i = 0; i < literals.size(); ++i) {
    expressions.push_back(literals[i].c_str());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  std::vector<unsigned> lengths(literals.size());
  std::vector<unsigned long long> literal_lengths(literals.size());
  for (size_t i = 0; i < literals.size(); ++i) literal_lengths[i] = literals[i].size();
  if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(),
                           reinterpret_cast<const size_t*>(literal_lengths.data()),
                           static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr, &db,
                           &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return -1;
  }
  hs_scratch_t* scratch = nullptr;
  hs_alloc_scratch(db, &scratch);
  unsigned long long hits = 0;
  auto on_match = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) {
    ++*static_cast<unsigned long long*>(ctx);
    return 0;
  };
  const auto start = clock.Steady();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& t : texts) {
      hs_scan(db, t.data(), static_cast<unsigned>(t.size()), 0, scratch, on_match, &hits);
    }
  }
  const double seconds = Seconds(clock, start);
  hs_free_scratch(scratch);
  hs_free_database(db);
  return hits == 0 ? -1 : seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "data/devset/wording.jsonl";
  const int rounds = argc > 2 ? std::max(1, std::atoi(argv[2])) : 20;
  const std::vector<std::string> texts = LoadTexts(path);
  if (texts.empty()) {
    fmt::print(stderr, "text_bench: no texts in {}\n", path);
    return 1;
  }
  fiducia::SystemClock clock;
  fiducia::TextAnalyser analyser;
  uint64_t cues = 0;
  auto start = clock.Steady();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& t : texts) cues += analyser.Analyse(t).cues & 1u;
  }
  const double pass = Seconds(clock, start);
  const double bare = BareScanSeconds(texts, rounds, clock);
  start = clock.Steady();
  size_t problems = 0;
  for (const auto& t : texts) problems += fiducia::CoachReply(t, analyser).problems.size();
  const double coach = Seconds(clock, start);
  const double messages = double(texts.size()) * rounds;
  fmt::print("text pass: {} messages x {} rounds, one core\n", texts.size(), rounds);
  fmt::print("  full pass      {:>10.0f} messages/s   {:.1f} us/message\n", messages / pass,
             1e6 * pass / messages);
  if (bare > 0) {
    fmt::print("  bare scan      {:>10.0f} messages/s   (the limit)\n", messages / bare);
    fmt::print("  ratio          {:.3f} of the bare scan\n", bare / pass);
  }
  fmt::print("coach: {:.3f} ms per draft (target < 5 ms), {} problems in {} drafts\n",
             1e3 * coach / double(texts.size()), problems, texts.size());
  return cues == static_cast<uint64_t>(-1) ? 1 : 0;
}

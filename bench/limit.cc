// The limit fiducia is measured against (bench/e2e.sh), on one core, over one canonical JSON Lines
// file: a bare simdjson pass (the file read, every record parsed, every string field read), then
// the same pass plus a bare Hyperscan scan of every text with the cue database fiducia uses
// (CueMatcher::BuiltIn(), the raw text: no language, tokens, stems or scope).
//   ./build/rel/bin/limit corpus.jsonl
// Prints key=value lines: messages, bytes, simdjson_s, simdjson_hyperscan_s, hits.
#include <fmt/format.h>
#include <simdjson.h>

#include <chrono>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "text/cue_matcher.h"

namespace {

using fiducia::CueMatcher;

struct Pass {
  uint64_t records = 0, chars = 0, hits = 0;
  double seconds = 0;
};

// One pass over the file; with `matcher`, each "text" is scanned as well.
Pass Run(const char* path, const CueMatcher* matcher, const fiducia::Clock& clock) {
  Pass pass;
  const auto start = clock.Steady();
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path).get(json)) return pass;
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document_stream docs;
  if (parser.iterate_many(json, size_t{1} << 20).get(docs)) return pass;
  std::optional<CueMatcher::Scratch> scratch;
  if (matcher) scratch.emplace(*matcher);
  std::vector<CueMatcher::Hit> hits;
  for (auto doc : docs) {
    simdjson::ondemand::object object;
    if (doc.get_object().get(object)) continue;
    ++pass.records;
    for (auto field : object) {
      std::string_view key, value;
      if (field.unescaped_key().get(key)) break;
      if (field.value().get_string().get(value)) continue;  // numbers, bools, arrays
      pass.chars += value.size();
      if (matcher && key == "text") {
        hits.clear();
        matcher->Scan(value, fiducia::TextLanguage::kItalian, *scratch, hits);
        pass.hits += hits.size();
      }
    }
  }
  pass.seconds = std::chrono::duration<double>(clock.Steady() - start).count();
  return pass;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: limit corpus.jsonl\n");
    return 2;
  }
  fiducia::SystemClock clock;
  const auto matcher = CueMatcher::BuiltIn();  // compiled or loaded before timing
  const Pass bare = Run(argv[1], nullptr, clock);
  const Pass scan = Run(argv[1], matcher.get(), clock);
  if (bare.records == 0) {
    fmt::print(stderr, "limit: no records in {}\n", argv[1]);
    return 1;
  }
  fmt::print("records={}\nchars={}\nsimdjson_s={:.4f}\nsimdjson_hyperscan_s={:.4f}\nhits={}\n",
             bare.records, bare.chars, bare.seconds, scan.seconds, scan.hits);
  return 0;
}

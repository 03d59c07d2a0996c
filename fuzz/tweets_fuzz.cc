// Any bytes as a tweets CSV, through the CSV row reader and the threading of replies: nothing may
// crash, hang or read out of bounds; every problem must come back as a reported record or a Status.
// The bytes are read twice, as one file and as two halves (two files of one run), so that replies
// waiting across files and at Finish are exercised too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/ingest.h"
#include "sources/settings.h"
#include "sources/tweets.h"

namespace {

void ReadAsFiles(std::string_view first, std::string_view second) {
  fiducia::IngestOptions options;
  fiducia::Corpus corpus;
  fiducia::IngestReport report;
  fiducia::IngestSink sink(options, corpus, report);
  fiducia::TweetsReader reader;
  for (const std::string_view bytes : {first, second}) {
    if (bytes.empty()) continue;
    auto source = fiducia::ByteSource::FromMemory(bytes, "fuzz");
    if (source.ok()) (void)reader.ReadFrom(std::move(*source), sink);
  }
  (void)reader.Finish(sink);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)fiducia::LooksLikeTweetsCsv(bytes, fiducia::SourceSettings{});
  ReadAsFiles(bytes, {});
  const size_t half = bytes.find('\n', bytes.size() / 2);
  if (half != std::string_view::npos) {
    ReadAsFiles(bytes.substr(0, half + 1), bytes.substr(half + 1));
  }
  return 0;
}

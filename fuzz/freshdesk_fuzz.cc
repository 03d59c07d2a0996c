// Any bytes as a Freshdesk export file (and through the decompressors): nothing may crash, hang or
// read out of bounds; every problem must come back as a Status or a rejected record. The bytes are
// read twice by one reader, as two pages of one run (overlaps, conversations waiting for their
// ticket), and cut into JSON values as they come in slices of a few bytes, so that values straddle
// reads.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/ingest.h"
#include "sources/freshdesk.h"
#include "sources/helpdesk_json.h"

namespace {

void ReadAsPages(std::string_view bytes) {
  fiducia::IngestOptions options;
  options.keep_text = true;
  fiducia::Corpus corpus;
  fiducia::IngestReport report;
  fiducia::IngestSink sink(options, corpus, report);
  fiducia::SourceSettings settings;
  settings.company.domains = {"acme.it"};
  settings.company.names = {"Giulia Verdi"};
  auto reader = fiducia::MakeFreshdeskSourceReader(settings);
  for (const char* name : {"conversations.json", "page.json"}) {
    auto source = fiducia::ByteSource::FromMemory(bytes, name);
    if (!source.ok()) return;
    (void)reader->ReadSource(**source, sink);
  }
  (void)reader->Finish(sink);
}

// The bytes in slices of 1 to 16 bytes, as a slow pipe would give them.
class SliceSource final : public fiducia::ByteSource {
 public:
  explicit SliceSource(std::string_view bytes)
      : ByteSource("fuzz", fiducia::Compression::kNone), rest_(bytes) {}

  fiducia::Result<size_t> Read(char* out, size_t size) override {
    const size_t slice = 1 + (calls_++ * 7 + rest_.size()) % 16;
    const size_t n = std::min({size, slice, rest_.size()});
    std::copy_n(rest_.data(), n, out);
    rest_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view rest_;
  size_t calls_ = 0;
};

// Every value handed out must be readable with its padding, the parser's promise to simdjson.
void CutIntoValues(std::string_view bytes) {
  SliceSource source(bytes);
  fiducia::JsonChunker chunker(source, 16, 4096);
  simdjson::dom::parser parser;
  for (fiducia::JsonChunk chunk; chunker.Next(chunk);) {
    if (chunk.overlong) continue;
    if (chunk.text.size() + fiducia::kLinePadding > chunk.capacity) __builtin_trap();
    simdjson::dom::element value;
    if (parser.parse(chunk.text.data(), chunk.text.size(), false).get(value)) {
      (void)chunker.ResumeInside(chunk);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadAsPages(bytes);
  CutIntoValues(bytes);
  (void)fiducia::AddressIn(bytes);
  return 0;
}

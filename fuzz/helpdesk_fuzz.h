// The one shape of the helpdesk export fuzz targets (zendesk_fuzz, freshdesk_fuzz): any bytes as
// an export file (and through the decompressors): nothing may crash, hang or read out of bounds;
// every problem must come back as a Status or a rejected record. The bytes are read twice by one
// reader, as two pages of one run (overlaps, messages waiting for their ticket), and cut into JSON
// values as they come in slices of a few bytes, so that values straddle reads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/ingest.h"
#include "sources/helpdesk_json.h"
#include "sources/settings.h"

namespace fiducia::fuzz {

// `make_reader(settings)` gives a reader with ReadSource (ZendeskReader, FreshdeskReader); the
// bytes are read as a file named `first_page` (one that names its ticket, e.g. comments of ticket
// 7), then as "page.json".
template <typename MakeReader>
void ReadAsPages(std::string_view bytes, MakeReader make_reader, const char* first_page) {
  IngestOptions options;
  options.keep_text = true;
  Corpus corpus;
  IngestReport report;
  IngestSink sink(options, corpus, report);
  SourceSettings settings;
  settings.company.domains = {"acme.it"};
  settings.company.names = {"Giulia Verdi"};
  auto reader = make_reader(settings);
  for (const char* name : {first_page, "page.json"}) {
    auto source = ByteSource::FromMemory(bytes, name);
    if (!source.ok()) return;
    (void)reader->ReadSource(**source, sink);
  }
  (void)reader->Finish(sink);
}

// The bytes in slices of 1 to 16 bytes, as a slow pipe would give them.
class SliceSource final : public ByteSource {
 public:
  explicit SliceSource(std::string_view bytes)
      : ByteSource("fuzz", Compression::kNone), rest_(bytes) {}

  Result<size_t> Read(char* out, size_t size) override {
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
inline void CutIntoValues(std::string_view bytes) {
  SliceSource source(bytes);
  JsonChunker chunker(source, 16, 4096);
  simdjson::dom::parser parser;
  for (JsonChunk chunk; chunker.Next(chunk);) {
    if (chunk.overlong) continue;
    if (chunk.text.size() + kLinePadding > chunk.capacity) __builtin_trap();
    simdjson::dom::element value;
    if (parser.parse(chunk.text.data(), chunk.text.size(), false).get(value)) {
      (void)chunker.ResumeInside(chunk);
    }
  }
}

// The whole target: the pages, the slices, and the text helpers both readers use.
template <typename MakeReader>
int FuzzHelpdeskExport(const uint8_t* data, size_t size, MakeReader make_reader,
                       const char* first_page) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadAsPages(bytes, make_reader, first_page);
  CutIntoValues(bytes);
  (void)HtmlToText(bytes);
  (void)AddressIn(bytes);
  return 0;
}

}  // namespace fiducia::fuzz

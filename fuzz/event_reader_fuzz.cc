// Any bytes as one canonical event line, and as a whole file through the decompressors and the line
// reader: nothing may crash, hang or read out of bounds; every problem must come back as a Status.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/event_reader.h"
#include "model/symbols.h"

namespace {

void ReadAsOneLine(std::string_view bytes, fiducia::EventReader& reader) {
  fiducia::SymbolTable symbols;
  (void)reader.Read(bytes, symbols);
}

// A tiny chunk size so that lines straddle chunk boundaries and the buffer has to grow.
void ReadAsFile(std::string_view bytes, fiducia::EventReader& reader) {
  auto source = fiducia::ByteSource::FromMemory(bytes, "fuzz");
  if (!source.ok()) return;
  fiducia::LineReader lines(std::move(*source), 16);
  fiducia::SymbolTable symbols;
  fiducia::Line line;
  while (lines.Next(line)) (void)reader.ReadPadded(line.text, line.capacity, symbols);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fiducia::EventReader reader;  // reused, as ingest reuses it: its buffers carry over
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadAsOneLine(bytes, reader);
  ReadAsFile(bytes, reader);
  return 0;
}

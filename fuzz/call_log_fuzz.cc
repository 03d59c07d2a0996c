// Any bytes as a call log CSV, with the default column names and with Italian ones, in a zone with
// daylight saving time: nothing may crash, hang or read out of bounds; every problem must come back
// as a reported record or a Status.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/byte_source.h"
#include "ingest/ingest.h"
#include "sources/call_log.h"
#include "sources/settings.h"

namespace {

fiducia::SourceSettings Italian() {
  fiducia::SourceSettings s;
  s.call_log.caller = "Chiamante";
  s.call_log.agent = "Operatore";
  s.call_log.start = "Inizio";
  s.call_log.duration = "Durata";
  s.call_log.outcome = "Esito";
  s.call_log.notes = "Note";
  s.call_log.direction = "Direzione";
  return s;
}

void Read(std::string_view bytes, const fiducia::SourceSettings& settings) {
  (void)fiducia::LooksLikeCallLog(bytes, settings);
  fiducia::IngestOptions options;
  fiducia::Corpus corpus;
  fiducia::IngestReport report;
  fiducia::IngestSink sink(options, corpus, report);
  fiducia::CallLogReader reader(settings);
  auto source = fiducia::ByteSource::FromMemory(bytes, "fuzz");
  if (source.ok()) (void)reader.ReadFrom(std::move(*source), sink);
  (void)reader.Finish(sink);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fiducia::SourceSettings kDefault;
  static const fiducia::SourceSettings kItalian = Italian();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Read(bytes, kDefault);
  Read(bytes, kItalian);
  return 0;
}

// Any bytes as a WhatsApp export: as a chat's text, and (when they start like one) as the zip a
// phone makes. Nothing may crash, hang or read out of bounds; bad records come back as errors.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/ingest.h"
#include "model/corpus.h"
#include "sources/settings.h"
#include "sources/whatsapp.h"

namespace {

fiducia::SourceSettings FuzzSettings() {
  fiducia::SourceSettings settings;
  settings.company_override = "Negozio";
  settings.company.names = {"Assistenza Fiducia", "Giulia", "Support"};
  settings.company.handles = {"+39 02 1234 5678"};
  return settings;
}

// One sink for the whole run, as ingest has one for all files (building its text analyser costs
// more than reading a small chat); the corpus and the report start empty for each input.
struct Ingest {
  fiducia::IngestOptions options;
  fiducia::Corpus corpus;
  fiducia::IngestReport report;
  fiducia::IngestSink sink{options, corpus, report};
};

Ingest& TheIngest() {
  static Ingest ingest;
  return ingest;
}

}  // namespace

// Before the first input, so that compiling the cue database is not timed as the input's work
// (the replay main does not call it: the first input builds it there).
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc;
  (void)argv;
  TheIngest();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const fiducia::SourceSettings settings = FuzzSettings();
  Ingest& ingest = TheIngest();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)fiducia::LooksLikeWhatsappChat(bytes, fiducia::SourceSettings{});
  ingest.corpus = fiducia::Corpus();
  ingest.report = fiducia::IngestReport();
  ingest.options.keep_text = true;
  ingest.options.strict = size > 0 && (data[size - 1] & 1) != 0;  // half the inputs: --strict
  // A small chunk size: lines straddle reads.
  (void)fiducia::ReadWhatsappExport(bytes, "WhatsApp Chat with Fuzz.txt", settings, ingest.sink,
                                    64);
  return 0;
}

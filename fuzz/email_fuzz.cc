// Any bytes through the e-mail reader: as they come (one message, or an mbox when they start with
// "From "), as an mbox, and through the text passes alone (HTML to text, quoted history). GMime,
// the mbox splitter, charset conversion and threading may not crash, hang or read out of bounds;
// every problem must come back as a Status or a rejected record.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/ingest.h"
#include "model/corpus.h"
#include "sources/email.h"
#include "sources/settings.h"
#include "text/email_text.h"

namespace {

const fiducia::SourceSettings& Settings() {
  static const fiducia::SourceSettings settings = [] {
    fiducia::SourceSettings s;
    s.company.domains = {"acme.it"};
    s.company.handles = {"help@example.com"};
    return s;
  }();
  return settings;
}

// One sink for the whole run, as ingest has one per run: building it compiles the cue database
// (seconds), which LLVMFuzzerInitialize does once. Each input starts from an empty corpus.
struct Run {
  fiducia::IngestOptions options;
  fiducia::Corpus corpus;
  fiducia::IngestReport report;
  fiducia::IngestSink sink{options, corpus, report};
};

Run& TheRun() {
  static Run* run = [] {
    auto* r = new Run;  // never freed: it lives as long as the fuzzer
    r->options.keep_text = true;
    return r;
  }();
  return *run;
}

void ReadAsFile(std::string_view bytes) {
  Run& run = TheRun();
  run.corpus = fiducia::Corpus();
  run.report = fiducia::IngestReport();
  (void)fiducia::ReadEmailBytes(bytes, "fuzz", Settings(), run.sink);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  TheRun();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadAsFile(bytes);
  ReadAsFile("From fuzz@example.com Mon Mar  2 09:14:00 2026\n" + std::string(bytes));
  (void)fiducia::mail::NewWords(fiducia::mail::HtmlToText(bytes));
  (void)fiducia::mail::NewWords(bytes);
  return 0;
}

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ingest/ingest.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

constexpr const char* kTexts[] = {
    "Buongiorno, vorrei sapere quando arriva il mio ordine.",
    "Sollecito: nessuno mi risponde?",
    "Grazie mille!",
    "Ci scusiamo per il disagio, l'ordine è partito.",
    "Il ritardo è colpa del corriere.",
    "Purtroppo non è possibile cambiare l'indirizzo.",
    "Hi, sorry for the inconvenience, it's the courier's fault.",
    "Any update on my order?",
    "",
    "Thanks, that solved it!",
};

// The same corpus, in the same order, whether the text pass runs on the reader or on workers.
TEST(TextPipelineTest, WorkersBuildTheSameCorpusAsTheReader) {
  const fs::path dir = fs::temp_directory_path() / "fiducia_text_pipeline_test";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "events.jsonl");
    for (int i = 0; i < 3000; ++i) {
      const int id = i % 7 == 6 ? i - 3 : i;  // some ids twice: duplicates
      out << "{\"id\":\"m" << id << "\",\"at\":\"2026-03-02T09:" << (10 + i % 50)
          << ":00+01:00\",\"channel\":\"email\",\"direction\":\"" << (i % 2 ? "out" : "in")
          << "\",\"customer\":\"c" << i % 97 << "@example.it\",\"agent\":\"giulia\",\"text\":\""
          << kTexts[(i * 7) % std::size(kTexts)] << "\"}\n";
      if (i == 1500) out << "not json\n";
    }
  }
  auto read = [&](unsigned threads, Corpus& corpus, IngestReport& report) {
    IngestOptions options;
    options.text_threads = threads;
    EXPECT_TRUE(
        ReadCanonicalEvents({(dir / "events.jsonl").string()}, options, corpus, report).ok());
  };
  Corpus one, many;
  IngestReport one_report, many_report;
  read(1, one, one_report);
  read(3, many, many_report);
  ASSERT_EQ(one.events().size(), many.events().size());
  EXPECT_EQ(one_report.events, many_report.events);
  EXPECT_EQ(one_report.duplicates, many_report.duplicates);
  EXPECT_EQ(one_report.skipped, 1u);
  EXPECT_EQ(many_report.skipped, 1u);
  EXPECT_GT(one_report.duplicates, 0u);
  uint32_t any_cue = 0;
  for (size_t i = 0; i < one.events().size(); ++i) {
    const Event& a = one.events()[i];
    const Event& b = many.events()[i];
    EXPECT_EQ(one.IdOf(a), many.IdOf(b));
    EXPECT_EQ(a.cues, b.cues) << one.IdOf(a);
    EXPECT_EQ(a.language, b.language);
    EXPECT_EQ(a.has_text, b.has_text);
    any_cue |= a.cues;
  }
  EXPECT_NE(any_cue & kCueApology, 0u);
  EXPECT_NE(any_cue & kCueReminder, 0u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fiducia

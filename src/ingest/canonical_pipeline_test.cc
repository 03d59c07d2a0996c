#include <gtest/gtest.h>
#include <unistd.h>

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

// The same corpus, in the same order, with the same errors, whether the lines are read on the
// reading thread or by workers (in batches of at most 1 MiB: this file makes several).
TEST(CanonicalPipelineTest, WorkersBuildTheSameCorpusAsTheReader) {
  const fs::path dir = fs::temp_directory_path() / "fiducia_text_pipeline_test";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "events.jsonl");
    for (int i = 0; i < 24000; ++i) {
      const int id = i % 7 == 6 ? i - 3 : i;  // some ids twice: duplicates
      out << "{\"id\":\"m" << id << "\",\"at\":\"2026-03-02T09:" << (10 + i % 50)
          << ":00+01:00\",\"channel\":\"email\",\"direction\":\"" << (i % 2 ? "out" : "in")
          << "\",\"customer\":\"" << (i % 3 ? "C" : "+39 333 100 ") << 1000 + i % 97
          << (i % 3 ? "@example.it" : "") << "\",\"agent\":\"giulia\",\"text\":\""
          << kTexts[(i * 7) % std::size(kTexts)] << "\""
          << (i % 11 == 0 ? ",\"customer_aliases\":[\"+39 02 1234567\"],\"tags\":[\"vip\"]" : "")
          << "}\n";
      if (i == 1500) out << "not json\n";
      if (i == 2500) out << "{\"id\":\"x\",\"at\":\"2026-03-02T09:00:00+01:00\"}\n";
    }
  }
  auto read = [&](unsigned threads, Corpus& corpus, IngestReport& report) {
    IngestOptions options;
    options.text_threads = threads;
    options.keep_text = true;
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
  ASSERT_GT(fs::file_size(dir / "events.jsonl"), 2 * CanonicalPipelineOptions{}.batch_bytes);
  EXPECT_EQ(one_report.skipped, 2u);
  ASSERT_EQ(many_report.errors.size(), 2u);
  for (size_t e = 0; e < 2; ++e) {
    EXPECT_EQ(one_report.errors[e].ToString(), many_report.errors[e].ToString());
  }
  EXPECT_EQ(one_report.records, many_report.records);
  EXPECT_EQ(one.symbols().size(), many.symbols().size());
  EXPECT_EQ(one.fact_total(), many.fact_total());
  EXPECT_GT(one_report.duplicates, 0u);
  uint32_t any_cue = 0;
  for (size_t i = 0; i < one.events().size(); ++i) {
    const Event& a = one.events()[i];
    const Event& b = many.events()[i];
    EXPECT_EQ(one.IdOf(a), many.IdOf(b));
    EXPECT_EQ(a.cues, b.cues) << one.IdOf(a);
    EXPECT_EQ(a.language, b.language);
    EXPECT_EQ(a.has_text, b.has_text);
    EXPECT_EQ(one.symbols().Name(a.customer), many.symbols().Name(b.customer));
    EXPECT_EQ(one.symbols().Name(a.agent), many.symbols().Name(b.agent));
    ASSERT_EQ(a.aliases.size(), b.aliases.size());
    for (size_t k = 0; k < a.aliases.size(); ++k) {
      EXPECT_EQ(one.symbols().Name(a.aliases[k]), many.symbols().Name(b.aliases[k]));
    }
    ASSERT_EQ(a.tags.size(), b.tags.size());
    EXPECT_EQ(a.at, b.at);
    EXPECT_EQ(a.fact_count, b.fact_count);
    EXPECT_EQ(one.TextOf(i), many.TextOf(i));
    any_cue |= a.cues;
  }
  EXPECT_NE(any_cue & kCueApology, 0u);
  EXPECT_NE(any_cue & kCueReminder, 0u);
  fs::remove_all(dir);
}

// The summary of a call the customer made and an agent took is company words: the workers read
// its facts as the reading thread does (they once judged it before its agent was interned, as a
// customer's words, and a call's amount never met the e-mail that contradicted it).
TEST(CanonicalPipelineTest, WorkersReadTheFactsOfAHandledCall) {
  const fs::path dir = fs::temp_directory_path() / "fiducia_handled_call_facts_test";
  fs::create_directories(dir);
  {
    std::ofstream out(dir / "events.jsonl");
    out << "{\"id\":\"c1\",\"at\":\"2026-03-02T09:10:00+01:00\",\"channel\":\"phone\","
           "\"direction\":\"in\",\"customer\":\"+393331234567\",\"agent\":\"paolo\","
           "\"duration_s\":300,\"text\":\"Comunicato che la penale di recesso e' di 35 euro.\"}\n";
  }
  auto facts = [&](unsigned threads) {
    IngestOptions options;
    options.text_threads = threads;
    Corpus corpus;
    IngestReport report;
    EXPECT_TRUE(
        ReadCanonicalEvents({(dir / "events.jsonl").string()}, options, corpus, report).ok());
    return corpus.events().empty() ? 0 : corpus.events()[0].fact_count;
  };
  EXPECT_EQ(facts(1), 1);
  EXPECT_EQ(facts(3), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

// The prefetch hook sees each good line's strings a few lines before that line is committed,
// and every good line once; bad lines are not handed to it. Lines are committed in the order they
// were added, across more batches than may be in flight at once.
TEST(CanonicalPipelineTest, PrefetchSeesEachLineBeforeItIsCommitted) {
  std::vector<std::string> prefetched, committed;
  size_t bad = 0;
  CanonicalPipelineOptions options;
  options.workers = 2;
  options.batch_lines = 16;  // 44 batches; at most 6 in flight
  options.prefetch = [&](std::span<const HashedName, 5> s) {
    prefetched.emplace_back(s[0].text);
    EXPECT_EQ(s[1].text, "c" + std::string(s[0].text).substr(1) + "@example.it");  // normalised
    EXPECT_EQ(s[2].text, "giulia");
    for (const HashedName& name : s) EXPECT_EQ(name.hash, SymbolTable::HashOf(name.text));
  };
  {
    CanonicalPipeline pipeline(options, [&](const CanonicalPipeline::Committed& c) {
      if (!c.event) {
        ++bad;
        return;
      }
      committed.emplace_back(c.event->id);
      EXPECT_NE(std::find(prefetched.begin(), prefetched.end(), c.event->id), prefetched.end());
    });
    for (int i = 0; i < 700; ++i) {
      const std::string line = "{\"id\":\"m" + std::to_string(i) +
                               "\",\"at\":\"2026-03-02T09:10:00+01:00\",\"channel\":\"email\","
                               "\"direction\":\"in\",\"customer\":\"C" +
                               std::to_string(i) + "@example.it\",\"agent\":\"giulia\"}";
      pipeline.Add(i % 100 == 99 ? "not json" : line, static_cast<uint64_t>(i) + 1);
    }
    pipeline.Flush();
  }
  EXPECT_EQ(bad, 7u);
  EXPECT_EQ(committed.size(), 693u);
  EXPECT_EQ(prefetched, committed);
  for (size_t k = 1; k < committed.size(); ++k) {
    ASSERT_LT(std::stoi(committed[k - 1].substr(1)), std::stoi(committed[k].substr(1)));
  }
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

// A file over the 8 MiB the line count is estimated from, its long lines first and short ones
// after (so that the estimate falls short and the event array grows): every line is read.
TEST(CanonicalPipelineTest, AFileLongerThanTheSampleIsReadWhole) {
  const fs::path dir = fs::temp_directory_path() / "fiducia_estimate_lines_test";
  fs::create_directories(dir);
  const fs::path file = dir / "events.jsonl";
  constexpr int kLong = 30000, kShort = 60000;
  {
    std::ofstream out(file);
    const std::string padding(300, 'x');
    for (int i = 0; i < kLong + kShort; ++i) {
      out << "{\"id\":\"m" << i << "\",\"at\":\"2026-03-02T09:10:00+01:00\",\"channel\":\"chat\","
          << "\"direction\":\"in\",\"customer\":\"c" << i % 500 << "@example.it\",\"text\":\""
          << (i < kLong ? padding : "ok") << "\"}\n";
    }
  }
  ASSERT_GT(fs::file_size(file), size_t{9} << 20);
  for (unsigned threads : {1u, 2u}) {
    IngestOptions options;
    options.text_threads = threads;
    Corpus corpus;
    IngestReport report;
    ASSERT_TRUE(ReadCanonicalEvents({file.string()}, options, corpus, report).ok());
    EXPECT_EQ(corpus.events().size(), size_t{kLong + kShort}) << threads;
    EXPECT_EQ(report.events, uint64_t{kLong + kShort}) << threads;
    EXPECT_EQ(corpus.IdOf(corpus.events().back()), "m" + std::to_string(kLong + kShort - 1));
  }
  fs::remove_all(dir);
}

// Issue 17 item 2: only the first limits.text_bytes of a message are analysed, on the reading
// thread and by the workers alike; the text kept (fiducia import) is the whole of it.
TEST(CanonicalPipelineTest, OnlyTextBytesAreAnalysedAndTheWholeTextIsKept) {
  const fs::path dir =
      fs::temp_directory_path() / ("fiducia-text-bytes-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "events.jsonl";
  std::string filler;
  while (filler.size() < 2000) filler += "Il pacco e' partito ieri dal magazzino. ";
  const std::string late = filler + "Ci scusiamo per il disagio.";
  const std::string early = "Ci scusiamo per il disagio. " + filler;
  {
    std::ofstream out(file);
    for (int i = 0; i < 40; ++i) {
      out << "{\"id\":\"m" << i << "\",\"at\":\"2026-03-02T09:00:00+01:00\",\"channel\":\"email\","
          << "\"direction\":\"out\",\"customer\":\"c@example.it\",\"agent\":\"giulia\",\"text\":\""
          << (i % 2 ? late : early) << "\"}\n";
    }
  }
  for (unsigned threads : {1u, 2u}) {
    for (const size_t text_bytes : {size_t{1024}, InputLimits().text_bytes}) {
      IngestOptions options;
      options.text_threads = threads;
      options.keep_text = true;
      options.limits.text_bytes = text_bytes;
      Corpus corpus;
      IngestReport report;
      ASSERT_TRUE(ReadCanonicalEvents({file.string()}, options, corpus, report).ok());
      ASSERT_EQ(corpus.events().size(), 40u);
      for (size_t i = 0; i < corpus.events().size(); ++i) {
        const bool is_late = (corpus.IdOf(corpus.events()[i]).back() - '0') % 2 == 1;
        EXPECT_EQ(corpus.TextOf(i), is_late ? late : early);
        EXPECT_EQ(corpus.events()[i].Has(kCueApology), !is_late || text_bytes > late.size())
            << threads << " " << text_bytes << " " << corpus.IdOf(corpus.events()[i]);
      }
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fiducia

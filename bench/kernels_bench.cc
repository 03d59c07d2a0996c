// The kernels of an audit, each over the same generated corpus (fiducia-gen, 20 000 messages,
// seed 7), items per second: parsing canonical events (simdjson, interning), the text pass, the
// business calendar, building the timelines, and each rule family (timing, wording).
// Built with every build, never run by the tests:  ./build/rel/bin/kernels_bench
// (the calendar alone, in more detail: calendar_bench; end to end at scale: bench/e2e.sh).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "gen/writers.h"
#include "ingest/event_reader.h"
#include "rules/wording_rules.h"

namespace {

using namespace fiducia;

// The corpus once per process: its JSON lines, its texts, and its audit.
struct Fixture {
  std::vector<std::string> lines;
  std::vector<std::string> texts;
  std::unique_ptr<AuditResult> audit;
  AuditPolicy config;
  Instant as_of;

  Fixture() {
    class Keep final : public gen::GenOutput {
     public:
      explicit Keep(Fixture& f) : f_(f) {}
      Status Customer(const gen::GenCustomer& c) override {
        for (const auto& e : c.events) {
          f_.lines.push_back(gen::EventJsonLine(c, e));
          if (!e.text.empty()) f_.texts.push_back(e.text);
        }
        return Status::Ok();
      }

     private:
      Fixture& f_;
    } keep(*this);
    gen::GenOutput* outputs[] = {&keep};
    as_of = gen::Generate({20000, 7, 1.0}, outputs)->as_of;
    audit = std::make_unique<AuditResult>();
    IngestOptions options;
    IngestSink sink(options, audit->corpus, audit->ingest);
    EventReader reader;
    for (const auto& line : lines) {
      auto record = reader.Read(line, audit->corpus.symbols());
      if (record.ok()) sink.Add(record->id, std::move(record->event), record->text);
    }
    JudgeCorpus(config, as_of, 1, *audit);
  }
};

const Fixture& TheFixture() {
  static const Fixture fixture;
  return fixture;
}

void BM_EventParse(benchmark::State& state) {
  const Fixture& f = TheFixture();
  EventReader reader;
  SymbolTable symbols;
  for (auto _ : state) {
    for (const auto& line : f.lines) benchmark::DoNotOptimize(reader.Read(line, symbols).ok());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.lines.size()));
}
BENCHMARK(BM_EventParse)->Unit(benchmark::kMillisecond);

// The texts as they come, each iteration with a fresh analyser (its memory of recent texts and
// stems filled within the corpus, as in an audit).
void BM_TextPass(benchmark::State& state) {
  const Fixture& f = TheFixture();
  for (auto _ : state) {
    TextAnalyser analyser;
    for (const auto& text : f.texts) benchmark::DoNotOptimize(analyser.Analyse(text).cues);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.texts.size()));
}
BENCHMARK(BM_TextPass)->Unit(benchmark::kMillisecond);

// Every text analysed in full (the overload that keeps the evidence remembers no texts): the cost
// of a text never seen before.
void BM_TextPassEveryText(benchmark::State& state) {
  const Fixture& f = TheFixture();
  TextAnalyser analyser;
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  for (auto _ : state) {
    for (const auto& text : f.texts) {
      benchmark::DoNotOptimize(analyser.Analyse(text, sentences, evidence).cues);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.texts.size()));
}
BENCHMARK(BM_TextPassEveryText)->Unit(benchmark::kMillisecond);

// The business time of every answered request, as the timing rules measure it.
void BM_CalendarWaits(benchmark::State& state) {
  const Fixture& f = TheFixture();
  const auto& events = f.audit->corpus.events();
  for (auto _ : state) {
    for (const auto& r : f.audit->requests) {
      const Instant from = events[r.anchor].at;
      benchmark::DoNotOptimize(f.config.calendar.BusinessTime(from, from + r.wait * 3));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * f.audit->requests.size()));
}
BENCHMARK(BM_CalendarWaits)->Unit(benchmark::kMillisecond);

void BM_Timelines(benchmark::State& state) {
  const Fixture& f = TheFixture();
  for (auto _ : state) {
    benchmark::DoNotOptimize(BuildTimelines(f.audit->corpus, f.as_of, f.config.threading,
                                            static_cast<unsigned>(state.range(0))));
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * f.audit->corpus.events().size()));
}
BENCHMARK(BM_Timelines)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);  // the argument: threads

template <typename Judge>
void JudgeAll(benchmark::State& state, Judge judge) {
  const Fixture& f = TheFixture();
  const TimingContext ctx{f.audit->corpus, f.config.calendar, f.config.timing, f.as_of};
  const auto& customers = f.audit->timelines.customers;
  for (auto _ : state) {
    for (size_t i = 0; i < customers.size(); ++i) {
      benchmark::DoNotOptimize(judge(ctx, customers[i], static_cast<uint32_t>(i)));
    }
  }
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * f.audit->corpus.events().size()));
}

void BM_TimingRules(benchmark::State& state) { JudgeAll(state, JudgeTiming); }
BENCHMARK(BM_TimingRules)->Unit(benchmark::kMillisecond);

void BM_WordingRules(benchmark::State& state) { JudgeAll(state, JudgeWording); }
BENCHMARK(BM_WordingRules)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

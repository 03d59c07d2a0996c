// The business calendar on the spans audits ask about most: a reply within the day, one across a
// weekend, and the deadline N business hours later. BM_WalkByMinuteReference walks the same spans
// minute by minute (the obviously correct answer): compare items/s at the same span length.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "calendar/business_calendar.h"

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

std::vector<std::pair<Instant, Instant>> Spans(hours max_len) {
  std::mt19937_64 rng(42);
  const Instant start = date::sys_days(date::year(2026) / 1 / 5);
  std::uniform_int_distribution<long> offset(0, 365L * 24 * 60), len(0, max_len.count() * 60);
  std::vector<std::pair<Instant, Instant>> spans(1024);
  for (auto& s : spans) {
    s.first = start + minutes(offset(rng));
    s.second = s.first + minutes(len(rng));
  }
  return spans;
}

// Minute by minute: the obviously correct answer, for the ratio.
milliseconds WalkByMinute(const BusinessCalendar& cal, Instant from, Instant to) {
  milliseconds total{0};
  for (Instant t = from; t < to; t += minutes(1)) total += cal.IsOpen(t) ? minutes(1) : minutes(0);
  return total;
}

void BM_BusinessTime(benchmark::State& state) {
  const BusinessCalendar cal = BusinessCalendar::Default();
  const auto spans = Spans(hours(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const auto& s = spans[i++ % spans.size()];
    benchmark::DoNotOptimize(cal.BusinessTime(s.first, s.second));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_BusinessTime)->Arg(8)->Arg(72)->Arg(24 * 21);

void BM_WalkByMinuteReference(benchmark::State& state) {
  const BusinessCalendar cal = BusinessCalendar::Default();
  const auto spans = Spans(hours(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const auto& s = spans[i++ % spans.size()];
    benchmark::DoNotOptimize(WalkByMinute(cal, s.first, s.second));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_WalkByMinuteReference)->Arg(8)->Arg(72);

void BM_AddBusinessTime(benchmark::State& state) {
  const BusinessCalendar cal = BusinessCalendar::Default();
  const auto spans = Spans(hours(1));
  size_t i = 0;
  for (auto _ : state) {
    const auto& s = spans[i++ % spans.size()];
    benchmark::DoNotOptimize(cal.AddBusinessTime(s.first, hours(state.range(0))));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_AddBusinessTime)->Arg(2)->Arg(8)->Arg(40);

}  // namespace
}  // namespace fiducia

BENCHMARK_MAIN();

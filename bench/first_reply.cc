// fiducia's first-reply time per channel, the figure bench/pandas_first_reply.py computes the way
// an analyst would: for each case, its first request and the business time until the first
// answer (fiducia's own requests and answers, ../shared/spec/findings.md). Timing rules only.
//   ./build/rel/bin/first_reply corpus.jsonl --as-of TIME [--threads N]
// Prints one line a channel: channel answered unanswered median_s sum_s (median: the lower one).
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "audit/audit.h"
#include "common/time_text.h"

int main(int argc, char** argv) {
  using namespace fiducia;
  AuditOptions options;
  options.timing_only = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--as-of") && i + 1 < argc) {
      auto at = ParseRfc3339(argv[++i]);
      if (!at.ok()) return 2;
      options.as_of = at->at;
    } else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) {
      options.threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else {
      options.inputs.push_back(argv[i]);
    }
  }
  auto result = RunAudit(options, AuditPolicy{});
  if (!result.ok()) {
    fmt::print(stderr, "first_reply: {}\n", result.status().message());
    return 4;
  }
  struct Stats {
    std::vector<int64_t> waits;
    uint64_t unanswered = 0;
  };
  std::map<std::string_view, Stats> per_channel;
  std::set<uint32_t> seen_cases;
  for (const RequestOutcome& r : (*result)->requests) {  // by anchor time
    if (!seen_cases.insert(r.case_number).second) continue;
    Stats& s = per_channel[ToString(r.channel)];
    if (r.answered) {
      s.waits.push_back(r.wait.count());
    } else {
      ++s.unanswered;
    }
  }
  for (auto& [channel, s] : per_channel) {
    std::sort(s.waits.begin(), s.waits.end());
    int64_t sum = 0;
    for (int64_t w : s.waits) sum += w;
    const int64_t median = s.waits.empty() ? 0 : s.waits[(s.waits.size() - 1) / 2];
    fmt::print("{} {} {} {} {}\n", channel, s.waits.size(), s.unanswered, median, sum);
  }
  return 0;
}

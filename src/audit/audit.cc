#include "audit/audit.h"

#include <algorithm>
#include <atomic>
#include <new>
#include <thread>
#include <utility>

#include "common/parallel.h"
#include "common/radix_sort.h"
#include "rules/wording_rules.h"
#include "sources/inputs.h"

namespace fiducia {
namespace {

Instant LatestEvent(const Corpus& corpus) {
  Instant latest = Instant::min();
  for (const auto& e : corpus.events()) latest = std::max(latest, e.at);
  return corpus.events().empty() ? Instant{} : latest;
}

unsigned WorkerCount(unsigned requested, size_t customers) {
  unsigned n = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(n, std::max<size_t>(customers / 64, 1)));
}

struct CustomerResults {
  std::vector<Finding> findings;
  std::vector<RequestOutcome> requests;
  TrustTally trust;
};

// Runs the rules over every customer, customers handed out in blocks to `workers` threads.
std::vector<CustomerResults> JudgeCustomers(const TimingContext& ctx, const Timelines& timelines,
                                            unsigned workers, bool timing_only) {
  constexpr size_t kBlock = 64;
  std::vector<CustomerResults> per_worker(workers);
  std::atomic<size_t> next{0};
  auto work = [&](unsigned w) {
    for (size_t start = next.fetch_add(kBlock); start < timelines.customers.size();
         start = next.fetch_add(kBlock)) {
      const size_t end = std::min(start + kBlock, timelines.customers.size());
      for (size_t i = start; i < end; ++i) {
        TimingResult r = JudgeTiming(ctx, timelines.customers[i], static_cast<uint32_t>(i));
        auto& out = per_worker[w];
        if (!timing_only) {
          auto wording = JudgeWording(ctx, timelines.customers[i], static_cast<uint32_t>(i));
          auto trust = JudgeTrust(ctx, timelines.customers[i], static_cast<uint32_t>(i));
          std::move(wording.begin(), wording.end(), std::back_inserter(out.findings));
          std::move(trust.findings.begin(), trust.findings.end(), std::back_inserter(out.findings));
          out.trust += trust.tally;
        }
        std::move(r.findings.begin(), r.findings.end(), std::back_inserter(out.findings));
        std::move(r.requests.begin(), r.requests.end(), std::back_inserter(out.requests));
      }
    }
  };
  RunInParallel(workers, work);
  return per_worker;
}

// Requests in the time order of their anchors (each request has its own anchor, and every anchor
// is judged, so has a rank): (rank, place) pairs radix-sorted, then the requests gathered in that
// order — millions of them at scale, where a comparison sort reads the ranks at random.
void SortRequestsByRank(std::vector<RequestOutcome>& requests, const std::vector<uint32_t>& rank) {
  std::vector<uint64_t> keys;
  keys.reserve(requests.size());
  for (uint32_t i = 0; i < requests.size(); ++i) {
    keys.push_back((uint64_t{rank[requests[i].anchor]} << 32) | i);
  }
  RadixSort(keys, [](uint64_t key) { return key >> 32; });
  std::vector<RequestOutcome> sorted;
  sorted.reserve(requests.size());
  for (const uint64_t key : keys) sorted.push_back(requests[static_cast<uint32_t>(key)]);
  requests = std::move(sorted);
}

void SortDeterministically(AuditResult& r) {
  const auto& events = r.corpus.events();
  const std::vector<uint32_t>& rank = r.timelines.rank;
  // Corpus::ComesBefore through the ranks the timelines hold (every judged event has one).
  auto before = [&](uint32_t x, uint32_t y) {
    if (rank[x] != UINT32_MAX && rank[y] != UINT32_MAX) return rank[x] < rank[y];
    return r.corpus.ComesBefore(events[x], events[y]);
  };
  std::sort(r.findings.begin(), r.findings.end(), [&](const Finding& a, const Finding& b) {
    const Event& ea = events[a.messages.front()];
    const Event& eb = events[b.messages.front()];
    if (ea.at != eb.at) return ea.at < eb.at;
    if (a.rule != b.rule) return a.rule < b.rule;
    return before(a.messages.front(), b.messages.front());  // the same time: by id
  });
  SortRequestsByRank(r.requests, rank);
}

unsigned CoreCount(unsigned requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

void JudgeCorpus(const AuditPolicy& policy, std::optional<Instant> as_of, unsigned threads,
                 AuditResult& result, bool timing_only) {
  // A judgement starts afresh: the server judges the same growing corpus again and again.
  result.findings.clear();
  result.requests.clear();
  result.grid.clear();
  result.agent_days.clear();
  result.trust = {};
  result.messages = 0;
  result.inbound = {};
  result.as_of = as_of.value_or(LatestEvent(result.corpus));
  result.timelines =
      BuildTimelines(result.corpus, result.as_of, policy.threading, CoreCount(threads));
  for (const auto& t : result.timelines.customers) {
    for (uint32_t i : t.events) {
      const Event& e = result.corpus.events()[i];
      if (!e.IsMessage()) continue;
      ++result.messages;
      result.inbound[static_cast<size_t>(e.channel)] += e.direction == Direction::kIn ? 1 : 0;
    }
  }
  const TimingContext ctx{result.corpus, policy.calendar, policy.timing, result.as_of};
  const unsigned workers = WorkerCount(threads, result.timelines.customers.size());
  for (auto& part : JudgeCustomers(ctx, result.timelines, workers, timing_only)) {
    std::move(part.findings.begin(), part.findings.end(), std::back_inserter(result.findings));
    std::move(part.requests.begin(), part.requests.end(), std::back_inserter(result.requests));
    result.trust += part.trust;
  }
  if (!timing_only) {
    std::vector<Finding> late;
    for (const Finding& f : result.findings) {
      if (f.rule == Rule::kLateReply) late.push_back(f);
    }
    // In time order: the workers hand their findings back in whatever order they took customers,
    // and the team rules list late replies as evidence in this order.
    const std::vector<uint32_t>& rank = result.timelines.rank;
    std::sort(late.begin(), late.end(), [&](const Finding& a, const Finding& b) {
      return std::pair(rank[a.messages.front()], rank[a.messages.back()]) <
             std::pair(rank[b.messages.front()], rank[b.messages.back()]);
    });
    TeamResult team = JudgeTeam(ctx, policy.team, result.timelines, late);
    std::move(team.findings.begin(), team.findings.end(), std::back_inserter(result.findings));
    result.agent_days = std::move(team.agent_days);
  }
  SortDeterministically(result);
  result.grid =
      ClassifyRequests(result.corpus, result.timelines, result.requests, CoreCount(threads));
}

Status ReadAuditInputs(const AuditOptions& options, const AuditPolicy& policy,
                       AuditResult& result) {
  IngestOptions ingest;
  ingest.strict = options.strict;
  ingest.default_region = policy.phone_region;
  ingest.keep_text = options.keep_text;
  ingest.cues = policy.cues;
  ingest.on_error = options.on_error;
  ingest.text_threads = CoreCount(options.threads);
  ingest.company_text = !options.timing_only;  // the timing rules read customers' words only
  ingest.limits = policy.limits;
  IngestSink sink(ingest, result.corpus, result.ingest);
  return ReadInputs(options.inputs, options.format, policy.sources, sink);
}

Result<std::unique_ptr<AuditResult>> RunAudit(const AuditOptions& options,
                                              const AuditPolicy& policy) {
  auto result = std::make_unique<AuditResult>();
  const Status read = ReadAuditInputs(options, policy, *result);
  if (!read.ok()) return read;
  JudgeCorpus(policy, options.as_of, options.threads, *result, options.timing_only);
  return result;
}

}  // namespace fiducia

// What every report form shows, computed once from an audit's typed results (its requests with
// their targets and waits, their grid cells, its findings) so that the JSON, the terminal summary,
// the HTML, the spreadsheet and the CSV files give the same numbers: the headline counts, service
// levels per channel, trust scores per channel and per agent, the customers still waiting,
// findings by rule family, promises, the REASONABLE/POSSIBLE grid, agent strain and inbound
// volume by weekday and hour. Each figure has one definition, here.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "audit/audit_policy.h"
#include "report/grid_table.h"
#include "report/trends.h"

namespace fiducia {

// Wait buckets as a share of the channel's target: ≤¼, ≤½, ≤1, ≤2, ≤4, >4 targets.
inline constexpr int kWaitBuckets = 6;

struct ChannelService {
  Channel channel = Channel::kOther;
  // The target of the channel's requests (RequestOutcome::target; the longest where they differ,
  // as a missed call's call-back target and a phone message's reply target may); the channel's
  // reply target when it has none.
  std::chrono::seconds target{0};
  uint64_t inbound = 0;
  uint64_t requests = 0;
  uint64_t within_target = 0;  // RequestOutcome::within_target, as the timing rules decided
  uint64_t waiting = 0;        // not answered yet
  std::chrono::seconds median_wait{0}, p90_wait{0};
  std::array<uint64_t, kWaitBuckets> buckets{};
  uint64_t findings = 0;
  double weighted_findings = 0;  // high 1, medium ½, low ¼
  double trust_score = 100;
};

struct AgentRow {
  std::string agent;
  uint64_t replies = 0;  // outbound messages and handled calls
  uint64_t findings = 0;
  double weighted_findings = 0;
  double trust_score = 100;
  uint64_t calls = 0;
  uint64_t long_calls = 0;          // 600 s or more
  uint64_t hostile_long_calls = 0;  // of those, with a hostile customer
  uint64_t strain_findings = 0;
};

struct WaitingCustomer {
  uint32_t anchor = 0;  // index into Corpus::events()
  std::string customer;
  Channel channel = Channel::kOther;
  uint32_t case_number = 0;
  std::chrono::seconds wait{0};
  std::chrono::seconds target{0};
};

// One cell of the grid over all requests, from GridTable::total (every request has a cell).
struct GridRow {
  GridClass cell = GridClass::kReasonablePossible;
  uint64_t requests = 0;
  double share = 0;                   // of all requests (GridSummaryRow::Share)
  std::chrono::seconds mean_wait{0};  // business time (RequestOutcome::wait)
  double replies_per_request = 0;     // agent messages until the next request (RequestGrid)
};

struct PromiseCounts {
  uint64_t made = 0;  // company messages that promise or raise an expectation
  uint64_t broken = 0;
  uint64_t silent = 0;
  uint64_t kept = 0;  // made - broken - silent: kept or not yet due
};

struct FamilyFindings {
  Family family = Family::kSilence;
  std::vector<uint32_t> findings;  // indices into AuditResult::findings, in its order
};

// How much of the model to compute: the JSON and the terminal summary read only what costs nothing
// per message; the HTML, spreadsheet and CSV also read agents, promises and volume by hour.
enum class ReportDepth : uint8_t { kSummary, kFull };

struct ReportModel {
  const AuditResult* audit = nullptr;
  const AuditPolicy* policy = nullptr;
  ReportDepth depth = ReportDepth::kFull;
  // Headline: distinct customers.
  uint64_t customers_late = 0;        // a request past its target, answered or not
  uint64_t customers_unanswered = 0;  // a request past its target with no answer yet
  uint64_t customers_chasing = 0;
  uint64_t customers_two_truths = 0;
  std::vector<ChannelService> channels;     // channels with inbound messages or requests
  std::vector<const RequestOutcome*> late;  // requests past target, answered or not, longest first
  std::vector<AgentRow> agents;             // by name (kFull)
  std::vector<WaitingCustomer> waiting;     // unanswered past target, longest first
  std::vector<FamilyFindings> families;     // every family, in kAllFamilies order
  std::array<uint64_t, std::size(kAllRules)> per_rule{};
  PromiseCounts promises;     // kFull
  GridTable grid_table;       // per customer, per account and in total, with months
  std::vector<GridRow> grid;  // the four cells, in kGridCells order
  // Inbound messages by local weekday (0 Monday) and hour, in the calendar's time zone (kFull).
  std::array<std::array<uint64_t, 24>, 7> heatmap{};
  std::array<std::array<bool, 24>, 7> spike{};  // an hour holding a volume_spike finding
  Trends trends;                                // per week or month, and before/after (trends.h)
};

ReportModel BuildReportModel(const AuditResult& audit, const AuditPolicy& config,
                             ReportDepth depth = ReportDepth::kFull,
                             const TrendOptions& trends = {});

// The trust score of findings of total weight `weighted` over `opportunities` (a channel's
// requests, an agent's replies): 100 × (1 − weighted ÷ opportunities), never below 0.
double TrustScoreOf(double weighted, uint64_t opportunities);
// The p-th percentile (0 to 1) of `waits` as the channels' median and p90 are taken (reorders it).
std::chrono::seconds WaitPercentile(std::vector<std::chrono::seconds>& waits, double p);

// The agent a finding is about: the first of its messages sent or handled by a named agent.
std::optional<Symbol> AgentOf(const Finding& f, const Corpus& corpus);

// The finding's weight in trust scores: high 1, medium 0.5, low 0.25.
double SeverityWeight(Severity s);

// Local wall-clock time in the calendar's zone, as "2026-03-02 09:14".
std::string LocalTimeText(Instant at, std::chrono::minutes offset);

}  // namespace fiducia

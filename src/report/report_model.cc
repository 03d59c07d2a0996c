#include "report/report_model.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/time_text.h"

namespace fiducia {
namespace {

using std::chrono::seconds;

constexpr int32_t kLongCallSeconds = 600;

double TrustScore(double weighted, uint64_t opportunities) {
  if (opportunities == 0) return weighted > 0 ? 0 : 100;
  return std::max(0.0, 100.0 * (1.0 - weighted / double(opportunities)));
}

int BucketOf(seconds wait, seconds target) {
  if (target.count() <= 0) return wait.count() <= 0 ? 0 : kWaitBuckets - 1;
  const double ratio = double(wait.count()) / double(target.count());
  constexpr double kLimits[] = {0.25, 0.5, 1, 2, 4};
  for (int b = 0; b < kWaitBuckets - 1; ++b) {
    if (ratio <= kLimits[b]) return b;
  }
  return kWaitBuckets - 1;
}

seconds Percentile(std::vector<seconds>& waits, double p) {
  if (waits.empty()) return seconds{0};
  const auto k = static_cast<size_t>(p * double(waits.size() - 1));
  std::nth_element(waits.begin(), waits.begin() + static_cast<std::ptrdiff_t>(k), waits.end());
  return waits[k];
}

// Case number -> timeline index, for the whole audit.
struct CaseIndex {
  std::vector<uint32_t> timeline;
  explicit CaseIndex(const Timelines& t) : timeline(t.case_count) {
    for (uint32_t i = 0; i < t.customers.size(); ++i) {
      for (const auto& c : t.customers[i].cases) timeline[c.number - 1] = i;
    }
  }
};

struct LocalHour {
  int weekday = 0;  // 0 Monday
  int hour = 0;
};

LocalHour LocalHourOf(Instant at, const BusinessCalendar& calendar) {
  const auto local = at + calendar.OffsetAt(at);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const auto hour = std::chrono::floor<std::chrono::hours>(local - day).count();
  const unsigned iso = std::chrono::weekday(day).iso_encoding();  // 1 Monday
  return {static_cast<int>(iso - 1), static_cast<int>(hour)};
}

class ModelBuilder {
 public:
  ModelBuilder(const AuditResult& a, const AuditPolicy& c, ReportDepth depth)
      : a_(a), config_(c), cases_(a.timelines) {
    m_.audit = &a;
    m_.policy = &c;
    m_.depth = depth;
  }

  // Per request and per finding only, unless kFull: then also the passes over every message.
  ReportModel Build() {
    Headline();
    Channels();
    Waiting();
    Families();
    Grid();
    if (m_.depth == ReportDepth::kFull) {
      Agents();
      Promises();
      Heatmap();
    }
    return std::move(m_);
  }

 private:
  const Event& At(uint32_t i) const { return a_.corpus.events()[i]; }

  void Headline() {
    std::set<uint32_t> late, unanswered, chasing, two_truths;
    for (const auto& q : a_.requests) {
      if (q.within_target) continue;
      late.insert(cases_.timeline[q.case_number - 1]);
      if (!q.answered) unanswered.insert(cases_.timeline[q.case_number - 1]);
    }
    for (const auto& f : a_.findings) {
      if (f.rule == Rule::kChaser) chasing.insert(f.timeline);
      if (f.rule == Rule::kDiscordantAnswers) two_truths.insert(f.timeline);
    }
    m_.customers_late = late.size();
    m_.customers_unanswered = unanswered.size();
    m_.customers_chasing = chasing.size();
    m_.customers_two_truths = two_truths.size();
  }

  void Channels() {
    std::array<ChannelService, kChannelCount> all{};
    std::array<std::vector<seconds>, kChannelCount> waits;
    for (int c = 0; c < kChannelCount; ++c) {
      all[c].channel = static_cast<Channel>(c);
      all[c].inbound = a_.inbound[static_cast<size_t>(c)];
    }
    for (const auto& q : a_.requests) {
      auto& s = all[static_cast<size_t>(q.channel)];
      ++s.requests;
      s.within_target += q.within_target ? 1 : 0;
      s.waiting += q.answered ? 0 : 1;
      s.target = std::max<seconds>(s.target, q.target);
      ++s.buckets[static_cast<size_t>(BucketOf(q.wait, q.target))];
      waits[static_cast<size_t>(q.channel)].push_back(q.wait);
    }
    for (const auto& f : a_.findings) {
      auto& s = all[static_cast<size_t>(f.channel)];
      ++s.findings;
      s.weighted_findings += SeverityWeight(f.severity);
    }
    for (int c = 0; c < kChannelCount; ++c) {
      auto& s = all[c];
      if (s.inbound == 0 && s.requests == 0 && s.findings == 0) continue;
      if (s.requests == 0) s.target = config_.timing.reply_target[static_cast<size_t>(c)];
      s.median_wait = Percentile(waits[c], 0.5);
      s.p90_wait = Percentile(waits[c], 0.9);
      s.trust_score = TrustScore(s.weighted_findings, s.requests);
      m_.channels.push_back(s);
    }
  }

  template <typename F>
  void ForEachInbound(F&& f) const {
    for (const auto& t : a_.timelines.customers) {
      for (uint32_t i : t.events) {
        const Event& e = At(i);
        if (e.IsMessage() && e.direction == Direction::kIn) f(e);
      }
    }
  }

  void Agents() {
    std::map<std::string_view, AgentRow> rows;
    auto row = [&](Symbol agent) -> AgentRow& {
      const auto name = a_.corpus.symbols().Name(agent);
      auto& r = rows[name];
      r.agent = std::string(name);
      return r;
    };
    for (const auto& t : a_.timelines.customers) {
      for (uint32_t i : t.events) AgentEvent(At(i), row);
    }
    for (const auto& f : a_.findings) {
      const auto agent = AgentOf(f, a_.corpus);
      if (!agent) continue;
      auto& r = row(*agent);
      ++r.findings;
      r.weighted_findings += SeverityWeight(f.severity);
      r.strain_findings += f.rule == Rule::kAgentStrain ? 1 : 0;
    }
    for (auto& [name, r] : rows) {
      r.trust_score = TrustScore(r.weighted_findings, r.replies);
      m_.agents.push_back(std::move(r));
    }
  }

  template <typename RowOf>
  void AgentEvent(const Event& e, RowOf&& row) const {
    if (!e.IsMessage() || e.agent == kNoSymbol || e.is_auto) return;
    const bool handled_call = e.IsHandledCall();
    if (e.direction != Direction::kOut && !handled_call) return;
    AgentRow& r = row(e.agent);
    ++r.replies;
    if (!handled_call) return;
    ++r.calls;
    if (e.duration_s < kLongCallSeconds) return;
    ++r.long_calls;
    r.hostile_long_calls += e.Has(kCueHostility) ? 1 : 0;
  }

  void Waiting() {
    for (const auto& q : a_.requests) {
      if (q.within_target) continue;
      m_.late.push_back(&q);
      if (q.answered) continue;
      const Event& e = At(q.anchor);
      m_.waiting.push_back({q.anchor, std::string(a_.corpus.symbols().Name(e.customer)), q.channel,
                            q.case_number, q.wait, q.target});
    }
    std::stable_sort(m_.late.begin(), m_.late.end(),
                     [](const auto* x, const auto* y) { return x->wait > y->wait; });
    std::stable_sort(m_.waiting.begin(), m_.waiting.end(),
                     [](const auto& x, const auto& y) { return x.wait > y.wait; });
  }

  void Families() {
    for (Family family : kAllFamilies) m_.families.push_back({family, {}});
    for (uint32_t i = 0; i < a_.findings.size(); ++i) {
      const Finding& f = a_.findings[i];
      m_.families[static_cast<size_t>(RuleOf(f.rule).family)].findings.push_back(i);
      ++m_.per_rule[static_cast<size_t>(f.rule)];
    }
  }

  void Promises() {
    for (const auto& t : a_.timelines.customers) {
      for (uint32_t i : t.events) {
        const Event& e = At(i);
        if (!e.IsMessage() || e.is_auto || e.direction == Direction::kIn) continue;
        if (e.direction == Direction::kOut && (e.Has(kCuePromise) || e.Has(kCueExpectation))) {
          ++m_.promises.made;
        }
      }
    }
    for (const auto& f : a_.findings) {
      m_.promises.broken += f.rule == Rule::kBrokenPromise ? 1 : 0;
      m_.promises.silent += f.rule == Rule::kSilentNo ? 1 : 0;
    }
    const uint64_t not_kept = m_.promises.broken + m_.promises.silent;
    m_.promises.made = std::max(m_.promises.made, not_kept);
    m_.promises.kept = m_.promises.made - not_kept;
  }

  // The grid from the rules' cells (RequestGrid, one per request): the table per customer and
  // account, and its total as the four rows every form shows.
  void Grid() {
    m_.grid_table = BuildGridTable(a_, config_.calendar);
    std::array<seconds, std::size(kGridCells)> waits{};
    for (size_t i = 0; i < a_.requests.size() && i < a_.grid.size(); ++i) {
      if (a_.grid[i].grid == GridClass::kUnknown) continue;
      waits[static_cast<size_t>(a_.grid[i].grid) - 1] += a_.requests[i].wait;
    }
    const GridSummaryRow& total = m_.grid_table.total;
    for (size_t k = 0; k < std::size(kGridCells); ++k) {
      const GridCellTotals& c = total.cells[k];
      GridRow row{kGridCells[k], c.requests, total.Share(k)};
      if (c.requests) {
        row.mean_wait = waits[k] / static_cast<int64_t>(c.requests);
        row.replies_per_request = double(c.agent_messages) / double(c.requests);
      }
      m_.grid.push_back(row);
    }
  }

  void Heatmap() {
    ForEachInbound([&](const Event& e) {
      const LocalHour h = LocalHourOf(e.at, config_.calendar);
      ++m_.heatmap[static_cast<size_t>(h.weekday)][static_cast<size_t>(h.hour)];
    });
    for (const auto& f : a_.findings) {
      if (f.rule != Rule::kVolumeSpike) continue;
      const LocalHour h = LocalHourOf(At(f.messages.front()).at, config_.calendar);
      m_.spike[static_cast<size_t>(h.weekday)][static_cast<size_t>(h.hour)] = true;
    }
  }

  const AuditResult& a_;
  const AuditPolicy& config_;
  CaseIndex cases_;
  ReportModel m_;
};

}  // namespace

double SeverityWeight(Severity s) {
  switch (s) {
    case Severity::kHigh:
      return 1.0;
    case Severity::kMedium:
      return 0.5;
    case Severity::kLow:
      return 0.25;
  }
  return 0.25;
}

std::optional<Symbol> AgentOf(const Finding& f, const Corpus& corpus) {
  for (uint32_t i : f.messages) {
    const Event& e = corpus.events()[i];
    if (e.agent == kNoSymbol) continue;
    if (e.direction == Direction::kOut || e.IsHandledCall()) return e.agent;
  }
  return std::nullopt;
}

std::string LocalTimeText(Instant at, std::chrono::minutes offset) {
  std::string text = FormatRfc3339(at, offset);  // 2026-03-02T09:14:00+01:00
  text[10] = ' ';
  return text.substr(0, 16);
}

ReportModel BuildReportModel(const AuditResult& audit, const AuditPolicy& config, ReportDepth depth,
                             const TrendOptions& trends) {
  ReportModel model = ModelBuilder(audit, config, depth).Build();
  model.trends = BuildTrends(audit, config, trends);  // one pass over requests and findings
  return model;
}

double TrustScoreOf(double weighted, uint64_t opportunities) {
  return TrustScore(weighted, opportunities);
}

seconds WaitPercentile(std::vector<seconds>& waits, double p) { return Percentile(waits, p); }

}  // namespace fiducia

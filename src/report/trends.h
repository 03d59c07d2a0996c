// Trends and before/after: the audit's figures per week or month of the audited span, for the whole
// span, for two date ranges of it, or against an earlier audit's JSON. Computed once from the
// judged requests and findings (one pass over each) and kept in the report model, so that the
// JSON, the terminal summary, the HTML, the spreadsheet and the CSV files show the same numbers.
// Each figure has the report model's definition: a request is within target as the timing rules
// decided (RequestOutcome::within_target), its wait is business time (RequestOutcome::wait), the
// median is the report model's percentile, the trust score is the report model's TrustScore of the
// findings' weights over the requests.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "audit/audit_policy.h"
#include "common/json_writer.h"
#include "common/status.h"
#include "report/language.h"
#include "rules/catalogue.h"

namespace fiducia {

struct ReportTable;  // report_tables.h

inline constexpr size_t kTrendRuleCount = std::size(kAllRules);

enum class PeriodKind : uint8_t { kWeek, kMonth };  // weeks Monday to Sunday, calendar months

std::string_view ToString(PeriodKind k);
std::optional<PeriodKind> ParsePeriodKind(std::string_view s);

// Local days of the calendar's zone, both included.
struct DayRange {
  date::local_days from, to;
};
// "2026-03-02..2026-03-08"; a usage error naming `option` otherwise.
Result<DayRange> ParseDayRange(std::string_view text, std::string_view option);

// The figures of a set of requests and the findings anchored among them.
struct Figures {
  uint64_t requests = 0;
  uint64_t within_target = 0;
  std::optional<double> share;  // within_target / requests; none without requests
  std::chrono::seconds median_wait{0};
  double trust_score = 100;
  uint64_t findings = 0;
  std::array<uint64_t, kTrendRuleCount> per_rule{};  // in kAllRules order
};

// One span of days: a period, the whole audit, or a range; requests and findings belong to the
// local day of their anchor message.
struct SpanFigures {
  date::local_days start, end;  // both included
  Figures all;
  std::vector<std::pair<Channel, Figures>> channels;  // those with requests or findings
};

struct Comparison {
  std::string before_source, after_source;  // an earlier audit's JSON path, or a date range
  SpanFigures before, after;
};

struct TrendOptions {
  PeriodKind period = PeriodKind::kWeek;
  std::optional<DayRange> before, after;  // --before/--after: both or neither
  std::optional<SpanFigures> earlier;     // --compare: the earlier audit's span
  std::string earlier_source;
};

struct Trends {
  PeriodKind period = PeriodKind::kWeek;
  SpanFigures span;                  // from the first event's day to the as-of day
  std::vector<SpanFigures> periods;  // cover the span, the first and last cut to it
  std::optional<Comparison> comparison;
};

Trends BuildTrends(const AuditResult& audit, const AuditPolicy& config,
                   const TrendOptions& options);

// One line of the side-by-side table: a figure (of all channels, of one channel, or one rule's
// findings) in the two spans; change = after - before when both are known.
struct ComparisonRow {
  std::string_view figure;  // requests, within_target_share, median_wait_seconds, trust_score,
                            // findings
  std::optional<Channel> channel;
  std::optional<Rule> rule;
  std::optional<double> before, after;
  std::optional<double> Change() const;
};
std::vector<ComparisonRow> ComparisonRows(const Comparison& c);
// "Share within target (e-mail)", a rule's title: the row's name for people.
std::string ComparisonLabel(const ComparisonRow& row, Lang lang);

// The JSON keys "period", "span", "periods" and, when there is one, "comparison", written into the
// audit JSON's top-level object.
void WriteTrendsJson(JsonWriter& w, const Trends& trends);

// The "span" of an earlier audit's JSON (fiducia audit --json). NotFound/IoError when the file
// cannot be read; a usage error naming the file and what is wrong when it is not such a JSON.
Result<SpanFigures> ReadAuditSpan(const std::string& path);

// The terminal's week-by-week block (empty with fewer than 2 periods) and the side-by-side table
// (empty without a comparison).
std::string TrendsText(const Trends& trends, Lang lang);
std::string ComparisonText(const Trends& trends, Lang lang);
// The HTML report's trend: a chart of the share within target and the trust score per period, the
// figures per period and channel, findings per rule and period, and the side-by-side table.
std::string TrendsHtml(const Trends& trends, Lang lang);

// A figure's value as the views write it: shares in percent, waits as people read them.
std::string FigureText(std::string_view figure, double value, Lang lang);
std::string ChangeText(std::string_view figure, double change, Lang lang);

// The spreadsheet's and CSV's tables: a row per period and channel ("all" first, with findings
// per rule), durations in hours; and the side-by-side figures.
ReportTable PeriodsTable(const Trends& trends);
ReportTable ComparisonTable(const Comparison& comparison);

// "2026-03-02".
std::string DayText(date::local_days day);

}  // namespace fiducia

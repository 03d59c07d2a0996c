// Trends and before/after: periods of a hand-counted fixture and of the samples, the same figures
// in the JSON, the CSV and the HTML, --compare between two halves of a generated corpus and
// --before/--after against a count made here request by request.
#include "report/trends.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "gen/generator.h"
#include "gen/writers.h"
#include "report/audit_json.h"
#include "report/csv_report.h"
#include "report/html_report.h"
#include "report/report_fixture.h"
#include "report/report_model.h"
#include "report/report_tables.h"

namespace fiducia {
namespace {

using std::chrono::seconds;
using testing_support::AuditOfJsonl;
using testing_support::AuditOfSamples;

size_t RuleIndex(Rule rule) {
  return static_cast<size_t>(std::find(std::begin(kAllRules), std::end(kAllRules), rule) -
                             std::begin(kAllRules));
}

// Four requests over two weeks (Europe/Rome, opening hours 9-18 Monday to Friday):
// week 1: an e-mail answered after 30 min, a WhatsApp message after 1 h (both within target);
// week 2: an e-mail answered after 14 business hours (Monday 10-18, Tuesday 9-15: past its 8 h,
// a late reply) and a chat after 5 min.
constexpr const char* kTwoWeeks =
    R"({"id":"w1","at":"2026-03-02T10:00:00+01:00","channel":"email","direction":"in","customer":"anna@example.it","text":"Buongiorno, in che stato è l'ordine 123?"}
{"id":"w2","at":"2026-03-02T10:30:00+01:00","channel":"email","direction":"out","customer":"anna@example.it","agent":"sara","text":"Buongiorno, l'ordine 123 risulta spedito."}
{"id":"w3","at":"2026-03-03T10:00:00+01:00","channel":"whatsapp","direction":"in","customer":"+393331111111","text":"Ciao, qual è l'orario del negozio?"}
{"id":"w4","at":"2026-03-03T11:00:00+01:00","channel":"whatsapp","direction":"out","customer":"+393331111111","agent":"sara","text":"Ciao, siamo aperti dalle 9 alle 18."}
{"id":"w5","at":"2026-03-09T10:00:00+01:00","channel":"email","direction":"in","customer":"carlo@example.it","text":"Buongiorno, come cambio l'indirizzo di fatturazione?"}
{"id":"w6","at":"2026-03-10T15:00:00+01:00","channel":"email","direction":"out","customer":"carlo@example.it","agent":"luca","text":"Buongiorno, può cambiarlo dal suo profilo."}
{"id":"w7","at":"2026-03-10T10:00:00+01:00","channel":"chat","direction":"in","customer":"dora@example.it","text":"Come si attiva la garanzia?"}
{"id":"w8","at":"2026-03-10T10:05:00+01:00","channel":"chat","direction":"out","customer":"dora@example.it","agent":"luca","text":"Si attiva dal sito, nella sezione garanzia."}
)";

date::local_days Day(int y, unsigned m, unsigned d) {
  return date::local_days(date::year(y) / date::month(m) / date::day(d));
}

TEST(TrendsTest, WeeksOfASmallFixtureMatchAHandCount) {
  AuditPolicy config;
  auto audit = AuditOfJsonl(kTwoWeeks, config);
  const Trends t = BuildTrends(*audit, config, {});
  ASSERT_EQ(t.periods.size(), 2u);
  const SpanFigures& w1 = t.periods[0];
  const SpanFigures& w2 = t.periods[1];
  EXPECT_EQ(w1.start, Day(2026, 3, 2));
  EXPECT_EQ(w1.end, Day(2026, 3, 8));
  EXPECT_EQ(w2.start, Day(2026, 3, 9));
  EXPECT_EQ(w2.end, Day(2026, 3, 10));  // cut to the as-of day
  EXPECT_EQ(w1.all.requests, 2u);
  EXPECT_EQ(w1.all.within_target, 2u);
  EXPECT_EQ(w1.all.share, 1.0);
  EXPECT_EQ(w1.all.median_wait, seconds(1800));  // the lower of 30 min and 1 h
  EXPECT_EQ(w1.all.findings, 0u);
  EXPECT_EQ(w1.all.trust_score, 100);
  EXPECT_EQ(w2.all.requests, 2u);
  EXPECT_EQ(w2.all.within_target, 1u);
  EXPECT_EQ(w2.all.share, 0.5);
  EXPECT_EQ(w2.all.median_wait, seconds(300));  // the lower of 5 min and 14 h
  EXPECT_EQ(w2.all.per_rule[RuleIndex(Rule::kLateReply)], 1u);
  ASSERT_EQ(w2.all.findings, 1u);
  ASSERT_EQ(audit->findings.size(), 1u);
  const double weight = SeverityWeight(audit->findings[0].severity);
  EXPECT_DOUBLE_EQ(w2.all.trust_score, 100 * (1 - weight / 2));
  // Per channel: e-mail in week 2 is 0 of 1 within target, waited 14 business hours.
  for (const auto& [channel, f] : w2.channels) {
    if (channel != Channel::kEmail) continue;
    EXPECT_EQ(f.requests, 1u);
    EXPECT_EQ(f.share, 0.0);
    EXPECT_EQ(f.median_wait, seconds(14 * 3600));
    EXPECT_DOUBLE_EQ(f.trust_score, 100 * (1 - weight));
  }
  // The channels listed are those of the whole span, in every period: e-mail, WhatsApp, chat.
  EXPECT_EQ(w1.channels.size(), 3u);
  EXPECT_EQ(w2.channels.size(), 3u);
  // A month: one period, cut to the span.
  const Trends month = BuildTrends(*audit, config, {PeriodKind::kMonth, {}, {}, {}, ""});
  ASSERT_EQ(month.periods.size(), 1u);
  EXPECT_EQ(month.periods[0].start, Day(2026, 3, 2));
  EXPECT_EQ(month.periods[0].all.requests, 4u);
}

// The samples run from Monday 2 to Friday 20 March 2026: three weeks, which add up to the span, and
// the span's figures per channel are the report model's.
TEST(TrendsTest, SamplesHaveThreeWeeksThatAddUpToTheAudit) {
  AuditPolicy config;
  auto audit = AuditOfSamples(config);
  const ReportModel model = BuildReportModel(*audit, config);
  const Trends& t = model.trends;
  ASSERT_EQ(t.periods.size(), 3u);
  EXPECT_EQ(t.periods[0].start, Day(2026, 3, 2));
  EXPECT_EQ(t.periods[1].start, Day(2026, 3, 9));
  EXPECT_EQ(t.periods[2].start, Day(2026, 3, 16));
  EXPECT_EQ(t.periods[2].end, Day(2026, 3, 20));
  uint64_t requests = 0;
  std::array<uint64_t, kTrendRuleCount> per_rule{};
  for (const SpanFigures& p : t.periods) {
    requests += p.all.requests;
    for (size_t r = 0; r < kTrendRuleCount; ++r) per_rule[r] += p.all.per_rule[r];
  }
  EXPECT_EQ(requests, audit->requests.size());
  EXPECT_EQ(t.span.all.requests, audit->requests.size());
  for (size_t r = 0; r < kTrendRuleCount; ++r) {
    EXPECT_EQ(per_rule[r], model.per_rule[static_cast<size_t>(kAllRules[r])]);
  }
  for (const ChannelService& s : model.channels) {
    if (s.requests == 0) continue;
    bool found = false;
    for (const auto& [channel, f] : t.span.channels) {
      if (channel != s.channel) continue;
      found = true;
      EXPECT_EQ(f.requests, s.requests);
      EXPECT_EQ(f.within_target, s.within_target);
      EXPECT_EQ(f.median_wait, s.median_wait);
      EXPECT_DOUBLE_EQ(f.trust_score, s.trust_score);
    }
    EXPECT_TRUE(found) << ToString(s.channel);
  }
}

// The JSON's periods and the CSV's periods.csv and the HTML's table show the same figures.
TEST(TrendsTest, PeriodsAreTheSameInTheJsonTheCsvAndTheHtml) {
  AuditPolicy config;
  auto audit = AuditOfSamples(config);
  const ReportModel model = BuildReportModel(*audit, config);
  const std::string json = AuditJson(model, Lang::kEn);
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(json);
  std::string csv;
  for (const ReportTable& t : ReportTables(model, Lang::kEn)) {
    if (t.name == "periods") csv = CsvText(t);
  }
  // The CSV's "all" rows: start, end, channel, requests, within_target, share, median hours, trust.
  std::vector<std::vector<std::string>> all_rows;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string f; std::getline(cells, f, ',');) fields.push_back(f);
    if (fields.size() > 2 && fields[2] == "all") all_rows.push_back(fields);
  }
  // The HTML's rows of all channels: requests and the median's seconds.
  const std::string html = HtmlReport(model, {Lang::kEn});
  const std::regex html_row(
      "<tr><td>([0-9-]+)</td><td>([0-9-]+)</td><td>all channels</td><td class=\"n\">([0-9]+)"
      "</td><td class=\"n\">([0-9.%-]+)</td><td class=\"n\" data-seconds=\"([0-9]+)\">[^<]*</td>"
      "<td class=\"n\">([0-9.]+)</td>");
  std::vector<std::smatch> html_rows;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), html_row);
       it != std::sregex_iterator(); ++it) {
    html_rows.push_back(*it);
  }
  const simdjson::dom::array periods = root["periods"];
  ASSERT_EQ(periods.size(), 3u);
  ASSERT_EQ(all_rows.size(), 3u);
  ASSERT_EQ(html_rows.size(), 3u);
  size_t i = 0;
  for (simdjson::dom::element p : periods) {
    const auto& c = all_rows[i];
    const auto& h = html_rows[i];
    ++i;
    EXPECT_EQ(std::string_view(p["start"]), c[0]);
    EXPECT_EQ(std::string_view(p["end"]), c[1]);
    EXPECT_EQ(std::string_view(p["start"]), h[1].str());
    EXPECT_EQ(int64_t(p["requests"]), std::stoll(c[3]));
    EXPECT_EQ(int64_t(p["requests"]), std::stoll(h[3].str()));
    EXPECT_EQ(int64_t(p["within_target"]), std::stoll(c[4]));
    EXPECT_NEAR(double(p["within_target_share"]), std::stod(c[5]), 0.0005 + 1e-9);
    EXPECT_EQ(fmt::format("{:.1f}%", 100 * double(p["within_target_share"])), h[4].str());
    EXPECT_NEAR(double(int64_t(p["median_wait_seconds"])) / 3600, std::stod(c[6]), 0.005 + 1e-9);
    EXPECT_EQ(int64_t(p["median_wait_seconds"]), std::stoll(h[5].str()));
    EXPECT_NEAR(double(p["trust_score"]), std::stod(c[7]), 0.05 + 1e-9);
    EXPECT_NEAR(double(p["trust_score"]), std::stod(h[6].str()), 0.05 + 1e-9);
    // Findings per rule: the CSV's columns after "findings", in kAllRules order.
    size_t r = 0;
    for (auto [rule, n] : simdjson::dom::object(p["findings"])) {
      EXPECT_EQ(int64_t(n), std::stoll(c[9 + r])) << rule;
      ++r;
    }
  }
}

// A generated corpus, each customer whole in the half its first event falls in.
struct Halves {
  std::string first, second;
};

class SplitByTime final : public gen::GenOutput {
 public:
  explicit SplitByTime(Instant middle) : middle_(middle) {}
  Status Customer(const gen::GenCustomer& c) override {
    std::string& half = c.events.front().at < middle_ ? halves.first : halves.second;
    for (const gen::GenEvent& e : c.events) half += gen::EventJsonLine(c, e);
    return Status::Ok();
  }
  Halves halves;

 private:
  Instant middle_;
};

Halves GeneratedHalves() {
  // The generator's span, then the corpus again split at its middle.
  const auto summary = gen::Generate({4000, 11, 1.0}, {});
  EXPECT_TRUE(summary.ok());
  SplitByTime split(summary->first_day + (summary->as_of - summary->first_day) / 2);
  gen::GenOutput* outputs[] = {&split};
  EXPECT_TRUE(gen::Generate({4000, 11, 1.0}, outputs).ok());
  return split.halves;
}

// The "span" of an audit JSON as text: the before/after values of a comparison are these, rounded
// as the JSON writes them.
std::map<std::string, std::string> SpanValues(simdjson::dom::element span) {
  std::map<std::string, std::string> v;
  for (const char* key :
       {"requests", "within_target_share", "median_wait_seconds", "trust_score"}) {
    v[key] = simdjson::minify(span[key]);
  }
  for (simdjson::dom::element c : simdjson::dom::array(span["channels"])) {
    const std::string channel{std::string_view(c["channel"])};
    for (const char* key : {"within_target_share", "median_wait_seconds", "trust_score"}) {
      // A channel without requests has no median wait in the comparison.
      v[fmt::format("{}:{}", key, channel)] =
          std::string(key) == "median_wait_seconds" && int64_t(c["requests"]) == 0
              ? "null"
              : simdjson::minify(c[key]);
    }
  }
  for (auto [rule, n] : simdjson::dom::object(span["findings"])) {
    v[fmt::format("findings:{}", rule)] = simdjson::minify(n);
  }
  return v;
}

std::map<std::string, std::string> ComparisonSide(simdjson::dom::element comparison,
                                                  const char* side) {
  std::map<std::string, std::string> v;
  for (simdjson::dom::element row : simdjson::dom::array(comparison["figures"])) {
    std::string key{std::string_view(row["figure"])};
    std::string_view extra;
    if (!row["channel"].get(extra)) key = fmt::format("{}:{}", key, extra);
    if (!row["rule"].get(extra)) key = fmt::format("{}:{}", key, extra);
    if (key == "findings") continue;  // the total: the span has it per rule
    v[key] = simdjson::minify(row[side]);
  }
  return v;
}

TEST(TrendsTest, CompareGivesTheFiguresOfASeparateAuditOfEachHalf) {
  const Halves halves = GeneratedHalves();
  ASSERT_FALSE(halves.first.empty());
  ASSERT_FALSE(halves.second.empty());
  AuditPolicy config;
  auto first = AuditOfJsonl(halves.first, config, false);
  const std::string first_json = AuditJson(*first, config, Lang::kEn);
  const auto path = std::filesystem::path(::testing::TempDir()) / "trends_first_half.json";
  std::ofstream(path, std::ios::binary) << first_json;
  auto second = AuditOfJsonl(halves.second, config, false);
  const std::string second_json = AuditJson(*second, config, Lang::kEn);

  auto earlier = ReadAuditSpan(path.string());
  ASSERT_TRUE(earlier.ok()) << earlier.status().message();
  TrendOptions options;
  options.earlier = *earlier;
  options.earlier_source = path.string();
  const ReportModel compared = BuildReportModel(*second, config, ReportDepth::kSummary, options);
  const std::string compared_json = AuditJson(compared, Lang::kEn);

  simdjson::dom::parser p1, p2, p3;
  const simdjson::dom::element a = p1.parse(first_json);
  const simdjson::dom::element b = p2.parse(second_json);
  const simdjson::dom::element c = p3.parse(compared_json);
  EXPECT_GT(int64_t(a["span"]["requests"]), 100);
  EXPECT_EQ(ComparisonSide(c["comparison"], "before"), SpanValues(a["span"]));
  EXPECT_EQ(ComparisonSide(c["comparison"], "after"), SpanValues(b["span"]));
  EXPECT_EQ(std::string_view(c["comparison"]["before"]["start"]),
            std::string_view(a["span"]["start"]));
}

// --before/--after on one input: each range's figures, counted here request by request.
TEST(TrendsTest, BeforeAndAfterRangesGiveTheFiguresOfTheirDays) {
  const Halves halves = GeneratedHalves();
  AuditPolicy config;
  auto audit = AuditOfJsonl(halves.first + halves.second, config, false);
  const BusinessCalendar& calendar = config.calendar;
  const auto first_day =
      calendar.LocalDay(audit->corpus.events()[audit->requests.front().anchor].at);
  const auto last_day = calendar.LocalDay(audit->as_of);
  const auto middle = first_day + (last_day - first_day) / 2;
  TrendOptions options;
  options.before = DayRange{first_day, middle};
  options.after = DayRange{middle + date::days(1), last_day};
  const Trends t = BuildTrends(*audit, config, options);
  ASSERT_TRUE(t.comparison);
  for (const auto& span : {std::pair{*options.before, &t.comparison->before},
                           std::pair{*options.after, &t.comparison->after}}) {
    // Not a structured binding: clang 14 cannot capture one in the lambda below.
    const auto& range = span.first;
    const auto* got = span.second;
    uint64_t requests = 0, within = 0;
    std::vector<seconds> waits;
    double weighted = 0;
    std::array<uint64_t, kTrendRuleCount> per_rule{};
    const auto in_range = [&](uint32_t event) {
      const auto day = calendar.LocalDay(audit->corpus.events()[event].at);
      return range.from <= day && day <= range.to;
    };
    for (const RequestOutcome& q : audit->requests) {
      if (!in_range(q.anchor)) continue;
      ++requests;
      within += q.within_target ? 1 : 0;
      waits.push_back(q.wait);
    }
    for (const Finding& f : audit->findings) {
      if (!in_range(f.messages.front())) continue;
      weighted += SeverityWeight(f.severity);
      ++per_rule[RuleIndex(f.rule)];
    }
    std::sort(waits.begin(), waits.end());
    ASSERT_GT(requests, 50u);
    EXPECT_EQ(got->all.requests, requests);
    EXPECT_EQ(got->all.within_target, within);
    EXPECT_EQ(got->all.median_wait, waits[(waits.size() - 1) / 2]);
    EXPECT_DOUBLE_EQ(got->all.trust_score, std::max(0.0, 100 * (1 - weighted / double(requests))));
    EXPECT_EQ(got->all.per_rule, per_rule);
    EXPECT_EQ(got->start, range.from);
  }
}

TEST(TrendsTest, ABadCompareFileSaysWhichFileAndWhatIsWrong) {
  const auto dir = std::filesystem::path(::testing::TempDir());
  const auto missing = ReadAuditSpan((dir / "no-such-audit.json").string());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("no-such-audit.json"), std::string::npos);
  const std::pair<const char*, const char*> cases[] = {
      {"not json at all", "not a JSON object"},
      {R"({"format":"something-else"})", "not a fiducia audit JSON"},
      {R"({"format":"fiducia-audit/1","summary":{}})", "no \"span\""},
      {R"({"format":"fiducia-audit/1","span":{"start":"2026-03-02","end":"x"}})", "\"end\""},
      {R"({"format":"fiducia-audit/1","span":{"start":"2026-03-02","end":"2026-03-08","requests":-1}})",
       "\"requests\""},
  };
  for (const auto& [text, what] : cases) {
    const auto path = dir / "bad-audit.json";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const auto read = ReadAuditSpan(path.string());
    ASSERT_FALSE(read.ok()) << text;
    EXPECT_EQ(read.status().code(), StatusCode::kUsage) << text;
    EXPECT_NE(read.status().message().find("bad-audit.json"), std::string::npos);
    EXPECT_NE(read.status().message().find(what), std::string::npos) << read.status().message();
  }
}

TEST(TrendsTest, DayRangesAreParsedOrRefused) {
  const auto ok = ParseDayRange("2026-03-02..2026-03-15", "--before");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->from, Day(2026, 3, 2));
  EXPECT_EQ(ok->to, Day(2026, 3, 15));
  for (const char* bad : {"2026-03-02", "2026-03-15..2026-03-02", "2026-02-30..2026-03-01",
                          "yesterday..today", "2026-3-2..2026-3-9"}) {
    const auto r = ParseDayRange(bad, "--before");
    EXPECT_EQ(r.status().code(), StatusCode::kUsage) << bad;
    EXPECT_NE(r.status().message().find("--before"), std::string::npos);
  }
}

}  // namespace
}  // namespace fiducia

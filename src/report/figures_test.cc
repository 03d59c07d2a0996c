// One definition of every figure: each test reads one figure in two views of the same audit (the
// JSON, the terminal summary, the CSV tables) and expects the same value.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <sstream>

#include "report/audit_json.h"
#include "report/csv_report.h"
#include "report/report_fixture.h"
#include "report/report_model.h"
#include "report/report_tables.h"
#include "report/summary.h"

namespace fiducia {
namespace {

using testing_support::AuditOfSamples;

struct Views {
  AuditPolicy config;
  std::unique_ptr<AuditResult> audit = AuditOfSamples(config);
  ReportModel model = BuildReportModel(*audit, config);
  std::string json = AuditJson(model, Lang::kEn);
  std::string terminal = TerminalSummary(model, SummaryOptions{Lang::kEn});
  std::vector<ReportTable> tables = ReportTables(model, Lang::kEn);

  // A CSV table as rows of fields (the samples hold no quoted commas in these tables).
  std::vector<std::vector<std::string>> Csv(std::string_view name) const {
    std::vector<std::vector<std::string>> rows;
    for (const ReportTable& t : tables) {
      if (t.name != name) continue;
      std::istringstream in(CsvText(t));
      for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> fields;
        std::istringstream cells(line);
        for (std::string f; std::getline(cells, f, ',');) fields.push_back(f);
        rows.push_back(fields);
      }
    }
    return rows;
  }
};

// The grid's share was 56/67 in grid.csv (of all requests) and 56/63 in the JSON (of the classified
// ones); now every request has a cell and both read GridSummaryRow::Share.
TEST(FiguresTest, GridShareAndCountsAreTheSameInTheCsvAndTheJson) {
  Views v;
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(v.json);
  const auto csv = v.Csv("grid");
  ASSERT_EQ(csv.size(), 5u);  // the header and the four cells
  int64_t csv_requests = 0;
  for (size_t r = 1; r < csv.size(); ++r) {
    const auto cell = root["grid"]["total"]["cells"][csv[r][0]];
    EXPECT_EQ(std::stoll(csv[r][1]), int64_t(cell["requests"])) << csv[r][0];
    EXPECT_NEAR(std::stod(csv[r][2]), double(cell["share"]), 0.0005 + 1e-9) << csv[r][0];
    EXPECT_NEAR(std::stod(csv[r][4]) * double(cell["requests"]),
                double(int64_t(cell["agent_messages"])), 0.01)
        << csv[r][0] << ": replies per request are the JSON's agent messages per request";
    csv_requests += std::stoll(csv[r][1]);
  }
  EXPECT_EQ(csv_requests, int64_t(root["summary"]["requests"]));
  EXPECT_EQ(int64_t(root["grid"]["total"]["requests"]), int64_t(root["summary"]["requests"]));
  int64_t with_class = 0;
  for (const auto kase : root["cases"].get_array()) {
    for (const auto request : kase["requests"].get_array()) {
      with_class += request["class"].is_string() ? 1 : 0;
    }
  }
  EXPECT_EQ(with_class, int64_t(root["summary"]["requests"])) << "the spec gives every request one";
}

// The terminal's per-channel requests and share within target are channels.csv's.
TEST(FiguresTest, WithinTargetPerChannelIsTheSameInTheTerminalAndTheCsv) {
  Views v;
  const auto csv = v.Csv("channels");
  ASSERT_GT(csv.size(), 1u);
  size_t compared = 0;
  for (size_t r = 1; r < csv.size(); ++r) {
    const auto channel = ParseChannel(csv[r][0]);
    ASSERT_TRUE(channel);
    const std::string name(ChannelName(*channel, Lang::kEn));
    std::istringstream lines(v.terminal);
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string first, inbound, requests, share;
      words >> first >> inbound >> requests >> share;
      if (first != name || share.empty() || share.back() != '%') continue;
      EXPECT_EQ(inbound, csv[r][1]) << name;
      EXPECT_EQ(requests, csv[r][2]) << name;
      EXPECT_NEAR(std::stod(share), 100 * std::stod(csv[r][4]), 0.05 + 1e-6) << name;
      ++compared;
    }
  }
  EXPECT_GT(compared, 1u);
}

// Customers waiting past target: the JSON's unanswered findings, the CSV's waiting rows and the
// terminal's unanswered count are one figure.
TEST(FiguresTest, WaitingCustomersAreTheUnansweredFindings) {
  Views v;
  simdjson::dom::parser parser;
  const simdjson::dom::element root = parser.parse(v.json);
  const int64_t unanswered = root["summary"]["findings"]["unanswered"];
  EXPECT_GT(unanswered, 0);
  EXPECT_EQ(static_cast<int64_t>(v.Csv("waiting").size()) - 1, unanswered);
  EXPECT_NE(
      v.terminal.find("unanswered" + std::string(30 - 10, ' ') + fmt::format("{:>8}", unanswered)),
      std::string::npos);
}

// A request's target is the rules' (RequestTarget): a missed call waits for the call back, and
// the report times it with that, never with a target of its own.
TEST(FiguresTest, TheReportTimesRequestsWithTheRulesTargets) {
  AuditPolicy config;
  config.timing.call_back_target = std::chrono::hours(1);
  config.timing.reply_target[static_cast<size_t>(Channel::kPhone)] = std::chrono::hours(6);
  const auto audit = AuditOfSamples(config);
  const ReportModel m = BuildReportModel(*audit, config, ReportDepth::kSummary);
  std::map<Channel, uint64_t> within;
  for (const RequestOutcome& q : audit->requests) {
    EXPECT_EQ(std::chrono::seconds(q.target),
              RequestTarget(config.timing, audit->corpus.events()[q.anchor]));
    within[q.channel] += q.within_target ? 1 : 0;
  }
  for (const ChannelService& c : m.channels) EXPECT_EQ(c.within_target, within[c.channel]);
  for (const WaitingCustomer& w : m.waiting) {
    EXPECT_EQ(w.target, RequestTarget(config.timing, audit->corpus.events()[w.anchor]));
  }
}

}  // namespace
}  // namespace fiducia

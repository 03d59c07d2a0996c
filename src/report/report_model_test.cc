#include "report/report_model.h"

#include <gtest/gtest.h>

#include <numeric>

#include "report/grid_table.h"
#include "report/report_fixture.h"
#include "report/report_tables.h"
#include "report/report_words.h"

namespace fiducia {
namespace {

using testing_support::AuditOfSamples;

TEST(ReportModelTest, EveryRuleHasAFamilyAndEveryFindingIsListedOnce) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const ReportModel m = BuildReportModel(*audit, config);
  ASSERT_EQ(m.families.size(), std::size(kAllFamilies));
  size_t listed = 0;
  for (const auto& family : m.families) {
    listed += family.findings.size();
    for (uint32_t i : family.findings)
      EXPECT_EQ(RuleOf(audit->findings[i].rule).family, family.family);
  }
  EXPECT_EQ(listed, audit->findings.size());
  EXPECT_EQ(std::accumulate(m.per_rule.begin(), m.per_rule.end(), uint64_t{0}),
            audit->findings.size());
}

TEST(ReportModelTest, HeadlineAndChannelsAgreeWithTheRequests) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const ReportModel m = BuildReportModel(*audit, config);
  uint64_t requests = 0, within = 0, inbound = 0;
  for (const auto& c : m.channels) {
    requests += c.requests;
    within += c.within_target;
    inbound += c.inbound;
    EXPECT_EQ(std::accumulate(c.buckets.begin(), c.buckets.end(), uint64_t{0}), c.requests);
    EXPECT_GE(c.trust_score, 0);
    EXPECT_LE(c.trust_score, 100);
  }
  EXPECT_EQ(requests, audit->requests.size());
  EXPECT_GT(m.customers_late, 0u);  // the samples hold late and unanswered requests
  EXPECT_GE(m.customers_late, m.customers_unanswered);
  EXPECT_LE(m.customers_late, audit->timelines.customers.size());
  uint64_t heat = 0;
  for (const auto& day : m.heatmap) heat += std::accumulate(day.begin(), day.end(), uint64_t{0});
  EXPECT_EQ(heat, inbound);
  EXPECT_LT(within, requests);
}

TEST(ReportModelTest, GridSharesSumToOneAndWaitingIsLongestFirst) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const ReportModel m = BuildReportModel(*audit, config);
  ASSERT_EQ(m.grid.size(), 4u);  // every request has one of the four cells
  double share = 0;
  uint64_t n = 0;
  for (const auto& g : m.grid) {
    share += g.share;
    n += g.requests;
  }
  EXPECT_NEAR(share, 1.0, 1e-9);
  EXPECT_EQ(n, audit->requests.size());
  EXPECT_GT(m.grid[1].requests, 0u) << "the samples tag a reasonable-impossible request";
  for (size_t i = 1; i < m.waiting.size(); ++i) EXPECT_GE(m.waiting[i - 1].wait, m.waiting[i].wait);
}

TEST(ReportModelTest, TrustScoreFallsWithWeightedFindings) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const ReportModel m = BuildReportModel(*audit, config);
  for (const auto& c : m.channels) {
    if (c.requests == 0) continue;
    EXPECT_NEAR(c.trust_score,
                std::max(0.0, 100.0 * (1 - c.weighted_findings / double(c.requests))), 1e-9);
  }
}

TEST(ReportModelTest, TablesHaveAsManyCellsAsColumnsAndWordsExist) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const ReportModel m = BuildReportModel(*audit, config);
  EXPECT_TRUE(WordsAreSorted());
  for (const auto& table : ReportTables(m, Lang::kIt)) {
    EXPECT_TRUE(HasWord("sheet_" + table.name)) << table.name;
    for (const auto& column : table.columns) EXPECT_TRUE(HasWord(column)) << column;
    for (const auto& row : table.rows) EXPECT_EQ(row.size(), table.columns.size()) << table.name;
  }
}

// Every row's months are in order, once each, and add up to its cells; the customers' rows add up
// to the total row.
TEST(ReportModelTest, GridTableMonthsAreInOrderAndAddUp) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const GridTable table = BuildGridTable(*audit, config.calendar);
  ASSERT_FALSE(table.customers.empty());
  ASSERT_FALSE(table.total.months.empty());
  std::array<uint32_t, 4> customers_total{};
  auto check = [&](const GridSummaryRow& row) {
    std::array<uint32_t, 4> by_month{};
    for (size_t m = 0; m < row.months.size(); ++m) {
      if (m > 0) {
        EXPECT_LT(row.months[m - 1], row.months[m]) << row.who;
      }
      for (size_t c = 0; c < 4; ++c) by_month[c] += row.months[m].requests[c];
    }
    for (size_t c = 0; c < 4; ++c) EXPECT_EQ(by_month[c], row.cells[c].requests) << row.who;
  };
  for (const GridSummaryRow& row : table.customers) {
    check(row);
    for (size_t c = 0; c < 4; ++c) customers_total[c] += row.cells[c].requests;
  }
  check(table.total);
  for (size_t c = 0; c < 4; ++c) EXPECT_EQ(customers_total[c], table.total.cells[c].requests);
  EXPECT_EQ(table.total.months.front().Name().size(), 7u);  // "2026-03"
}

}  // namespace
}  // namespace fiducia

#include "report/csv_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/report_fixture.h"

namespace fiducia {
namespace {

using testing_support::AuditOfJsonl;
using testing_support::kHostileJsonl;

TEST(CsvReportTest, CellsAreTypedQuotedAndFormulaSafe) {
  ReportTable t{"t", {"text", "n", "x", "at", "hours"}, {}};
  // Cell by cell: GCC 12 at -O3 misreads a braced list of variants (-Wfree-nonheap-object).
  auto& row = t.rows.emplace_back();
  row.emplace_back(std::string("=HYPERLINK(\"http://e\",\"x\")"));
  row.emplace_back(int64_t{-3});
  row.emplace_back(0.5);
  row.emplace_back(DateCell{Instant{std::chrono::hours(1)}, std::chrono::minutes(60)});
  row.emplace_back(HoursCell{1.5});
  EXPECT_EQ(
      CsvText(t),
      "text,n,x,at,hours\r\n"
      "\"'=HYPERLINK(\"\"http://e\"\",\"\"x\"\")\",-3,0.5000,1970-01-01T02:00:00+01:00,1.50\r\n");
}

TEST(CsvReportTest, HostileAuditHasNoFormulaCell) {
  AuditPolicy config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  for (const auto& table : ReportTables(BuildReportModel(*audit, config), Lang::kEn)) {
    const std::string csv = CsvText(table);
    for (const char* bad : {",=", ",+", ",@", "\n=", "\n@", ",\"=", ",\"@", ",\"+"}) {
      EXPECT_EQ(csv.find(bad), std::string::npos) << table.name << ": " << bad << "\n" << csv;
    }
  }
}

TEST(CsvReportTest, WritesOneFilePerTable) {
  AuditPolicy config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  const auto tables = ReportTables(BuildReportModel(*audit, config), Lang::kEn);
  const auto dir = std::filesystem::path(::testing::TempDir()) / "csv_report_test" / "nested";
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(WriteCsvReport(tables, dir.string()).ok());
  for (const auto& t : tables) EXPECT_TRUE(std::filesystem::exists(dir / (t.name + ".csv")));
  const Status bad = WriteCsvReport(tables, "/proc/no/such/dir");
  EXPECT_EQ(bad.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace fiducia

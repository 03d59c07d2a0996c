#include "report/xlsx_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "report/report_fixture.h"

namespace fiducia {
namespace {

using testing_support::AuditOfSamples;

TEST(XlsxReportTest, WritesAZipWorkbook) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  const auto path = std::filesystem::path(::testing::TempDir()) / "xlsx_report_test.xlsx";
  ASSERT_TRUE(WriteXlsxReport(ReportTables(BuildReportModel(*audit, config), Lang::kIt), Lang::kIt,
                              path.string())
                  .ok());
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  in.read(magic, 2);
  EXPECT_EQ(std::string(magic, 2), "PK");
}

TEST(XlsxReportTest, AnUnwritablePathIsAnIoError) {
  const Status s = WriteXlsxReport({}, Lang::kEn, "/proc/no/such/dir/r.xlsx");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace fiducia

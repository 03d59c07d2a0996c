// An independent reader opens the spreadsheet: python3-openpyxl (tests/xlsx_check.py) checks its
// sheets, frozen and filtered headers, Excel dates and every value against the CSV files of the
// same audit, and that no cell is or reads as a formula, hostile input included. Skipped only when
// python3 with openpyxl is missing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "report/csv_report.h"
#include "report/report_fixture.h"
#include "report/report_words.h"
#include "report/xlsx_report.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using testing_support::AuditOfJsonl;
using testing_support::AuditOfSamples;
using testing_support::kHostileJsonl;

// Debian's interpreter, where python3-openpyxl lives (a python3 earlier in PATH may lack it).
std::string Python() {
  if (const char* path = std::getenv("FIDUCIA_PYTHON")) return path;
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

bool HaveOpenpyxl() {
  return std::system((Python() + " -c 'import openpyxl' > /dev/null 2>&1").c_str()) == 0;
}

void CheckWithOpenpyxl(const AuditResult& audit, const AuditPolicy& config, Lang lang,
                       const std::string& name) {
  const auto tables = ReportTables(BuildReportModel(audit, config), lang);
  const fs::path dir = fs::path(FIDUCIA_ARTEFACT_DIR) / name;
  fs::remove_all(dir);
  ASSERT_TRUE(WriteCsvReport(tables, (dir / "csv").string()).ok());
  const fs::path xlsx = dir / (name + ".xlsx");
  ASSERT_TRUE(WriteXlsxReport(tables, lang, xlsx.string()).ok());
  std::string command = Python() + " '" FIDUCIA_SOURCE_DIR "/tests/xlsx_check.py' '" +
                        xlsx.string() + "' '" + (dir / "csv").string() + "'";
  for (const auto& t : tables) command += " '" + std::string(Word("sheet_" + t.name, lang)) + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(ReportXlsxReaderTest, SamplesWorkbookAgreesWithTheCsvFiles) {
  if (!HaveOpenpyxl()) GTEST_SKIP() << "no python3-openpyxl";
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  CheckWithOpenpyxl(*audit, config, Lang::kIt, "xlsx-samples");
}

TEST(ReportXlsxReaderTest, HostileInputIsNeverAFormula) {
  if (!HaveOpenpyxl()) GTEST_SKIP() << "no python3-openpyxl";
  AuditPolicy config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  CheckWithOpenpyxl(*audit, config, Lang::kEn, "xlsx-hostile");
}

}  // namespace
}  // namespace fiducia

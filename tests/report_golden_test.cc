// The report forms of the bundled samples: the HTML's structure (sections, headings, charts,
// tables, findings listed) and every CSV file, byte for byte. After a deliberate change,
// regenerate with
//   FIDUCIA_UPDATE_GOLDEN=1 ./build/bin/report_golden_test
// and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "report/csv_report.h"
#include "report/html_report.h"
#include "report/report_tables.h"

namespace fiducia {
namespace {

const std::string kGoldenDir = FIDUCIA_SOURCE_DIR "/tests/golden";

struct SamplesAudit {
  AuditPolicy config;
  std::unique_ptr<AuditResult> audit;
  SamplesAudit() {
    AuditOptions options;
    options.inputs = {FIDUCIA_SOURCE_DIR "/data/samples"};
    options.threads = 1;
    auto result = RunAudit(options, config);
    EXPECT_TRUE(result.ok());
    audit = std::move(result).value();
  }
};

// "<th>a</th><th>b</th>" -> "a | b"
std::string ColumnTitles(const std::string& cells) {
  std::string titles = std::regex_replace(cells, std::regex("</th><th>"), " | ");
  return titles.substr(4, titles.size() - 9);
}

// One line per structural element: sections, headings, charts, tables with their columns, and
// how many findings each section lists.
std::string HtmlStructure(const std::string& html) {
  static const std::regex element(
      R"re(<section id="([^"]+)">|<h([23])[^>]*>(.*?)</h[23]>|<svg [^>]*aria-label="([^"]*)"|<tr>((?:<th>[^<]*</th>)+)</tr>|<details class="f ([a-z]+)")re");
  std::ostringstream out;
  std::string details_of;
  size_t details = 0;
  auto flush = [&] {
    if (details) out << "    findings listed: " << details << "\n";
    details = 0;
  };
  for (std::sregex_iterator it(html.begin(), html.end(), element), end; it != end; ++it) {
    const std::smatch& m = *it;
    if (m[6].matched) {
      ++details;
      continue;
    }
    flush();
    if (m[1].matched) out << "section " << m[1] << "\n";
    if (m[2].matched) out << (m[2] == "2" ? "  h2 " : "  h3 ") << m[3] << "\n";
    if (m[4].matched) out << "    chart " << m[4] << "\n";
    if (m[5].matched) out << "    table " << ColumnTitles(m[5].str()) << "\n";
  }
  flush();
  return out.str();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = kGoldenDir + "/" + name;
  if (std::getenv("FIDUCIA_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << actual;
  }
  ASSERT_TRUE(std::filesystem::exists(path)) << "no golden file: run with FIDUCIA_UPDATE_GOLDEN=1";
  EXPECT_EQ(actual, ReadFile(path)) << name;
}

TEST(ReportGoldenTest, HtmlStructureOfTheSamples) {
  SamplesAudit s;
  const ReportModel model = BuildReportModel(*s.audit, s.config);
  ExpectGolden("samples.en.html.txt", HtmlStructure(HtmlReport(model, {Lang::kEn})));
  ExpectGolden("samples.it.html.txt", HtmlStructure(HtmlReport(model, {Lang::kIt})));
}

TEST(ReportGoldenTest, CsvFilesOfTheSamples) {
  SamplesAudit s;
  const ReportModel model = BuildReportModel(*s.audit, s.config);
  for (const auto& table : ReportTables(model, Lang::kEn)) {
    ExpectGolden("csv/" + table.name + ".csv", CsvText(table));
  }
}

}  // namespace
}  // namespace fiducia

#include "report/csv_report.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "common/time_text.h"
#include "report/escape.h"

namespace fiducia {
namespace {

struct CsvCell {
  std::string& out;
  void operator()(const std::string& text) const { AppendCsvField(out, text); }
  void operator()(int64_t n) const { fmt::format_to(std::back_inserter(out), "{}", n); }
  void operator()(double x) const { fmt::format_to(std::back_inserter(out), "{:.4f}", x); }
  void operator()(const DateCell& d) const { out += FormatRfc3339(d.at, d.offset); }
  void operator()(const HoursCell& h) const {
    fmt::format_to(std::back_inserter(out), "{:.2f}", h.hours);
  }
};

}  // namespace

std::string CsvText(const ReportTable& table) {
  std::string out;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (c) out += ',';
    AppendCsvField(out, table.columns[c]);
  }
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      std::visit(CsvCell{out}, row[c]);
    }
    out += "\r\n";
  }
  return out;
}

Status WriteCsvReport(const std::vector<ReportTable>& tables, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(fmt::format("cannot create '{}': {}", dir, ec.message()));
  for (const auto& table : tables) {
    const auto path = std::filesystem::path(dir) / (table.name + ".csv");
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << CsvText(table);
    file.close();
    if (!file) return Status::IoError(fmt::format("cannot write '{}'", path.string()));
  }
  return Status::Ok();
}

}  // namespace fiducia

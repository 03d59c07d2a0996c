// The report as plain tables (summary, one per rule family, channels, agents, waiting customers,
// the REASONABLE/POSSIBLE grid, promises, the weekday-by-hour volume): what the CSV files and the
// spreadsheet's sheets hold, cell by cell, from the one ReportModel.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "report/language.h"
#include "report/report_model.h"

namespace fiducia {

// An instant shown as the local time it was written in (Excel: a date cell).
struct DateCell {
  Instant at;
  std::chrono::minutes offset{0};
};
// A duration in hours (2 decimals in CSV; a number formatted 0.00 in Excel).
struct HoursCell {
  double hours = 0;
};
// Text cells may hold customer text: writers must make them safe.
using Cell = std::variant<std::string, int64_t, double, DateCell, HoursCell>;

struct ReportTable {
  std::string name;                  // "summary", "findings_silence", …: file and sheet key
  std::vector<std::string> columns;  // machine names; Word(column) titles them for people
  std::vector<std::vector<Cell>> rows;
};

HoursCell Hours(std::chrono::seconds d);

// Every table, summary first (with what to do about each rule), then one per rule family, then the
// rest.
std::vector<ReportTable> ReportTables(const ReportModel& model, Lang lang);

}  // namespace fiducia

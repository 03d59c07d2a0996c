// The report as CSV files, one per table (RFC 4180, UTF-8, numbers with a dot, instants in RFC
// 3339, durations in hours): for people who load it into their own tools.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/report_tables.h"

namespace fiducia {

// One table as CSV: the header of machine column names, then the rows; every text cell
// FormulaSafe.
std::string CsvText(const ReportTable& table);

// Writes `<dir>/<table name>.csv` for every table, creating `dir` when missing.
Status WriteCsvReport(const std::vector<ReportTable>& tables, const std::string& dir);

}  // namespace fiducia

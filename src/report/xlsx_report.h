// The report as an Excel workbook (libxlsxwriter): a summary sheet, one sheet per rule family, then
// channels, agents, waiting customers, the grid, promises and volume; header rows frozen and
// filtered, instants as Excel dates, durations as hours, customer text never a formula.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "report/language.h"
#include "report/report_tables.h"

namespace fiducia {

Status WriteXlsxReport(const std::vector<ReportTable>& tables, Lang lang, const std::string& path);

}  // namespace fiducia

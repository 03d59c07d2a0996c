// The REASONABLE/POSSIBLE grid as a table a team lead reads: per customer (and per company
// account), the count and share of requests in each cell, the effort spent on each (agent
// messages, phone minutes) and the trend by month, from the cells the rules gave each request
// (AuditResult::grid). Built once, in the report model (report_model.h), which every form reads.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/audit.h"
#include "calendar/business_calendar.h"

namespace fiducia {

struct GridCellTotals {
  uint32_t requests = 0;
  uint32_t agent_messages = 0;
  uint32_t phone_seconds = 0;
};

// The requests of one calendar month (the business calendar's time zone), per cell.
struct GridMonth {
  int year = 0;
  unsigned month = 0;  // 1-12
  std::array<uint32_t, 4> requests{};
  std::string Name() const;  // "2026-03"
  auto operator<=>(const GridMonth& o) const {
    return std::pair(year, month) <=> std::pair(o.year, o.month);
  }
  bool operator==(const GridMonth& o) const { return year == o.year && month == o.month; }
};

struct GridSummaryRow {
  std::string_view who;  // the customer's handle, or the account's domain (in the corpus's symbols)
  std::array<GridCellTotals, 4> cells{};  // in the order of kGridCells
  std::vector<GridMonth> months;          // in month order; only months with a classified request
  uint32_t Classified() const;            // every request: each has a cell
  double Share(size_t cell) const;        // of the row's requests; 0 when none
};

struct GridTable {
  std::vector<GridSummaryRow> customers;  // by customer handle
  std::vector<GridSummaryRow> accounts;   // by account domain; only customers that have one
  GridSummaryRow total;
};

GridTable BuildGridTable(const AuditResult& result, const BusinessCalendar& calendar);

}  // namespace fiducia

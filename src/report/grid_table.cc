#include "report/grid_table.h"

#include <fmt/format.h>

namespace fiducia {

uint32_t GridSummaryRow::Classified() const {
  uint32_t n = 0;
  for (const auto& c : cells) n += c.requests;
  return n;
}

double GridSummaryRow::Share(size_t cell) const {
  const uint32_t n = Classified();
  return n ? static_cast<double>(cells[cell].requests) / n : 0.0;
}

namespace {

void Count(GridSummaryRow& row, const RequestGrid& g, const std::string& month) {
  if (g.grid == GridClass::kUnknown) {
    ++row.unclassified;
    return;
  }
  const size_t cell = static_cast<size_t>(g.grid) - 1;
  GridCellTotals& c = row.cells[cell];
  ++c.requests;
  c.agent_messages += g.agent_messages;
  c.phone_seconds += g.phone_seconds;
  ++row.months[month][cell];
}

}  // namespace

GridTable BuildGridTable(const AuditResult& result, const BusinessCalendar& calendar) {
  std::map<std::string, GridSummaryRow> customers, accounts;
  std::map<uint32_t, std::string> account_of;
  GridTable table;
  table.total.who = "*";
  for (const RequestGrid& g : result.grid) {
    const Timeline& t = result.timelines.customers[g.timeline];
    const date::year_month_day day(calendar.LocalDay(result.corpus.events()[g.anchor].at));
    const std::string month =
        fmt::format("{:04}-{:02}", static_cast<int>(day.year()), static_cast<unsigned>(day.month()));
    const std::string customer(result.corpus.symbols().Name(t.customer));
    GridSummaryRow& row = customers[customer];
    row.who = customer;
    Count(row, g, month);
    Count(table.total, g, month);
    auto [it, fresh] = account_of.try_emplace(g.timeline);
    if (fresh) it->second = AccountOf(result.corpus, t);
    if (it->second.empty()) continue;
    GridSummaryRow& account = accounts[it->second];
    account.who = it->second;
    Count(account, g, month);
  }
  for (auto& [who, row] : customers) table.customers.push_back(std::move(row));
  for (auto& [who, row] : accounts) table.accounts.push_back(std::move(row));
  return table;
}

}  // namespace fiducia

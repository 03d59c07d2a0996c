#include "report/grid_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

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

namespace {

// The customer's row, found by the customer's handle symbol (one row per handle, as one per
// name: a symbol table holds each name once).
GridSummaryRow& CustomerRow(const Corpus& corpus, const Timeline& t,
                            std::unordered_map<Symbol, size_t>& row_of,
                            std::vector<GridSummaryRow>& rows) {
  auto [it, fresh] = row_of.try_emplace(t.customer, rows.size());
  if (fresh) rows.emplace_back().who = std::string(corpus.symbols().Name(t.customer));
  return rows[it->second];
}

}  // namespace

// Rows are found by symbol and by timeline, then put in the order of their names (the order a
// map by name gave): no string-keyed lookup per request.
GridTable BuildGridTable(const AuditResult& result, const BusinessCalendar& calendar) {
  const Corpus& corpus = result.corpus;
  std::unordered_map<Symbol, size_t> customer_row;
  std::vector<GridSummaryRow> customers;
  std::map<std::string, GridSummaryRow> accounts;
  std::unordered_map<uint32_t, GridSummaryRow*> account_of;  // by timeline; nullptr: none
  GridTable table;
  table.total.who = "*";
  for (const RequestGrid& g : result.grid) {
    const Timeline& t = result.timelines.customers[g.timeline];
    const date::year_month_day day(calendar.LocalDay(corpus.events()[g.anchor].at));
    const std::string month = fmt::format("{:04}-{:02}", static_cast<int>(day.year()),
                                          static_cast<unsigned>(day.month()));
    Count(CustomerRow(corpus, t, customer_row, customers), g, month);
    Count(table.total, g, month);
    auto [it, fresh] = account_of.try_emplace(g.timeline, nullptr);
    if (fresh) {
      std::string domain = AccountOf(corpus, t);
      if (!domain.empty()) {
        GridSummaryRow& account = accounts[domain];
        account.who = std::move(domain);
        it->second = &account;
      }
    }
    if (it->second != nullptr) Count(*it->second, g, month);
  }
  std::sort(customers.begin(), customers.end(),
            [](const GridSummaryRow& a, const GridSummaryRow& b) { return a.who < b.who; });
  table.customers = std::move(customers);
  for (auto& [who, row] : accounts) table.accounts.push_back(std::move(row));
  return table;
}

}  // namespace fiducia

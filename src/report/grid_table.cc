#include "report/grid_table.h"

#include <fmt/format.h>

#include <algorithm>

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

std::string GridMonth::Name() const {
  if (year < 0 || year > 9999 || month > 99) return fmt::format("{:04}-{:02}", year, month);
  std::string name = "0000-00";  // written for every month of every row: no format string parsed
  for (int y = year, at = 3; at >= 0; --at, y /= 10) name[at] = static_cast<char>('0' + y % 10);
  name[5] = static_cast<char>('0' + month / 10);
  name[6] = static_cast<char>('0' + month % 10);
  return name;
}

namespace {

// One request's month, as a GridMonth with no counts.
GridMonth MonthOf(const Corpus& corpus, const BusinessCalendar& calendar, const RequestGrid& g) {
  const date::year_month_day day(calendar.LocalDay(corpus.events()[g.anchor].at));
  return {static_cast<int>(day.year()), static_cast<unsigned>(day.month())};
}

void Count(GridSummaryRow& row, const RequestGrid& g, const GridMonth& month) {
  if (g.grid == GridClass::kUnknown) return;  // ClassifyRequests gives every request a cell
  const size_t cell = static_cast<size_t>(g.grid) - 1;
  GridCellTotals& c = row.cells[cell];
  ++c.requests;
  c.agent_messages += g.agent_messages;
  c.phone_seconds += g.phone_seconds;
  // Requests come mostly in time order: the month is almost always the last one or near it.
  auto it = row.months.end();
  while (it != row.months.begin() && month < *(it - 1)) --it;
  if (it == row.months.begin() || *(it - 1) != month)
    it = row.months.insert(it, month);
  else
    --it;
  ++it->requests[cell];
}

// The indices of `grid` grouped by timeline, in their order within each timeline (a counting
// sort: one pass to count, one to place).
std::vector<uint32_t> ByTimeline(const std::vector<RequestGrid>& grid) {
  size_t timelines = 0;
  for (const RequestGrid& g : grid) timelines = std::max<size_t>(timelines, g.timeline + size_t{1});
  std::vector<uint32_t> start(timelines + 1, 0);
  for (const RequestGrid& g : grid) ++start[g.timeline + 1];
  for (size_t t = 1; t <= timelines; ++t) start[t] += start[t - 1];
  std::vector<uint32_t> order(grid.size());
  for (uint32_t i = 0; i < grid.size(); ++i) order[start[grid[i].timeline]++] = i;
  return order;
}

// The first 16 bytes of a row's name as two numbers that order as the bytes do (zeros past its
// end): most names are told apart without reading them again.
struct NameKey {
  uint64_t high = 0, low = 0;
  uint32_t row = 0;
  explicit NameKey(std::string_view n, uint32_t r) : row(r) {
    for (size_t i = 0; i < 16; ++i) {
      const uint64_t byte = i < n.size() ? static_cast<unsigned char>(n[i]) : 0u;
      (i < 8 ? high : low) = ((i < 8 ? high : low) << 8) | byte;
    }
  }
};

// Puts the rows in the order of their names, in place: the keys are sorted, then the rows are
// moved along the cycles of that permutation (no second copy of the table).
void SortByName(std::vector<GridSummaryRow>& rows) {
  std::vector<NameKey> keys;
  keys.reserve(rows.size());
  for (uint32_t r = 0; r < rows.size(); ++r) keys.emplace_back(rows[r].who, r);
  std::sort(keys.begin(), keys.end(), [&rows](const NameKey& a, const NameKey& b) {
    if (a.high != b.high) return a.high < b.high;
    if (a.low != b.low) return a.low < b.low;
    return rows[a.row].who < rows[b.row].who;
  });
  // Row keys[k].row goes to place k.
  for (size_t start = 0; start < keys.size(); ++start) {
    if (keys[start].row == start || keys[start].row == UINT32_MAX) continue;
    GridSummaryRow held = std::move(rows[start]);
    size_t place = start;
    while (keys[place].row != start) {
      const uint32_t from = keys[place].row;
      rows[place] = std::move(rows[from]);
      keys[place].row = UINT32_MAX;  // placed
      place = from;
    }
    rows[place] = std::move(held);
    keys[place].row = UINT32_MAX;
  }
}

}  // namespace

// Each customer's requests are counted together: one row per customer (a customer's handle is
// that of no other), and its account found once; rows are then put in the order of their names.
GridTable BuildGridTable(const AuditResult& result, const BusinessCalendar& calendar) {
  const Corpus& corpus = result.corpus;
  std::vector<GridSummaryRow> customers;
  std::map<std::string_view, GridSummaryRow> accounts;
  GridTable table;
  table.total.who = "*";
  const std::vector<uint32_t> order = ByTimeline(result.grid);
  for (size_t i = 0; i < order.size();) {
    const uint32_t timeline = result.grid[order[i]].timeline;
    const Timeline& t = result.timelines.customers[timeline];
    GridSummaryRow& row = customers.emplace_back();
    row.who = corpus.symbols().Name(t.customer);
    GridSummaryRow* account = nullptr;
    if (const std::string_view domain = AccountOf(corpus, t); !domain.empty()) {
      account = &accounts[domain];
      account->who = domain;
    }
    for (; i < order.size() && result.grid[order[i]].timeline == timeline; ++i) {
      const RequestGrid& g = result.grid[order[i]];
      const GridMonth month = MonthOf(corpus, calendar, g);
      Count(row, g, month);
      Count(table.total, g, month);
      if (account != nullptr) Count(*account, g, month);
    }
  }
  SortByName(customers);
  table.customers = std::move(customers);
  for (auto& [who, row] : accounts) table.accounts.push_back(std::move(row));
  return table;
}

}  // namespace fiducia

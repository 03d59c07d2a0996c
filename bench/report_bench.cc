// The report of a 1-million-message audit: builds a synthetic corpus in memory (100,000 customers,
// ten messages each over a week on e-mail, WhatsApp, chat and social; late answers, unanswered
// requests, chasers on another channel, apologies in replies; 50 agents), judges it, then writes
// every report form and prints how long each took and how big it is, against the targets of
// issue #6 (under 10 s in all, under 20 MB per form). Checks the report against the audit first.
//   report_bench [--customers N] [--dir PATH]     (default: 100000, the system temp dir)
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <string>

#include "audit/audit.h"
#include "common/time_text.h"
#include "config/config.h"
#include "report/csv_report.h"
#include "report/html_report.h"
#include "report/report_tables.h"
#include "report/xlsx_report.h"

namespace {

namespace fs = std::filesystem;
using namespace fiducia;
using std::chrono::hours;
using std::chrono::minutes;

constexpr double kTargetSeconds = 10;
constexpr double kTargetMb = 20;
constexpr Channel kChannels[] = {Channel::kEmail, Channel::kWhatsapp, Channel::kChat,
                                 Channel::kSocial};

struct Message {
  hours day_hour;
  minutes minute;
  bool out;
  uint32_t channel_shift;  // another channel than the customer's own
};

// One customer's week: a request answered in time or late, a chaser, a hop, an unanswered end.
void AddCustomer(Corpus& corpus, uint32_t c, Instant monday) {
  const Symbol customer = corpus.symbols().Intern(fmt::format("customer{}@example.it", c));
  const Symbol agent = corpus.symbols().Intern(fmt::format("agent{:02}", c % 50));
  const Symbol conversation = corpus.symbols().Intern(fmt::format("T-{}", c));
  const auto start = monday + std::chrono::days(c % 3) + hours(9 + c % 6);
  // Most customers are served well; a few wait, chase, hop channel or are left unanswered.
  const bool late = c % 3 == 0, chases = c % 4 == 0, hops = c % 8 == 0, left = c % 5 == 0;
  const Message week[] = {{hours(0), minutes(0), false, 0},
                          {hours(late ? 26 : 0), minutes(30 + c % 20), true, 0},
                          {hours(24 + (late ? 4 : 0)), minutes(5), false, 0},
                          {hours(24 + (late ? 4 : 0)), minutes(chases ? 95 : 45), !chases, 0},
                          {hours(48), minutes(0), true, 0},
                          {hours(49), minutes(0), false, 0},
                          {hours(49), minutes(40), true, 0},
                          {hours(50), minutes(30), false, 0},
                          {hours(52), minutes(0), !hops && !left, hops ? 1u : 0u},
                          {hours(53), minutes(15), !left, 0}};
  for (uint32_t k = 0; k < std::size(week); ++k) {
    const Message& m = week[k];
    Event e;
    e.at = start + m.day_hour + m.minute;
    e.offset_minutes = 60;
    e.channel = kChannels[(c + m.channel_shift) % 4];
    e.direction = m.out ? Direction::kOut : Direction::kIn;
    e.customer = customer;
    e.conversation = conversation;
    if (m.out) e.agent = agent;
    if (m.out && k == 4 && c % 10 == 0) e.cues = kCueApology;
    if (m.out && k == 6 && c % 20 == 0) e.cues |= kCueBlame;
    corpus.Add(fmt::format("m{}-{}", c, k), e);
  }
}

double Seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double Megabytes(const fs::path& path) {
  if (fs::is_directory(path)) {
    uint64_t total = 0;
    for (const auto& f : fs::directory_iterator(path)) total += f.file_size();
    return double(total) / 1e6;
  }
  return double(fs::file_size(path)) / 1e6;
}

template <typename F>
double Timed(F&& work) {
  const auto started = std::chrono::steady_clock::now();
  work();
  return Seconds(std::chrono::steady_clock::now() - started);
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t customers = 100000;
  fs::path dir = fs::temp_directory_path() / "fiducia-report-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--customers") customers = static_cast<uint32_t>(std::atoi(argv[i + 1]));
    if (flag == "--dir") dir = argv[i + 1];
  }
  fs::create_directories(dir);
  AuditConfig config;
  AuditResult audit;
  const Instant monday = ParseRfc3339("2026-03-02T00:00:00+01:00")->at;
  const double built = Timed([&] {
    for (uint32_t c = 0; c < customers; ++c) AddCustomer(audit.corpus, c, monday);
    JudgeCorpus(config, std::nullopt, 0, audit);
  });
  fmt::print(
      "audit: {} messages, {} customers, {} findings, {} requests (built and judged in "
      "{:.1f} s)\n",
      audit.messages, audit.timelines.customers.size(), audit.findings.size(),
      audit.requests.size(), built);

  ReportModel model;
  const double model_s = Timed([&] { model = BuildReportModel(audit, config); });
  // The report must say what the audit found before its speed means anything.
  const uint64_t listed =
      std::accumulate(model.per_rule.begin(), model.per_rule.end(), uint64_t{0});
  if (listed != audit.findings.size() || model.waiting.empty()) {
    fmt::print(stderr, "report_bench: the model lost findings ({} of {})\n", listed,
               audit.findings.size());
    return 1;
  }
  const fs::path html = dir / "report.html", xlsx = dir / "report.xlsx", csv = dir / "csv";
  const double html_s =
      Timed([&] { std::ofstream(html, std::ios::binary) << HtmlReport(model, {Lang::kIt}); });
  std::vector<ReportTable> tables;
  const double tables_s = Timed([&] { tables = ReportTables(model, Lang::kIt); });
  const double csv_s = Timed([&] {
    if (!WriteCsvReport(tables, csv.string()).ok()) std::exit(1);
  });
  const double xlsx_s = Timed([&] {
    if (!WriteXlsxReport(tables, Lang::kIt, xlsx.string()).ok()) std::exit(1);
  });
  const double total = model_s + html_s + tables_s + csv_s + xlsx_s;
  fmt::print("model {:.2f} s · html {:.2f} s · tables {:.2f} s · csv {:.2f} s · xlsx {:.2f} s\n",
             model_s, html_s, tables_s, csv_s, xlsx_s);
  fmt::print("all three forms written in {:.2f} s (target < {:.0f} s): {}\n", total, kTargetSeconds,
             total < kTargetSeconds ? "ok" : "OVER");
  for (const auto& [name, path] :
       {std::pair{"html", html}, std::pair{"xlsx", xlsx}, std::pair{"csv", csv}}) {
    const double mb = Megabytes(path);
    fmt::print("{:<5}{:8.1f} MB (target < {:.0f} MB): {}   {}\n", name, mb, kTargetMb,
               mb < kTargetMb ? "ok" : "OVER", path.string());
  }
  return 0;
}

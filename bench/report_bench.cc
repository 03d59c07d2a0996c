// The report of a 1-million-message audit, against the targets of issue #6 (every form written in
// under 10 s in all, each under 20 MB), on two corpora, one after the other:
//   generated  the realistic corpus of fiducia-gen (--messages, seed 7: Italian and English
//              customers on e-mail, WhatsApp, chat and the phone, every rule's defects planted at
//              the rates of docs/performance.md), written as JSON Lines and audited as
//              `fiducia audit --as-of` would;
//   dense      a worst case built in memory (--customers, ten messages each over a week; a third
//              of them answered late, a quarter chasing, a fifth left unanswered: ~3.4 findings a
//              customer), judged directly.
// For each: the audit, then every report form, how long each took and how big it is. Checks the
// report against the audit first.
//   report_bench [--only generated|dense] [--messages N] [--customers N] [--dir PATH]
//   (defaults: both, 1000000 messages, 100000 customers, the system temp dir)
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <string>

#include "audit/audit.h"
#include "audit/audit_policy.h"
#include "common/time_text.h"
#include "gen/generator.h"
#include "gen/writers.h"
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

// Writes every form of the report of `audit` under `dir` and prints times and sizes; false when
// the report does not say what the audit found.
bool WriteForms(const AuditResult& audit, const AuditPolicy& config, const fs::path& dir) {
  ReportModel model;
  const double model_s = Timed([&] { model = BuildReportModel(audit, config); });
  // The report must say what the audit found before its speed means anything.
  const uint64_t listed =
      std::accumulate(model.per_rule.begin(), model.per_rule.end(), uint64_t{0});
  if (listed != audit.findings.size() || model.waiting.empty()) {
    fmt::print(stderr, "report_bench: the model lost findings ({} of {})\n", listed,
               audit.findings.size());
    return false;
  }
  const fs::path html = dir / "report.html", xlsx = dir / "report.xlsx", csv = dir / "csv";
  const double html_s =
      Timed([&] { std::ofstream(html, std::ios::binary) << HtmlReport(model, {Lang::kIt}); });
  std::vector<ReportTable> tables;
  const double tables_s = Timed([&] { tables = ReportTables(model, Lang::kIt); });
  bool written = true;
  const double csv_s = Timed([&] { written = WriteCsvReport(tables, csv.string()).ok(); });
  const double xlsx_s =
      Timed([&] { written = written && WriteXlsxReport(tables, Lang::kIt, xlsx.string()).ok(); });
  if (!written) {
    fmt::print(stderr, "report_bench: cannot write under {}\n", dir.string());
    return false;
  }
  const double total = model_s + html_s + tables_s + csv_s + xlsx_s;
  fmt::print("  model {:.2f} s · html {:.2f} s · tables {:.2f} s · csv {:.2f} s · xlsx {:.2f} s\n",
             model_s, html_s, tables_s, csv_s, xlsx_s);
  fmt::print("  all three forms written in {:.2f} s (target < {:.0f} s): {}\n", total,
             kTargetSeconds, total < kTargetSeconds ? "ok" : "OVER");
  for (const auto& [name, path] :
       {std::pair{"html", html}, std::pair{"xlsx", xlsx}, std::pair{"csv", csv}}) {
    const double mb = Megabytes(path);
    fmt::print("  {:<5}{:8.1f} MB (target < {:.0f} MB): {}   {}\n", name, mb, kTargetMb,
               mb < kTargetMb ? "ok" : "OVER", path.string());
  }
  return true;
}

void PrintAudit(std::string_view name, const AuditResult& audit, double seconds) {
  fmt::print("{}: {} messages, {} customers, {} findings, {} requests (audited in {:.1f} s)\n",
             name, audit.messages, audit.timelines.customers.size(), audit.findings.size(),
             audit.requests.size(), seconds);
}

// fiducia-gen's corpus as JSON Lines under `dir`, audited as of the end of its weeks.
bool Generated(uint64_t messages, const fs::path& dir) {
  const fs::path corpus = dir / "corpus.jsonl";
  auto file = gen::OutFile::Open(corpus);
  if (!file.ok()) return false;
  gen::JsonlOutput jsonl(std::move(*file));
  gen::GenOutput* outputs[] = {&jsonl};
  auto summary = gen::Generate({.messages = messages, .seed = 7, .defect_scale = 1.0}, outputs);
  if (!summary.ok()) {
    fmt::print(stderr, "report_bench: {}\n", summary.status().message());
    return false;
  }
  AuditPolicy config;
  std::unique_ptr<AuditResult> audit;
  const double audited = Timed([&] {
    AuditOptions options;
    options.inputs = {corpus.string()};
    options.as_of = summary->as_of;
    auto result = RunAudit(options, config);
    if (result.ok()) audit = std::move(*result);
  });
  fs::remove(corpus);
  if (!audit) return false;
  PrintAudit("generated (fiducia-gen --seed 7)", *audit, audited);
  return WriteForms(*audit, config, dir / "generated");
}

bool Dense(uint32_t customers, const fs::path& dir) {
  AuditPolicy config;
  AuditResult audit;
  const Instant monday = ParseRfc3339("2026-03-02T00:00:00+01:00")->at;
  const double built = Timed([&] {
    for (uint32_t c = 0; c < customers; ++c) AddCustomer(audit.corpus, c, monday);
    JudgeCorpus(config, std::nullopt, 0, audit);
  });
  PrintAudit("dense (built in memory)", audit, built);
  return WriteForms(audit, config, dir / "dense");
}

}  // namespace

int main(int argc, char** argv) {
  uint32_t customers = 100000;
  uint64_t messages = 1000000;
  std::string only;
  fs::path dir = fs::temp_directory_path() / "fiducia-report-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--customers") customers = static_cast<uint32_t>(std::atoi(argv[i + 1]));
    if (flag == "--messages") messages = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--only") only = argv[i + 1];
    if (flag == "--dir") dir = argv[i + 1];
  }
  for (const char* form : {"generated", "dense"}) fs::create_directories(dir / form);
  if (only != "dense" && !Generated(messages, dir)) return 1;
  if (only != "generated" && !Dense(customers, dir)) return 1;
  return 0;
}

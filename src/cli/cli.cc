#include "cli/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <new>
#include <optional>
#include <sstream>

#include "audit/audit.h"
#include "cli/progress.h"
#include "cli/serve_command.h"
#include "coach/coach.h"
#include "common/terminal.h"
#include "common/time_text.h"
#include "config/config.h"
#include "ingest/byte_source.h"
#include "ingest/event_writer.h"
#include "report/audit_json.h"
#include "report/csv_report.h"
#include "report/html_report.h"
#include "report/summary.h"
#include "report/trends.h"
#include "report/xlsx_report.h"

namespace fiducia {
namespace {

constexpr size_t kErrorsShown = 50;

// What `audit` and `import` share: where events come from and how to read them.
struct InputArgs {
  std::vector<std::string> inputs;
  std::string format;
  std::string company;
  std::string config_path;
  bool strict = false;
};

struct AuditArgs {
  InputArgs in;
  std::string as_of;
  std::string json_path;
  std::string html_path;
  std::string xlsx_path;
  std::string csv_dir;
  std::string lang;
  bool keep_text = false;
  bool quiet = false;
  unsigned threads = 0;
  std::string rules = "all";
  std::string period = "week";
  std::string compare_path;
  std::string before, after;
};

struct ImportArgs {
  InputArgs in;
  std::string to = "jsonl";
  std::string output = "-";
};

struct CoachArgs {
  std::string draft;
  bool json = false;
};

struct ConfigArgs {
  bool print_defaults = false;
  std::string check_path;
};

int ExitFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidInput:
      return kExitBadInput;
    case StatusCode::kNotFound:
    case StatusCode::kIoError:
      return kExitCannotRead;
    case StatusCode::kUsage:
      return kExitUsage;
  }
  return kExitUsage;
}

int Fail(const CliEnvironment& env, const Status& s) {
  env.err << "fiducia: " << TerminalSafe(s.message()) << "\n";
  return ExitFor(s);
}

Result<Config> ConfigFrom(const std::string& path) {
  if (path.empty()) return Config{};
  auto config = LoadConfig(path);
  if (!config.ok() && config.status().code() == StatusCode::kNotFound) {
    return Status::Usage(config.status().message());
  }
  return config;
}

Result<Lang> ChooseLang(const AuditArgs& args, const Config& config, std::string_view locale) {
  for (const std::string& choice : {args.lang, config.lang}) {
    if (choice.empty()) continue;
    if (auto lang = ParseLang(choice)) return *lang;
    return Status::Usage(fmt::format("--lang must be it or en (got '{}')", choice));
  }
  return LangFromLocale(locale);
}

Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << bytes;
  file.close();
  if (!file) return Status::IoError(fmt::format("cannot write '{}'", path));
  return Status::Ok();
}

// The audit JSON streamed to `path` ("-": standard output) as it is made.
Status WriteJson(const std::string& path, const ReportModel& model, Lang lang,
                 const CliEnvironment& env) {
  if (path == "-") return WriteAuditJson(model, lang, env.out);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  const Status written = WriteAuditJson(model, lang, file);
  file.close();
  if (!written.ok() || !file) return Status::IoError(fmt::format("cannot write '{}'", path));
  return Status::Ok();
}

// Prints the first bad records as they are found, then how many more there were.
struct ErrorPrinter {
  const CliEnvironment& env;
  size_t seen = 0;
  ProgressLine* progress = nullptr;  // printed through it while it is drawn
  void operator()(const InputError& e) {
    if (++seen > kErrorsShown) return;
    if (progress) {
      progress->Print(TerminalSafe(e.ToString()));
    } else {
      env.err << TerminalSafe(e.ToString()) << "\n";
    }
  }
  void Finish() const {
    if (seen > kErrorsShown) {
      env.err << fmt::format("… and {} more bad records\n", seen - kErrorsShown);
    }
  }
};

// The config with the command line's overrides, and the reading options they ask for.
Status PrepareInputs(const InputArgs& args, Config& config, AuditOptions& options) {
  auto loaded = ConfigFrom(args.config_path);
  if (!loaded.ok()) return loaded.status();
  config = std::move(loaded).value();
  if (!args.company.empty()) config.audit.sources.company_override = args.company;
  if (!args.format.empty()) {
    options.format = ParseSourceFormat(args.format);
    if (!options.format) {
      return Status::Usage(fmt::format(
          "--format must be one of canonical, whatsapp, mbox, eml, zendesk, freshdesk, tweets, "
          "call-log (got '{}')",
          args.format));
    }
  }
  options.inputs = args.inputs;
  options.strict = args.strict;
  return Status::Ok();
}

bool WantsReports(const AuditArgs& args) {
  return !args.html_path.empty() || !args.xlsx_path.empty() || !args.csv_dir.empty();
}

// The HTML, spreadsheet and CSV forms the command line asks for, from the one report model.
Status WriteReports(const AuditArgs& args, const ReportModel& model, Lang lang) {
  if (!WantsReports(args)) return Status::Ok();
  if (!args.html_path.empty()) {
    if (Status s = WriteFile(args.html_path, HtmlReport(model, {lang})); !s.ok()) return s;
  }
  if (args.xlsx_path.empty() && args.csv_dir.empty()) return Status::Ok();
  const auto tables = ReportTables(model, lang);
  if (!args.xlsx_path.empty()) {
    if (Status s = WriteXlsxReport(tables, lang, args.xlsx_path); !s.ok()) return s;
  }
  if (!args.csv_dir.empty()) return WriteCsvReport(tables, args.csv_dir);
  return Status::Ok();
}

std::string WrittenLines(const AuditArgs& args, Lang lang) {
  std::string out;
  const std::pair<const std::string*, std::string_view> written[] = {
      {&args.json_path, "json_written"},
      {&args.html_path, "html_written"},
      {&args.xlsx_path, "xlsx_written"},
      {&args.csv_dir, "csv_written"}};
  for (const auto& [path, key] : written) {
    if (path->empty() || *path == "-") continue;
    out += fmt::format("{} {}\n", Phrase(key, lang), TerminalSafe(*path));
  }
  return out;
}

Status PrepareAudit(const AuditArgs& args, const CliEnvironment& env, Config& config,
                    AuditOptions& options, Lang& lang) {
  if (Status s = PrepareInputs(args.in, config, options); !s.ok()) return s;
  auto chosen = ChooseLang(args, config, env.locale);
  if (!chosen.ok()) return chosen.status();
  lang = *chosen;
  options.threads = args.threads;
  options.keep_text = args.keep_text;
  options.timing_only = args.rules == "timing";
  if (!args.as_of.empty()) {
    auto as_of = ParseRfc3339(args.as_of);
    if (!as_of.ok()) return Status::Usage(as_of.status().WithContext("--as-of").message());
    if (Status s = config.audit.limits.CheckInWindow("--as-of", as_of->at); !s.ok()) {
      return Status::Usage(s.message());
    }
    options.as_of = as_of->at;
  }
  return Status::Ok();
}

Result<std::unique_ptr<AuditResult>> AuditWithProgress(const AuditArgs& args,
                                                       const CliEnvironment& env,
                                                       const AuditPolicy& policy,
                                                       AuditOptions& options, Lang lang) {
  ErrorPrinter printer{env};
  options.on_error = std::ref(printer);
  std::optional<ProgressLine> progress;
  if (env.err_is_terminal && !args.quiet) {
    const uint64_t before = FileBytesReadSoFar();
    progress.emplace(
        env.err, env.clock, InputBytes(options.inputs),
        [before] { return FileBytesReadSoFar() - before; }, lang);
    printer.progress = &*progress;
  }
  auto result = RunAudit(options, policy);
  // Only the reports follow, and they read names by symbol: the lookup indexes (26 bytes a message
  // at scale) are freed before them.
  if (result.ok()) (*result)->corpus.DropIndexes();
  progress.reset();
  printer.Finish();
  return result;
}

// An audit of nothing would report "as of 1970-01-01" (the latest event of none): say instead
// that there was nothing to judge, and what was read.
int NoEvents(const IngestReport& read, const CliEnvironment& env) {
  env.err << fmt::format(
      "fiducia: no events found in the inputs (files read: {}, other files skipped: {}, bad "
      "records: {}): nothing to audit, no report written\n",
      read.files, read.files_skipped, read.skipped);
  return kExitNoEvents;
}

// --period, and --compare's earlier audit (read before the audit starts) or --before/--after.
Result<TrendOptions> TrendOptionsFrom(const AuditArgs& args) {
  TrendOptions trends;
  trends.period = ParsePeriodKind(args.period).value_or(PeriodKind::kWeek);
  if (!args.before.empty()) {
    auto before = ParseDayRange(args.before, "--before");
    if (!before.ok()) return before.status();
    auto after = ParseDayRange(args.after, "--after");
    if (!after.ok()) return after.status();
    trends.before = *before;
    trends.after = *after;
  }
  if (!args.compare_path.empty()) {
    auto earlier = ReadAuditSpan(args.compare_path);
    if (!earlier.ok()) return earlier.status();
    trends.earlier = std::move(earlier).value();
    trends.earlier_source = args.compare_path;
  }
  return trends;
}

int RunAuditCommand(const AuditArgs& args, const CliEnvironment& env) {
  Config config;
  AuditOptions options;
  Lang lang = Lang::kEn;
  if (Status s = PrepareAudit(args, env, config, options, lang); !s.ok()) return Fail(env, s);
  const auto trends = TrendOptionsFrom(args);
  if (!trends.ok()) return Fail(env, trends.status());
  const auto started = env.clock.Steady();
  auto result = AuditWithProgress(args, env, config.audit, options, lang);
  if (!result.ok()) return Fail(env, result.status());
  const AuditResult& audit = **result;
  if (audit.corpus.events().empty()) return NoEvents(audit.ingest, env);
  // One model feeds every form; the passes over every message only when a report form needs them.
  const ReportModel model =
      BuildReportModel(audit, config.audit,
                       WantsReports(args) ? ReportDepth::kFull : ReportDepth::kSummary, *trends);
  if (!args.json_path.empty()) {
    const Status written = WriteJson(args.json_path, model, lang, env);
    if (!written.ok()) return Fail(env, written);
  }
  if (Status s = WriteReports(args, model, lang); !s.ok()) return Fail(env, s);
  if (!args.quiet) {
    const bool to_err = args.json_path == "-";
    SummaryOptions summary{lang};
    summary.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(env.clock.Steady() - started);
    summary.colour = to_err ? env.err_is_terminal : env.out_is_terminal;
    std::ostream& to = to_err ? env.err : env.out;
    to << TerminalSummary(model, summary) << WrittenLines(args, lang);
  }
  return kExitOk;
}

Status WriteEvents(const AuditResult& r, const std::string& path, const CliEnvironment& env) {
  std::vector<uint32_t> order(r.corpus.events().size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return r.corpus.ComesBefore(r.corpus.events()[a], r.corpus.events()[b]);
  });
  std::ofstream file;
  if (path != "-") file.open(path, std::ios::binary | std::ios::trunc);
  std::ostream& out = path == "-" ? env.out : file;
  for (uint32_t i : order) out << CanonicalJsonLine(r.corpus, i);
  out.flush();
  if (!out) return Status::IoError(fmt::format("cannot write '{}'", path));
  return Status::Ok();
}

int RunImportCommand(const ImportArgs& args, const CliEnvironment& env) {
  Config config;
  AuditOptions options;
  if (Status s = PrepareInputs(args.in, config, options); !s.ok()) return Fail(env, s);
  if (args.to != "jsonl") return Fail(env, Status::Usage("--to must be jsonl"));
  options.keep_text = true;
  ErrorPrinter printer{env};
  options.on_error = std::ref(printer);
  AuditResult result;
  const Status read = ReadAuditInputs(options, config.audit, result);
  printer.Finish();
  if (!read.ok()) return Fail(env, read);
  if (Status s = WriteEvents(result, args.output, env); !s.ok()) return Fail(env, s);
  env.err << fmt::format("{} events from {} files ({} skipped, {} duplicates)\n",
                         result.corpus.events().size(), result.ingest.files, result.ingest.skipped,
                         result.ingest.duplicates);
  return kExitOk;
}

int RunCoachCommand(const CoachArgs& args, const CliEnvironment& env) {
  std::string draft = args.draft;
  if (draft == "-") {
    std::ostringstream in;
    in << env.in.rdbuf();
    draft = in.str();
  }
  TextAnalyser analyser;
  const CoachAdvice advice = CoachReply(draft, analyser);
  // The words quoted are word tokens: no control character reaches the terminal.
  env.out << (args.json ? CoachJson(advice) : CoachText(advice));
  return advice.problems.empty() ? kExitOk : kExitCoachProblems;
}

int RunConfigCommand(const ConfigArgs& args, const CliEnvironment& env) {
  if (!args.check_path.empty()) {
    auto config = ConfigFrom(args.check_path);
    if (!config.ok()) return Fail(env, config.status());
    env.out << args.check_path << ": ok\n";
    return kExitOk;
  }
  env.out << FormatConfig(Config{});
  return kExitOk;
}

void AddInputOptions(CLI::App& command, InputArgs& args) {
  command
      .add_option("INPUT", args.inputs,
                  "Files or directories: canonical events (JSON Lines), WhatsApp chats (.txt, "
                  ".zip), mbox, .eml, Maildir, Zendesk or Freshdesk JSON, tweets or call log "
                  "CSV; plain, .gz or .zst. '-' reads standard input; pipes and FIFOs are read "
                  "too (each copied once to a temporary file)")
      ->required();
  command.add_option("--format", args.format,
                     "Read every input as this format instead of telling it from the content: "
                     "canonical, whatsapp, mbox, eml, zendesk, freshdesk, tweets, call-log");
  command.add_option(
      "--company", args.company,
      "The participant of chat exports who is the company (e.g. \"Acme Assistenza\")");
  command.add_option("--config", args.config_path,
                     "TOML config (see: fiducia config --print-defaults)");
  command.add_flag("--strict", args.strict, "Stop at the first bad input record (exit 3)");
}

void AddImportCommand(CLI::App& app, ImportArgs& args) {
  auto* import = app.add_subcommand(
      "import", "Turn exports into canonical events (JSON Lines) that fiducia audit reads.");
  import->footer(
      "Exit codes: 0 done, 2 usage or invalid config, 3 a bad record under --strict,\n"
      "4 an input that cannot be read or too large for the memory.\n"
      "Example: fiducia import --company \"Acme\" chat.zip mail.mbox --to jsonl -o events.jsonl");
  AddInputOptions(*import, args.in);
  import->add_option("--to", args.to, "Output format: jsonl")->capture_default_str();
  import->add_option("-o,--output", args.output, "Output file ('-': standard output)")
      ->capture_default_str();
}

// Trends and before/after: figures per week or month, and two spans side by side.
void AddTrendOptions(CLI::App& audit, AuditArgs& args) {
  audit
      .add_option("--period", args.period,
                  "Split the audited span into weeks (Monday to Sunday, in the config's time "
                  "zone) or months for the trend: requests, share within target per channel, "
                  "median wait, trust score, findings per rule")
      ->check(CLI::IsMember({"week", "month"}))
      ->capture_default_str();
  auto* compare = audit.add_option(
      "--compare", args.compare_path,
      "Compare with an earlier audit: its JSON (fiducia audit --json) side by side with this "
      "audit's headline figures, and the change of each");
  auto* before = audit.add_option(
      "--before", args.before,
      "With --after: compare two date ranges of this audit, FROM..TO (days in the config's time "
      "zone, both included), e.g. 2026-03-02..2026-03-08");
  auto* after =
      audit.add_option("--after", args.after, "The later date range for --before, FROM..TO");
  before->needs(after);
  after->needs(before);
  compare->excludes(before);
  compare->excludes(after);
}

void AddAuditCommand(CLI::App& app, AuditArgs& args) {
  auto* audit = app.add_subcommand(
      "audit",
      "Audit conversations: read events, judge every customer's timeline, report findings.");
  audit->footer(
      "Exit codes: 0 done (with or without findings), 2 usage or invalid config,\n"
      "3 a bad input record under --strict, 4 an input that cannot be read or too large for\n"
      "the memory, or a report that cannot be written, 5 no events found in the inputs\n"
      "(no report written).\n"
      "Example: fiducia audit --html report.html --xlsx report.xlsx --lang it data/samples");
  AddInputOptions(*audit, args.in);
  audit->add_option("--as-of", args.as_of,
                    "Judge as of this RFC 3339 instant (default: the latest event)");
  audit->add_option("--json", args.json_path,
                    "Write the findings JSON to PATH ('-': standard output)");
  audit->add_option("--html", args.html_path,
                    "Write the report a team lead reads: one self-contained HTML file");
  audit->add_option(
      "--xlsx", args.xlsx_path,
      "Write the report as a spreadsheet: a summary sheet, one sheet per rule family");
  audit->add_option("--csv", args.csv_dir, "Write one CSV file per report table into DIR");
  audit->add_flag("--keep-text", args.keep_text,
                  "Keep message texts so that the HTML report shows them, triggering words marked "
                  "(by default texts are dropped once read)");
  audit->add_option("--lang", args.lang, "Report language: it or en (default: config, then LANG)");
  audit->add_option("--threads", args.threads, "Worker threads (default: one per core)");
  audit
      ->add_option("--rules", args.rules,
                   "Rules to judge: all, or timing (the timing rules only, faster)")
      ->check(CLI::IsMember({"all", "timing"}))
      ->capture_default_str();
  audit->add_flag("--quiet", args.quiet, "No summary and no progress line; errors only");
  AddTrendOptions(*audit, args);
}

void AddCoachCommand(CLI::App& app, CoachArgs& args) {
  auto* coach = app.add_subcommand(
      "coach", "Check one draft reply: each wording problem and a better way to say it.");
  coach->footer(
      "Exit codes: 0 no problem found, 1 problems found, 2 usage.\n"
      "Example: fiducia coach \"Scusi il ritardo, è colpa del corriere\"");
  coach->add_option("DRAFT", args.draft, "The draft reply ('-': read it from standard input)")
      ->required();
  coach->add_flag("--json", args.json, "Answer in JSON, for machines");
}

void AddConfigCommand(CLI::App& app, ConfigArgs& args) {
  auto* config = app.add_subcommand("config", "Show or check the configuration.");
  auto* print = config->add_flag("--print-defaults", args.print_defaults,
                                 "Print the default configuration as a ready-to-edit TOML file");
  auto* check = config->add_option("--check", args.check_path, "Check a config file and exit");
  print->excludes(check);
  config->require_option(1);
}

}  // namespace

int RunCli(const std::vector<std::string>& args, const CliEnvironment& env) {
  CLI::App app{"fiducia — finds where customer service loses its customers' trust.", "fiducia"};
  app.set_version_flag("--version", "fiducia 0.1.0");
  app.require_subcommand(1);
  AuditArgs audit_args;
  ImportArgs import_args;
  CoachArgs coach_args;
  ConfigArgs config_args;
  AddAuditCommand(app, audit_args);
  AddImportCommand(app, import_args);
  AddCoachCommand(app, coach_args);
  AddConfigCommand(app, config_args);
  ServeArgs serve_args;
  AddServeCommand(app, serve_args);
  TokenArgs token_args;
  AddTokenCommand(app, token_args);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, env.out, env.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  // Memory runs out on inputs larger than the machine (see [limits] in the config): a message and
  // an exit code, never an abort. ReadInputs names the file it was reading.
  try {
    if (app.got_subcommand("audit")) return RunAuditCommand(audit_args, env);
    if (app.got_subcommand("import")) return RunImportCommand(import_args, env);
  } catch (const std::bad_alloc&) {
    return Fail(env, Status::IoError("out of memory (the inputs are too large for this machine: "
                                     "see [limits] in the config)"));
  }
  if (app.got_subcommand("coach")) return RunCoachCommand(coach_args, env);
  if (app.got_subcommand("serve")) return RunServeCommand(serve_args, env);
  if (app.got_subcommand("token")) return RunTokenCommand(token_args, env);
  return RunConfigCommand(config_args, env);
}

}  // namespace fiducia

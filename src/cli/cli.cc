#include "cli/cli.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <optional>

#include "audit/audit.h"
#include "common/terminal.h"
#include "common/time_text.h"
#include "config/config.h"
#include "report/audit_json.h"
#include "report/summary.h"

namespace fiducia {
namespace {

constexpr size_t kErrorsShown = 50;

struct AuditArgs {
  std::vector<std::string> inputs;
  std::string as_of;
  std::string config_path;
  std::string json_path;
  std::string lang;
  bool strict = false;
  bool quiet = false;
  unsigned threads = 0;
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

Result<AuditConfig> ConfigFrom(const std::string& path) {
  if (path.empty()) return AuditConfig{};
  auto config = LoadConfig(path);
  if (!config.ok() && config.status().code() == StatusCode::kNotFound) {
    return Status::Usage(config.status().message());
  }
  return config;
}

Result<Lang> ChooseLang(const AuditArgs& args, const AuditConfig& config, std::string_view locale) {
  for (const std::string& choice : {args.lang, config.lang}) {
    if (choice.empty()) continue;
    if (auto lang = ParseLang(choice)) return *lang;
    return Status::Usage(fmt::format("--lang must be it or en (got '{}')", choice));
  }
  return LangFromLocale(locale);
}

Status WriteJson(const std::string& path, const std::string& json, const CliEnvironment& env) {
  if (path == "-") {
    env.out << json;
    return Status::Ok();
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << json;
  file.close();
  if (!file) return Status::IoError(fmt::format("cannot write '{}'", path));
  return Status::Ok();
}

// Prints the first bad records as they are found, then how many more there were.
struct ErrorPrinter {
  const CliEnvironment& env;
  size_t seen = 0;
  void operator()(const InputError& e) {
    if (++seen <= kErrorsShown) env.err << TerminalSafe(e.ToString()) << "\n";
  }
  void Finish() const {
    if (seen > kErrorsShown) {
      env.err << fmt::format("… and {} more bad records\n", seen - kErrorsShown);
    }
  }
};

int RunAuditCommand(const AuditArgs& args, const CliEnvironment& env) {
  auto config = ConfigFrom(args.config_path);
  if (!config.ok()) return Fail(env, config.status());
  auto lang = ChooseLang(args, *config, env.locale);
  if (!lang.ok()) return Fail(env, lang.status());
  AuditOptions options;
  options.inputs = args.inputs;
  options.strict = args.strict;
  options.threads = args.threads;
  if (!args.as_of.empty()) {
    auto as_of = ParseRfc3339(args.as_of);
    if (!as_of.ok())
      return Fail(env, Status::Usage(as_of.status().WithContext("--as-of").message()));
    options.as_of = as_of->at;
  }
  ErrorPrinter printer{env};
  options.on_error = std::ref(printer);
  const auto started = env.clock.Steady();
  auto result = RunAudit(options, *config);
  printer.Finish();
  if (!result.ok()) return Fail(env, result.status());
  const AuditResult& audit = **result;
  if (!args.json_path.empty()) {
    const Status written = WriteJson(args.json_path, AuditJson(audit, *config, *lang), env);
    if (!written.ok()) return Fail(env, written);
  }
  if (!args.quiet) {
    SummaryOptions summary{*lang};
    summary.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(env.clock.Steady() - started);
    std::ostream& to = args.json_path == "-" ? env.err : env.out;
    to << TerminalSummary(audit, *config, summary);
    if (!args.json_path.empty() && args.json_path != "-") {
      to << fmt::format("{} {}\n", Phrase("json_written", *lang), TerminalSafe(args.json_path));
    }
  }
  return kExitOk;
}

int RunConfigCommand(const ConfigArgs& args, const CliEnvironment& env) {
  if (!args.check_path.empty()) {
    auto config = ConfigFrom(args.check_path);
    if (!config.ok()) return Fail(env, config.status());
    env.out << args.check_path << ": ok\n";
    return kExitOk;
  }
  env.out << FormatConfig(AuditConfig{});
  return kExitOk;
}

void AddAuditCommand(CLI::App& app, AuditArgs& args) {
  auto* audit = app.add_subcommand(
      "audit",
      "Audit conversations: read events, judge every customer's timeline, report findings.");
  audit->footer(
      "Exit codes: 0 done (with or without findings), 2 usage or invalid config,\n"
      "3 a bad input record under --strict, 4 an input that cannot be read.\n"
      "Example: fiducia audit --json report.json --lang it data/samples");
  audit->add_option("INPUT", args.inputs, "Files or directories of events (JSON Lines, .gz, .zst)")
      ->required();
  audit->add_option("--as-of", args.as_of,
                    "Judge as of this RFC 3339 instant (default: the latest event)");
  audit->add_option("--config", args.config_path,
                    "TOML config (see: fiducia config --print-defaults)");
  audit->add_option("--json", args.json_path,
                    "Write the findings JSON to PATH ('-': standard output)");
  audit->add_option("--lang", args.lang, "Report language: it or en (default: config, then LANG)");
  audit->add_option("--threads", args.threads, "Worker threads (default: one per core)");
  audit->add_flag("--strict", args.strict, "Stop at the first bad input record (exit 3)");
  audit->add_flag("--quiet", args.quiet, "No summary; errors only");
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
  ConfigArgs config_args;
  AddAuditCommand(app, audit_args);
  AddConfigCommand(app, config_args);
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, env.out, env.err);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (app.got_subcommand("audit")) return RunAuditCommand(audit_args, env);
  return RunConfigCommand(config_args, env);
}

}  // namespace fiducia

#include "cli/serve_command.h"

#include <fmt/format.h>

#include "common/terminal.h"
#include "config/config.h"
#include "server/http_server.h"
#include "server/service.h"
#include "store/event_store.h"

namespace fiducia {

void AddServeCommand(CLI::App& app, ServeArgs& args) {
  auto* serve = app.add_subcommand(
      "serve", "Watch live conversations: an HTTP API that takes events and answers who waits.");
  serve->footer(
      "Endpoints: POST /v1/events, GET /v1/waiting, GET /v1/customers/{handle}/timeline,\n"
      "GET /v1/findings?rule=&since=&as_of=, POST /v1/coach, GET /metrics, GET /healthz.\n"
      "Stops gracefully on SIGTERM or Ctrl-C. Exit codes: 0 stopped, 2 usage or config, 4 the\n"
      "database or the address cannot be used.");
  serve->add_option("--db", args.db, "The SQLite database file (created when absent)")
      ->capture_default_str();
  serve->add_option("--listen", args.listen, "HOST:PORT to listen on")->capture_default_str();
  serve->add_option("--config", args.config_path, "A fiducia TOML config file");
  serve->add_option("--lang", args.lang, "Language of explanations: it or en");
  serve->add_option("--threads", args.threads, "Network threads")->capture_default_str();
}

int RunServeCommand(const ServeArgs& args, const CliEnvironment& env) {
  auto fail = [&](const Status& s, int code) {
    env.err << "fiducia: " << TerminalSafe(s.message()) << "\n";
    return code;
  };
  auto config = args.config_path.empty() ? Result<AuditConfig>(AuditConfig{})
                                         : LoadConfig(args.config_path);
  if (!config.ok()) return fail(config.status(), kExitUsage);
  const std::string lang_name = !args.lang.empty() ? args.lang : config->lang;
  const auto lang = lang_name.empty() ? LangFromLocale(env.locale) : ParseLang(lang_name);
  if (!lang) return fail(Status::Usage("--lang must be it or en"), kExitUsage);
  auto address = ParseListenAddress(args.listen);
  if (!address.ok()) return fail(address.status(), kExitUsage);
  auto store = OpenSqliteStore(args.db);
  if (!store.ok()) return fail(store.status(), kExitCannotRead);
  Service service(std::move(*config), std::move(*store), env.clock, *lang);
  if (Status loaded = service.Load(); !loaded.ok()) return fail(loaded, kExitCannotRead);
  HttpServer server(service, env.err);
  if (Status listening = server.Listen(*address); !listening.ok()) {
    return fail(listening, kExitCannotRead);
  }
  env.err << fmt::format("fiducia: serving {} on http://{}:{}\n", args.db, address->host,
                         server.port())
          << std::flush;
  server.Run(std::max(1u, args.threads), true);
  env.err << "fiducia: stopped\n";
  return kExitOk;
}

}  // namespace fiducia

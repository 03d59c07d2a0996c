#include "cli/serve_command.h"

#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "common/terminal.h"
#include "config/config.h"
#include "mailbox/mailbox_watch.h"
#include "server/access.h"
#include "server/alerts.h"
#include "server/gateway.h"
#include "server/http_server.h"
#include "server/service.h"
#include "store/event_store.h"

namespace fiducia {

namespace {

// Raises and delivers alerts at the next moment the rules name, and at least every check_every.
void RunAlerts(Service& service, const AlertPolicy& policy, WebhookTransport& transport,
               const std::string& node, const CliEnvironment& env, const std::stop_token& stop) {
  pthread_setname_np(pthread_self(), "fiducia-alerts");  // bench/serve_load reads its CPU
  AlertDispatcher alerts(service, policy, transport, node);
  std::mutex mu;
  std::condition_variable_any wake;
  while (!stop.stop_requested()) {
    const Instant now = env.clock.Now();
    alerts.RunOnce(now);
    // Never below the config's minimum: a check_every of 0 made the loop spin (and was the upper
    // bound of a std::clamp whose lower bound was above it).
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(policy.check_every, AlertPolicy::kMinCheckEvery));
    if (auto next = service.NextMoment(now, policy.warn_at)) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(*next - now);
      wait = std::min(wait,
                      std::max(until + std::chrono::milliseconds(1), std::chrono::milliseconds(1)));
    }
    std::unique_lock lock(mu);
    wake.wait_for(lock, stop, wait, [] { return false; });
  }
}

// The gateway, with the live mailboxes' lines added to /metrics.
class WithMailboxMetrics final : public RequestHandler {
 public:
  WithMailboxMetrics(RequestHandler& inner, const Mailboxes& mailboxes)
      : inner_(inner), mailboxes_(mailboxes) {}
  HttpResponse Handle(const HttpRequest& request) override {
    HttpResponse r = inner_.Handle(request);
    const bool metrics = request.target == "/metrics" || request.target.starts_with("/metrics?");
    if (metrics && request.method == "GET" && r.status == 200) r.body += mailboxes_.MetricsText();
    return r;
  }
  void CountTooLarge() override { inner_.CountTooLarge(); }

 private:
  RequestHandler& inner_;
  const Mailboxes& mailboxes_;
};

}  // namespace

void AddServeCommand(CLI::App& app, ServeArgs& args) {
  auto* serve = app.add_subcommand(
      "serve", "Watch live conversations: an HTTP API that takes events and answers who waits.");
  serve->footer(
      "Endpoints: POST /v1/events, GET /v1/waiting, GET /v1/customers/{handle}/timeline,\n"
      "GET /v1/findings?rule=&since=&as_of=, POST /v1/coach, GET /metrics, GET /healthz;\n"
      "the web page at GET / (waiting list, timelines, the reply coach).\n"
      "Webhooks, checked by their signature ([webhooks] in the config): /v1/webhooks/whatsapp\n"
      "(Cloud API), /v1/webhooks/twilio, /v1/webhooks/zendesk. Limits ([serve]): body size (413)\n"
      "and requests a second per token or client address (429 with Retry-After).\n"
      "Alerts ([alerts] in the config): a warning at warn_at of a reply target, a breach at it,\n"
      "and each silent_no, broken_promise and trust_alarm, sent once to each webhook.\n"
      "--db postgresql://user@host:port/db (libpq's URI; PGPASSWORD or ~/.pgpass for the\n"
      "password) keeps the events in PostgreSQL: several serve nodes on one database share\n"
      "the work, each alert sent by one of them.\n"
      "Mailboxes ([[serve.mailbox]] in the config): customers' mail from the inbox and the\n"
      "team's answers from the sent folder, read live over IMAP (IDLE or polling), resumed\n"
      "where they stopped; a refused login or a lost connection is retried with back-off.\n"
      "Stops gracefully on SIGTERM or Ctrl-C. Exit codes: 0 stopped, 2 usage or config, 4 the\n"
      "database or the address cannot be used.");
  serve
      ->add_option("--db", args.db,
                   "The SQLite database file (created when absent), or a postgresql:// URL")
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
  auto config = args.config_path.empty() ? Result<Config>(Config{}) : LoadConfig(args.config_path);
  if (!config.ok()) return fail(config.status(), kExitUsage);
  const std::string lang_name = !args.lang.empty() ? args.lang : config->lang;
  const auto lang = lang_name.empty() ? LangFromLocale(env.locale) : ParseLang(lang_name);
  if (!lang) return fail(Status::Usage("--lang must be it or en"), kExitUsage);
  auto address = ParseListenAddress(args.listen);
  if (!address.ok()) return fail(address.status(), kExitUsage);
  auto store = OpenStore(args.db);
  if (!store.ok()) return fail(store.status(), kExitCannotRead);
  const AlertPolicy policy = config->alerts;
  const size_t max_body = config->serve.max_body_bytes;
  const ServeConfig serve = config->Serve();
  Service service(serve, std::move(*store), env.clock, *lang);
  Gateway gateway(service, serve, env.clock);
  // The store must open and answer now; what it holds is read and judged in the background
  // once the server answers (Service::CatchUp), so that a restart answers at once.
  if (auto version = service.store().SchemaVersion(); !version.ok()) {
    return fail(version.status(), kExitCannotRead);
  }
  std::mutex log_mu;
  auto mailboxes = Mailboxes::Create(
      config->mailboxes, config->audit, service.store(),
      [&service](const std::string& workspace,
                 const std::vector<std::string>& lines) -> Result<size_t> {
        auto outcome = service.Ingest(workspace, lines);
        if (!outcome.ok()) return outcome.status();
        return outcome->accepted;
      },
      [&](const std::string& line) {
        std::lock_guard lock(log_mu);
        env.err << "fiducia: " << TerminalSafe(line) << "\n" << std::flush;
      });
  if (!mailboxes.ok()) return fail(mailboxes.status(), kExitUsage);
  WithMailboxMetrics handler(gateway, **mailboxes);
  HttpServer server(handler, env.err, max_body);
  service.ExpectCatchUp();  // the store is read below, after the server answers
  if (Status listening = server.Listen(*address); !listening.ok()) {
    return fail(listening, kExitCannotRead);
  }
  // This process among the nodes that may share the store: host, process and a random part.
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const std::string node = fmt::format("{}:{}:{}", host, getpid(), NewToken().substr(0, 8));
  env.err << fmt::format("fiducia: serving {} on http://{}:{} (node {})\n",
                         TerminalSafe(RedactedStoreName(args.db)), address->host, server.port(),
                         TerminalSafe(node))
          << std::flush;
  std::jthread catch_up([&](std::stop_token stop) {
    const auto start = std::chrono::steady_clock::now();
    const Status caught = service.CatchUp([&] { return stop.stop_requested(); });
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::lock_guard lock(log_mu);
    env.err << (caught.ok()
                    ? fmt::format("fiducia: caught up with the store in {:.1f} s\n", seconds)
                    : "fiducia: " + TerminalSafe(caught.message()) + "\n")
            << std::flush;
  });
  std::jthread alerts_loop;
  auto transport = MakeHttpTransport();
  if (!policy.slack.empty() || !policy.webhooks.empty()) {
    alerts_loop = std::jthread([&](const std::stop_token& stop) {
      RunAlerts(service, policy, *transport, node, env, stop);
    });
  }
  (*mailboxes)->Start();
  server.Run(std::max(1u, args.threads), true);
  (*mailboxes)->Stop();
  alerts_loop = {};  // stops and joins the alert loop
  catch_up = {};
  env.err << "fiducia: stopped\n";
  return kExitOk;
}

void AddTokenCommand(CLI::App& app, TokenArgs& args) {
  auto* token = app.add_subcommand(
      "token", "Issue an API token for fiducia serve (shown once; the database keeps its hash).");
  token->footer(
      "Roles: viewer reads; agent also posts events and drafts; admin may do everything.\n"
      "Once a token exists, every request but /healthz and /metrics needs\n"
      "Authorization: Bearer <token>. A token sees only its workspace's events, findings,\n"
      "waiting list, timelines and alerts (a consultant's client companies on one server).");
  token->add_option("NAME", args.name, "Who or what the token is for")->required();
  token->add_option("--role", args.role, "viewer, agent or admin")->capture_default_str();
  token
      ->add_option("--workspace", args.workspace,
                   "The workspace (client company) whose data the token sees")
      ->capture_default_str();
  token->add_option("--db", args.db, "The SQLite database file, or a postgresql:// URL")
      ->capture_default_str();
}

int RunTokenCommand(const TokenArgs& args, const CliEnvironment& env) {
  // The name is how a person tells tokens apart (and which to revoke): it must say something.
  const bool blank = std::all_of(args.name.begin(), args.name.end(),
                                 [](unsigned char c) { return std::isspace(c); });
  const bool control = std::any_of(args.name.begin(), args.name.end(),
                                   [](unsigned char c) { return c < 0x20 || c == 0x7f; });
  if (blank || control) {
    env.err << "fiducia: NAME must say who or what the token is for (not blank, no control "
               "characters)\n";
    return kExitUsage;
  }
  if (!ParseRole(args.role)) {
    env.err << "fiducia: --role must be viewer, agent or admin\n";
    return kExitUsage;
  }
  if (!IsWorkspaceName(args.workspace)) {
    env.err << "fiducia: --workspace must be 1 to 64 letters, digits, '.', '_' or '-'\n";
    return kExitUsage;
  }
  auto store = OpenStore(args.db);
  if (!store.ok()) {
    env.err << "fiducia: " << TerminalSafe(store.status().message()) << "\n";
    return kExitCannotRead;
  }
  const std::string token = NewToken();
  if (Status added = (*store)->AddToken(HashToken(token), args.name, args.role, args.workspace);
      !added.ok()) {
    env.err << "fiducia: " << TerminalSafe(added.message()) << "\n";
    return added.code() == StatusCode::kUsage ? kExitUsage : kExitCannotRead;
  }
  env.out << token << "\n";
  env.err << fmt::format("fiducia: token '{}' ({}, workspace {}) issued; it is not shown again\n",
                         TerminalSafe(args.name), args.role, args.workspace);
  return kExitOk;
}

}  // namespace fiducia

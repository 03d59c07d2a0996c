// The configuration file, read from TOML: it only parses. What it fills belongs to the
// subsystems that use it: the audit policy (src/audit: the business calendar, reply targets per
// channel, rule thresholds, which handles and names are the company, how exports are read, the
// limits of one input, the cue lists), `fiducia serve`'s alerts, limits and webhook secrets
// (src/server), its mailboxes (src/mailbox), and the report language. Every key is optional; the
// defaults are those of ../shared/spec/findings.md. Only the command line (src/cli) links this.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_policy.h"
#include "common/status.h"
#include "mailbox/mailbox_settings.h"
#include "server/serve_config.h"

namespace fiducia {

struct Config {
  // [calendar], [targets], [rules], [threading], [company], [sources], [cues], [limits] and
  // [report] phone_region.
  AuditPolicy audit;
  AlertPolicy alerts;                      // [alerts]: fiducia serve's webhooks, warning point
  ServeLimits serve;                       // [serve]: fiducia serve's request size, rate limits
  std::vector<MailboxSettings> mailboxes;  // [[serve.mailbox]]: the mailboxes serve reads
  WebhookSecrets webhooks;                 // [webhooks]: the sources' webhook signatures
  std::string lang;  // [report] lang: "it" or "en"; empty: decided by the command line or locale

  // What `fiducia serve` runs with: the audit policy and the server's own sections.
  ServeConfig Serve() const { return {audit, alerts, serve, webhooks}; }
};

// Parses TOML text; `source` names it in errors ("fiducia.toml:12: …"). Unknown keys are errors,
// so that a typo does not silently leave a default in place.
Result<Config> ParseConfig(std::string_view toml_text, std::string_view source);
Result<Config> LoadConfig(const std::string& path);

// A complete, commented, ready-to-edit config file holding `config`'s values.
std::string FormatConfig(const Config& config);

}  // namespace fiducia

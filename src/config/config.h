// The audit's configuration, read from TOML: the business calendar, reply targets per channel,
// rule thresholds, which handles and names are the company, how exports are read, and the report
// language. Every key is
// optional; the defaults are those of ../shared/spec/findings.md.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/input_limits.h"
#include "common/status.h"
#include "rules/team_rules.h"
#include "rules/timing.h"
#include "sources/settings.h"
#include "text/cue_matcher.h"
#include "timeline/timeline.h"

namespace fiducia {

// `fiducia serve`'s alerts: where they go and when a wait is worth one.
struct AlertPolicy {
  std::vector<std::string> slack;     // Slack-compatible incoming webhooks: {"text": "…"}
  std::vector<std::string> webhooks;  // generic JSON webhooks: the alert's fields
  double warn_at = 0.8;               // a waiting request's share of its target that warns
  std::chrono::seconds check_every = std::chrono::seconds(30);
  // Alerts whose due moment is older than this when first judged are history (a bulk import, a
  // restart after a long stop): counted, never sent one by one.
  std::chrono::seconds backlog = std::chrono::hours(24);
  // The shortest check_every the config takes: shorter only spins the loop.
  static constexpr std::chrono::seconds kMinCheckEvery = std::chrono::seconds(1);
};

// One support mailbox `fiducia serve` reads live over IMAP ([[serve.mailbox]], src/mailbox): the
// inbox holds the customers' messages, the sent folder the team's answers.
struct MailboxSettings {
  std::string name;          // in logs and /metrics; empty: the user
  std::string url;           // imaps://host[:port]; imap:// only on loopback
  std::string user;          // the login
  std::string password;      // or, better, password_env: never logged
  std::string password_env;  // the environment variable that holds the password
  // A PEM file of the CA certificates trusted for this server instead of the system's store: a
  // server whose certificate is self-signed or from a private CA. Empty: the system's store.
  std::string ca_file;
  std::string inbox = "INBOX";
  std::string sent = "Sent";  // empty: no sent folder is read
  // The mailbox's own address, a company address for the e-mail reader; empty: the user when it
  // is an address.
  std::string address;
  std::string workspace = "default";
  std::chrono::seconds poll_every = std::chrono::seconds(60);  // when the server has no IDLE
  std::string Name() const { return name.empty() ? user : name; }
};

// `fiducia serve`'s limits: the largest request body, and a token bucket per API token (per
// client address for requests without one); and the mailboxes it reads.
struct ServePolicy {
  size_t max_body_bytes = size_t{16} << 20;
  double rate_per_second = 20;  // requests a second, sustained; 0: no rate limit
  double rate_burst = 40;       // requests at once after a quiet spell
  std::vector<MailboxSettings> mailboxes;
};

// `fiducia serve`'s webhook adapters: what each source signs with. A route whose secret is empty
// answers 401 to everything: an unsigned body is never taken.
struct WebhookSecrets {
  std::string whatsapp_app_secret;    // Meta app secret: X-Hub-Signature-256
  std::string whatsapp_verify_token;  // the token typed into Meta's webhook set-up
  std::string twilio_auth_token;      // X-Twilio-Signature
  std::string twilio_url;             // the webhook URL exactly as configured in Twilio
  std::string zendesk_secret;         // the webhook's signing secret: X-Zendesk-Webhook-Signature
  std::chrono::seconds max_age = std::chrono::minutes(5);  // oldest Zendesk signature timestamp
};

struct AuditConfig {
  BusinessCalendar calendar = BusinessCalendar::Default();
  TimingPolicy timing = TimingPolicy::Defaults();
  ThreadingPolicy threading;
  TeamPolicy team;                  // agent_strain and volume_spike thresholds
  AlertPolicy alerts;               // fiducia serve: webhooks and the warning point
  ServePolicy serve;                // fiducia serve: request size and rate limits
  WebhookSecrets webhooks;          // fiducia serve: the sources' webhook signatures
  SourceSettings sources;           // who the company is, local time of exports, call log columns
  InputLimits limits;               // [limits]: the date window and the sizes read of one input
  std::string phone_region = "IT";  // for phone numbers written without a country code
  std::string lang;                 // "it" or "en"; empty: decided by the command line or locale
  // The built-in cue lists with the config's additions and removals ([cues.it], [cues.en]),
  // compiled; null when the config changes none (the built-in database is used).
  std::shared_ptr<const CueMatcher> cues;
};

// Parses TOML text; `source` names it in errors ("fiducia.toml:12: …"). Unknown keys are errors,
// so that a typo does not silently leave a default in place.
Result<AuditConfig> ParseConfig(std::string_view toml_text, std::string_view source);
Result<AuditConfig> LoadConfig(const std::string& path);

// A complete, commented, ready-to-edit config file holding `config`'s values.
std::string FormatConfig(const AuditConfig& config);

}  // namespace fiducia

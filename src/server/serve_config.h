// What `fiducia serve` runs with: the audit policy its reads and alerts are judged with, where
// alerts go, the limits of a request, and the webhook secrets. These stay in the server: the
// audit and the reports never see a secret or a rate limit. src/config fills it from the TOML's
// [alerts], [serve] and [webhooks] (and the audit's sections).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "audit/audit_policy.h"

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

// `fiducia serve`'s limits ([serve]): the largest request body, and a token bucket per API token
// (per client address for requests without one).
struct ServeLimits {
  size_t max_body_bytes = size_t{16} << 20;
  double rate_per_second = 20;  // requests a second, sustained; 0: no rate limit
  double rate_burst = 40;       // requests at once after a quiet spell
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

struct ServeConfig {
  AuditPolicy audit;        // what reads and alerts are judged with, and how events are read
  AlertPolicy alerts;       // [alerts]: webhooks and the warning point
  ServeLimits limits;       // [serve]: request size and rate limits
  WebhookSecrets webhooks;  // [webhooks]: the sources' webhook signatures
};

}  // namespace fiducia

// fiducia serve's alerts: what the rules say is due goes to the configured webhooks — a
// Slack-compatible body ({"text": …}) or a generic one (the alert's fields) — recorded once per
// alert and webhook in the store, and retried with exponential back-off until a webhook takes it
// (2xx). The serve loop ticks at the next moment the rules name, and at least every check_every.
// Several nodes on one store share the deliveries: each one is claimed (leased to one node for
// kLease) before it is sent, so that no two nodes send it, and one whose node died is taken over
// by another once its lease expires.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "server/serve_config.h"
#include "server/service.h"

namespace fiducia {

class WebhookTransport {
 public:
  virtual ~WebhookTransport() = default;
  // POSTs `json` to `url`; OK only for a 2xx answer.
  virtual Status Post(const std::string& url, const std::string& json) = 0;
};

// Plain HTTP/1.1 (http://host[:port]/path) on Boost.Beast, 5 s timeouts.
std::unique_ptr<WebhookTransport> MakeHttpTransport();

class AlertDispatcher {
 public:
  // `node` names this process among the nodes sharing the store (unique to each).
  AlertDispatcher(Service& service, const AlertPolicy& policy, WebhookTransport& transport,
                  std::string node = "local");

  struct Tick {
    size_t raised = 0;     // new alert deliveries recorded
    size_t delivered = 0;  // deliveries a webhook took
    size_t failed = 0;     // deliveries to try again later
  };
  Tick RunOnce(Instant now);

  // The back-off after `attempts` failed deliveries: 5 s, 10 s, 20 s… at most 10 min.
  static std::chrono::milliseconds Backoff(int attempts);
  // How long a claimed delivery is this node's alone; longer than a batch of kClaimBatch
  // deliveries can take (a webhook that does not answer times out after 5 s).
  static constexpr std::chrono::minutes kLease{2};
  static constexpr size_t kClaimBatch = 10;

 private:
  Service& service_;
  const AlertPolicy& policy_;
  WebhookTransport& transport_;
  std::string node_;
};

}  // namespace fiducia

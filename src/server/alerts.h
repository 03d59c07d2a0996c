// fiducia serve's alerts: what the rules say is due goes to the configured webhooks — a
// Slack-compatible body ({"text": …}) or a generic one (the alert's fields) — recorded once per
// alert and webhook in the store, and retried with exponential back-off until a webhook takes it
// (2xx). The serve loop ticks at the next moment the rules name, and at least every check_every.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "config/config.h"
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
  AlertDispatcher(Service& service, const AlertPolicy& policy, WebhookTransport& transport);

  struct Tick {
    size_t raised = 0;     // new alert deliveries recorded
    size_t delivered = 0;  // deliveries a webhook took
    size_t failed = 0;     // deliveries to try again later
  };
  Tick RunOnce(Instant now);

  // The back-off after `attempts` failed deliveries: 5 s, 10 s, 20 s… at most 10 min.
  static std::chrono::milliseconds Backoff(int attempts);

 private:
  Service& service_;
  const AlertPolicy& policy_;
  WebhookTransport& transport_;
};

}  // namespace fiducia

// What stands in front of the Service on `fiducia serve`: the rate limit (a token bucket per API
// token issued here, per client address for every other request, so that invented tokens share
// their sender's bucket; 429 with Retry-After), the web page at `/`, and the
// webhook routes, authenticated by their source's signature rather than by an API token:
//   GET  /                        the web page (server/web_page.h)
//   GET  /v1/webhooks/whatsapp    Meta's verification handshake (hub.verify_token, hub.challenge)
//   POST /v1/webhooks/whatsapp    WhatsApp Cloud API, X-Hub-Signature-256
//   POST /v1/webhooks/twilio      Twilio WhatsApp/SMS, X-Twilio-Signature
//   POST /v1/webhooks/zendesk     Zendesk, X-Zendesk-Webhook-Signature (+ -Timestamp)
// Everything else goes to the Service; /metrics gets the gateway's counters added.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "common/clock.h"
#include "server/rate_limit.h"
#include "server/serve_config.h"
#include "server/service.h"
#include "server/webhooks.h"

namespace fiducia {

class Gateway : public RequestHandler {
 public:
  Gateway(Service& service, const ServeConfig& config, const Clock& clock);

  HttpResponse Handle(const HttpRequest& request) override;
  void CountTooLarge() override;

 private:
  struct Bucket {
    std::string key;
    bool by_token;
  };
  // The issued token's bucket when the request carries one the store knows, else the client
  // address's: keyed on any token presented, each invented token would get a full bucket.
  Bucket BucketOf(const HttpRequest& request);
  HttpResponse Route(const HttpRequest& request, const std::string& path);
  HttpResponse WhatsappHandshake(const std::string& query);
  HttpResponse WhatsappPost(const HttpRequest& request);
  HttpResponse TwilioPost(const HttpRequest& request);
  HttpResponse ZendeskPost(const HttpRequest& request);
  // The events of a webhook through Service::Ingest; the answer lists what was ignored.
  HttpResponse Store(const std::string& source, Result<WebhookEvents> events);
  HttpResponse Unsigned(const std::string& source, const std::string& why);
  HttpResponse Metrics(const HttpRequest& request);
  void Count(const std::string& name, uint64_t by = 1);

  Service& service_;
  ServeLimits limits_;
  WebhookSecrets secrets_;
  SourceSettings sources_;
  std::string phone_region_;
  const Clock& clock_;
  RateLimiter limiter_;
  std::mutex mu_;
  std::map<std::string, uint64_t> counters_;  // metric name (with labels) -> value
};

}  // namespace fiducia

#include "server/gateway.h"

#include <fmt/format.h>

#include <cmath>

#include "common/json_writer.h"
#include "common/time_text.h"
#include "server/access.h"
#include "server/http_error.h"
#include "server/signatures.h"
#include "server/web_page.h"

namespace fiducia {
namespace {

std::string Header(const HttpRequest& request, const std::string& name) {
  const auto it = request.headers.find(name);
  return it == request.headers.end() ? "" : it->second;
}

std::string QueryValue(const FormParams& query, std::string_view name) {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return "";
}

}  // namespace

Gateway::Gateway(Service& service, const ServeConfig& config, const Clock& clock)
    : service_(service),
      limits_(config.limits),
      secrets_(config.webhooks),
      sources_(config.audit.sources),
      phone_region_(config.audit.phone_region),
      clock_(clock),
      limiter_(config.limits.rate_per_second, config.limits.rate_burst) {}

void Gateway::Count(const std::string& name, uint64_t by) {
  std::lock_guard lock(mu_);
  counters_[name] += by;
}

void Gateway::CountTooLarge() { Count("fiducia_http_too_large_total"); }

Gateway::Bucket Gateway::BucketOf(const HttpRequest& request) {
  constexpr std::string_view kBearer = "Bearer ";
  if (request.authorization.starts_with(kBearer)) {
    std::string hash = HashToken(std::string_view(request.authorization).substr(kBearer.size()));
    auto grant = service_.store().GrantOfToken(hash);
    if (grant.ok() && *grant) return {"token:" + std::move(hash), true};
  }
  return {"address:" + request.peer, false};
}

HttpResponse Gateway::Handle(const HttpRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  if (path != "/healthz" && path != "/metrics" && limiter_.enabled()) {
    const Bucket bucket = BucketOf(request);
    if (const auto wait = limiter_.Take(bucket.key, clock_.Steady())) {
      Count(fmt::format("fiducia_rate_limited_total{{by=\"{}\"}}",
                        bucket.by_token ? "token" : "address"));
      const auto seconds = std::max<int64_t>(1, (wait->count() + 999) / 1000);
      HttpResponse r = ErrorResponse(HttpError::RateLimited(
          fmt::format("more than {} requests a second (bursts of {}): retry in {} s",
                      limits_.rate_per_second, limits_.rate_burst, seconds)));
      r.headers.emplace_back("Retry-After", std::to_string(seconds));
      return r;
    }
  }
  return Route(request, path);
}

HttpResponse Gateway::Route(const HttpRequest& request, const std::string& path) {
  const bool get = request.method == "GET", post = request.method == "POST";
  if (path == "/" && get) {
    auto tokens = service_.store().TokenCount();
    if (!tokens.ok()) return ErrorResponse(tokens.status());
    return WebPage(*tokens > 0);
  }
  if (path == "/metrics" && get) return Metrics(request);
  if (path == "/v1/webhooks/whatsapp" && get) {
    const size_t q = request.target.find('?');
    return WhatsappHandshake(q == std::string::npos ? "" : request.target.substr(q + 1));
  }
  if (path == "/v1/webhooks/whatsapp" && post) return WhatsappPost(request);
  if (path == "/v1/webhooks/twilio" && post) return TwilioPost(request);
  if (path == "/v1/webhooks/zendesk" && post) return ZendeskPost(request);
  return service_.Handle(request);
}

HttpResponse Gateway::Unsigned(const std::string& source, const std::string& why) {
  Count(fmt::format("fiducia_webhook_requests_total{{source=\"{}\",result=\"unsigned\"}}", source));
  return ErrorResponse(HttpError::Unauthenticated(why));
}

HttpResponse Gateway::WhatsappHandshake(const std::string& query) {
  const FormParams params = ParseForm(query);
  const std::string token = QueryValue(params, "hub.verify_token");
  if (QueryValue(params, "hub.mode") != "subscribe" || secrets_.whatsapp_verify_token.empty() ||
      !SameBytes(token, secrets_.whatsapp_verify_token)) {
    return Unsigned("whatsapp",
                    "hub.mode=subscribe with the hub.verify_token of [webhooks] "
                    "whatsapp_verify_token expected");
  }
  // Meta expects the challenge back as it sent it; plain text, so that nothing renders it.
  return {200,
          "text/plain; charset=utf-8",
          QueryValue(params, "hub.challenge"),
          {{"X-Content-Type-Options", "nosniff"}}};
}

HttpResponse Gateway::WhatsappPost(const HttpRequest& request) {
  if (secrets_.whatsapp_app_secret.empty()) {
    return Unsigned("whatsapp", "no [webhooks] whatsapp_app_secret configured");
  }
  if (!WhatsappSignatureValid(secrets_.whatsapp_app_secret, request.body,
                              Header(request, "x-hub-signature-256"))) {
    return Unsigned("whatsapp", "X-Hub-Signature-256 does not match the body");
  }
  return Store("whatsapp", WhatsappCloudEvents(request.body));
}

HttpResponse Gateway::TwilioPost(const HttpRequest& request) {
  if (secrets_.twilio_auth_token.empty() || secrets_.twilio_url.empty()) {
    return Unsigned("twilio", "no [webhooks] twilio_auth_token and twilio_url configured");
  }
  const FormParams form = ParseForm(request.body);
  const std::string expected =
      TwilioSignature(secrets_.twilio_auth_token, secrets_.twilio_url, form);
  if (!SameBytes(expected, Header(request, "x-twilio-signature"))) {
    return Unsigned("twilio", "X-Twilio-Signature does not match the URL and parameters");
  }
  return Store("twilio", TwilioEvents(form, clock_.Now()));
}

HttpResponse Gateway::ZendeskPost(const HttpRequest& request) {
  if (secrets_.zendesk_secret.empty()) {
    return Unsigned("zendesk", "no [webhooks] zendesk_secret configured");
  }
  const std::string timestamp = Header(request, "x-zendesk-webhook-signature-timestamp");
  const std::string expected = ZendeskSignature(secrets_.zendesk_secret, timestamp, request.body);
  if (timestamp.empty() || !SameBytes(expected, Header(request, "x-zendesk-webhook-signature"))) {
    return Unsigned("zendesk", "X-Zendesk-Webhook-Signature does not match the timestamp and body");
  }
  const auto signed_at = ParseRfc3339(timestamp);
  if (!signed_at.ok() || std::chrono::abs(clock_.Now() - signed_at->at) > secrets_.max_age) {
    return Unsigned("zendesk",
                    fmt::format("the signature's timestamp is more than {} away from now",
                                FormatDuration(secrets_.max_age)));
  }
  return Store("zendesk", ZendeskEvents(request.body, sources_, phone_region_, clock_.Now()));
}

HttpResponse Gateway::Store(const std::string& source, Result<WebhookEvents> events) {
  if (!events.ok()) {
    Count(
        fmt::format("fiducia_webhook_requests_total{{source=\"{}\",result=\"invalid\"}}", source));
    return ErrorResponse(events.status());
  }
  IngestOutcome outcome;
  if (!events->events.empty()) {
    auto stored = service_.Ingest(std::string(kDefaultWorkspace),
                                  events->events);  // webhooks feed the default workspace
    if (!stored.ok()) {
      Count(fmt::format("fiducia_webhook_requests_total{{source=\"{}\",result=\"invalid\"}}",
                        source));
      return ErrorResponse(stored.status());
    }
    outcome = std::move(*stored);
  }
  Count(fmt::format("fiducia_webhook_requests_total{{source=\"{}\",result=\"ok\"}}", source));
  Count(fmt::format("fiducia_webhook_events_total{{source=\"{}\"}}", source), outcome.accepted);
  Count(fmt::format("fiducia_webhook_ignored_total{{source=\"{}\"}}", source),
        events->ignored.size());
  JsonWriter w(false);
  w.BeginObject().Key("accepted").Int(static_cast<int64_t>(outcome.accepted));
  w.Key("duplicates").Int(static_cast<int64_t>(outcome.duplicates));
  w.Key("rejected").BeginArray();
  for (const auto& [index, message] : outcome.rejected) {
    w.BeginObject().Key("event").Int(static_cast<int64_t>(index)).Key("message").String(message);
    w.EndObject();
  }
  for (const std::string& what : events->rejected)
    w.BeginObject().Key("message").String(what).EndObject();
  w.EndArray().Key("ignored").BeginArray();
  for (const std::string& what : events->ignored) w.String(what);
  w.EndArray().EndObject();
  return {200, "application/json", w.Take() + "\n"};
}

HttpResponse Gateway::Metrics(const HttpRequest& request) {
  HttpResponse r = service_.Handle(request);
  std::lock_guard lock(mu_);
  if (r.status != 200) return r;
  for (const auto& [name, value] : counters_) r.body += fmt::format("{} {}\n", name, value);
  return r;
}

}  // namespace fiducia

#include "server/alerts.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "common/json_writer.h"

namespace fiducia {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// A delivery is one alert to one webhook: "<s or g><url>\x1f<alert key>" (no URL holds \x1f).
std::string DeliveryKey(const std::string& alert, char format, const std::string& url) {
  return fmt::format("{}{}\x1f{}", format, url, alert);
}

std::string SlackBody(const std::string& text) {
  JsonWriter w(false);
  w.BeginObject().Key("text").String(text).EndObject();
  return w.Take();
}

class HttpTransport final : public WebhookTransport {
 public:
  Status Post(const std::string& url, const std::string& json) override {
    constexpr std::string_view kScheme = "http://";
    if (url.rfind(kScheme, 0) != 0) {
      return Status::Usage(fmt::format("webhook {}: only http:// URLs are supported", url));
    }
    const std::string rest = url.substr(kScheme.size());
    const size_t slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    const std::string target = slash == std::string::npos ? "/" : rest.substr(slash);
    const size_t colon = authority.rfind(':');
    const std::string host = authority.substr(0, colon);
    const std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    try {
      asio::io_context ioc;
      beast::tcp_stream stream(ioc);
      stream.expires_after(std::chrono::seconds(5));
      stream.connect(asio::ip::tcp::resolver(ioc).resolve(host, port));
      http::request<http::string_body> req{http::verb::post, target, 11};
      req.set(http::field::host, authority);
      req.set(http::field::content_type, "application/json");
      req.set(http::field::user_agent, "fiducia");
      req.body() = json;
      req.prepare_payload();
      http::write(stream, req);
      beast::flat_buffer buffer;
      http::response<http::string_body> res;
      http::read(stream, buffer, res);
      beast::error_code ignored;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      if (res.result_int() / 100 == 2) return Status::Ok();
      return Status::IoError(fmt::format("webhook {}: HTTP {}", url, res.result_int()));
    } catch (const std::exception& e) {
      return Status::IoError(fmt::format("webhook {}: {}", url, e.what()));
    }
  }
};

}  // namespace

std::unique_ptr<WebhookTransport> MakeHttpTransport() { return std::make_unique<HttpTransport>(); }

AlertDispatcher::AlertDispatcher(Service& service, const AlertPolicy& policy,
                                 WebhookTransport& transport, std::string node)
    : service_(service), policy_(policy), transport_(transport), node_(std::move(node)) {}

std::chrono::milliseconds AlertDispatcher::Backoff(int attempts) {
  const auto backoff = std::chrono::milliseconds(5000) * (int64_t{1} << std::min(attempts - 1, 16));
  return std::min<std::chrono::milliseconds>(backoff, std::chrono::minutes(10));
}

AlertDispatcher::Tick AlertDispatcher::RunOnce(Instant now) {
  Tick tick;
  EventStore& store = service_.store();
  for (const DueAlert& alert : service_.AlertsAt(now, policy_.warn_at)) {
    for (const auto& [format, urls] : {std::pair{'s', &policy_.slack}, {'g', &policy_.webhooks}}) {
      for (const std::string& url : *urls) {
        const std::string body = format == 's' ? SlackBody(alert.text) : alert.json;
        auto fresh = store.RecordAlert(alert.workspace, DeliveryKey(alert.key, format, url), body);
        tick.raised += fresh.ok() && *fresh ? 1 : 0;
      }
    }
  }
  const int64_t now_ms = now.time_since_epoch().count();
  const int64_t lease_ms = std::chrono::milliseconds(kLease).count();
  for (;;) {  // until no due delivery is left unclaimed (a failed one waits for its back-off)
    auto due = store.ClaimDueAlerts(now_ms, node_, lease_ms, kClaimBatch);
    if (!due.ok() || due->empty()) return tick;
    for (const EventStore::PendingAlert& p : *due) {
      const std::string url = p.key.substr(1, p.key.find('\x1f') - 1);
      const bool ok = transport_.Post(url, p.body).ok();
      const int attempts = p.attempts + 1;
      (void)store.MarkAlert(p, node_, ok, attempts,
                            ok ? now_ms : now_ms + Backoff(attempts).count());
      (ok ? tick.delivered : tick.failed)++;
    }
  }
}

}  // namespace fiducia

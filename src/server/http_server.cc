#include "server/http_server.h"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "common/json_writer.h"
#include "common/strings.h"
#include "server/http_error.h"
#include "server/low_priority.h"
#include "server/webhooks.h"

namespace fiducia {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
// The request line and headers together; past it, 431 (Beast's own default is 8 KiB).
constexpr uint32_t kMaxHeaderBytes = 16 * 1024;
// After a refusal, how long and how much of the rest of the request is read and dropped.
constexpr auto kDrainTimeout = std::chrono::seconds(2);
constexpr size_t kMaxDrainBytes = size_t{1} << 20;
// Workers for the service's reads (CPU and the workspace locks: about the cores there are), and
// for posts (mostly waiting for a group commit: more of them share one commit).
constexpr size_t kReadWorkers = 2;
constexpr size_t kPostWorkers = 4;

// Query parameters whose values must not reach the log: the WhatsApp verify token and anything
// named like a credential (matched in the lower-cased, decoded name).
bool IsSecretName(std::string_view raw_name) {
  const std::string name = AsciiLower(raw_name);
  for (std::string_view word :
       {"token", "secret", "pass", "sig", "key", "auth", "code", "session", "cred"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

// The errors of a request that is not HTTP as Beast reads it, which deserve a 400 (the others,
// such as the client closing or the idle timeout, end the connection without an answer).
bool IsMalformed(beast::error_code ec) {
  if (ec.category() != http::make_error_code(http::error::bad_target).category()) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::need_more && ec != http::error::need_buffer &&
         ec != http::error::short_read && ec != http::error::stale_parser;
}

// A name for the thread in /proc/PID/task/*/comm and top -H (at most 15 bytes), so that the time
// each kind of thread runs and waits can be told apart (bench/serve_load reads it). Once a thread.
void NameThisThread(const char* name) {
  thread_local bool named = false;
  if (named) return;
  named = true;
  pthread_setname_np(pthread_self(), name);
}

}  // namespace

std::string RedactedTarget(std::string_view target) {
  const size_t q = target.find('?');
  if (q == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, q + 1));
  std::string_view query = target.substr(q + 1);
  bool first = true;
  while (true) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (!first) out += '&';
    first = false;
    const FormParams decoded = ParseForm(pair.substr(0, eq));
    if (eq != std::string_view::npos && !decoded.empty() && IsSecretName(decoded[0].first)) {
      out += pair.substr(0, eq + 1);
      out += "REDACTED";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Status::Usage(fmt::format("--listen {}: expected HOST:PORT", text));
  }
  ListenAddress a;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (!host.empty()) a.host = std::string(host);
  const std::string_view port = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return Status::Usage(
        fmt::format("--listen {}: the port must be a number from 0 to 65535", text));
  }
  a.port = static_cast<uint16_t>(value);
  return a;
}

struct HttpServer::Impl {
  Impl(RequestHandler& h, std::ostream& l, size_t limit)
      : handler(h), log(l), max_body(limit), acceptor(ioc) {}

  class Session : public std::enable_shared_from_this<Session> {
   public:
    Session(tcp::socket socket, Impl& server) : stream_(std::move(socket)), server_(server) {}
    void Start() { Read(); }

   private:
    void Read() {
      parser_.emplace();
      parser_->body_limit(server_.max_body);
      parser_->header_limit(kMaxHeaderBytes);
      stream_.expires_after(kIdleTimeout);
      http::async_read(stream_, buffer_, *parser_,
                       beast::bind_front_handler(&Session::OnRead, shared_from_this()));
    }

    void OnRead(beast::error_code ec, size_t) {
      if (ec == http::error::body_limit || ec == http::error::header_limit || IsMalformed(ec)) {
        return Refuse(ec);
      }
      if (ec) return Close();
      auto request = parser_->release();
      const auto started = std::chrono::steady_clock::now();
      HttpRequest in{std::string(request.method_string()), std::string(request.target()),
                     std::move(request.body()), std::string(request[http::field::authorization])};
      const unsigned version = request.version();
      const bool keep_alive = request.keep_alive();
      // The liveness probe takes no lock and waits for no worker: it says the process answers.
      if (in.method == "GET" && in.target == "/healthz") {
        server_.Log(in, 200, std::chrono::steady_clock::now() - started);
        return Answer({200, "application/json", "{\"status\":\"ok\"}\n"}, version, keep_alive);
      }
      for (const auto& field : request) {
        const auto name = field.name_string();
        in.headers[AsciiLower({name.data(), name.size()})] = std::string(field.value());
      }
      beast::error_code peer_error;
      const auto peer = stream_.socket().remote_endpoint(peer_error);
      if (!peer_error) in.peer = peer.address().to_string();
      // The service's work runs on a worker, never on a network thread: a slow read holds up no
      // other connection. Posts have workers of their own, so that an acknowledgement (a group
      // commit) never waits behind reads.
      asio::thread_pool& workers = in.method == "GET" ? *server_.readers : *server_.writers;
      asio::post(workers,
                 [self = shared_from_this(), in = std::move(in), version, keep_alive, started] {
                   // Reads run below the posts' priority: on few cores a page does not delay an
                   // acknowledgement.
                   if (in.method == "GET") LowerThisThreadsPriority();
                   NameThisThread(in.method == "GET" ? "fiducia-read" : "fiducia-post");
                   HttpResponse out = self->server_.handler.Handle(in);
                   self->server_.Log(in, out.status, std::chrono::steady_clock::now() - started);
                   asio::post(self->stream_.get_executor(),
                              [self, out = std::move(out), version, keep_alive]() mutable {
                                self->Answer(std::move(out), version, keep_alive);
                              });
                 });
    }

    void Answer(HttpResponse out, unsigned version, bool keep_alive) {
      http::response<http::string_body> response{static_cast<http::status>(out.status), version};
      response.set(http::field::server, "fiducia");
      response.set(http::field::content_type, out.content_type);
      for (const auto& [name, value] : out.headers) response.set(name, value);
      response.body() = std::move(out.body);
      response.keep_alive(keep_alive);
      response.prepare_payload();
      Reply(std::move(response), keep_alive);
    }

    // A request refused before it reached the handler: 413 for a body over the limit, 431 for
    // headers over theirs, 400 for what is not HTTP; then the connection ends.
    void Refuse(beast::error_code ec) {
      HttpError why =
          Status::InvalidInput(fmt::format("not an HTTP/1.1 request: {}", ec.message()));
      if (ec == http::error::body_limit) {
        why =
            HttpError::TooLarge(fmt::format("the body is larger than {} bytes", server_.max_body));
        server_.handler.CountTooLarge();
      } else if (ec == http::error::header_limit) {
        why = HttpError::HeadersTooLarge(
            fmt::format("the request line and headers are larger than {} bytes", kMaxHeaderBytes));
      }
      const int status = why.http_status();
      const auto& head = parser_->get();
      server_.Log({std::string(head.method_string()), std::string(head.target()), "", ""}, status,
                  std::chrono::steady_clock::duration::zero());
      const HttpResponse e = ErrorResponse(why);
      http::response<http::string_body> r{static_cast<http::status>(status), 11};
      r.set(http::field::server, "fiducia");
      r.set(http::field::content_type, e.content_type);
      r.body() = e.body;
      r.keep_alive(false);
      r.prepare_payload();
      Reply(std::move(r), false, true);
    }

    // `drain`: the request was not read to its end (a refusal).
    void Reply(http::response<http::string_body> response, bool keep_alive, bool drain = false) {
      auto shared = std::make_shared<http::response<http::string_body>>(std::move(response));
      stream_.expires_after(kIdleTimeout);  // the time spent on a worker is no idle time
      http::async_write(
          stream_, *shared,
          [self = shared_from_this(), shared, keep_alive, drain](beast::error_code ec, size_t) {
            if (!ec && drain) return self->CloseAfterDraining();
            if (ec || !keep_alive) return self->Close();
            self->Read();
          });
    }

    void Close() {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    // The client may still be sending the request refused. Closing the socket with its bytes
    // unread would answer them with a reset, which can destroy the refusal before the client has
    // read it; so the rest is read and dropped, for a short while and up to a bound, first.
    void CloseAfterDraining() {
      Close();
      stream_.expires_after(kDrainTimeout);
      Drain();
    }

    void Drain() {
      buffer_.clear();
      stream_.async_read_some(buffer_.prepare(16 * 1024),
                              [self = shared_from_this()](beast::error_code ec, size_t n) {
                                self->drained_ += n;
                                if (!ec && self->drained_ < kMaxDrainBytes) self->Drain();
                              });
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Impl& server_;
    size_t drained_ = 0;
  };

  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // closed: stopping
      std::make_shared<Session>(std::move(socket), *this)->Start();
      Accept();
    });
  }

  void Log(const HttpRequest& r, int status, std::chrono::steady_clock::duration took) {
    JsonWriter w(false);
    w.BeginObject().Key("method").String(r.method).Key("target").String(RedactedTarget(r.target));
    w.Key("status").Int(status);
    w.Key("micros").Int(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
    w.EndObject();
    std::lock_guard lock(log_mu);
    log << w.str() << '\n' << std::flush;
  }

  RequestHandler& handler;
  std::ostream& log;
  // The workers that run the handler (while Run runs): reads, and posts apart from them.
  std::optional<asio::thread_pool> readers, writers;
  size_t max_body;
  std::mutex log_mu;
  asio::io_context ioc;
  tcp::acceptor acceptor;
};

HttpServer::HttpServer(RequestHandler& handler, std::ostream& log, size_t max_body)
    : impl_(std::make_unique<Impl>(handler, log, max_body)) {}
HttpServer::~HttpServer() = default;

Status HttpServer::Listen(const ListenAddress& address) {
  beast::error_code ec;
  const auto ip =
      asio::ip::make_address(address.host == "localhost" ? "127.0.0.1" : address.host, ec);
  if (ec) return Status::Usage(fmt::format("--listen: {} is no IP address", address.host));
  const tcp::endpoint endpoint(ip, address.port);
  auto& a = impl_->acceptor;
  if (a.open(endpoint.protocol(), ec); !ec)
    a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IoError(
        fmt::format("cannot listen on {}:{}: {}", address.host, address.port, ec.message()));
  }
  return Status::Ok();
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::Run(unsigned threads, bool stop_on_signals) {
  asio::signal_set signals(impl_->ioc);
  if (stop_on_signals) {
    signals.add(SIGTERM);
    signals.add(SIGINT);
    signals.async_wait([this](beast::error_code, int) { Stop(); });
  }
  impl_->readers.emplace(kReadWorkers);
  impl_->writers.emplace(kPostWorkers);
  impl_->Accept();
  {
    std::vector<std::jthread> pool;
    for (unsigned i = 1; i < threads; ++i) {
      pool.emplace_back([this] {
        NameThisThread("fiducia-net");
        impl_->ioc.run();
      });
    }
    impl_->ioc.run();
  }
  // The requests in hand finish on their workers (their answers are not sent: the loop stopped).
  impl_->readers->join();
  impl_->writers->join();
  impl_->readers.reset();
  impl_->writers.reset();
}

void HttpServer::Stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->ioc.stop();
  });
}

}  // namespace fiducia

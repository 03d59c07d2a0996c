#include "server/http_server.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <mutex>
#include <thread>

#include "common/json_writer.h"

namespace fiducia {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);

}  // namespace

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
      stream_.expires_after(kIdleTimeout);
      http::async_read(stream_, buffer_, *parser_,
                       beast::bind_front_handler(&Session::OnRead, shared_from_this()));
    }

    void OnRead(beast::error_code ec, size_t) {
      if (ec == http::error::body_limit) return Reply(Too(ec), false);
      if (ec) return Close();
      auto request = parser_->release();
      const auto started = std::chrono::steady_clock::now();
      HttpRequest in{std::string(request.method_string()), std::string(request.target()),
                     std::move(request.body()), std::string(request[http::field::authorization])};
      for (const auto& field : request) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        in.headers[name] = std::string(field.value());
      }
      beast::error_code peer_error;
      const auto peer = stream_.socket().remote_endpoint(peer_error);
      if (!peer_error) in.peer = peer.address().to_string();
      const HttpResponse out = server_.handler.Handle(in);
      server_.Log(in, out.status, std::chrono::steady_clock::now() - started);
      http::response<http::string_body> response{static_cast<http::status>(out.status),
                                                 request.version()};
      response.set(http::field::server, "fiducia");
      response.set(http::field::content_type, out.content_type);
      for (const auto& [name, value] : out.headers) response.set(name, value);
      response.body() = out.body;
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      Reply(std::move(response), request.keep_alive());
    }

    http::response<http::string_body> Too(beast::error_code) {
      const HttpResponse e = ErrorResponse(
          Status::TooLarge(fmt::format("the body is larger than {} bytes", server_.max_body)));
      server_.handler.CountTooLarge();
      http::response<http::string_body> r{http::status::payload_too_large, 11};
      r.set(http::field::content_type, e.content_type);
      r.body() = e.body;
      r.prepare_payload();
      return r;
    }

    void Reply(http::response<http::string_body> response, bool keep_alive) {
      auto shared = std::make_shared<http::response<http::string_body>>(std::move(response));
      http::async_write(
          stream_, *shared,
          [self = shared_from_this(), shared, keep_alive](beast::error_code ec, size_t) {
            if (ec || !keep_alive) return self->Close();
            self->Read();
          });
    }

    void Close() {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Impl& server_;
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
    w.BeginObject().Key("method").String(r.method).Key("target").String(r.target);
    w.Key("status").Int(status);
    w.Key("micros").Int(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
    w.EndObject();
    std::lock_guard lock(log_mu);
    log << w.str() << '\n' << std::flush;
  }

  RequestHandler& handler;
  std::ostream& log;
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
  impl_->Accept();
  std::vector<std::jthread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
}

void HttpServer::Stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->ioc.stop();
  });
}

}  // namespace fiducia

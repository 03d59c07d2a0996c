// The HTTP/1.1 side of `fiducia serve` on Boost.Beast: keep-alive, a body size limit (413), a
// header size limit (431), 400 for what is not HTTP, one JSON log line per request on standard
// error (secrets in query strings redacted), and a graceful stop (no new connections; the requests
// in hand are answered) on SIGTERM or SIGINT.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "common/status.h"
#include "server/service.h"

namespace fiducia {

struct ListenAddress {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
};

// "127.0.0.1:8080", "[::1]:8080", ":8080" (localhost); an error names what is wrong.
Result<ListenAddress> ParseListenAddress(std::string_view text);

// `target` as the request log shows it: the values of query parameters named like a secret
// (token, secret, password, signature, key, auth, code…) replaced by REDACTED, such as the
// WhatsApp handshake's hub.verify_token.
std::string RedactedTarget(std::string_view target);

class HttpServer {
 public:
  // Bodies over `max_body` bytes are answered 413 (in the one error shape) without being read.
  HttpServer(RequestHandler& handler, std::ostream& log, size_t max_body = Service::kMaxBody);
  ~HttpServer();

  // Binds (port 0: any free port); the port bound is then port().
  Status Listen(const ListenAddress& address);
  uint16_t port() const;
  // Serves on `threads` threads until Stop() or, when `stop_on_signals`, SIGTERM/SIGINT.
  void Run(unsigned threads, bool stop_on_signals);
  // Thread-safe.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fiducia

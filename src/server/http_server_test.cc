#include "server/http_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <sstream>
#include <thread>

#include "common/time_text.h"

namespace fiducia {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;

TEST(ListenAddressTest, HostAndPort) {
  EXPECT_EQ(ParseListenAddress("127.0.0.1:8080")->port, 8080);
  EXPECT_EQ(ParseListenAddress("[::1]:9000")->host, "::1");
  EXPECT_EQ(ParseListenAddress(":0")->host, "127.0.0.1");
  EXPECT_FALSE(ParseListenAddress("8080").ok());
  EXPECT_FALSE(ParseListenAddress("localhost:http").ok());
}

TEST(HttpServerTest, KeepAliveRequestsAndAGracefulStop) {
  // One file per process: two runs of the test at once (two build trees) must not share it.
  const fs::path db =
      fs::temp_directory_path() / ("fiducia-http-test-" + std::to_string(getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  FakeClock clock(ParseRfc3339("2026-03-02T12:00:00+01:00")->at);
  auto store = OpenSqliteStore(db.string());
  ASSERT_TRUE(store.ok());
  Service service(ServeConfig{}, std::move(*store), clock, Lang::kEn);
  std::ostringstream log;
  HttpServer server(service, log);
  ASSERT_TRUE(server.Listen({"127.0.0.1", 0}).ok());
  std::thread serving([&] { server.Run(2, false); });

  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  auto exchange = [&](http::verb verb, const std::string& target, std::string body) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "localhost");
    req.keep_alive(true);
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  };
  auto res = exchange(
      http::verb::post, "/v1/events",
      R"({"id":"h1","at":"2026-03-02T09:00:00+01:00","channel":"email","direction":"in","customer":"a@x.it"})");
  EXPECT_EQ(res.result_int(), 200u) << res.body();
  EXPECT_TRUE(res.keep_alive());
  res = exchange(http::verb::get, "/healthz", "");  // the same connection
  EXPECT_EQ(res.result_int(), 200u);
  res = exchange(http::verb::get, "/v1/unknown", "");
  EXPECT_EQ(res.result_int(), 404u);
  EXPECT_NE(res.body().find("\"error\""), std::string::npos);

  server.Stop();
  serving.join();
  EXPECT_NE(log.str().find("\"target\":\"/healthz\",\"status\":200"), std::string::npos)
      << log.str();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

// A handler that remembers what reached it.
class RecordingHandler : public RequestHandler {
 public:
  HttpResponse Handle(const HttpRequest& request) override {
    seen = request;
    return {200, "text/plain", "ok", {{"Retry-After", "7"}}};
  }
  void CountTooLarge() override { ++too_large; }
  HttpRequest seen;
  int too_large = 0;
};

TEST(HttpServerTest, HeadersAndPeerReachTheHandlerAndLargeBodiesGet413) {
  RecordingHandler handler;
  std::ostringstream log;
  HttpServer server(handler, log, 1024);
  ASSERT_TRUE(server.Listen({"127.0.0.1", 0}).ok());
  std::thread serving([&] { server.Run(1, false); });
  auto exchange = [&](std::string body) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    http::request<http::string_body> req{http::verb::post, "/v1/webhooks/x", 11};
    req.set(http::field::host, "localhost");
    req.set("X-Hub-Signature-256", "sha256=ab");
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
  };
  auto res = exchange(std::string(1024, 'a'));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res["Retry-After"], "7");
  EXPECT_EQ(handler.seen.headers["x-hub-signature-256"], "sha256=ab");
  EXPECT_EQ(handler.seen.peer, "127.0.0.1");
  EXPECT_EQ(handler.seen.body.size(), 1024u);
  res = exchange(std::string(1025, 'a'));
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(res.body().rfind("{\"error\":{\"code\":\"too_large\"", 0), 0u) << res.body();
  EXPECT_EQ(handler.too_large, 1);
  server.Stop();
  serving.join();
}

// What a raw request gets back: the status line's code, or 0 when the connection ended without an
// answer (which a 100 KB header used to get).
int RawExchange(uint16_t port, const std::string& bytes, std::string* body = nullptr) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::error_code ec;
  asio::write(stream.socket(), asio::buffer(bytes), ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  if (ec) return 0;
  if (body) *body = res.body();
  return static_cast<int>(res.result_int());
}

TEST(HttpServerTest, OversizedHeadersGet431AndGarbageGets400) {
  RecordingHandler handler;
  std::ostringstream log;
  HttpServer server(handler, log);
  ASSERT_TRUE(server.Listen({"127.0.0.1", 0}).ok());
  std::thread serving([&] { server.Run(1, false); });
  std::string body;
  const std::string big =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(100 * 1024, 'a') + "\r\n\r\n";
  EXPECT_EQ(RawExchange(server.port(), big, &body), 431);
  EXPECT_EQ(body.rfind("{\"error\":{\"code\":\"too_large\"", 0), 0u) << body;
  EXPECT_EQ(RawExchange(server.port(), "NOT HTTP AT ALL\r\n\r\n"), 400);
  // A header within the limit still reaches the handler.
  const std::string fine =
      "GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(8000, 'a') + "\r\n\r\n";
  EXPECT_EQ(RawExchange(server.port(), fine), 200);
  server.Stop();
  serving.join();
  EXPECT_NE(log.str().find("\"status\":431"), std::string::npos) << log.str();
}

// The query string was logged whole: Meta's GET carries the WhatsApp verify token in it.
TEST(HttpServerTest, TheRequestLogRedactsSecretsInTheQuery) {
  RecordingHandler handler;
  std::ostringstream log;
  HttpServer server(handler, log);
  ASSERT_TRUE(server.Listen({"127.0.0.1", 0}).ok());
  std::thread serving([&] { server.Run(1, false); });
  EXPECT_EQ(RawExchange(server.port(),
                        "GET /v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=SECRET"
                        "&hub.challenge=42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            200);
  server.Stop();
  serving.join();
  EXPECT_NE(handler.seen.target.find("SECRET"), std::string::npos);  // the handler has it
  EXPECT_EQ(log.str().find("SECRET"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("hub.verify_token=REDACTED\\u0026hub.challenge=42"), std::string::npos)
      << log.str();
}

TEST(RedactedTargetTest, SecretNamedParametersOnly) {
  EXPECT_EQ(RedactedTarget("/v1/findings?rule=unanswered&since=2026-01-01"),
            "/v1/findings?rule=unanswered&since=2026-01-01");
  EXPECT_EQ(RedactedTarget("/x?hub.verify_token=s&access_token=t&api_key=k&Password=p&ok=1"),
            "/x?hub.verify_token=REDACTED&access_token=REDACTED&api_key=REDACTED&"
            "Password=REDACTED&ok=1");
  EXPECT_EQ(RedactedTarget("/x?hub%2Everify%5Ftoken=s"), "/x?hub%2Everify%5Ftoken=REDACTED");
  EXPECT_EQ(RedactedTarget("/x?token"), "/x?token");  // no value to hide
  EXPECT_EQ(RedactedTarget("/x?&&a=1&"), "/x?&&a=1&");
  EXPECT_EQ(RedactedTarget("/plain"), "/plain");
}

}  // namespace
}  // namespace fiducia

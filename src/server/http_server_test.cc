#include "server/http_server.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
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
  const fs::path db = fs::temp_directory_path() / "fiducia-http-test.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  FakeClock clock(ParseRfc3339("2026-03-02T12:00:00+01:00")->at);
  auto store = OpenSqliteStore(db.string());
  ASSERT_TRUE(store.ok());
  Service service(AuditConfig{}, std::move(*store), clock, Lang::kEn);
  std::ostringstream log;
  HttpServer server(service, log);
  ASSERT_TRUE(server.Listen({"127.0.0.1", 0}).ok());
  std::thread serving([&] { server.Run(2, false); });

  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  auto exchange = [&](http::verb verb, std::string target, std::string body) {
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

}  // namespace
}  // namespace fiducia

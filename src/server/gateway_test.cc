#include "server/gateway.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/time_text.h"
#include "server/access.h"
#include "server/signatures.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

const char* const kWhatsappText =
    R"({"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"390212345678","phone_number_id":"1"},"messages":[{"from":"393331234567","id":"wamid.g1","timestamp":"1772438400","type":"text","text":{"body":"Buongiorno, la fibra non va."}}]}}]}]})";

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fs::temp_directory_path() /
          ("fiducia-gateway-" +
           std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db");
    RemoveDb();
    config_.webhooks.whatsapp_app_secret = "app-secret";
    config_.webhooks.whatsapp_verify_token = "verify-me";
    config_.webhooks.twilio_auth_token = "twilio-token";
    config_.webhooks.twilio_url = "https://fiducia.example.com/v1/webhooks/twilio";
    config_.webhooks.zendesk_secret = "zendesk-secret";
    config_.limits.rate_per_second = 0;  // the rate limit has its own tests below
  }
  void TearDown() override {
    gateway_.reset();
    service_.reset();
    RemoveDb();
  }
  void RemoveDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_.string() + suffix);
  }
  void Start() {
    auto store = OpenSqliteStore(db_.string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    service_ = std::make_unique<Service>(config_, std::move(*store), clock_, Lang::kEn);
    ASSERT_TRUE(service_->Load().ok());
    gateway_ = std::make_unique<Gateway>(*service_, config_, clock_);
  }
  HttpResponse Send(std::string method, std::string target, std::string body = "",
                    std::map<std::string, std::string> headers = {}, std::string auth = "",
                    std::string peer = "192.0.2.1") {
    return gateway_->Handle({std::move(method), std::move(target), std::move(body), std::move(auth),
                             std::move(headers), std::move(peer)});
  }
  HttpResponse PostWhatsapp(const std::string& body) {
    return Send("POST", "/v1/webhooks/whatsapp", body,
                {{"x-hub-signature-256", "sha256=" + Hex(HmacSha256("app-secret", body))}});
  }

  ServeConfig config_;
  FakeClock clock_{ParseRfc3339("2026-03-02T12:00:00+01:00")->at};
  fs::path db_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<Gateway> gateway_;
};

TEST_F(GatewayTest, WhatsappHandshakeEchoesTheChallengeOnlyForTheVerifyToken) {
  Start();
  HttpResponse r =
      Send("GET",
           "/v1/webhooks/"
           "whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "1158201444");
  EXPECT_EQ(r.content_type.rfind("text/plain", 0), 0u);
  r = Send("GET",
           "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("\"code\":\"unauthenticated\""), std::string::npos) << r.body;
}

TEST_F(GatewayTest, ASignedWhatsappBodyIsStoredOnceAndAnUnsignedOneIsRefused) {
  Start();
  HttpResponse r = PostWhatsapp(kWhatsappText);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
  r = PostWhatsapp(kWhatsappText);  // Meta retries: the same wamid is one event
  EXPECT_NE(r.body.find("\"accepted\":0,\"duplicates\":1"), std::string::npos) << r.body;
  r = Send("GET", "/v1/customers/%2B393331234567/timeline");
  EXPECT_NE(r.body.find("\"wamid.g1\""), std::string::npos) << r.body;
  r = Send("GET", "/v1/waiting");
  EXPECT_NE(r.body.find("+393331234567"), std::string::npos) << r.body;

  const std::string tampered = std::string(kWhatsappText).replace(100, 1, " ");
  r = Send("POST", "/v1/webhooks/whatsapp", tampered,
           {{"x-hub-signature-256", "sha256=" + Hex(HmacSha256("app-secret", kWhatsappText))}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body.rfind("{\"error\":{\"code\":\"unauthenticated\"", 0), 0u) << r.body;
  r = Send("POST", "/v1/webhooks/whatsapp", kWhatsappText);  // no header
  EXPECT_EQ(r.status, 401);
  r = Send("GET", "/metrics");
  EXPECT_NE(r.body.find("fiducia_webhook_requests_total{source=\"whatsapp\",result=\"ok\"} 2"),
            std::string::npos)
      << r.body;
  EXPECT_NE(
      r.body.find("fiducia_webhook_requests_total{source=\"whatsapp\",result=\"unsigned\"} 2"),
      std::string::npos);
  EXPECT_NE(r.body.find("fiducia_webhook_events_total{source=\"whatsapp\"} 1"), std::string::npos);
}

TEST_F(GatewayTest, WebhooksNeedTheirSignatureNotAnApiToken) {
  Start();
  ASSERT_TRUE(service_->store()
                  .AddToken(HashToken("t0k3n"), "ops", "viewer", std::string(kDefaultWorkspace))
                  .ok());
  EXPECT_EQ(Send("POST", "/v1/events", "{}").status, 401);  // the API wants a token now
  EXPECT_EQ(PostWhatsapp(kWhatsappText).status, 200);       // the webhook its signature only
}

TEST_F(GatewayTest, WithoutASecretEveryWebhookIsRefused) {
  config_.webhooks = WebhookSecrets{};
  Start();
  EXPECT_EQ(PostWhatsapp(kWhatsappText).status, 401);
  EXPECT_EQ(
      Send("GET", "/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1")
          .status,
      401);
  EXPECT_EQ(
      Send("POST", "/v1/webhooks/twilio", "MessageSid=SM1", {{"x-twilio-signature", ""}}).status,
      401);
  EXPECT_EQ(Send("POST", "/v1/webhooks/zendesk", "{}").status, 401);
}

TEST_F(GatewayTest, TwilioSignatureCoversTheConfiguredUrlAndTheParameters) {
  Start();
  const std::string body =
      "SmsMessageSid=SM01&NumMedia=0&ProfileName=Jhonata&SmsStatus=received&Body=Ol%C3%A1&To="
      "whatsapp%3A%2B14155238886&MessageSid=SM01&From=whatsapp%3A%2B558282136275";
  const std::string signature =
      TwilioSignature("twilio-token", config_.webhooks.twilio_url, ParseForm(body));
  HttpResponse r = Send("POST", "/v1/webhooks/twilio", body, {{"x-twilio-signature", signature}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
  r = Send("POST", "/v1/webhooks/twilio", body + "&Extra=1", {{"x-twilio-signature", signature}});
  EXPECT_EQ(r.status, 401);
}

TEST_F(GatewayTest, ZendeskSignatureAndItsTimestampWindow) {
  Start();
  const std::string body =
      R"({"ticket_id":7,"comment_id":70,"public":true,"author":{"id":1,"role":"end-user"},"requester":{"id":1,"email":"a@example.it"},"body":"Ciao"})";
  const std::string now = "2026-03-02T11:00:00Z";
  HttpResponse r =
      Send("POST", "/v1/webhooks/zendesk", body,
           {{"x-zendesk-webhook-signature", ZendeskSignature("zendesk-secret", now, body)},
            {"x-zendesk-webhook-signature-timestamp", now}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
  const std::string stale = "2026-03-02T10:50:00Z";  // a replay ten minutes later
  r = Send("POST", "/v1/webhooks/zendesk", body,
           {{"x-zendesk-webhook-signature", ZendeskSignature("zendesk-secret", stale, body)},
            {"x-zendesk-webhook-signature-timestamp", stale}});
  EXPECT_EQ(r.status, 401);
  r = Send("POST", "/v1/webhooks/zendesk", body,
           {{"x-zendesk-webhook-signature", ZendeskSignature("zendesk-secret", now, body)},
            {"x-zendesk-webhook-signature-timestamp", stale}});
  EXPECT_EQ(r.status, 401);
}

TEST_F(GatewayTest, RateLimitPerTokenAndPerAddressWithRetryAfter) {
  config_.limits.rate_per_second = 1;
  config_.limits.rate_burst = 2;
  Start();
  EXPECT_EQ(Send("GET", "/v1/waiting").status, 200);
  EXPECT_EQ(Send("GET", "/v1/waiting").status, 200);
  HttpResponse r = Send("GET", "/v1/waiting");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.body.rfind("{\"error\":{\"code\":\"rate_limited\"", 0), 0u) << r.body;
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], std::make_pair(std::string("Retry-After"), std::string("1")));
  // Another client address, and a request with an issued token, have buckets of their own.
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "", "192.0.2.2").status, 200);
  ASSERT_TRUE(service_->store()
                  .AddToken(HashToken("abc"), "ops", "viewer", std::string(kDefaultWorkspace))
                  .ok());
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "Bearer abc").status, 200);
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "Bearer abc").status, 200);
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "Bearer abc").status, 429);
  // /healthz and /metrics are never limited.
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "Bearer abc").status, 200);
  gateway_->CountTooLarge();
  r = Send("GET", "/metrics");
  EXPECT_NE(r.body.find("fiducia_rate_limited_total{by=\"address\"} 1\n"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("fiducia_rate_limited_total{by=\"token\"} 1\n"), std::string::npos);
  EXPECT_NE(r.body.find("fiducia_http_too_large_total 1\n"), std::string::npos);
}

// The bucket was the presented token's hash: 300 invented tokens got 300 401s and no 429. A token
// the store does not know counts against the client address, like a request without one.
TEST_F(GatewayTest, InventedTokensShareTheirAddressBucket) {
  config_.limits.rate_per_second = 20;
  config_.limits.rate_burst = 40;
  Start();
  ASSERT_TRUE(
      service_->store()
          .AddToken(HashToken("real-token"), "ops", "viewer", std::string(kDefaultWorkspace))
          .ok());
  int unauthenticated = 0, limited = 0;
  for (int i = 0; i < 300; ++i) {
    const HttpResponse r =
        Send("GET", "/v1/waiting", "", {}, "Bearer invented-" + std::to_string(i), "192.0.2.9");
    unauthenticated += r.status == 401;
    limited += r.status == 429;
  }
  EXPECT_EQ(unauthenticated, 40);  // the burst, then nothing reaches the token check
  EXPECT_EQ(limited, 260);
  // The issued token from that same address still has its own bucket, and another address too.
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "Bearer real-token", "192.0.2.9").status, 200);
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "Bearer invented-x", "192.0.2.10").status, 401);
  // Without a token the address is the key as before.
  EXPECT_EQ(Send("GET", "/v1/waiting", "", {}, "", "192.0.2.9").status, 429);
  const HttpResponse m = Send("GET", "/metrics");
  EXPECT_NE(m.body.find("fiducia_rate_limited_total{by=\"address\"} 261\n"), std::string::npos)
      << m.body;
}

// A body signed with the Zendesk secret that is not a Zendesk webhook was answered 200 with
// nothing taken; the docs promise 400.
TEST_F(GatewayTest, ASignedBodyThatIsNotZendesksIs400) {
  Start();
  const std::string now = "2026-03-02T11:00:00Z";
  for (const std::string body : {R"({"hello": "world"})", R"([1, 2])", R"("text")"}) {
    const HttpResponse r =
        Send("POST", "/v1/webhooks/zendesk", body,
             {{"x-zendesk-webhook-signature", ZendeskSignature("zendesk-secret", now, body)},
              {"x-zendesk-webhook-signature-timestamp", now}});
    EXPECT_EQ(r.status, 400) << body << ": " << r.body;
    EXPECT_NE(r.body.find("not a Zendesk webhook"), std::string::npos) << r.body;
  }
  const HttpResponse m = Send("GET", "/metrics");
  EXPECT_NE(m.body.find("fiducia_webhook_requests_total{source=\"zendesk\",result=\"invalid\"} 3"),
            std::string::npos)
      << m.body;
}

}  // namespace
}  // namespace fiducia

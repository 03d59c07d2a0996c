#include "mailbox/imap_client.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

TEST(ImapUrlTest, ImapsByDefaultPortAndPlainOnlyOnLoopback) {
  auto tls = ParseImapUrl("imaps://mail.example.it");
  ASSERT_TRUE(tls.ok());
  EXPECT_TRUE(tls->tls);
  EXPECT_EQ(tls->port, 993);
  EXPECT_EQ(tls->ToString(), "imaps://mail.example.it:993");
  auto port = ParseImapUrl("imaps://mail.example.it:1993/");
  ASSERT_TRUE(port.ok());
  EXPECT_EQ(port->port, 1993);
  auto local = ParseImapUrl("imap://127.0.0.1:14300");
  ASSERT_TRUE(local.ok());
  EXPECT_FALSE(local->tls);
  EXPECT_EQ(local->port, 14300);
  EXPECT_TRUE(ParseImapUrl("imap://localhost").ok());
  EXPECT_TRUE(ParseImapUrl("imap://[::1]:143").ok());
  auto v6 = ParseImapUrl("imaps://[2001:db8::1]:995");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "2001:db8::1");
  EXPECT_EQ(v6->port, 995);
}

TEST(ImapUrlTest, BadUrlsAreUsageErrors) {
  for (const char* url : {"imap://mail.example.it", "http://mail.example.it", "imaps://",
                          "imaps://user:pw@mail.example.it", "imaps://mail.example.it/INBOX",
                          "imaps://mail.example.it:0", "imaps://mail.example.it:99999",
                          "imaps://mail.example.it:x", "imap://10.0.0.1:143"}) {
    auto endpoint = ParseImapUrl(url);
    ASSERT_FALSE(endpoint.ok()) << url;
    EXPECT_EQ(endpoint.status().code(), StatusCode::kUsage) << url;
  }
  // A URL holding a password is refused without repeating it elsewhere than the URL itself.
  EXPECT_NE(ParseImapUrl("imap://mail.example.it").status().message().find("imaps://"),
            std::string::npos);
}

TEST(ImapClientTest, AServerThatCannotBeReachedIsAnIoError) {
  auto client = ImapClient::Connect(*ParseImapUrl("imap://127.0.0.1:1"), std::chrono::seconds(5));
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.status().code(), StatusCode::kIoError);
  EXPECT_NE(client.status().message().find("imap://127.0.0.1:1"), std::string::npos)
      << client.status().message();
}

}  // namespace
}  // namespace fiducia

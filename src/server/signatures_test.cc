#include "server/signatures.h"

#include <gtest/gtest.h>

#include "server/webhooks.h"

namespace fiducia {
namespace {

TEST(SignaturesTest, TwilioDocumentedVector) {
  // Twilio's documented example (auth token 12345), also in twilio-python's validator tests.
  const FormParams params = {{"To", "+18005551212"},
                             {"From", "+14158675309"},
                             {"Digits", "1234"},
                             {"Caller", "+14158675309"},
                             {"CallSid", "CA1234567890ABCDE"}};
  EXPECT_EQ(TwilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  EXPECT_NE(TwilioSignature("12346", "https://mycompany.com/myapp.php?foo=1&bar=2", params),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  EXPECT_NE(TwilioSignature("12345", "http://mycompany.com/myapp.php?foo=1&bar=2", params),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
}

// Expected values computed with Python's hmac module, an independent implementation.
TEST(SignaturesTest, WhatsappHexHmacSha256OfTheRawBody) {
  const std::string body = R"({"object":"whatsapp_business_account","entry":[]})";
  const std::string sig = "sha256=ee9f05f989bc0aa2693d85691a477f8b8403933cde7959a1c5c6be7ea85e8d3d";
  EXPECT_TRUE(WhatsappSignatureValid("meta-app-secret", body, sig));
  EXPECT_FALSE(WhatsappSignatureValid("meta-app-secret", body + " ", sig));
  EXPECT_FALSE(WhatsappSignatureValid("other-secret", body, sig));
  EXPECT_FALSE(WhatsappSignatureValid("meta-app-secret", body, sig.substr(7)));  // no "sha256="
  EXPECT_FALSE(WhatsappSignatureValid("", body, sig));
  EXPECT_FALSE(WhatsappSignatureValid("meta-app-secret", body, ""));
}

TEST(SignaturesTest, ZendeskBase64HmacSha256OfTimestampAndBody) {
  EXPECT_EQ(ZendeskSignature("dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==", "2026-03-02T11:00:00Z",
                             R"({"comment_id":1})"),
            "ERlIEAVgU1TibOLQENbNh1tBXvafYI79GvTMc7xrT4A=");
}

TEST(SignaturesTest, Base64AndHexAndComparison) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Hex("\x01\xab"), "01ab");
  EXPECT_TRUE(SameBytes("abc", "abc"));
  EXPECT_FALSE(SameBytes("abc", "abd"));
  EXPECT_FALSE(SameBytes("abc", "ab"));
}

}  // namespace
}  // namespace fiducia

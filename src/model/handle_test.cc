#include "model/handle.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

std::string Normalised(std::string_view raw, std::string_view region = "IT") {
  auto result = NormaliseHandle(raw, region);
  EXPECT_TRUE(result.ok()) << raw << ": " << result.status().message();
  return result.ok() ? *result : std::string();
}

TEST(ClassifyHandleTest, TellsKindsApart) {
  EXPECT_EQ(ClassifyHandle("Mario.Rossi@Example.it"), HandleKind::kEmail);
  EXPECT_EQ(ClassifyHandle("+39 333 123 4567"), HandleKind::kPhone);
  EXPECT_EQ(ClassifyHandle("(02) 1234-5678"), HandleKind::kPhone);
  EXPECT_EQ(ClassifyHandle("@MarioRossi"), HandleKind::kSocial);
  EXPECT_EQ(ClassifyHandle("@localhost"), HandleKind::kSocial);
  EXPECT_EQ(ClassifyHandle("CRM-12345"), HandleKind::kOther);
  EXPECT_EQ(ClassifyHandle("12345"), HandleKind::kOther);           // too few digits for a phone
  EXPECT_EQ(ClassifyHandle("user@localhost"), HandleKind::kOther);  // no dot in the domain
  EXPECT_EQ(ClassifyHandle(""), HandleKind::kOther);
}

TEST(NormaliseHandleTest, EmailIsTrimmedAndLowerCased) {
  EXPECT_EQ(Normalised("  Mario.Rossi@Example.IT \t"), "mario.rossi@example.it");
}

TEST(NormaliseHandleTest, SocialLosesTheAtSignAndCase) {
  EXPECT_EQ(Normalised("@MarioRossi"), "mariorossi");
  EXPECT_EQ(Normalised(" @Caffè_Nero "), "caffè_nero");  // only ASCII is folded
}

TEST(NormaliseHandleTest, PhonesBecomeE164) {
  EXPECT_EQ(Normalised("+39 333 123 4567"), "+393331234567");
  EXPECT_EQ(Normalised("00393331234567"), "+393331234567");
  EXPECT_EQ(Normalised("333 123 4567"), "+393331234567");
  EXPECT_EQ(Normalised("333-123.4567"), "+393331234567");
  EXPECT_EQ(Normalised("(212) 555-0100", "US"), "+12125550100");
  EXPECT_EQ(Normalised("+1 212 555 0100"), "+12125550100");  // the country code wins over IT
}

TEST(NormaliseHandleTest, ImpossiblePhoneIsAnError) {
  auto result = NormaliseHandle("+39 123456789012345678");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(result.status().message(), "'+39 123456789012345678' is not a valid phone number");
}

TEST(NormaliseHandleTest, LongPhoneIsCutInTheMessage) {
  auto result = NormaliseHandle(std::string(5000, '9'));
  ASSERT_FALSE(result.ok());
  EXPECT_LT(result.status().message().size(), 80u);
}

TEST(NormaliseHandleTest, OtherHandlesAreOnlyTrimmed) {
  EXPECT_EQ(Normalised("  CRM-12345 "), "CRM-12345");
  EXPECT_EQ(Normalised("Zendesk User 42"), "Zendesk User 42");
}

TEST(NormaliseHandleTest, EmptyIsAnError) {
  EXPECT_FALSE(NormaliseHandle("").ok());
  EXPECT_FALSE(NormaliseHandle("   ").ok());
  EXPECT_FALSE(NormaliseHandle("@").ok());
}

TEST(NormaliseHandleTest, UnknownRegionRejectsNationalNumbers) {
  EXPECT_FALSE(NormaliseHandle("333 123 4567", "XX").ok());
  EXPECT_EQ(Normalised("+39 333 123 4567", "XX"), "+393331234567");
}

}  // namespace
}  // namespace fiducia

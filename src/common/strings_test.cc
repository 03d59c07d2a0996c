#include "common/strings.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace fiducia {
namespace {

TEST(StringsTest, AsciiLowerChangesOnlyAsciiCapitals) {
  EXPECT_EQ(AsciiLower("Zendesk-Ticket_ID 42"), "zendesk-ticket_id 42");
  EXPECT_EQ(AsciiLower("ÀÈ Öl"), "ÀÈ Öl");  // UTF-8 bytes untouched: ICU's job, not this one
  EXPECT_EQ(AsciiLower('Q'), 'q');
  EXPECT_EQ(AsciiLower('@'), '@');
  EXPECT_EQ(AsciiLower(""), "");
}

TEST(StringsTest, EqualsIgnoringAsciiCase) {
  EXPECT_TRUE(EqualsIgnoringAsciiCase("Content-Type", "content-TYPE"));
  EXPECT_TRUE(EqualsIgnoringAsciiCase("", ""));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("agent", "agents"));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("À", "à"));
}

TEST(StringsTest, TrimAsciiSpaceTakesBlanksOffBothEnds) {
  EXPECT_EQ(TrimAsciiSpace(" \t\r\n\f\vhello world\r\n"), "hello world");
  EXPECT_EQ(TrimAsciiSpace("   "), "");
  EXPECT_EQ(TrimAsciiSpace(""), "");
  EXPECT_EQ(TrimAsciiSpace("x"), "x");
  EXPECT_EQ(TrimAsciiSpace("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");  // a no-break space stays
}

TEST(StringsTest, Fnv1aMatchesTheReferenceValues) {
  // From the FNV reference (draft-eastlake-fnv): the empty string is the offset basis.
  EXPECT_EQ(Fnv1a(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a("bar", Fnv1a("foo")), Fnv1a("foobar"));  // continues from a hash
  static_assert(Fnv1a("") == kFnv1aOffset);
}

TEST(StringsTest, Fnv1aOfPartsSeparatesTheParts) {
  EXPECT_NE(Fnv1aOfParts({"ab", "c"}), Fnv1aOfParts({"a", "bc"}));
  EXPECT_EQ(Fnv1aOfParts({"ab", "c"}), Fnv1aOfParts({"c"}, Fnv1aOfParts({"ab"})));
  EXPECT_EQ(Fnv1aOfParts({"a"}), (Fnv1a("a") ^ 0xFF) * kFnv1aPrime);
}

TEST(StringsTest, FindTimeZone) {
  const date::time_zone* rome = FindTimeZone("Europe/Rome");
  ASSERT_NE(rome, nullptr);
  EXPECT_EQ(rome->name(), "Europe/Rome");
  EXPECT_EQ(FindTimeZone("Europe/Atlantis"), nullptr);
  EXPECT_EQ(FindTimeZone(""), nullptr);
}

}  // namespace
}  // namespace fiducia

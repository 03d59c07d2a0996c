#include "sources/format.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

SourceFormat Detect(std::string_view head, std::string_view name = "x") {
  return DetectFormat(head, name, SourceSettings{});
}

TEST(FormatTest, NamesRoundTrip) {
  for (auto f : {SourceFormat::kCanonical, SourceFormat::kWhatsapp, SourceFormat::kMbox,
                 SourceFormat::kEmail, SourceFormat::kZendesk, SourceFormat::kFreshdesk,
                 SourceFormat::kTweets, SourceFormat::kCallLog}) {
    EXPECT_EQ(ParseSourceFormat(ToString(f)), f);
  }
  EXPECT_FALSE(ParseSourceFormat("unknown").has_value());
  EXPECT_FALSE(ParseSourceFormat("pdf").has_value());
}

TEST(FormatTest, CanonicalEventsAreToldFromTheirFirstLine) {
  EXPECT_EQ(Detect("{\"id\":\"w1\",\"at\":\"2026-03-02T09:14:00+01:00\"}\n"),
            SourceFormat::kCanonical);
  EXPECT_EQ(Detect("\n  {\"at\":\"x\", \"id\":\"y\"}"), SourceFormat::kCanonical);
}

TEST(FormatTest, ZipAndMboxByTheirFirstBytes) {
  EXPECT_EQ(Detect(std::string_view("PK\x03\x04rest", 8)), SourceFormat::kWhatsapp);
  EXPECT_EQ(Detect("From MAILER-DAEMON Fri Jul  8 12:08:34 2011\nFrom: a@b.it\n"),
            SourceFormat::kMbox);
}

TEST(FormatTest, ProseIsNoFormat) {
  EXPECT_EQ(Detect("# Sample corpus\n\nTwo small exports.\n"), SourceFormat::kUnknown);
  EXPECT_EQ(Detect(""), SourceFormat::kUnknown);
}

}  // namespace
}  // namespace fiducia

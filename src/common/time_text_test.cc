#include "common/time_text.h"

#include <gtest/gtest.h>

#include "common/terminal.h"

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(Rfc3339Test, ReadsOffsetsAndZ) {
  auto a = ParseRfc3339("2026-03-02T09:14:00+01:00");
  auto b = ParseRfc3339("2026-03-02T08:14:00Z");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->at, b->at);
  EXPECT_EQ(a->offset, minutes(60));
  EXPECT_EQ(b->offset, minutes(0));
}

TEST(Rfc3339Test, KeepsMilliseconds) {
  auto a = ParseRfc3339("2026-03-02T09:14:00.25-05:30");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(FormatRfc3339(a->at, a->offset), "2026-03-02T09:14:00.250-05:30");
}

TEST(Rfc3339Test, RoundTrips) {
  auto a = ParseRfc3339("2026-10-25T02:30:00+02:00");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(FormatRfc3339(a->at, a->offset), "2026-10-25T02:30:00+02:00");
  EXPECT_EQ(FormatRfc3339(a->at, minutes(0)), "2026-10-25T00:30:00+00:00");
}

TEST(Rfc3339Test, RejectsWhatIsNotOne) {
  for (const char* bad : {"", "2026-03-02", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                          "2026-03-02T25:00:00Z", "2026-03-02T09:14:00", "2026-03-02T09:14:00+1",
                          "2026-03-02T09:14:00Zjunk", "02/03/2026 09:14"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
  EXPECT_NE(ParseRfc3339("2026-02-30T00:00:00Z").status().message().find("no such date"),
            std::string_view::npos);
}

TEST(DurationTest, ReadsUnits) {
  EXPECT_EQ(*ParseDuration("8h"), hours(8));
  EXPECT_EQ(*ParseDuration("15m"), minutes(15));
  EXPECT_EQ(*ParseDuration("2h30m"), minutes(150));
  EXPECT_EQ(*ParseDuration("1d"), hours(24));
  EXPECT_EQ(*ParseDuration("90"), seconds(90));
  EXPECT_FALSE(ParseDuration("8 hours").ok());
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("h").ok());
  EXPECT_FALSE(ParseDuration("2h30").ok());
}

TEST(DurationTest, FormatsWhatItReads) {
  for (seconds d : {seconds(0), seconds(45), seconds(minutes(15)), seconds(hours(8)),
                    seconds(minutes(150)), seconds(hours(72))}) {
    EXPECT_EQ(*ParseDuration(FormatDuration(d)), d);
  }
  EXPECT_EQ(HumanDuration(minutes(200)), "3 h 20 min");
  EXPECT_EQ(HumanDuration(hours(52)), "2 d 4 h");
  EXPECT_EQ(HumanDuration(seconds(30)), "30 s");
}

TEST(TerminalTest, EscapeSequencesAreShownNotRun) {
  EXPECT_EQ(TerminalSafe("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(TerminalSafe("caffè"), "caffè");
}

}  // namespace
}  // namespace fiducia

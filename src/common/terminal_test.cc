#include "common/terminal.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

TEST(TerminalSafeTest, ControlCharactersOfEveryKindAreShownNotRun) {
  EXPECT_EQ(TerminalSafe("red\x1b[31mtext\x7f"), "red\\x1b[31mtext\\x7f");
  EXPECT_EQ(TerminalSafe("csi\xC2\x9B"
                         "2J"),
            "csi\\u009b2J");  // C1 CSI
  EXPECT_EQ(TerminalSafe("a\xE2\x80\xAE"
                         "cba"),
            "a\\u202ecba");  // right-to-left override
  EXPECT_EQ(TerminalSafe("perché € 😀"), "perché € 😀");
}

TEST(TerminalSafeTest, InvalidUtf8IsShownAsBytes) {
  EXPECT_EQ(TerminalSafe("a\xFF"
                         "b"),
            "a\\xffb");
  EXPECT_EQ(TerminalSafe("\x9B"
                         "2J"),
            "\\x9b2J");  // the 8-bit CSI, alone
  EXPECT_EQ(TerminalSafe("caff\xC3"), "caff\\xc3");
}

TEST(ShownTest, QuotesAndEscapesHostileValues) {
  EXPECT_EQ(Shown("say \"hi\"\x1b[31m"), "\"say \\\"hi\\\"\\u001b[31m\"");
  EXPECT_EQ(Shown("x\xFF\xE2\x80\xAE"), "\"x\\xff\\u202e\"");
  EXPECT_EQ(Shown(std::string(50, 'a')), "\"" + std::string(40, 'a') + "…\"");
}

}  // namespace
}  // namespace fiducia

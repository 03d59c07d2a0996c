#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace fiducia {
namespace {

constexpr std::string_view kFffd = "\xEF\xBF\xBD";

TEST(Utf8Test, ValidTextIsKeptByteIdentical) {
  for (const std::string_view text :
       {std::string_view(""), std::string_view("plain ascii"), std::string_view("perché € 日本 😀"),
        std::string_view(
            "\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
        std::string_view("nul\0inside", 10)}) {
    EXPECT_TRUE(IsValidUtf8(text));
    EXPECT_EQ(RepairedUtf8(text), text);
    std::string scratch;
    const std::string_view repaired = RepairUtf8(text, scratch);
    EXPECT_EQ(repaired.data(), text.data()) << "no copy when valid";
  }
}

TEST(Utf8Test, StrayBytesBecomeReplacementCharacters) {
  EXPECT_FALSE(IsValidUtf8("a\xFF"));
  EXPECT_EQ(RepairedUtf8("a\xFFz"), std::string("a") + std::string(kFffd) + "z");
  EXPECT_EQ(RepairedUtf8("\x80\xBF"), std::string(kFffd) + std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xFE\xFF"), std::string(kFffd) + std::string(kFffd));
}

TEST(Utf8Test, OverlongFormsAreRepaired) {
  // "/" as two and three bytes, NUL as two: classic filter bypasses.
  EXPECT_EQ(RepairedUtf8("\xC0\xAF"), std::string(kFffd) + std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xC1\x81"), std::string(kFffd) + std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xE0\x80\xAF"),
            std::string(kFffd) + std::string(kFffd) + std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xC0\x80"), std::string(kFffd) + std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xF0\x80\x80\xAF").find('/'), std::string::npos);
}

TEST(Utf8Test, SurrogatesAndCodePointsPastTheLastAreRepaired) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // U+D800
  EXPECT_EQ(RepairedUtf8("x\xED\xA0\x80y"),
            "x" + std::string(kFffd) + std::string(kFffd) + std::string(kFffd) + "y");
  EXPECT_EQ(RepairedUtf8("\xED\xBF\xBF").find('\xED'), std::string::npos);  // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));                            // U+110000
  EXPECT_TRUE(IsValidUtf8(RepairedUtf8("\xF4\x90\x80\x80")));
}

TEST(Utf8Test, SequencesCutShortAreRepaired) {
  // A truncated sequence is one maximal subpart: one U+FFFD, and the next character survives.
  EXPECT_EQ(RepairedUtf8("caff\xC3"), "caff" + std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xE2\x82"), std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xF0\x9F\x98"), std::string(kFffd));
  EXPECT_EQ(RepairedUtf8("\xE2\x82z\xE2\x82\xAC"), std::string(kFffd) + "z€");
}

TEST(Utf8Test, RepairUtf8UsesTheScratchOnlyWhenNeeded) {
  std::string scratch = "old";
  const std::string_view bad = "a\xFF";
  const std::string_view repaired = RepairUtf8(bad, scratch);
  EXPECT_EQ(repaired, "a" + std::string(kFffd));
  EXPECT_EQ(repaired.data(), scratch.data());
}

TEST(Utf8Test, NextCodePointDecodesAndStepsOverBadBytes) {
  const std::string_view text = "é\xFF€";
  size_t i = 0;
  EXPECT_EQ(NextCodePoint(text, i), 0xE9);
  EXPECT_EQ(i, 2u);
  EXPECT_LT(NextCodePoint(text, i), 0);
  EXPECT_EQ(i, 3u);
  EXPECT_EQ(NextCodePoint(text, i), 0x20AC);
  EXPECT_EQ(i, text.size());
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

TEST(AppendUtf8Test, EncodesScalarsAndReplacesWhatUtf8CannotHold) {
  std::string out;
  for (const char32_t c : {char32_t{'a'}, char32_t{0xE9}, char32_t{0x20AC}, char32_t{0x1F44D},
                           char32_t{0xD800}, char32_t{0x110000}}) {
    AppendUtf8(out, c);
  }
  EXPECT_EQ(out, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\x8D\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(out));
}

}  // namespace
}  // namespace fiducia

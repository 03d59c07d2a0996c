#include "report/escape.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

TEST(EscapeTest, HtmlEscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscaped("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscaped("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(HtmlEscaped("a & b"), "a &amp; b");
}

TEST(EscapeTest, HtmlKeepsUtf8AndReplacesControlsAndBadBytes) {
  EXPECT_EQ(HtmlEscaped("perché €"), "perché €");
  EXPECT_EQ(HtmlEscaped("a\x1b[31mb"), "a\xEF\xBF\xBD[31mb");
  EXPECT_EQ(HtmlEscaped("x\xC3"), "x\xEF\xBF\xBD");                // cut sequence
  EXPECT_EQ(HtmlEscaped("\xC0\xBC"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '<'
  EXPECT_EQ(HtmlEscaped("a\tb\nc"), "a\tb\nc");
}

TEST(EscapeTest, FormulasAreNeutralised) {
  for (const char* formula :
       {"=HYPERLINK(\"http://x\",\"y\")", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"}) {
    EXPECT_EQ(FormulaSafe(formula), std::string("'") + formula);
  }
  EXPECT_EQ(FormulaSafe("ciao = 1"), "ciao = 1");
  EXPECT_EQ(FormulaSafe(""), "");
}

TEST(EscapeTest, CsvFieldsAreQuotedWhenNeeded) {
  std::string out;
  AppendCsvField(out, "plain");
  out += ',';
  AppendCsvField(out, "a,\"b\"\nc");
  out += ',';
  AppendCsvField(out, "=1,2");
  EXPECT_EQ(out, "plain,\"a,\"\"b\"\"\nc\",\"'=1,2\"");
}

TEST(EscapeTest, PrintableUtf8ForXml) {
  EXPECT_EQ(PrintableUtf8("ok\x01\xFF\n"), "ok\xEF\xBF\xBD\xEF\xBF\xBD\n");
}

}  // namespace
}  // namespace fiducia

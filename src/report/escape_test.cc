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

TEST(EscapeTest, BidiControlsAreShownAsMarkers) {
  // An override in a name would otherwise reverse the report text after it.
  EXPECT_EQ(HtmlEscaped("Mario\xE2\x80\xAEtxt.exe"), "Mario[U+202E]txt.exe");
  EXPECT_EQ(PrintableUtf8("a\xE2\x81\xA6"
                          "b\xE2\x80\x8F\xD8\x9C"),
            "a[U+2066]b[U+200F][U+061C]");
  std::string csv;
  AppendCsvField(csv, "\xE2\x80\xAB\xE2\x81\xA9");
  EXPECT_EQ(csv, "[U+202B][U+2069]");
  EXPECT_EQ(HtmlEscaped("שלום עולם"), "שלום עולם");  // right-to-left text itself is kept
}

TEST(EscapeTest, C1ControlsAreReplacedEverywhere) {
  EXPECT_EQ(HtmlEscaped("a\xC2\x9B"
                        "2Jb"),
            "a\xEF\xBF\xBD"
            "2Jb");
  EXPECT_EQ(PrintableUtf8("\xC2\x85"), "\xEF\xBF\xBD");
}

TEST(EscapeTest, CsvNeutralisesTerminalEscapesAndBadBytes) {
  std::string out;
  AppendCsvField(out, "red\x1b[31mtext\x07\xFF");
  EXPECT_EQ(out, "red\xEF\xBF\xBD[31mtext\xEF\xBF\xBD\xEF\xBF\xBD");
  out.clear();
  AppendCsvField(out, "\x1b=1+1");  // the control is replaced, the formula guard still applies
  EXPECT_EQ(out, "\xEF\xBF\xBD=1+1");
  out.clear();
  AppendCsvField(out, "=1\r\n2");
  EXPECT_EQ(out, "\"'=1\r\n2\"");
}

}  // namespace
}  // namespace fiducia

#include "report/html_report.h"

#include <gtest/gtest.h>

#include <regex>

#include "report/report_fixture.h"
#include "report/report_words.h"

namespace fiducia {
namespace {

using testing_support::AuditOfJsonl;
using testing_support::AuditOfSamples;
using testing_support::kHostileJsonl;

std::string SamplesHtml(Lang lang) {
  AuditConfig config;
  const auto audit = AuditOfSamples(config);
  return HtmlReport(BuildReportModel(*audit, config), {lang});
}

TEST(HtmlReportTest, EverySectionInBothLanguagesWithNoMissingWord) {
  for (Lang lang : {Lang::kIt, Lang::kEn}) {
    const std::string html = SamplesHtml(lang);
    for (const char* id : kHtmlSections) {
      EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;
      EXPECT_TRUE(HasWord(std::string("nav_") + id)) << id;
    }
    // A phrase key that leaked through Word() would show as a snake_case word inside a tag.
    const std::regex raw_key("<(h2|h3|th|p|b|text)[^>]*>[a-z0-9]+_[a-z0-9_]+<");
    std::smatch match;
    EXPECT_FALSE(std::regex_search(html, match, raw_key)) << match.str();
    EXPECT_NE(html.find(std::string("<html lang=\"") + std::string(ToString(lang)) + "\">"),
              std::string::npos);
  }
  EXPECT_NE(SamplesHtml(Lang::kIt).find("Silenzi e ritardi"), std::string::npos);
  EXPECT_NE(SamplesHtml(Lang::kEn).find("Silence and delays"), std::string::npos);
}

TEST(HtmlReportTest, SelfContainedWithoutScriptOrNetwork) {
  const std::string html = SamplesHtml(Lang::kEn);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // SVG namespace only
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
}

TEST(HtmlReportTest, SameAuditSameBytes) {
  EXPECT_EQ(SamplesHtml(Lang::kIt), SamplesHtml(Lang::kIt));
}

TEST(HtmlReportTest, HostileTextIsEscapedEverywhere) {
  AuditConfig config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  ASSERT_FALSE(audit->findings.empty());
  const std::string html = HtmlReport(BuildReportModel(*audit, config), {Lang::kIt});
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_EQ(html.find("<a href=\"javascript"), std::string::npos);
  EXPECT_EQ(html.find("</textarea>"), std::string::npos);
  EXPECT_EQ(html.find("<b>T-1"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
}

TEST(HtmlReportTest, KeptTextsShowTheTriggeringWords) {
  AuditConfig config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  const std::string html = HtmlReport(BuildReportModel(*audit, config), {Lang::kEn});
  EXPECT_NE(html.find("<mark>Ci scusiamo"), std::string::npos) << html;
  EXPECT_NE(html.find("<q class=\"txt\">"), std::string::npos);
}

TEST(HtmlReportTest, DroppedTextsShowIdsChannelsAndTimesOnly) {
  AuditConfig config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config, /*keep_text=*/false);
  const std::string html = HtmlReport(BuildReportModel(*audit, config), {Lang::kEn});
  EXPECT_EQ(html.find("<q class=\"txt\">"), std::string::npos);
  EXPECT_EQ(html.find("Ci scusiamo"), std::string::npos);
  EXPECT_NE(html.find("2026-03-04 16:00 · WhatsApp · company"), std::string::npos);
}

TEST(HtmlReportTest, LongListsAreCutAndSaySo) {
  AuditConfig config;
  const auto audit = AuditOfSamples(config);
  HtmlReportOptions options{Lang::kEn};
  options.findings_per_rule = 1;
  const std::string html = HtmlReport(BuildReportModel(*audit, config), options);
  EXPECT_NE(html.find("1 shown of"), std::string::npos);
}

}  // namespace
}  // namespace fiducia

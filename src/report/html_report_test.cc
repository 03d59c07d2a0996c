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
  AuditPolicy config;
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
  AuditPolicy config;
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
  AuditPolicy config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  const std::string html = HtmlReport(BuildReportModel(*audit, config), {Lang::kEn});
  EXPECT_NE(html.find("<mark>Ci scusiamo"), std::string::npos) << html;
  EXPECT_NE(html.find("<q class=\"txt\">"), std::string::npos);
}

TEST(HtmlReportTest, DroppedTextsShowIdsChannelsAndTimesOnly) {
  AuditPolicy config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config, /*keep_text=*/false);
  const std::string html = HtmlReport(BuildReportModel(*audit, config), {Lang::kEn});
  EXPECT_EQ(html.find("<q class=\"txt\">"), std::string::npos);
  EXPECT_EQ(html.find("Ci scusiamo"), std::string::npos);
  EXPECT_NE(html.find("2026-03-04 16:00 · WhatsApp · company"), std::string::npos);
}

TEST(HtmlReportTest, LongListsAreCutAndSaySo) {
  AuditPolicy config;
  const auto audit = AuditOfSamples(config);
  HtmlReportOptions options{Lang::kEn};
  options.findings_per_rule = 1;
  const std::string html = HtmlReport(BuildReportModel(*audit, config), options);
  EXPECT_NE(html.find("1 shown of"), std::string::npos);
}

// The rules after overcommitment produce no finding yet: findings made by hand stand in for them,
// so that their sections are known to show them when they come.
TEST(HtmlReportTest, EveryRuleFindsItsSection) {
  AuditPolicy config;
  auto audit = AuditOfJsonl(kHostileJsonl, config);
  const uint32_t out = 2;  // h3, the agent's reply
  ASSERT_EQ(audit->corpus.events()[out].direction, Direction::kOut);
  for (Rule rule : kAllRules) {
    Finding f;
    f.rule = rule;
    f.severity = Severity::kHigh;
    f.messages = {out, 0};
    f.case_number = 1;
    f.channel = Channel::kWhatsapp;
    audit->findings.push_back(f);
  }
  const ReportModel model = BuildReportModel(*audit, config);
  const std::string html = HtmlReport(model, {Lang::kEn});
  for (Rule rule : kAllRules) {
    EXPECT_NE(html.find(std::string("<h3 id=\"rule-") + std::string(ToString(rule)) + "\">"),
              std::string::npos)
        << ToString(rule);
  }
  EXPECT_NE(html.find("<div class=\"side\"><div><b>earlier</b>"), std::string::npos);
  EXPECT_NE(html.find("<rect class=\"heat spike\""), std::string::npos);
  const auto alarms = html.find("<section id=\"alarms\">");
  EXPECT_LT(html.find("<table>", alarms), html.find("<section id=\"strain\">"));
  EXPECT_EQ(model.promises.broken, 1u);
  EXPECT_EQ(model.promises.silent, 1u);
  EXPECT_EQ(model.customers_two_truths, 1u);
  ASSERT_EQ(model.agents.size(), 1u);
  EXPECT_EQ(model.agents[0].strain_findings, 1u);
}

}  // namespace
}  // namespace fiducia

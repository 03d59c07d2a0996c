#include "rules/catalogue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <variant>

#include "rules/finding.h"

namespace fiducia {
namespace {

TEST(CatalogueTest, OneRowPerRuleInTheirOrder) {
  ASSERT_EQ(RuleCatalogue().size(), std::size(kAllRules));
  std::set<std::string_view> names, titles, explanations;
  for (size_t i = 0; i < std::size(kAllRules); ++i) {
    const RuleInfo& row = RuleCatalogue()[i];
    EXPECT_EQ(row.rule, kAllRules[i]);
    EXPECT_EQ(&RuleOf(kAllRules[i]), &row);
    EXPECT_EQ(ParseRule(row.name), row.rule);
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
    EXPECT_TRUE(titles.insert(row.title_key).second) << row.title_key;
    EXPECT_TRUE(explanations.insert(row.explanation_key).second) << row.explanation_key;
    EXPECT_FALSE(row.anchor.empty()) << row.name;
    EXPECT_FALSE(row.code.empty()) << row.name;
  }
  EXPECT_EQ(ParseRule("no_such_rule"), std::nullopt);
}

TEST(CatalogueTest, EveryFamilyHasRulesAndItsNameReadsBack) {
  for (Family family : kAllFamilies) {
    EXPECT_EQ(ParseFamily(ToString(family)), family);
    size_t rules = 0;
    for (const RuleInfo& row : RuleCatalogue()) rules += row.family == family ? 1 : 0;
    EXPECT_GT(rules, 0u) << ToString(family);
  }
  EXPECT_EQ(ParseFamily("timing"), std::nullopt);  // the rule files' old grouping is gone
}

TEST(CatalogueTest, TheRulesThatAlertAreThePromisesAndTheAlarm) {
  std::set<Rule> alerting;
  for (const RuleInfo& row : RuleCatalogue()) {
    if (row.alerts) alerting.insert(row.rule);
  }
  EXPECT_EQ(alerting, (std::set<Rule>{Rule::kSilentNo, Rule::kBrokenPromise, Rule::kTrustAlarm}));
}

// The policies in words, as src/README.md and the findings spec state them.
TEST(CatalogueTest, SeverityPoliciesReadAsWritten) {
  EXPECT_EQ(DescribeSeverity(RuleOf(Rule::kUnanswered).severity),
            "medium; high from twice the target");
  EXPECT_EQ(DescribeSeverity(RuleOf(Rule::kLateReply).severity),
            "low; medium from twice the target");
  EXPECT_EQ(DescribeSeverity(RuleOf(Rule::kSilentNo).severity),
            "medium; high when the case was then closed");
  EXPECT_EQ(DescribeSeverity(RuleOf(Rule::kBrokenPromise).severity),
            "medium; high when nobody got back to the customer");
  EXPECT_EQ(DescribeSeverity(RuleOf(Rule::kTrustAlarm).severity), "high");
  EXPECT_EQ(DescribeSeverity({Severity::kLow, 3}), "low; medium from 3 times the target");
}

Finding Judged(Rule rule, std::optional<std::chrono::seconds> wait, std::chrono::seconds target) {
  Finding f;
  f.rule = rule;
  f.business_time = wait;
  f.target = target;
  return f;
}

TEST(CatalogueTest, SeverityOfRaisesOneStepFromTwiceTheTarget) {
  using std::chrono::seconds;
  const seconds target(3600);
  EXPECT_EQ(SeverityOf(Judged(Rule::kLateReply, seconds(7199), target)), Severity::kLow);
  EXPECT_EQ(SeverityOf(Judged(Rule::kLateReply, seconds(7200), target)), Severity::kMedium);
  EXPECT_EQ(SeverityOf(Judged(Rule::kUnanswered, seconds(3601), target)), Severity::kMedium);
  EXPECT_EQ(SeverityOf(Judged(Rule::kUnanswered, seconds(7200), target)), Severity::kHigh);
  // A rule whose policy does not read the wait keeps its base, however long the wait.
  EXPECT_EQ(SeverityOf(Judged(Rule::kChaser, seconds(100000), target)), Severity::kMedium);
  EXPECT_EQ(SeverityOf(Judged(Rule::kVolumeSpike, std::nullopt, target)), Severity::kLow);
}

TEST(CatalogueTest, SeverityOfRaisesOnlyOnThePolicysAggravations) {
  const Finding silent = Judged(Rule::kSilentNo, std::chrono::seconds(10), {});
  EXPECT_EQ(SeverityOf(silent), Severity::kMedium);
  EXPECT_EQ(SeverityOf(silent, kCaseClosedOnIt), Severity::kHigh);
  EXPECT_EQ(SeverityOf(silent, kNeverGotBack), Severity::kMedium);
  const Finding promise = Judged(Rule::kBrokenPromise, std::chrono::seconds(10), {});
  EXPECT_EQ(SeverityOf(promise), Severity::kMedium);
  EXPECT_EQ(SeverityOf(promise, kNeverGotBack), Severity::kHigh);
  EXPECT_EQ(SeverityOf(Judged(Rule::kTrustAlarm, std::nullopt, {}), kCaseClosedOnIt),
            Severity::kHigh);
}

// A finding's detail is one typed alternative: reading another meaning throws instead of
// answering with a number that means something else.
TEST(CatalogueTest, FindingDetailIsReadOnlyAsWhatItIs) {
  Finding f;
  f.rule = Rule::kTrustRepairIncomplete;
  f.detail = RepairParts{kCueEmpathy};
  EXPECT_EQ(KindOf(f.detail), RuleOf(f.rule).detail);
  EXPECT_EQ(std::get<RepairParts>(f.detail).missing, uint32_t{kCueEmpathy});
  EXPECT_THROW((void)std::get<FactSubject>(f.detail), std::bad_variant_access);
  EXPECT_EQ(std::get_if<MessageCount>(&f.detail), nullptr);
  EXPECT_EQ(KindOf(Finding{}.detail), DetailKind::kNone);
  EXPECT_LE(sizeof(Finding), 96u);  // was 96 with a bare uint32_t detail
}

// Every cue class a row names is a class of both lexicons, so that its words are found there.
TEST(CatalogueTest, EveryWordClassIsInTheLexicons) {
  for (const char* lang : {"en", "it"}) {
    std::ifstream in(std::filesystem::path(FIDUCIA_SOURCE_DIR) / "data/lexicons" /
                     (std::string(lang) + ".tsv"));
    ASSERT_TRUE(in) << lang;
    std::set<std::string> classes;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      classes.insert(line.substr(0, line.find('\t')));
    }
    for (const RuleInfo& row : RuleCatalogue()) {
      for (int bit = 0; bit < kCueClassCount; ++bit) {
        const uint32_t cue = 1u << bit;
        if (((row.trigger_cues | row.other_cues) & cue) == 0) continue;
        EXPECT_TRUE(classes.count(std::string(ToString(static_cast<Cue>(cue)))))
            << row.name << " reads " << ToString(static_cast<Cue>(cue)) << ", not in " << lang;
      }
    }
  }
}

// Every rule has case files named after it (tests/cases/<name>_*.case).
TEST(CatalogueTest, EveryRuleHasCaseFiles) {
  std::set<std::string> prefixes;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(FIDUCIA_SOURCE_DIR) / "tests/cases")) {
    prefixes.insert(entry.path().filename().string());
  }
  for (const RuleInfo& row : RuleCatalogue()) {
    const std::string prefix = std::string(row.name) + "_";
    const auto it = prefixes.lower_bound(prefix);
    EXPECT_TRUE(it != prefixes.end() && it->rfind(prefix, 0) == 0) << row.name;
  }
}

}  // namespace
}  // namespace fiducia

#include "report/language.h"

#include <gtest/gtest.h>

#include "report/report_words.h"

namespace fiducia {
namespace {

TEST(LanguageTest, LocaleChoosesItalianOnlyForItalian) {
  EXPECT_EQ(LangFromLocale("it_IT.UTF-8"), Lang::kIt);
  EXPECT_EQ(LangFromLocale("en_GB.UTF-8"), Lang::kEn);
  EXPECT_EQ(LangFromLocale(""), Lang::kEn);
  EXPECT_EQ(ParseLang("it"), Lang::kIt);
  EXPECT_FALSE(ParseLang("fr").has_value());
}

TEST(LanguageTest, ExplanationsSayWhatToDoInTheirLanguage) {
  Corpus corpus;
  Event e;
  e.channel = Channel::kWhatsapp;
  corpus.Add("w1", e);
  Finding f;
  f.rule = Rule::kUnanswered;
  f.messages = {0};
  f.channel = Channel::kWhatsapp;
  f.target = std::chrono::hours(2);
  f.business_time = std::chrono::minutes(200);
  const std::string it = Explain(f, corpus, Lang::kIt);
  const std::string en = Explain(f, corpus, Lang::kEn);
  EXPECT_NE(it.find("rispondete subito"), std::string::npos) << it;
  EXPECT_NE(it.find("3 h 20 min"), std::string::npos) << it;
  EXPECT_NE(en.find("answer now"), std::string::npos) << en;
  for (Rule r : kAllRules) {
    f.rule = r;
    EXPECT_FALSE(Explain(f, corpus, Lang::kIt).empty());
    EXPECT_NE(Explain(f, corpus, Lang::kIt), Explain(f, corpus, Lang::kEn));
  }
}

// Each rule's title and explanation are found under the keys of its catalogue row, in both
// languages, and the explanation names only the values Explain fills in.
TEST(LanguageTest, EveryCatalogueRowHasItsWords) {
  Corpus corpus;
  corpus.Add("m1", Event{});
  for (const RuleInfo& row : RuleCatalogue()) {
    EXPECT_TRUE(HasWord(row.title_key)) << row.name;
    EXPECT_TRUE(HasWord(row.explanation_key)) << row.name;
    EXPECT_NE(RuleTitle(row.rule, Lang::kIt), RuleTitle(row.rule, Lang::kEn)) << row.name;
    Finding f;
    f.rule = row.rule;
    f.messages = {0};
    for (Lang lang : {Lang::kIt, Lang::kEn}) {
      std::string text;
      EXPECT_NO_THROW(text = Explain(f, corpus, lang)) << row.name;
      EXPECT_EQ(text.find('{'), std::string::npos) << row.name << ": " << text;
    }
  }
}

TEST(LanguageTest, DaysAreGiorniInItalian) {
  EXPECT_EQ(HumanWait(std::chrono::hours(52), Lang::kIt), "2 g 4 h");
  EXPECT_EQ(HumanWait(std::chrono::hours(52), Lang::kEn), "2 d 4 h");
}

}  // namespace
}  // namespace fiducia

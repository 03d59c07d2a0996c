#include "report/language.h"

#include <gtest/gtest.h>

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

TEST(LanguageTest, DaysAreGiorniInItalian) {
  EXPECT_EQ(HumanWait(std::chrono::hours(52), Lang::kIt), "2 g 4 h");
  EXPECT_EQ(HumanWait(std::chrono::hours(52), Lang::kEn), "2 d 4 h");
}

}  // namespace
}  // namespace fiducia

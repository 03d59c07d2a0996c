#include "coach/coach.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

class CoachTest : public ::testing::Test {
 protected:
  CoachAdvice Coach(std::string_view draft) { return CoachReply(draft, analyser_); }
  TextAnalyser analyser_;
};

TEST_F(CoachTest, ItalianDraftGetsItalianAdvice) {
  const CoachAdvice a = Coach("Scusi il ritardo, purtroppo è colpa del corriere.");
  EXPECT_EQ(a.language, TextLanguage::kItalian);
  ASSERT_EQ(a.problems.size(), 2u);
  EXPECT_EQ(a.problems[0].rule, Rule::kApologyWording);
  EXPECT_EQ(a.problems[0].words, "scusi il");
  EXPECT_NE(a.problems[0].advice.find("Mi dispiace per l'attesa"), std::string::npos);
  EXPECT_EQ(a.problems[1].rule, Rule::kBlameShifting);
  EXPECT_NE(a.problems[1].words.find("colpa"), std::string::npos) << a.problems[1].words;
}

TEST_F(CoachTest, EnglishDraftGetsEnglishAdvice) {
  const CoachAdvice a = Coach("Unfortunately we can't refund this order.");
  EXPECT_EQ(a.language, TextLanguage::kEnglish);
  ASSERT_EQ(a.problems.size(), 1u);
  EXPECT_EQ(a.problems[0].rule, Rule::kRefusalWithoutAlternative);
  EXPECT_NE(a.problems[0].advice.find("Add an alternative"), std::string::npos);
}

// A no by the terms ("not eligible for a refund") is a refusal the audit reports; the coach showed
// no advice for it (it looked for the refusal cue only, not the rule's catalogue row).
TEST_F(CoachTest, ANoByTheTermsGetsTheRefusalAdviceLikeTheAudit) {
  const CoachAdvice a = Coach("You're not eligible for a refund.");
  ASSERT_EQ(a.problems.size(), 1u);
  EXPECT_EQ(a.problems[0].rule, Rule::kRefusalWithoutAlternative);
  EXPECT_FALSE(a.problems[0].words.empty());
}

// Assuring one's own call back is a promise, no overcommitment: the audit clears it (the text
// pass with facts), and the coach, which reads the draft without facts, flagged it.
TEST_F(CoachTest, AnAssuredCallBackIsNoOvercommitmentLikeTheAudit) {
  for (std::string_view draft :
       {"I can assure you I'll call you back tomorrow.", "I can assure you I'll call you back.",
        "Le assicuro che la richiamo domani mattina."}) {
    const CoachAdvice a = Coach(draft);
    EXPECT_TRUE(a.problems.empty())
        << draft << ": " << (a.problems.empty() ? "" : a.problems[0].advice);
    EXPECT_EQ(analyser_.Analyse(draft, false).cues & kCueOvercommitment,
              analyser_.Analyse(draft, true).cues & kCueOvercommitment)
        << draft;
  }
  // A guarantee of what someone else decides stays one, in both.
  EXPECT_FALSE(Coach("I can assure you the refund will be approved.").problems.empty());
}

TEST_F(CoachTest, AGoodReplyHasNoProblems) {
  const CoachAdvice a = Coach(
      "Mi dispiace per l'attesa: ho sollecitato il tecnico e la richiamo "
      "entro le 16.");
  EXPECT_TRUE(a.problems.empty());
  EXPECT_EQ(CoachText(a), "Nessun problema di formulazione.\n");
}

TEST_F(CoachTest, JsonEscapesTheDraftsWords) {
  const CoachAdvice a = Coach("Ci scusiamo <b>molto</b> per il disagio");
  const std::string json = CoachJson(a);
  EXPECT_EQ(json.find("<b>"), std::string::npos) << json;
  EXPECT_NE(json.find("\"rule\":\"apology_wording\""), std::string::npos) << json;
}

// Issue 17 item 2: a draft is read up to the analyser's text_bytes (the server's comes from the
// config's [limits]); wording past them is not coached, the wording before them is.
TEST(CoachLimitTest, OnlyTheFirstTextBytesOfADraftAreCoached) {
  std::string filler;
  while (filler.size() < 4000) filler += "Il pacco è partito ieri dal magazzino. ";
  TextAnalyser analyser(CueMatcher::BuiltIn(), 1024);
  EXPECT_TRUE(CoachReply(filler + "Purtroppo è colpa del corriere.", analyser).problems.empty());
  const CoachAdvice early = CoachReply("Purtroppo è colpa del corriere. " + filler, analyser);
  ASSERT_EQ(early.problems.size(), 1u);
  EXPECT_EQ(early.problems[0].rule, Rule::kBlameShifting);
}

}  // namespace
}  // namespace fiducia

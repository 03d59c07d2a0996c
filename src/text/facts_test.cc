#include "text/facts.h"

#include <gtest/gtest.h>

#include "text/analyser.h"

namespace fiducia {
namespace {

std::vector<Fact> FactsOf(std::string_view text) {
  static TextAnalyser analyser;
  return analyser.Analyse(text, true).facts;
}

std::vector<Fact> OfKind(const std::vector<Fact>& facts, FactKind kind) {
  std::vector<Fact> out;
  for (const Fact& f : facts) {
    if (f.kind == kind) out.push_back(f);
  }
  return out;
}

TEST(ParseAmountCentsTest, ReadsEveryCommonWriting) {
  EXPECT_EQ(ParseAmountCents("49"), 4900);
  EXPECT_EQ(ParseAmountCents("49,00"), 4900);
  EXPECT_EQ(ParseAmountCents("49.00"), 4900);
  EXPECT_EQ(ParseAmountCents("49,9"), 4990);
  EXPECT_EQ(ParseAmountCents("1.234,56"), 123456);
  EXPECT_EQ(ParseAmountCents("1,234.56"), 123456);
  EXPECT_EQ(ParseAmountCents("1.000"), 100000);  // Italian thousands
  EXPECT_EQ(ParseAmountCents("12.3456"), std::nullopt);
  EXPECT_EQ(ParseAmountCents(""), std::nullopt);
}

TEST(FactsTest, EveryWritingOfAnAmountIsTheSameAmount) {
  for (std::string_view text :
       {"Il rimborso è di 49 euro.", "Il rimborso è di € 49,00.", "Il rimborso è di EUR 49.00.",
        "Il rimborso è di 49€.", "The refund is $49.", "The refund is 49.00 dollars."}) {
    const auto money = OfKind(FactsOf(text), FactKind::kMoney);
    ASSERT_EQ(money.size(), 1u) << text;
    EXPECT_EQ(money[0].low, 4900) << text;
    EXPECT_EQ(FactSubjectName(money[0].subject), "refund") << text;
  }
  EXPECT_EQ(OfKind(FactsOf("The refund is $49."), FactKind::kMoney)[0].unit,
            static_cast<uint8_t>(FactCurrency::kUsd));
}

TEST(FactsTest, DurationsInWordsAndDigitsWithTheirUnit) {
  auto d = OfKind(FactsOf("Il rimborso arriva in 5 giorni lavorativi."), FactKind::kDuration);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 5 * 1440);
  EXPECT_EQ(d[0].unit, 1);  // business days
  EXPECT_EQ(FactSubjectName(d[0].subject), "refund");
  d = OfKind(FactsOf("La consegna richiede 48 ore."), FactKind::kDuration);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 48 * 60);
  EXPECT_EQ(FactSubjectName(d[0].subject), "delivery");
  d = OfKind(FactsOf("Your refund will take two weeks."), FactKind::kDuration);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 14 * 1440);
  d = OfKind(FactsOf("La spedizione richiede 5-7 giorni."), FactKind::kDuration);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 5 * 1440);
  EXPECT_EQ(d[0].high, 7 * 1440);
  d = OfKind(FactsOf("Delivery takes 3 to 5 business days."), FactKind::kDuration);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].high, 5 * 1440);
  EXPECT_EQ(d[0].unit, 1);
}

TEST(FactsTest, DaysWeekdaysDatesAndTimesOfDay) {
  auto w = OfKind(FactsOf("La consegna è prevista entro il 15 marzo."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kDate, 0, 3, 15}));
  w = OfKind(FactsOf("We will ship it by Friday."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kWeekday, 5}));
  w = OfKind(FactsOf("La richiamo domani mattina."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kDaysAfter, 1, 0, 0, 13 * 60}));
  EXPECT_TRUE(w[0].promise);
  w = OfKind(FactsOf("La ricontatto entro le 16:30."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kNone, 0, 0, 0, 16 * 60 + 30}));
  w = OfKind(FactsOf("I'll call you back tomorrow at 4pm."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kDaysAfter, 1, 0, 0, 16 * 60}));
  EXPECT_TRUE(w[0].promise);
  w = OfKind(FactsOf("Le faccio sapere entro fine settimana."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when.day, DayRef::kEndOfWeek);
  w = OfKind(FactsOf("The parcel arrives on 15/03."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kDate, 0, 3, 15}));
  w = OfKind(FactsOf("I will get back to you by end of day."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when.day, DayRef::kToday);
}

TEST(FactsTest, APromiseTakesTheTimeNearestToIt) {
  auto w = OfKind(FactsOf("Let me check with my manager and I'll get back to you tomorrow."),
                  FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(w[0].promise);
  // Monday is when the technician comes; the call back has no time of its own.
  w = OfKind(FactsOf("Il tecnico sostituisce l'apparato lunedì entro le 13 e la richiamo io "
                     "subito dopo."),
             FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_FALSE(w[0].promise);
  EXPECT_EQ(FactSubjectName(w[0].subject), "repair");
}

TEST(FactsTest, ATimelineForSomethingElseIsNoPromise) {
  const auto w = FactsOf("Il rimborso arriva entro domani.");
  ASSERT_EQ(OfKind(w, FactKind::kWhen).size(), 1u);
  EXPECT_FALSE(OfKind(w, FactKind::kWhen)[0].promise);
  EXPECT_EQ(FactSubjectName(OfKind(w, FactKind::kWhen)[0].subject), "refund");
}

TEST(FactsTest, DecisionsOnASubject) {
  auto d = OfKind(FactsOf("Il rimborso è stato approvato."), FactKind::kDecision);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 1);
  EXPECT_EQ(FactSubjectName(d[0].subject), "refund");
  d = OfKind(FactsOf("Purtroppo non possiamo concederle lo sconto."), FactKind::kDecision);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 0);
  EXPECT_EQ(FactSubjectName(d[0].subject), "discount");
}

TEST(FactsTest, NumbersThatAreNoFacts) {
  EXPECT_TRUE(FactsOf("Il suo ordine n. 12345 è in lavorazione.").empty());
  EXPECT_TRUE(FactsOf("Mi conferma il codice 4B7X?").empty());
  EXPECT_TRUE(OfKind(FactsOf("Siamo aperti dalle 9 alle 18 ore su 24."), FactKind::kMoney).empty());
}

TEST(FactsTest, CustomerWordsAreReadWithoutFacts) {
  TextAnalyser analyser;
  EXPECT_TRUE(analyser.Analyse("Mi avete addebitato 49 euro!", false).facts.empty());
}

TEST(FactWordsTest, BadLinesAreNamed) {
  auto parsed = FactExtractor::Parse("unit\tfortnight\tquindicina\n", "");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("data/facts/it.tsv:1: unknown unit"), std::string::npos);
  EXPECT_TRUE(FactExtractor::Parse("# comment\n\nnumber\t3\ttre\n", "").ok());
  parsed = FactExtractor::Parse("", "subject\trefund\tmoney back\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("data/facts/en.tsv:1: a subject is one word"),
            std::string::npos);
}

}  // namespace
}  // namespace fiducia

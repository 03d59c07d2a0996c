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
  EXPECT_EQ(w[0].when, (When{DayRef::kDaysAfter, 1, 0, 0, 13 * 60, false, true}));
  EXPECT_TRUE(w[0].promise);
  w = OfKind(FactsOf("La ricontatto entro le 16:30."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kNone, 0, 0, 0, 16 * 60 + 30}));
  w = OfKind(FactsOf("I'll call you back tomorrow at 4pm."), FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].when, (When{DayRef::kDaysAfter, 1, 0, 0, 16 * 60, true}));  // said with pm
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

TEST(FactsTest, APromiseKeepsItsTimeFromASubjectOfTheNextClauseAndTakesItsObjects) {
  // The discount named after the comma is what the call brings, not the owner of the evening.
  auto w = OfKind(FactsOf("La richiamo appena rientra il direttore, entro stasera, con la risposta "
                          "sullo sconto."),
                  FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(w[0].promise);
  // The voucher right after the send is what is sent within the hour.
  w = OfKind(FactsOf("I'm going to send you the voucher within the hour."), FactKind::kDuration);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(w[0].promise);
  // A subject with a clause of its own ("che la sostituzione è programmata") keeps its date.
  w = OfKind(FactsOf("Le comunichiamo che la sostituzione del contatore è programmata per "
                     "martedì 10 febbraio."),
             FactKind::kWhen);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_FALSE(w[0].promise);
}

TEST(FactsTest, AnAmountAddedToAnEarlierOneAnswersNoSubject) {
  auto m =
      OfKind(FactsOf("I've put through a separate refund of €2.58 as well."), FactKind::kMoney);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].subjects, 0);
  m = OfKind(FactsOf("I've refunded €2.58 for the yoghurts."), FactKind::kMoney);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(FactSubjectName(m[0].subject), "refund");
}

TEST(FactsTest, ARefundOwedIsAYesAndOneOutsideTheTermsANo) {
  auto d = OfKind(FactsOf("Yes, you're due a refund of the fee."), FactKind::kDecision);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 1);
  EXPECT_EQ(FactSubjectName(d[0].subject), "refund");
  d = OfKind(FactsOf("You're not eligible for a refund of the fee."), FactKind::kDecision);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].low, 0);
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

namespace fiducia {
namespace {

// The promise facts of a text: the days and durations nearer a promise cue than any subject.
std::vector<Fact> PromisesOf(std::string_view text) {
  std::vector<Fact> out;
  for (const Fact& f : FactsOf(text)) {
    if (f.promise) out.push_back(f);
  }
  return out;
}

TEST(PromiseFactsTest, FirstPersonAndReportedCommitmentsInBothLanguages) {
  for (std::string_view text : {
           "ne parlo con il magazzino e le riscrivo in giornata",
           "domattina la ricontatto io con l'esito della verifica",
           "ho detto al cliente che lo richiamo lunedì entro mezzogiorno",
           "Il preventivo firmato le sarà inviato entro venerdì.",
           "I'll look into it with billing and message you back before 5pm",
           "Told the customer I'd call him back Monday before noon.",
           "Told her I'd email her the return label tomorrow by 10am.",
           "You'll hear from me first thing tomorrow.",
           "I'll come back to you by Friday.",
       }) {
    EXPECT_EQ(PromisesOf(text).size(), 1u) << text;
  }
}

// The familiar "tu" of chats, the formal "sarà nostra cura", a call back reported with no object,
// a contact in the third person and the customer told to expect ours are commitments too; a
// timeline of someone else's work is none.
TEST(PromiseFactsTest, FamiliarFormalAndReportedFramesOfContact) {
  for (std::string_view text : {
           "Sento il magazzino e ti scrivo entro le 15.",
           "Ti aggiorniamo qui entro stasera sullo stato della pratica.",
           "Sarà nostra cura ricontattarla entro giovedì con l'esito della verifica.",
           "Advised the customer we would call back tmrw before 11 with the result.",
           "Told her I'll text her on Friday to check the card works.",
           "Told him to expect a call from me tomorrow by 3pm.",
           "Finance hasn't confirmed yet. I'll call you Tuesday by 10am with the answer.",
           "We'll give you a call before 5 once the engineer has checked.",
       }) {
    EXPECT_EQ(PromisesOf(text).size(), 1u) << text;
  }
  const auto p = PromisesOf("Advised the customer we would call back tmrw before 11.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kDaysAfter);
  for (std::string_view text :
       {"The courier usually takes 3 days.", "Il tecnico passa lunedì mattina."}) {
    EXPECT_TRUE(PromisesOf(text).empty()) << text;
  }
}

TEST(PromiseFactsTest, TimesOfDayInWordsAndMorningWords) {
  auto p = PromisesOf("ho detto al cliente che lo richiamo lunedì entro mezzogiorno");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kWeekday);
  EXPECT_EQ(p[0].when.minute, 12 * 60);
  p = PromisesOf("Told the customer I'd call him back Monday before noon.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.minute, 12 * 60);
  for (std::string_view text :
       {"domattina la ricontatto io", "You'll hear from me first thing tomorrow."}) {
    p = PromisesOf(text);
    ASSERT_EQ(p.size(), 1u) << text;
    EXPECT_EQ(p[0].when.day, DayRef::kDaysAfter) << text;
    EXPECT_EQ(p[0].when.n, 1) << text;
    EXPECT_EQ(p[0].when.minute, 13 * 60) << text;  // "domani mattina": 13:00
    EXPECT_TRUE(p[0].when.morning) << text;
  }
}

// The morning of a named weekday is that day's 13:00, as "domani mattina" is tomorrow's; an hour
// said after a day is no morning of the contract's.
TEST(PromiseFactsTest, AWeekdayMorningIsThatDaysMorning) {
  for (std::string_view text : {"Gli ho detto che lo richiameremo lunedì mattina.",
                                "I'll ring you on Thursday morning to confirm the slot."}) {
    const auto p = PromisesOf(text);
    ASSERT_EQ(p.size(), 1u) << text;
    EXPECT_EQ(p[0].when.day, DayRef::kWeekday) << text;
    EXPECT_EQ(p[0].when.minute, 13 * 60) << text;
    EXPECT_TRUE(p[0].when.morning) << text;
  }
  const auto p = PromisesOf("La richiamo lunedì entro le 12.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.minute, 12 * 60);
  EXPECT_FALSE(p[0].when.morning);
}

// "7am" is said with its half of the day and stays 07:00 as a deadline; "before 4" is not (the
// deadline reads it as the afternoon's). The reader kept no trace of the am/pm.
TEST(PromiseFactsTest, AnHourSaidWithAmOrPmIsMarkedAsWritten) {
  for (std::string_view text :
       {"I'll call you back tomorrow at 7am.", "I'll ring you back tomorrow before 7 am.",
        "I'll get back to you by 7pm.", "I'll call you back tomorrow at 7 in the morning.",
        "La richiamo domani alle 7 di mattina."}) {
    const auto p = PromisesOf(text);
    ASSERT_EQ(p.size(), 1u) << text;
    EXPECT_TRUE(p[0].when.meridiem) << text;
  }
  for (std::string_view text : {"I'll ring you back before 4.", "La richiamo entro le 16:30."}) {
    const auto p = PromisesOf(text);
    ASSERT_EQ(p.size(), 1u) << text;
    EXPECT_FALSE(p[0].when.meridiem) << text;
  }
}

// A time in an earlier clause is that clause's: "within 7 days" is when the claims team decides.
TEST(PromiseFactsTest, ATimeBeforeTheCommaIsNotThePromises) {
  EXPECT_TRUE(PromisesOf("They decide on these usually within 7 days, and I'll message you as "
                         "soon as I hear.")
                  .empty());
  EXPECT_EQ(PromisesOf("Entro venerdì la richiamo.").size(), 1u);
}

TEST(FactsTest, AWeekdayBeforeADateIsOneDay) {
  for (std::string_view text : {"La visita è fissata per martedì 14 aprile alle 10:30.",
                                "The engineer will come on Thursday, 14 May."}) {
    const auto days = OfKind(FactsOf(text), FactKind::kWhen);
    ASSERT_EQ(days.size(), 1u) << text;
    EXPECT_EQ(days[0].when.day, DayRef::kDate) << text;
    EXPECT_EQ(days[0].when.day_of_month, 14) << text;
    EXPECT_EQ(FactSubjectName(days[0].subject), text[0] == 'L' ? "appointment" : "repair");
  }
}

TEST(FactsTest, NoCostIsAnAmountOfNothingInNoCurrency) {
  for (std::string_view text :
       {"Non è previsto nessun costo di recesso.", "Nope, there's no fee for the modem swap.",
        "La sostituzione è gratuita."}) {
    const auto money = OfKind(FactsOf(text), FactKind::kMoney);
    ASSERT_EQ(money.size(), 1u) << text;
    EXPECT_EQ(money[0].low, 0) << text;
    EXPECT_EQ(money[0].unit, static_cast<uint8_t>(FactCurrency::kNone)) << text;
  }
  EXPECT_TRUE(OfKind(FactsOf("La spedizione non è gratuita."), FactKind::kMoney).empty());
}

// "a", "un" are a number only where a duration is led in: "reply with a day next week" is none.
TEST(FactsTest, AnArticleIsANumberOnlyAfterALead) {
  EXPECT_TRUE(
      OfKind(FactsOf("Please reply with a day next week for the delivery."), FactKind::kDuration)
          .empty());
  EXPECT_EQ(OfKind(FactsOf("The delivery arrives within a day."), FactKind::kDuration).size(), 1u);
  EXPECT_EQ(OfKind(FactsOf("La consegna arriva entro un'ora."), FactKind::kDuration).size(), 1u);
}

// discordant_answers (issue 18): none against an amount, rates, the subjects most often told twice.
TEST(FactsTest, NoFeeBeforeTheFeeWordIsAnAmountOfNothingOnItsSubject) {
  for (std::string_view text : {"There's no cancellation fee on your order.",
                                "Non c'è nessuna penale di recesso sul suo contratto."}) {
    const auto money = OfKind(FactsOf(text), FactKind::kMoney);
    ASSERT_EQ(money.size(), 1u) << text;
    EXPECT_EQ(money[0].low, 0) << text;
    EXPECT_TRUE(money[0].subjects & (1u << 7 | 1u << 1 | 0xFFFFu)) << text;
  }
  // A number or a mark between is no "no … fee": "No, the fee is 30 euro".
  const auto money = OfKind(FactsOf("No, the cancellation fee is £30."), FactKind::kMoney);
  ASSERT_EQ(money.size(), 1u);
  EXPECT_EQ(money[0].low, 3000);
}

TEST(FactsTest, AnAmountPerUnitOfTimeIsARate) {
  for (std::string_view text :
       {"Il canone è di 29,90 euro al mese.", "Il canone mensile è di 34,90 €.",
        "Your plan renews at £59 per month.", "Un indennizzo di 5 euro per ogni giorno di ritardo.",
        // the period named a few words before, a season between ("canone annuale 2026/27:")
        "Comunicato il canone annuale 2026/27: 1.180 euro più IVA."}) {
    const auto money = OfKind(FactsOf(text), FactKind::kMoney);
    ASSERT_EQ(money.size(), 1u) << text;
    EXPECT_TRUE(money[0].unit & kFactRate) << text;
  }
  const auto once =
      OfKind(FactsOf("Il rimborso di 29,90 euro arriva per bonifico."), FactKind::kMoney);
  ASSERT_EQ(once.size(), 1u);
  EXPECT_EQ(once[0].unit, static_cast<uint8_t>(FactCurrency::kEur));
  const auto apart = OfKind(
      FactsOf("Il canone mensile resta 30 euro e l'attivazione costa 50 euro."), FactKind::kMoney);
  ASSERT_EQ(apart.size(), 2u);
  EXPECT_FALSE(apart[1].unit & kFactRate);
}

TEST(FactsTest, OtherCurrenciesByTheirCode) {
  const auto money =
      OfKind(FactsOf("Transfers to PLN accounts have a 12 PLN fee."), FactKind::kMoney);
  ASSERT_EQ(money.size(), 1u);
  EXPECT_EQ(money[0].low, 1200);
  EXPECT_NE(money[0].unit, static_cast<uint8_t>(FactCurrency::kNone));
  EXPECT_LT(money[0].unit, kFactCurrencies);
  // The codes of the Gulf, East Africa, Asia and the Americas too, each its own currency.
  const auto omr =
      OfKind(FactsOf("The hotel will be reimbursed in full, OMR 52."), FactKind::kMoney);
  const auto kes = OfKind(FactsOf("Your refund of KES 61,200 is on its way."), FactKind::kMoney);
  const auto jpy = OfKind(FactsOf("The fee is 3000 JPY."), FactKind::kMoney);
  ASSERT_EQ(omr.size(), 1u);
  ASSERT_EQ(kes.size(), 1u);
  ASSERT_EQ(jpy.size(), 1u);
  EXPECT_EQ(omr[0].low, 5200);
  EXPECT_EQ(kes[0].low, 6120000);
  EXPECT_NE(omr[0].unit, static_cast<uint8_t>(FactCurrency::kNone));
  EXPECT_NE(omr[0].unit, kes[0].unit);
  EXPECT_NE(kes[0].unit, jpy[0].unit);
  // "try" and "mad" are words before they are codes.
  EXPECT_TRUE(OfKind(FactsOf("Please try 3 times before calling."), FactKind::kMoney).empty());
}

TEST(FactsTest, AnExcessAnInstalmentAFeeAreSubjects) {
  auto subject = [](std::string_view text) {
    const auto money = OfKind(FactsOf(text), FactKind::kMoney);
    return money.empty() ? std::string("-") : std::string(FactSubjectName(money[0].subject));
  };
  EXPECT_EQ(subject("Sulla polizza è prevista una franchigia di 250 euro."), "excess");
  EXPECT_EQ(subject("The excess on your policy is £250."), "excess");
  EXPECT_EQ(subject("Le proponiamo 4 rate da 120 euro."), "instalment");
  EXPECT_EQ(subject("Il supplemento fuori orario è di 35 euro."), "fee");
  EXPECT_EQ(subject("In-store modem swaps have a $15 equipment fee."), "fee");
}

TEST(FactsTest, AnAmountSpeaksToTheSubjectOfItsClauseTooAndNothingOnlyToItsOwn) {
  // The fee's clause names it, the rest of the sentence the payment: both.
  const auto fee =
      OfKind(FactsOf("Il ritiro è possibile: il supplemento è di 50 euro, da pagare al "
                     "banco al momento del ritiro."),
             FactKind::kMoney);
  ASSERT_EQ(fee.size(), 1u);
  EXPECT_EQ(FactSubjectName(fee[0].subject), "fee");
  // "Nessun costo di cambio": a cost with no subject of its own is not compared.
  const auto none = OfKind(FactsOf("Nessun vincolo e nessun costo di cambio."), FactKind::kMoney);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].subjects, 0);
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

// A time of day belongs to the day said nearest before it: in "the fitter comes on Wednesday 20
// May and on Monday before 12 he calls her" noon is Monday's, and the promise's.
TEST(PromiseFactsTest, ATimeOfDayBelongsToTheDayBeforeIt) {
  auto p = PromisesOf(
      "Le ho detto che il montatore passa mercoledì 20 maggio e che lunedì entro le 12 la richiamo "
      "per l'orario preciso.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kWeekday);
  EXPECT_EQ(p[0].when.minute, 12 * 60);
  const auto w = OfKind(FactsOf("La richiamo domani alle 10, il tecnico passa giovedì alle 15."),
                        FactKind::kWhen);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].when.minute, 10 * 60);
  EXPECT_EQ(w[1].when.minute, 15 * 60);
  p = PromisesOf("La richiamo lunedì mattina alle 10.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.minute, 10 * 60);
  EXPECT_FALSE(p[0].when.morning);
}

// Writers the first lexicons never saw (dev4, dev5): an "e-mail", a WhatsApp or a letter promised,
// someone else made to call, an update to be received, the present "ti chiamo" with its day, a
// send with its own time ("will send you", "ti giro il tracking", "riceverà via mail"), and
// durations in short or in words ("10 min", "half an hour", "mezz'ora").
TEST(PromiseFactsTest, MoreFramesOfContactWithTheirTime) {
  for (std::string_view text : {
           "Checking on this now, will text you back in 10 min",
           "I'll have someone call you in the next 30 minutes at the number on your account.",
           "Told her that Dan will email her the quote by end of day tomorrow.",
           "I will e-mail you on Wednesday 10 June with the bank reference.",
           "I'll WhatsApp you tomorrow morning to confirm the delivery slot.",
           "I will write to you again by Friday 29 May to confirm the refund reference.",
           "Your concern has been escalated. You will receive an update within 24-48 hours.",
           "I'm requesting the photo from the hub and will send both to you here within 30 "
           "minutes.",
           "We reached the driver and will call her back within half an hour.",
           "Told him I'd put it all in writing to him today.",
           "Il pezzo dovrebbe arrivare giovedì: ti chiamo venerdì mattina appena è montato.",
           "Grazie per la pazienza, ti rispedisco il flacone e ti giro il tracking entro le 17.",
           "Comunicato al geometra che sarebbe stato ricontattato entro venerdì.",
           "Detto alla cliente che riceverà il preventivo scritto via mail in giornata.",
           "Entro domani le confermo via mail che anche il rinnovo è registrato.",
           "Simone verifica con l'autista e lo richiama entro mezz'ora.",
       }) {
    EXPECT_EQ(PromisesOf(text).size(), 1u) << text;
  }
  // A send with no time of its own is the answer itself; a duration before or after something
  // else is no time of ours.
  for (std::string_view text : {"Le confermo l'appuntamento per mercoledì 13 maggio.",
                                "Le ricordo il sopralluogo: il tecnico la chiamerà mezz'ora prima.",
                                "We'll text you an hour before the driver arrives."}) {
    EXPECT_TRUE(PromisesOf(text).empty()) << text;
  }
}

// The time of a promise: "end of day" before a day is that day's close; what the contact comes
// "with" does not take its time; a promise has one time, the nearest; an hour said long before
// the only day is not that day's.
TEST(PromiseFactsTest, TheTimeOfAPromiseIsTheOneSaidForIt) {
  for (std::string_view text : {"I'll text you by end of day tomorrow with their answer.",
                                "Said I'd call back by EOD tomorrow."}) {
    const auto p = PromisesOf(text);
    ASSERT_EQ(p.size(), 1u) << text;
    EXPECT_EQ(p[0].when.day, DayRef::kDaysAfter) << text;
    EXPECT_EQ(p[0].when.n, 1) << text;
  }
  auto p = PromisesOf("Expect an email from me by end of day Thursday with the decision.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kWeekday);
  EXPECT_EQ(p[0].when.n, 4);
  p = PromisesOf("I'll message you here with the exact amount by 3 pm today.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.minute, 15 * 60);
  p = PromisesOf("le ho detto che la richiamiamo entro le 16 di oggi con la data del tecnico");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.minute, 16 * 60);
  p = PromisesOf("Domani il letturista ripassa e la ricontatteremo entro venerdì con l'esito.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kWeekday);
  p = PromisesOf(
      "Apre un intervento con squadra sul posto entro le 11 e le dice che la richiamerà in "
      "giornata.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kToday);
  EXPECT_EQ(p[0].when.minute, -1);
  // An hour said in a later clause than its day is said in the send's clause.
  p = PromisesOf("ti rispedisco oggi stesso un flacone nuovo, e ti giro il tracking entro le 17");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.day, DayRef::kToday);
  EXPECT_EQ(p[0].when.minute, 17 * 60);
  // Still: "alle 10 di domani" is tomorrow at 10.
  p = PromisesOf("La richiamo alle 10 di domani.");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].when.minute, 10 * 60);
}

// A period's bounds are when something else runs, not when the contact is due: the send itself
// is the answer.
TEST(PromiseFactsTest, ABoundOfAPeriodIsNoTimeOfTheContact) {
  for (std::string_view text : {
           "Come da colloquio le invio il preventivo per il noleggio dal 18/05 al 29/05/2026.",
           "Ti mando il modulo per la sospensione fino al 31 agosto.",
           "I'm sending you the quote for the hire from 18 May to 29 May.",
       }) {
    EXPECT_TRUE(PromisesOf(text).empty()) << text;
  }
  EXPECT_EQ(PromisesOf("Le invio il preventivo entro il 20 maggio.").size(), 1u);
}

}  // namespace
}  // namespace fiducia

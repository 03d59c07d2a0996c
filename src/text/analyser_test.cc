#include "text/analyser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fiducia {
namespace {

class AnalyserTest : public ::testing::Test {
 protected:
  uint32_t Cues(std::string_view text) { return analyser_.Analyse(text).cues; }
  bool Has(std::string_view text, Cue cue) { return (Cues(text) & cue) != 0; }

  TextAnalyser analyser_;
};

TEST(BuiltInCuesTest, ListsParseAndCompile) {
  const auto phrases = BuiltInCuePhrases();
  EXPECT_GT(phrases.size(), 400u);
  auto matcher = CueMatcher::Compile(phrases);
  ASSERT_TRUE(matcher.ok()) << matcher.status().message();
  EXPECT_GT((*matcher)->pattern_count(), 300u);
  EXPECT_TRUE(CueMatcher::BuiltIn());
}

TEST(BuiltInCuesTest, CompiledListsAreCachedAndABadCacheIsIgnored) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("fiducia-cache-test-" + std::to_string(::getpid()));
  ::setenv("FIDUCIA_CACHE_DIR", dir.c_str(), 1);
  const std::vector<CuePhrase> phrases = {{kCueApology, TextLanguage::kItalian, "ci scusiamo"}};
  ASSERT_TRUE(CueMatcher::Compile(phrases).ok());
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
  const auto cached = std::filesystem::directory_iterator(dir)->path();
  ASSERT_TRUE(CueMatcher::Compile(phrases).ok());  // from the cache
  std::ofstream(cached, std::ios::binary | std::ios::trunc) << "not a database";
  auto again = CueMatcher::Compile(phrases);
  ASSERT_TRUE(again.ok());
  TextAnalyser analyser(*again);
  EXPECT_TRUE(analyser.Analyse("Ci scusiamo davvero").cues & kCueApology);
  ::unsetenv("FIDUCIA_CACHE_DIR");
  std::filesystem::remove_all(dir);
}

TEST(BuiltInCuesTest, APhraseMayEndOnAnElidedWord) {
  auto matcher = CueMatcher::Compile({{kCueBlame, TextLanguage::kItalian, "è colpa dell'"}});
  ASSERT_TRUE(matcher.ok());
  TextAnalyser analyser(*matcher);
  EXPECT_TRUE(analyser.Analyse("Purtroppo è colpa dell'impresa che gestisce la rete").cues &
              kCueBlame);
  EXPECT_FALSE(analyser.Analyse("Purtroppo è colpa della rete").cues & kCueBlame);
}

TEST(BuiltInCuesTest, MalformedListsNameTheLine) {
  auto bad = ParseCueList("# ok\napology\tci scusiamo\nfeeling\tmeh\n", TextLanguage::kItalian,
                          "user.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("user.tsv:3"), std::string_view::npos);
}

TEST(LanguageTest, ItalianEnglishOther) {
  EXPECT_EQ(DetectLanguage("Buongiorno, vorrei sapere quando arriva il mio ordine"),
            TextLanguage::kItalian);
  EXPECT_EQ(DetectLanguage("Hello, I would like to know when my order arrives"),
            TextLanguage::kEnglish);
  EXPECT_EQ(DetectLanguage("grazie"), TextLanguage::kItalian);
  EXPECT_EQ(DetectLanguage("thanks"), TextLanguage::kEnglish);
  EXPECT_EQ(DetectLanguage("Guten Tag, ich möchte wissen, wann meine Bestellung ankommt, bitte "
                           "antworten Sie mir schnell"),
            TextLanguage::kOther);
}

TEST(TokeniserTest, NormalisesAccentsApostrophesAndMasks) {
  Tokeniser t;
  const auto s = t.Split("Perche' l’ordine n. 12 e' fermo? Vedi https://x.it/a o scrivi a A@B.it 👍",
                         TextLanguage::kItalian);
  std::vector<std::string> forms;
  for (const auto& sentence : s) {
    for (const auto& token : sentence.tokens) forms.push_back(token.form);
  }
  EXPECT_EQ(forms, (std::vector<std::string>{"perche", "l'", "ordine", "n", "12", "e", "fermo", "?",
                                             "vedi", "xurlx", "o", "scrivi", "a", "xemailx", "👍"}));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_TRUE(s[0].question);
}

TEST_F(AnalyserTest, StemsCoverInflections) {
  for (auto text : {"Ci scusiamo per il ritardo", "Chiediamo scusa per l'attesa",
                    "Scusate il disagio", "Scusi per il ritardo", "We apologise for the delay",
                    "Apologies for the inconvenience", "Sorry for the inconvenience"}) {
    EXPECT_TRUE(Has(text, kCueApology)) << text;
  }
}

TEST_F(AnalyserTest, PolitenessIsNoApology) {
  EXPECT_FALSE(Has("Scusi, mi conferma il numero d'ordine?", kCueApology));
  EXPECT_TRUE(Has("Scusi, mi conferma il numero d'ordine?", kCuePoliteness));
  EXPECT_FALSE(Has("Excuse me, could you confirm your address?", kCueApology));
}

TEST_F(AnalyserTest, EmpathyIsNotApology) {
  EXPECT_TRUE(Has("Mi dispiace che il modem non funzioni", kCueEmpathy));
  EXPECT_FALSE(Has("Mi dispiace che il modem non funzioni", kCueApology));
  EXPECT_TRUE(Has("I'm sorry to hear that", kCueEmpathy));
  EXPECT_FALSE(Has("I'm sorry to hear that", kCueApology));
}

// "I am sorry" is the English "mi dispiace": a sorry with its subject owns the feeling, whatever
// follows it; a bare "Sorry for…" and "we apologise" ask forgiveness.
TEST_F(AnalyserTest, ASorryWithItsSubjectOwnsTheFeeling) {
  for (const char* owned : {"I'm truly sorry for the inconvenience!", "We're sorry for the delay.",
                            "I am so sorry about this.", "we are sorry to keep you waiting",
                            "I told him I was sorry for missing the call."}) {
    EXPECT_TRUE(Has(owned, kCueEmpathy)) << owned;
    EXPECT_FALSE(Has(owned, kCueApology)) << owned;
  }
  for (const char* asked : {"Sorry for the inconvenience.", "Sorry we ran out of milk.",
                            "We apologise for the delay.", "I apologize."}) {
    EXPECT_TRUE(Has(asked, kCueApology)) << asked;
  }
  // The sorry's own feeling does not hide the other cues of the sentence.
  EXPECT_TRUE(Has("I'm sorry, we can't refund it.", kCueRefusal));
  EXPECT_TRUE(Has("Mi scusi se non sono stato chiaro.", kCueApology));
  EXPECT_FALSE(Has("Mi scusi se la disturbo, mi conferma il numero?", kCueApology));
}

// Texting shorthand reads as the word it stands for: "nn" is "non", for cues and negation alike.
TEST_F(AnalyserTest, NnIsNon) {
  EXPECT_TRUE(Has("da stamattina nn ho piu rete", kCueDisservice));
  EXPECT_TRUE(Has("servizi che nn ho mai attivato!!", kCueDisservice));
  EXPECT_FALSE(Has("nn capisco cosa volete", kCueEmpathy));
}

// Words that look like a failure and are not the service's: a disclaimer, a question, one's own
// slip, a stem shared with another word.
TEST_F(AnalyserTest, NoDisserviceInLookalikes) {
  for (const char* text :
       {"If you have received it in error please notify the sender and delete it.",
        "Qualora lo abbia ricevuto per errore, La preghiamo di cancellarlo.",
        "La bolletta è il doppio del solito. È un errore?", "Cust called to double check her appt.",
        "ho bloccato la sim sbagliando il pin 3 volte", "im on the 5th floor with a broken foot",
        "9 months we'll never use"}) {
    EXPECT_FALSE(Has(text, kCueDisservice)) << text;
  }
  EXPECT_TRUE(Has("my account was deleted", kCueDisservice));
  EXPECT_TRUE(Has("my bill has doubled", kCueDisservice));
  EXPECT_TRUE(Has("the delivery date has been pushed back again", kCueDisservice));
}

TEST_F(AnalyserTest, ADeniedOutcomeIsADisservice) {
  // A negator, then only auxiliaries, clitics and "still/yet", then an outcome the customer
  // expected: the structure, not a listed sentence.
  for (const char* text :
       {"il rimborso non mi è ancora stato accreditato", "la sim nn è stata attivata",
        "my replacement still hasn't been dispatched", "the refund has not yet been processed",
        "nothing has arrived"}) {
    EXPECT_TRUE(Has(text, kCueDisservice)) << text;
  }
  // A condition, a clause in between, or the outcome alone is no failure reported.
  for (const char* text : {"se non arriva entro venerdì vi richiamo", "non so come funziona l'app",
                           "if it doesn't arrive by Friday I'll call", "I don't want a refund",
                           "il pacco è arrivato", "non preoccupatevi, funziona"}) {
    EXPECT_FALSE(Has(text, kCueDisservice)) << text;
    EXPECT_FALSE(Has(text, kCueOutcome)) << text;
  }
}

TEST_F(AnalyserTest, DissatisfactionWithNothingFailed) {
  for (const char* text : {"£202.50 is a 12.5% increase, that's not fair",
                           "ma che scherziamo, mai pagato così tanto", "ugh why would he do that",
                           "scusate, pensavo fosse finito il modem", "I'm really disappointed"}) {
    EXPECT_TRUE(Has(text, kCueDissatisfaction)) << text;
  }
  // Snowball makes "salata" and "saluti" one stem: only "bolletta salata" is listed.
  EXPECT_FALSE(Has("Cordiali saluti, Chiara Sala", kCueDissatisfaction));
}

TEST_F(AnalyserTest, NegationTurnsSomeCuesAround) {
  EXPECT_FALSE(Has("Non capisco cosa volete", kCueEmpathy));
  EXPECT_TRUE(Has("Capisco il problema", kCueEmpathy));
  // Blame stays blame with its negation: it is still about whose fault it is.
  EXPECT_TRUE(Has("Non è colpa del corriere", kCueBlame));
  EXPECT_TRUE(Has("Purtroppo non dipende da noi", kCueBlame));
}

TEST_F(AnalyserTest, IdiomsAreNoRefusal) {
  EXPECT_FALSE(Has("Non è un problema, provvedo subito", kCueRefusal));
  EXPECT_FALSE(Has("Non possiamo che ringraziarla", kCueRefusal));
  EXPECT_FALSE(Has("We can't wait to see you", kCueRefusal));
  EXPECT_TRUE(Has("Purtroppo non è possibile", kCueRefusal));
  EXPECT_TRUE(Has("Unfortunately we can't refund it", kCueRefusal));
  EXPECT_TRUE(
      Has("Non è possibile, ma in alternativa possiamo inviarle un buono", kCueAlternative));
}

TEST_F(AnalyserTest, QuotedWordsAreSomeoneElses) {
  EXPECT_FALSE(Has("Il cliente scrive \"ci scusiamo per il disagio\"? No.", kCueApology));
  EXPECT_TRUE(Has("Lei scrive \"siete dei ladri\": capisco la rabbia", kCueEmpathy));
  EXPECT_TRUE(Has("Siete dei ladri", kCueHostility));
}

TEST_F(AnalyserTest, AQuotedInsultIsHostilityOnRecord) {
  // A call summary quotes the customer word for word: that is the hostility agent_strain needs.
  EXPECT_TRUE(Has("Il cliente urla testualmente: \"siete dei ladri\"", kCueHostility));
}

TEST_F(AnalyserTest, RemindersThreatsAndDisservice) {
  EXPECT_TRUE(Has("SOLLECITO la mia richiesta", kCueReminder));
  EXPECT_TRUE(Has("C’è qualcuno?", kCueReminder));
  EXPECT_TRUE(Has("Any update on my refund?", kCueReminder));
  EXPECT_TRUE(Has("Farò reclamo formale all'AGCOM", kCueThreat));
  EXPECT_TRUE(Has("I'm cancelling my subscription", kCueThreat));
  EXPECT_TRUE(Has("Internet non funziona da tre giorni", kCueDisservice));
  EXPECT_TRUE(Has("The parcel never arrived", kCueDisservice));
  EXPECT_FALSE(Has("Please update my address", kCueReminder));
  EXPECT_FALSE(Has("Vorrei sapere le novita' dell'offerta", kCueClosing));
}

TEST_F(AnalyserTest, ClosingsNeedNoAnswer) {
  for (auto text : {"Grazie mille!", "ok, perfetto", "Thanks, that solved it.", "👍",
                    "Gentilissimi, grazie 🙏"}) {
    EXPECT_TRUE(Has(text, kCueClosing)) << text;
  }
  for (auto text : {"Grazie, ma quando arriva il pacco?", "ok?", "Grazie, vorrei disdire",
                    "Thanks, but it still does not work"}) {
    EXPECT_FALSE(Has(text, kCueClosing)) << text;
  }
}

// The dialogue act of a customer's message (findings.md, Request), in both languages and as people
// type: shorthand, no accents, emoji, a leading @handle, several sentences.
TEST_F(AnalyserTest, ActsThatNeedNoAnswer) {
  const auto act = [this](std::string_view text) { return analyser_.Analyse(text).act; };
  for (auto text : {"ok grz", "perfetto 👍", "ok thx", "ty", "kk", "tysm", "@Uber_Support Thanks!!!",
                    "grazie mille!! funziona", "risolto, grazie ancora!", "Found it, thanks!",
                    "it works now thx 🙌", "omg thank u so much 🙏🙏",
                    "Arrived this morning, thank "
                    "you Dan, really appreciate you sorting it so quickly.",
                    "ok ora va", "thanks for your help", "fatto 👍", "Inviata.",
                    // regional and foreign thanks, a thanks formula that holds "let me know"
                    "perfect ta", "ta a mil!", "Danke, ok 👍", "ok scritto 👍", "grand so",
                    "Thanks for letting me know.", "grazie per avermi avvisato"}) {
    EXPECT_EQ(act(text), Act::kClosing) << text;
  }
  for (auto text :
       {"ok lo faccio stasera", "@HartleyFinch DM sent", "@SkyJetHelp DM'd", "will do, thank you",
        "Prendo atto. Il 20 saro presente.", "Fair enough, thanks for letting me know."}) {
    EXPECT_EQ(act(text), Act::kAcknowledgement) << text;
  }
  // Irony and resignation of several words are reactions among other words too.
  for (auto text : {"👍", "lol", "ahahahah", "@ShopCo hahaha", "vabbe", "❤️",
                    "Grazie per niente", "Right. Thanks for nothing.\n\nPauline"}) {
    EXPECT_EQ(act(text), Act::kReaction) << text;
  }
}

TEST_F(AnalyserTest, ActsThatNeedAnAnswer) {
  const auto act = [this](std::string_view text) { return analyser_.Analyse(text).act; };
  for (auto text :
       {"grazie, ma il pacco non e ancora arrivato", "thanks, but it still doesn't work",
        "ok grazie?", "si grazie", "yes please", "thanks in advance, how do I reset it",
        "ok ty, still no refund", "@Brand thanks. I want to cancel my order",
        "grazie, vorrei disdire", "Done.. No changes", "il contratto l ho fatto nel 2023",
        "ho fatto il passaggio a esim ieri in negozio",
        "grazie per niente, il pacco non è arrivato", "thanks for nothing, I want a refund",
        "thanks for letting me know, but when will it arrive", "Danke, aber es geht nicht",
        "wow my bill is 300 this month",
        // texting shorthand reads as its word: "can u" asks, "wont" negates
        "hi can u pause my box for two weeks, going on holidays. thanks a mill",
        "my thermostat died, heating wont come on. its 3 years old",
        "@AppleSupport do you have any apps for epilepsy thanks in advance"}) {
    EXPECT_EQ(act(text), Act::kNeedsAnswer) << text;
  }
  EXPECT_EQ(act(""), Act::kNeedsAnswer);
}

// Contrast or negation alone keeps a thanks a request but is no need of its own (kCueNeed, which
// the tweets reader weighs); a reference named ("booking no", "numero d'ordine") gives information
// the company asked for; pointing at a private message sent is an acknowledgement.
TEST_F(AnalyserTest, AWeakNeedKeepsAThanksButIsNoNeedOfItsOwn) {
  const auto analysed = [this](std::string_view text) { return analyser_.Analyse(text); };
  for (auto text : {"so I won't miss the game", "never felt more alive", "ma che bella giornata",
                    "I'd fly them any day, but today was fun"}) {
    EXPECT_FALSE(analysed(text).cues & kCueNeed) << text;
    EXPECT_EQ(analysed(text).act, Act::kNeedsAnswer) << text;
  }
  for (auto text : {"thanks, but it still doesn't work", "why is my order late", "please help",
                    "grazie, vorrei disdire"}) {
    EXPECT_TRUE(analysed(text).cues & kCueNeed) << text;
  }
  for (auto text : {"@AirAsiaSupport Booking no YIUBPF. Thanks.", "Numero d'ordine 88412, grazie",
                    "order number 5521 thanks"}) {
    EXPECT_EQ(analysed(text).act, Act::kNeedsAnswer) << text;
  }
  for (auto text : {"@Uber_Support pls check dm", "check your dms, thanks"}) {
    EXPECT_EQ(analysed(text).act, Act::kAcknowledgement) << text;
  }
  EXPECT_EQ(analysed("Thank you very much for your help.").act, Act::kClosing);
}

TEST_F(AnalyserTest, LeadingHandlesAreNotWords) {
  EXPECT_EQ(WithoutLeadingHandles("@Uber_Support @115712 thanks!"), "thanks!");
  EXPECT_EQ(WithoutLeadingHandles(".@SouthwestAir loving it"), "loving it");
  EXPECT_EQ(WithoutLeadingHandles("Used @Walmart today"), "Used @Walmart today");
  EXPECT_EQ(WithoutLeadingHandles("@ alone"), "@ alone");
  EXPECT_TRUE(IsLaughter("ahahahah"));
  EXPECT_TRUE(IsLaughter("lmaooo"));
  EXPECT_FALSE(IsLaughter("aha"));
  EXPECT_FALSE(IsLaughter("hai"));
}

TEST_F(AnalyserTest, SqueezingRunsKeepsShortRunsAsTyped) {
  EXPECT_EQ(SqueezeRuns("grazieeee", 3, 1), "grazie");
  EXPECT_EQ(SqueezeRuns("okkk", 3, 2), "okk");
  EXPECT_EQ(SqueezeRuns("hmmm", 3, 2), "hmm");
  EXPECT_EQ(SqueezeRuns("lool", 2, 1), "lol");
  EXPECT_EQ(SqueezeRuns("buongiorno", 3, 1), "buongiorno");
  EXPECT_EQ(SqueezeRuns("", 2, 1), "");
}

TEST_F(AnalyserTest, EvidenceNamesTheWords) {
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  analyser_.Analyse("Buongiorno. È colpa del corriere, ci scusiamo.", sentences, evidence);
  ASSERT_FALSE(evidence.empty());
  size_t blame = 0;
  for (const auto& e : evidence) {
    if (e.cue != kCueBlame) continue;
    ++blame;  // "è colpa" and "colpa del corriere" overlap: one stretch of words
    EXPECT_EQ(e.sentence, 1u);
    EXPECT_EQ(sentences[1].tokens[e.first_token].form, "e");
    EXPECT_EQ(sentences[1].tokens[e.last_token].form, "corriere");
  }
  EXPECT_EQ(blame, 1u);
}

TEST(ScopeTest, AnIdiomHidesAnyCueStrictlyInsideIt) {
  auto matcher = CueMatcher::Compile({{kCueOvercommitment, TextLanguage::kItalian, "garantisco"},
                                      {kCueIdiom, TextLanguage::kItalian, "le garantisco che io"}});
  ASSERT_TRUE(matcher.ok()) << matcher.status().message();
  TextAnalyser analyser(*matcher);
  EXPECT_FALSE(analyser.Analyse("Le garantisco che io la seguirò").cues & kCueOvercommitment);
  EXPECT_TRUE(analyser.Analyse("Le garantisco che il perito approverà").cues & kCueOvercommitment);
}

TEST(ScopeTest, ALongerPhraseOfOneClassIsNotHiddenByAShorterOneStartingWithIt) {
  auto matcher = CueMatcher::Compile({{kCueBlame, TextLanguage::kItalian, "colpa"},
                                      {kCueBlame, TextLanguage::kItalian, "colpa del corriere"}});
  ASSERT_TRUE(matcher.ok()) << matcher.status().message();
  TextAnalyser analyser(*matcher);
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  analyser.Analyse("La colpa del corriere, non nostra.", sentences, evidence);
  ASSERT_EQ(evidence.size(), 1u);
  EXPECT_EQ(sentences[0].tokens[evidence[0].first_token].form, "colpa");
  EXPECT_EQ(sentences[0].tokens[evidence[0].last_token].form, "corriere");
}

TEST_F(AnalyserTest, HardNegativesOfTheBuiltInLists) {
  // Hedging about someone else's decision is no refusal; certainty about a feeling no guarantee.
  EXPECT_FALSE(Has("Non posso garantirle l'esito, ma seguo io la pratica", kCueRefusal));
  EXPECT_FALSE(Has("Non posso garantirle l'esito, ma seguo io la pratica", kCueOvercommitment));
  EXPECT_FALSE(Has("I can't guarantee the outcome, the panel decides", kCueRefusal));
  EXPECT_FALSE(Has("Sicuramente è frustrante restare senza linea", kCueOvercommitment));
  EXPECT_TRUE(Has("Il venditore ti rimborserà sicuramente entro 48 ore", kCueOvercommitment));
  EXPECT_TRUE(Has("The claims team will definitely approve it", kCueOvercommitment));
  // A "scusi" that asks something, an apology waived.
  EXPECT_FALSE(Has("Scusi il disturbo, a che ora arriva?", kCueApology));
  EXPECT_TRUE(Has("Scusi l'attesa, ho trovato la pratica", kCueApology));
  EXPECT_TRUE(Has("Il ritardo è colpa nostra e ce ne scusiamo", kCueApology));
  EXPECT_FALSE(Has("No need to apologise at all!", kCueApology));
  // Reassuring the customer is no blame; disowning the failing is.
  EXPECT_FALSE(Has("No, non è colpa sua!", kCueBlame));
  EXPECT_TRUE(Has("Il ritardo dipende dalla banca, non da noi", kCueBlame));
  EXPECT_TRUE(Has("That's on the courier, it's out of our hands", kCueBlame));
  // A payment reminder received is no chase; the customer's own slip is no failure.
  EXPECT_FALSE(Has("Ho ricevuto il sollecito di pagamento ma ho già pagato", kCueReminder));
  EXPECT_TRUE(Has("Ho ricevuto il sollecito di pagamento ma ho già pagato", kCueDisservice));
  EXPECT_FALSE(Has("I picked the wrong colour, can I change it?", kCueDisservice));
  EXPECT_FALSE(Has("I switched to you from another network last week", kCueThreat));
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

TEST(ShoutingTest, CapitalsThroughoutAreHostility) {
  TextAnalyser analyser;
  EXPECT_TRUE(analyser.Analyse("NON FUNZIONA NIENTE DA UNA SETTIMANA, RISPONDETE!").cues &
              kCueHostility);
  EXPECT_TRUE(analyser.Analyse("WHERE IS MY REFUND, I HAVE WAITED THREE WEEKS").cues &
              kCueHostility);
  EXPECT_FALSE(analyser.Analyse("OK grazie, il codice è ABC123").cues & kCueHostility);
  EXPECT_FALSE(
      analyser.Analyse("Ho ricevuto la fattura FT-2026-0042 di ACME SPA, grazie mille.").cues &
      kCueHostility);
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

// Every ASCII digit d made (d + 7) % 10: the same text with other numbers in it.
std::string OtherDigits(std::string text) {
  for (char& c : text) {
    if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + 7) % 10);
  }
  return text;
}

// The analysis without the memory of recent texts (the overload that keeps the evidence).
TextAnalysis Fresh(std::string_view text, bool with_facts = false) {
  TextAnalyser analyser;
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  return analyser.Analyse(text, sentences, evidence, with_facts);
}

// The "text" of each line of the wording devset (lines with \u escapes are left out).
std::vector<std::string> DevsetTexts() {
  std::ifstream in(FIDUCIA_SOURCE_DIR "/data/devset/wording.jsonl");
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);) {
    const size_t start = line.find("\"text\": \"");
    if (start == std::string::npos) continue;
    std::string text;
    bool ok = true;
    for (size_t i = start + 9; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] != '\\') {
        text += line[i];
        continue;
      }
      const char next = ++i < line.size() ? line[i] : 'u';
      if (next == 'u') ok = false;
      text += next == 'n' ? '\n' : next;
    }
    if (ok) texts.push_back(std::move(text));
  }
  return texts;
}

// Why the memory of recent texts may share one analysis among texts that differ only in their
// digits when no facts are read: the digits change neither the language nor any cue.
TEST(DigitsTest, OtherDigitsGiveTheSameAnalysisWithoutFacts) {
  std::vector<std::string> texts = DevsetTexts();
  ASSERT_GT(texts.size(), 600u);
  for (const char* text :
       {"Buongiorno, vorrei sapere quando arriva il mio ordine A-79796.", "Garantito al 100%!",
        "We guarantee it 100 percent, order SF-31594", "Ho pagato 49,00 € il 15/03 alle 16:30",
        "ABC123 NON FUNZIONA DA 3 SETTIMANE, RISPONDETE", "Grazie 1000!", "ok 👍 2",
        "Il codice è 4471, ve l'ho scritto 3 volte: è un sollecito",
        "www.acme2.it/ordine/55 scaduto", "mario99@example.com non risponde da 12 giorni"}) {
    texts.emplace_back(text);
  }
  size_t with_digits = 0;
  for (const std::string& text : texts) {
    const std::string other = OtherDigits(text);
    if (other == text) continue;
    ++with_digits;
    const TextAnalysis a = Fresh(text), b = Fresh(other);
    EXPECT_EQ(a.language, b.language) << text;
    EXPECT_EQ(a.cues, b.cues) << text;
  }
  EXPECT_GT(with_digits, 80u);
}

TEST(DigitsTest, TheMemoryOfRecentTextsKeepsFactsApart) {
  TextAnalyser analyser;
  const char* first = "Le rimborsiamo 49 euro entro 5 giorni lavorativi.";
  const char* second = "Le rimborsiamo 30 euro entro 15 giorni lavorativi.";
  const TextAnalysis a = analyser.Analyse(first, true);
  const TextAnalysis b = analyser.Analyse(second, true);
  ASSERT_FALSE(a.facts.empty());
  const TextAnalysis fresh = Fresh(second, true);
  EXPECT_TRUE(b.facts == fresh.facts);
  EXPECT_FALSE(a.facts == b.facts);
  // Without facts the second text is answered from the first's analysis: the same cues.
  const char* order = "Vi scrivo di nuovo: nessuno mi ha risposto sull'ordine A-72302.";
  EXPECT_EQ(analyser.Analyse(order).cues, Fresh(OtherDigits(order)).cues);
  EXPECT_EQ(analyser.Analyse(OtherDigits(order)).cues, Fresh(order).cues);
}

}  // namespace
}  // namespace fiducia

// Issue 17 item 2: the text pass was quadratic in the cues of one message (every hit compared with
// every other, every sentence with all the evidence, every fact with its whole sentence), so one
// long company message held the service for seconds; and the whole of a message was read.
namespace fiducia {
namespace {

std::string Repeated(std::string_view unit, size_t times) {
  std::string text;
  text.reserve(unit.size() * times);
  for (size_t i = 0; i < times; ++i) text += unit;
  return text;
}

// The best of 3 runs, each with a fresh analyser that reads the whole text (no cap).
double Seconds(const std::string& text, bool with_facts) {
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    TextAnalyser analyser(CueMatcher::BuiltIn(), SIZE_MAX);
    std::vector<Sentence> sentences;
    std::vector<CueEvidence> evidence;
    const auto start = std::chrono::steady_clock::now();
    const TextAnalysis a = analyser.Analyse(text, sentences, evidence, with_facts);
    const auto end = std::chrono::steady_clock::now();
    EXPECT_NE(a.cues, kCueNone);
    best = std::min(best, std::chrono::duration<double>(end - start).count());
  }
  return best;
}

// 8 times the text may cost at most 24 times the time (a quadratic pass costs 64 times).
void ExpectLinear(std::string_view unit, size_t times) {
  for (const bool with_facts : {false, true}) {
    const double small = Seconds(Repeated(unit, times), with_facts);
    const double large = Seconds(Repeated(unit, 8 * times), with_facts);
    EXPECT_LT(large, 24 * std::max(small, 1e-4))
        << "\"" << unit << "\" x" << times << (with_facts ? " with facts" : "") << ": " << small
        << " s, x" << 8 * times << ": " << large << " s";
  }
}

TEST(TextCostTest, RepeatedItalianApologiesCostLinearTime) {
  ExpectLinear("Ci scusiamo. ", 5000);  // 65 KB and 520 KB: 11 s for the large one before
}

TEST(TextCostTest, RepeatedEnglishApologiesCostLinearTime) {
  ExpectLinear("We apologise for the delay. ", 5000);  // 140 KB and 1.1 MB
}

// One endless sentence of every kind of cue, negations, quotes, amounts, days and subjects: the
// evidence overlaps and every fact looks for its subject in the same sentence.
TEST(TextCostTest, OneLongSentenceOfMixedCuesAndFactsCostsLinearTime) {
  ExpectLinear(
      "non ci scusiamo, \"siete dei ladri\" e le rimborsiamo 49 euro entro 5 giorni lavorativi, "
      "domani alle 16, purtroppo non è possibile, è colpa del corriere, le garantisco che la "
      "richiamo lunedì; ",
      600);  // 120 KB and 1 MB: one sentence
}

// One sentence of negations with nothing said after them: each no looked over the whole sentence
// (text_fuzz timed out under ASan on the fuzz seeds).
TEST(TextCostTest, OneLongSentenceOfNegationsCostsLinearTime) {
  ExpectLinear("non lo so e non è possibile ", 3000);
}

TEST(TextCapTest, OnlyTheFirstTextBytesAreRead) {
  const std::string filler = Repeated("Il pacco è partito ieri dal magazzino. ", 2000);  // 80 KB
  const std::string late = filler + "Ci scusiamo per il disagio.";
  const std::string early = "Ci scusiamo per il disagio. " + filler;
  TextAnalyser capped;  // the default: InputLimits::text_bytes, 64 KiB
  EXPECT_FALSE(capped.Analyse(late).cues & kCueApology);
  EXPECT_TRUE(capped.Analyse(early).cues & kCueApology);
  TextAnalyser small(CueMatcher::BuiltIn(), 4096);
  EXPECT_FALSE(small.Analyse(late).cues & kCueApology);
  EXPECT_FALSE(small.Analyse(filler.substr(0, 8000) + "Ci scusiamo.").cues & kCueApology);
  EXPECT_TRUE(small.Analyse(filler.substr(0, 3000) + "Ci scusiamo.").cues & kCueApology);
  TextAnalyser whole(CueMatcher::BuiltIn(), SIZE_MAX);
  EXPECT_TRUE(whole.Analyse(late).cues & kCueApology);
  // The evidence kept for the coach is that of the part read.
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  small.Analyse(late, sentences, evidence);
  EXPECT_LT(sentences.size(), 4096u / 30);
  EXPECT_TRUE(evidence.empty());
}

TEST(TextCapTest, TheCutFallsAfterASentenceOrAWordOrBetweenCharacters) {
  EXPECT_EQ(AnalysedPart("Tutto bene.", 11), "Tutto bene.");
  EXPECT_EQ(AnalysedPart("Tutto bene.", 100), "Tutto bene.");
  EXPECT_EQ(AnalysedPart("Uno due tre. Quattro cinque sei", 14), "Uno due tre.");
  EXPECT_EQ(AnalysedPart("Uno due tre quattro cinque", 22), "Uno due tre quattro");
  EXPECT_EQ(AnalysedPart("Prima riga\nseconda riga", 13), "Prima riga\n");
  // No space near the end: between two characters, never inside one ("è" is 2 bytes).
  const std::string accents = Repeated("è", 100);
  for (size_t limit : {7, 8, 101, 150}) {
    const std::string_view part = AnalysedPart(accents, limit);
    EXPECT_EQ(part.size(), limit - limit % 2) << limit;
  }
  // Invalid UTF-8 (continuation bytes only) is cut where the limit falls, not emptied.
  EXPECT_EQ(AnalysedPart(std::string(1000, '\x80'), 300).size(), 297u);
}

// What the cues and facts of ordinary company messages are (as before the pass was made linear):
// the longer cue over the one inside it, an idiom over a refusal, the same class joined, negation,
// quotation, the nearest subject (the earlier of two as near) and promises.
std::string Described(std::string_view text) {
  TextAnalyser analyser;
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  const TextAnalysis a = analyser.Analyse(text, sentences, evidence, true);
  std::string out;
  for (const CueEvidence& e : evidence) {
    out += std::string(ToString(e.cue)) + "@" + std::to_string(e.sentence) + ":" +
           std::to_string(e.first_token) + "-" + std::to_string(e.last_token) + " ";
  }
  for (const Fact& f : a.facts) {
    if (f.kind == FactKind::kPolar) continue;  // a yes or a no in words: read since, not before
    out += "[" + std::to_string(static_cast<int>(f.kind)) + " " + std::to_string(f.sentence) + ":" +
           std::to_string(f.token) + " " + std::string(FactSubjectName(f.subject)) + " " +
           std::to_string(f.low) + "-" + std::to_string(f.high) + (f.promise ? " promise" : "") +
           "] ";
  }
  return out;
}

TEST(TextEqualityTest, OrdinaryMessagesReadAsBefore) {
  EXPECT_EQ(Described("Buongiorno. È colpa del corriere, ci scusiamo."),
            "apology@1:5-6 blame@1:0-3 ");
  EXPECT_EQ(Described("Non ci scusiamo per il disagio, ma \"ci scusiamo\" non basta."),
            "politeness@0:2-2 ");
  EXPECT_EQ(Described("Le rimborsiamo 49 euro entro 5 giorni lavorativi, la richiamo domani."),
            "commitment@0:0-1 promise@0:9-10 [0 0:2 refund 4900-4900] [1 0:5 refund 7200-7200] "
            "[2 0:11 refund 0-0 "
            "promise] ");
  // The commitment is the verb with its article since 040ba69 ("sostituiremo il": the stem alone
  // is also the noun "la sostituzione"), so it spans "sostituire il".
  EXPECT_EQ(Described("Purtroppo non è possibile, però possiamo sostituire il pacco."),
            "commitment@0:7-8 refusal@0:1-3 alternative@0:5-6 [3 0:1 repair 0-0] ");
  EXPECT_EQ(Described("We're sorry: your refund of 30 euro was approved, we will call you by "
                      "Friday. We cannot change the delivery date."),
            "empathy@0:0-1 refusal@1:0-1 promise@0:12-14 approved@0:9-9 [0 0:6 refund 3000-3000] "
            "[2 0:16 refund "
            "0-0 promise] [3 0:9 refund 1-1] [3 1:0 delivery 0-0] ");
  EXPECT_EQ(Described("Il costo di attivazione e il rimborso: 10 euro, il rimborso arriva lunedì."),
            "[0 0:8 refund 1000-1000] [2 0:14 refund 0-0] ");
}

// NamedSubjects answers as reading the whole sentence did: the nearest subject, the earlier one of
// two as near.
TEST(TextEqualityTest, TheNearestSubjectIsTheOneReadingTheSentenceFinds) {
  const FactExtractor& facts = *FactExtractor::BuiltIn();
  Stemmer stemmer;
  for (const auto& [language, words] :
       {std::pair(TextLanguage::kItalian,
                  "il rimborso e la consegna di 49 euro del pacco x rimborso"),
        std::pair(TextLanguage::kEnglish, "the refund and the delivery of 49 euro x y z refund")}) {
    std::vector<std::string> stemmed;
    for (std::string_view rest = words; !rest.empty();) {
      const size_t space = std::min(rest.find(' '), rest.size());
      stemmed.push_back(stemmer.Stem(rest.substr(0, space), language));
      rest.remove_prefix(std::min(space + 1, rest.size()));
    }
    const std::vector<std::string_view> stems(stemmed.begin(), stemmed.end());
    const NamedSubjects named = facts.Named(stems, language);
    size_t named_words = 0;
    for (size_t at = 0; at < stems.size() + 3; ++at) {
      std::pair<uint16_t, size_t> slow{0, SIZE_MAX};  // as SubjectNear read the sentence before
      for (size_t k = 0; k < stems.size(); ++k) {
        const uint16_t subject = facts.Named({stems[k]}, language).Near(0).first;
        const size_t distance = k > at ? k - at : at - k;
        if (subject && distance < slow.second) slow = {subject, distance};
        named_words += at == 0 && subject ? 1 : 0;
      }
      EXPECT_EQ(named.Near(at), slow) << words << " at " << at;
      EXPECT_EQ(facts.SubjectNear(stems, at, language), slow);
    }
    EXPECT_GE(named_words, 3u) << words;
  }
  EXPECT_EQ(NamedSubjects().Near(4), (std::pair<uint16_t, size_t>(0, SIZE_MAX)));
}

// A present-tense send is the answer itself; with a time of its own clause it is a promise, and a
// message or news sent is contacting again (issue 18: "le invio il link…" raised a silent_no).
TEST_F(AnalyserTest, APresentSendIsNoPromiseUnlessATimeIsItsOwn) {
  auto promises = [&](std::string_view text) {
    return (analyser_.Analyse(text, /*with_facts=*/true).cues & kCuePromise) != 0;
  };
  EXPECT_FALSE(promises("Si può fare: le invio il link per firmare, l'attivazione è in 48 ore."));
  EXPECT_FALSE(promises("Capisco, le mando qui la pagina del contratto."));
  EXPECT_FALSE(promises("Ciao! Ti invio il link dell'area clienti, da lì lo cambi in un minuto."));
  EXPECT_TRUE(promises("Domani mattina le mando l'esito della perizia."));
  EXPECT_TRUE(promises("Ti mando la nota di credito entro domani."));
  EXPECT_TRUE(promises("Appena arriva il pezzo le mando un messaggio."));
  EXPECT_TRUE(promises("Le manderò il contratto firmato."));
  EXPECT_FALSE(promises("Le scrivo per informarla che il rimborso è stato approvato."));
  EXPECT_TRUE(promises("We've received your DM and will continue there."));
  EXPECT_TRUE(
      promises("We're looping in an expert. They will reply as soon as they're available."));
  EXPECT_TRUE(promises("To avoid confusion we'll be following up through in-app support."));
}

// A possessive after a fault word names its owner only where it stands for the owner: the
// customer's "they messed up my order" stays the failure it reports (tweets_test's "Went to @ShopCo
// and they messed up my order" was read as the speaker owning a fault, and not addressed).
TEST_F(AnalyserTest, APossessiveAfterAFaultOwnsItOnlyWhereItStandsForTheOwner) {
  for (std::string_view text : {"they messed up my order", "c'è un errore nel mio ordine"}) {
    EXPECT_TRUE(Has(text, kCueDisservice)) << text;
    EXPECT_FALSE(Has(text, kCueResponsibility)) << text;
  }
  for (std::string_view text :
       {"l'errore è stato nostro", "l'errore è stato nostro in magazzino",
        "un errore nostro, mi dispiace", "the mistake is ours", "it was a mistake on our side"}) {
    EXPECT_TRUE(Has(text, kCueResponsibility)) << text;
  }
}

}  // namespace
}  // namespace fiducia

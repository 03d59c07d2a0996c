#include "text/analyser.h"

#include <gtest/gtest.h>
#include <unistd.h>

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

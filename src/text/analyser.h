// The text pass, run once on each message where it enters: language, then tokens and stems, then
// one scan of the cue database, then scope — negation, quotation, idioms, the longer cue over the
// one it contains — to a bit set of cues. After it the text can be dropped.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/input_limits.h"
#include "model/event.h"
#include "model/fact.h"
#include "text/cue_matcher.h"
#include "text/facts.h"
#include "text/stemmer.h"
#include "text/tokens.h"

namespace fiducia {

struct TextAnalysis {
  TextLanguage language = TextLanguage::kUnknown;
  // The cue classes found. Of the act's words only kCueNeed is kept, meaning the message carries a
  // need (a question, or words of need, failure, reminder, threat, demand, insult): the tweets
  // reader weighs it for a post that names the company without speaking to it.
  uint32_t cues = kCueNone;
  Act act = Act::kNeedsAnswer;  // what the message does, were a customer to send it
  std::vector<Fact> facts;      // only when asked for (company words)
};

// A cue found, for people: its class and the words that triggered it.
struct CueEvidence {
  Cue cue = kCueNone;
  size_t sentence = 0;
  size_t first_token = 0, last_token = 0;  // inclusive, in that sentence
};

// Which language a text is in: CLD2 where it is sure, else the function words it holds.
TextLanguage DetectLanguage(std::string_view text);
// `text` without the @handles that open it ("@Uber_Support @115712 thanks!" -> "thanks!"): on
// social channels they address the message and are not its words.
std::string_view WithoutLeadingHandles(std::string_view text);
// Laughter as people type it: "haha", "ahahahah", "lol", "lmaooo", "xd", "hehe".
bool IsLaughter(std::string_view word);
// `word` with every run of a letter `min_run` times or more cut to `keep` letters ("grazieee" with
// 3, 1: "grazie"; "lool" with 2, 1: "lol").
std::string SqueezeRuns(std::string_view word, size_t min_run, size_t keep);
// Written in capitals throughout, as people shout: a hostility cue of its own.
bool IsShouting(std::string_view text);
// The part of a message the text pass reads: all of it up to `max_bytes` (InputLimits::text_bytes),
// else its first `max_bytes` at most, cut after the last sentence in the final quarter of them,
// else after the last word there, else at a UTF-8 character boundary.
std::string_view AnalysedPart(std::string_view text, size_t max_bytes);

// Not thread-safe: one per thread, sharing one CueMatcher.
class TextAnalyser {
 public:
  // Only the first `text_bytes` of a text are read (AnalysedPart): the cost of a message is
  // bounded whatever its length.
  explicit TextAnalyser(std::shared_ptr<const CueMatcher> matcher = CueMatcher::BuiltIn(),
                        size_t text_bytes = InputLimits().text_bytes);

  // `with_facts`: also read the facts it states (amounts, durations, days, decisions), which only
  // the company's words need. A text seen a moment ago ("Grazie mille!", an agent's macro) is
  // answered from a bounded memory of recent texts: the analysis is a function of the text alone.
  TextAnalysis Analyse(std::string_view text, bool with_facts = false);
  // The same, keeping the sentences and the evidence of each cue (for the reply coach, reports).
  TextAnalysis Analyse(std::string_view text, std::vector<Sentence>& sentences,
                       std::vector<CueEvidence>& evidence, bool with_facts = false);

 private:
  void ReadFacts(const std::vector<Sentence>& sentences, std::vector<CueEvidence>& evidence,
                 TextLanguage language, TextAnalysis& result);
  static void ClearOwnAssurances(std::vector<CueEvidence>& evidence,
                                 const std::vector<Sentence>& sentences);
  std::string StemLine(const std::vector<Sentence>& sentences, TextLanguage language);
  std::vector<CueEvidence> InScope(const std::vector<Sentence>& sentences);
  Act JudgeAct(const std::vector<Sentence>& sentences, const std::vector<CueEvidence>& evidence,
               TextLanguage language, std::string_view text, uint32_t cues, bool& carries_need);
  bool IsClosingWord(const std::string& form, TextLanguage language);
  bool IsClosingForm(const std::string& form, TextLanguage language);
  bool FramedAsAnAnswer(const std::vector<Sentence>& sentences,
                        const std::vector<CueEvidence>& evidence, TextLanguage language);
  uint32_t OtherLanguageActCues(std::string_view text, TextLanguage language, bool& weak_need);

  std::shared_ptr<const CueMatcher> matcher_;
  size_t text_bytes_;
  std::shared_ptr<const FactExtractor> facts_ = FactExtractor::BuiltIn();
  CueMatcher::Scratch scratch_;
  Tokeniser tokeniser_;
  Stemmer stemmer_;
  // Per message, reused: the stem line and where each token starts in it.
  std::string line_;
  std::vector<std::pair<size_t, size_t>> token_at_;  // line offset -> (sentence, token)
  std::vector<size_t> token_offsets_;
  std::vector<CueMatcher::Hit> hits_;
  std::vector<uint32_t> order_;                     // evidence by position (InScope)
  TextLanguage language_ = TextLanguage::kItalian;  // the cues' language of the text in hand
  // Recent texts (prefixed with whether facts were read) and their analysis; bounded.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  static constexpr size_t kMaxRemembered = size_t{1} << 14;
  static constexpr size_t kMaxRememberedText = 512;
  std::unordered_map<std::string, TextAnalysis, Hash, std::equal_to<>> recent_;
  std::string key_;
};

}  // namespace fiducia

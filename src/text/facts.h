// Facts in a company message (issue #4 item 6): amounts ("49 euro", "€ 49,00", "EUR 49.00",
// "49€", "$49"), durations ("5 giorni lavorativi", "48 ore", "two weeks"), days and times
// ("entro il 15 marzo", "venerdì", "by Friday", "domani", "end of day", "alle 16") and yes/no
// decisions, each tied to the subject named nearest to it in its sentence ("rimborso",
// "delivery"). The words are data (data/facts/{it,en}.tsv); days are resolved against the business
// calendar later (rules/deadline.h), since a fact outlives the text it was read from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/event.h"
#include "model/fact.h"
#include "text/tokens.h"

namespace fiducia {

// The subject names of the built-in fact words, index 0 being "" (no subject named).
const std::vector<std::string>& FactSubjects();
std::string_view FactSubjectName(uint16_t subject);

// "49", "49,00", "49.00", "1.234,56", "1,234.56" -> cents; nullopt for anything else.
std::optional<int64_t> ParseAmountCents(std::string_view number);

// The subjects one sentence names and where (token indices, in order): the nearest one to any
// token is found without reading the sentence again, so a long sentence with many facts costs its
// length, not its length squared.
class NamedSubjects {
 public:
  // The subject named nearest to token `at` and how many tokens away it is (the earlier one of two
  // as near); subject 0 (at SIZE_MAX) when none is named.
  std::pair<uint16_t, size_t> Near(size_t at) const;
  // The same, but a subject counts only with no clause mark between it and `at`: in "il tecnico
  // viene martedì per l'attivazione; lunedì pomeriggio le mando un messaggio" Monday is not the
  // activation's.
  std::pair<uint16_t, size_t> NearInClause(size_t at,
                                           const std::vector<std::string_view>& stems) const;

 private:
  friend class FactExtractor;
  std::vector<size_t> at_;
  std::vector<uint16_t> subject_;
};

class FactExtractor {
 public:
  // The built-in words of data/facts.
  static std::shared_ptr<const FactExtractor> BuiltIn();
  // Words in the data/facts format, one text per language; `source` names them in errors.
  static Result<std::shared_ptr<const FactExtractor>> Parse(std::string_view italian,
                                                            std::string_view english);
  ~FactExtractor();

  // The facts of one sentence (`index` in its message). `stems` runs parallel to its tokens: a
  // word's Snowball stem, any other token's form. Decisions and promises are not found here: they
  // come from the cues of the sentence (see MarkSentenceCues).
  // `previous`: the stems of the sentence before it, if any: an amount in a sentence that names no
  // subject speaks to the subjects that one names ("chiede il prezzo della piattaforma.
  // Comunicato: 160 euro al giorno", "Your refund request has been processed. You will receive
  // $356.00 within 5-7 business days").
  void Extract(const Sentence& sentence, const std::vector<std::string_view>& stems,
               TextLanguage language, uint16_t index, std::vector<Fact>& out,
               const std::vector<std::string_view>* previous = nullptr) const;
  // The subject named nearest to token `at` of the sentence and how many tokens away it is;
  // subject 0 (at SIZE_MAX) when none is named.
  std::pair<uint16_t, size_t> SubjectNear(const std::vector<std::string_view>& stems, size_t at,
                                          TextLanguage language) const;
  // Where the sentence names subjects, for many SubjectNear questions on one sentence.
  NamedSubjects Named(const std::vector<std::string_view>& stems, TextLanguage language) const;
  // Every subject the sentence names, bit i for subject i.
  uint16_t SubjectsOf(const std::vector<std::string_view>& stems, TextLanguage language) const;

  struct Words;

 private:
  // Amounts, durations, days and times (Extract's values); then a yes or a no said in words.
  void ExtractValues(const Sentence& sentence, const std::vector<std::string_view>& stems,
                     TextLanguage language, uint16_t index, std::vector<Fact>& out,
                     const std::vector<std::string_view>* previous) const;
  void Polar(const Sentence& sentence, const std::vector<std::string_view>& stems,
             TextLanguage language, uint16_t index, std::vector<Fact>& out) const;
  friend const std::vector<std::string>& FactSubjects();
  explicit FactExtractor(std::unique_ptr<Words> words);
  std::unique_ptr<Words> words_;
};

// Where a sentence's cues are, for MarkSentenceCues.
struct SentenceCues {
  uint32_t cues = 0;
  size_t promise_at = 0;  // first and last token of the promise cue
  size_t promise_end = 0;
  size_t decision_at = 0;  // first token of the approved/refused/refusal cue
};

// Whether a clause mark (, ; : or a dash) lies among tokens [from, to) of a sentence.
bool ClauseBreak(const std::vector<std::string_view>& stems, size_t from, size_t to);

// Adds what a sentence's cues say to its facts (those from `first_of_sentence` on): a decision
// (approved, or refused/a refusal) on the subject nearest the cue; and `promise` on the days and
// durations nearer the promise cue than the subject they name ("la richiamo domani" is a promise;
// in "il tecnico arriva lunedì e poi la richiamo" Monday is the technician's).
void MarkSentenceCues(const FactExtractor& extractor, const std::vector<std::string_view>& stems,
                      TextLanguage language, const SentenceCues& cues, uint16_t index,
                      std::vector<Fact>& facts, size_t first_of_sentence);

}  // namespace fiducia

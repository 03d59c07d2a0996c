#include "text/analyser.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

namespace fiducia {
namespace {

constexpr size_t kMaxClosingWords = 12;
// A message of more words than this says more than a thanks, an okay or a reaction: a request.
constexpr size_t kMaxActWords = 25;
// A message framed as an answer (FramedAsAnAnswer) says no more than this many words.
constexpr size_t kMaxFramedWords = 15;
// A message that ends in a thanks may tell its story first ("I resized it and it worked. Thanks."):
// it says more before closing, up to this many words.
constexpr size_t kMaxThankedWords = 40;
constexpr size_t kNegationReach = 2;  // words before a cue that can negate it

constexpr std::array<std::string_view, 30> kItalianFunctionWords = {
    "il", "lo",    "la",     "di",     "che",        "non",    "per",  "un",     "una", "sono",
    "ho", "mi",    "ci",     "del",    "della",      "ancora", "come", "quando", "nel", "vorrei",
    "ma", "anche", "questo", "grazie", "buongiorno", "salve",  "sul",  "gli",    "ed",  "perche"};
constexpr std::array<std::string_view, 30> kEnglishFunctionWords = {
    "the", "and",  "to",   "of",     "i",      "you",   "is",  "my",  "it",   "for",
    "not", "have", "what", "please", "thanks", "hello", "hi",  "was", "with", "your",
    "can", "when", "why",  "still",  "we",     "this",  "are", "be",  "on",   "in"};
constexpr size_t kShoutingLetters = 20;
// Also as typed without the apostrophe ("it wont turn on"; the stemmer reads them alike). Not
// "cant": the need lexicon has long read it as a need of its own ("cant order online").
constexpr std::array<std::string_view, 26> kNegators = {
    "non",    "nn",    "mai",    "nessun",  "nessuna", "neanche", "nemmeno", "not",   "no",
    "never",  "don't", "didn't", "doesn't", "won't",   "can't",   "cannot",  "isn't", "wasn't",
    "aren't", "dont",  "didnt",  "doesnt",  "wont",    "isnt",    "wasnt",   "arent"};

// The words of the dialogue act: read by JudgeAct, then dropped from the cues and the evidence.
constexpr uint32_t kActWords = kCueAcknowledgement | kCueSettled | kCueReaction | kCueNeed;

// Cues whose meaning a "non"/"not" just before turns around ("non capisco" is no empathy); the
// others are negative by nature ("non è possibile" is the refusal itself).
constexpr uint32_t kNegatable = kCueApology | kCueEmpathy | kCueTakesResponsibility |
                                kCueCommitment | kCueAlternative | kCuePromise | kCueExpectation |
                                kCueOvercommitment | kCueApproved | kCueDemand | kCueSend;

template <size_t N>
bool Contains(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

TextLanguage ByFunctionWords(std::string_view text) {
  int it = 0, en = 0;
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word += static_cast<char>(c | 0x20);
      continue;
    }
    it += Contains(kItalianFunctionWords, word) ? 1 : 0;
    en += Contains(kEnglishFunctionWords, word) ? 1 : 0;
    word.clear();
  }
  if (it == en) return TextLanguage::kUnknown;
  return it > en ? TextLanguage::kItalian : TextLanguage::kEnglish;
}

// Question words: they ask where they open a sentence or a clause ("where is my parcel", "ok
// thanks, how do I…", "hi why…"); further in they join clauses ("credit where it's due", "you
// helped me with what I needed").
constexpr std::array<std::string_view, 11> kQuestionWords = {
    "how", "why", "what", "where", "which", "who", "perche", "quale", "dove", "cosa", "come"};
constexpr size_t kMaxWordsBeforeQuestion = 1;

// Whether a need cue found says a need: all do but a question word well inside its sentence.
bool SaysNeed(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  if (e.cue != kCueNeed) return false;
  const auto& tokens = sentences[e.sentence].tokens;
  if (e.first_token != e.last_token || !Contains(kQuestionWords, tokens[e.first_token].form)) {
    return true;
  }
  size_t before = 0;  // words since the sentence or the clause began; a handle is none of them
  for (size_t t = e.first_token; t > 0 && tokens[t - 1].kind != TokenKind::kPunct; --t) {
    const Token& word = tokens[t - 1];
    before += word.kind == TokenKind::kWord && !word.form.starts_with('@') ? 1 : 0;
  }
  return before <= kMaxWordsBeforeQuestion;
}

// Words of contrast or negation alone ("but", "still", "won't", "ma", "ancora", "mai"): they turn
// a thanks around ("thanks, but…"), yet by themselves ask nothing ("so I won't miss the game",
// "never felt more alive"). A need found in one such word is weak: it keeps a thanks a request,
// but it is no need of its own.
constexpr std::array<std::string_view, 12> kContrastWords = {
    "but", "still",  "yet",    "however",  "though", "although",
    "ma",  "ancora", "invece", "tuttavia", "eppure", "piu"};

// Negations the need words hold besides kNegators ("couldn't", "nothing", "no one"), and words
// that turn to a crowd ("anyone"): alone they ask nothing of the company ("couldn't pass it up",
// "nothing says Halloween like…", "burritos for anyone in costume").
constexpr std::array<std::string_view, 13> kWeakNeedWords = {
    "haven't", "hasn't",  "couldn't", "wouldn't", "havent", "hasnt", "couldnt",
    "wouldnt", "nothing", "anyone",   "anybody",  "niente", "nulla"};

bool WeakNeed(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  const auto& tokens = sentences[e.sentence].tokens;
  for (size_t t = e.first_token; t <= e.last_token; ++t) {
    const std::string& w = tokens[t].form;
    if (!Contains(kContrastWords, w) && !Contains(kNegators, w) && !Contains(kWeakNeedWords, w)) {
      return false;
    }
  }
  return true;
}

// What a thanks is for ("thank you for resolving my issue", "grazie per l'aiuto col problema"):
// the words after "for"/"per"/"di".
constexpr std::array<std::string_view, 3> kThanksFor = {"for", "per", "di"};
constexpr size_t kMaxThanksObject = 12;  // words: what is thanked for is said briefly

// A stretch of one sentence's tokens, [from, to].
struct Span {
  size_t sentence, from, to;
  friend bool operator<(const Span& a, const Span& b) {
    return std::tie(a.sentence, a.from, a.to) < std::tie(b.sentence, b.from, b.to);
  }
  friend bool operator==(const Span&, const Span&) = default;
};

// Whether a span of `spans` (sorted, none longer than `longest`) holds the evidence `e`: a long
// text costs its length, not its length squared.
bool Covered(const std::vector<Span>& spans, const CueEvidence& e, size_t longest) {
  const Span from{e.sentence, e.first_token > longest ? e.first_token - longest : 0, 0};
  for (auto it = std::lower_bound(spans.begin(), spans.end(), from);
       it != spans.end() && it->sentence == e.sentence && it->from <= e.first_token; ++it) {
    if (it->to >= e.last_token) return true;
  }
  return false;
}

// The objects of the message's thanks, sorted: after "thanks for", "thank you @Co for", or a
// thanks phrase holding its "for" ("grazie per l'aiuto con il problema"), up to the clause's end,
// a contrast or a negation, kMaxThanksObject words at most.
std::vector<Span> ThanksObjects(const std::vector<CueEvidence>& evidence,
                                const std::vector<Sentence>& sentences) {
  std::vector<Span> objects;
  for (const CueEvidence& thanks : evidence) {
    if (thanks.cue != kCueSettled) continue;
    const auto& tokens = sentences[thanks.sentence].tokens;
    size_t t = thanks.first_token;
    while (t <= thanks.last_token && !Contains(kThanksFor, tokens[t].form)) ++t;
    if (t > thanks.last_token) {
      while (t < tokens.size() && tokens[t].form.starts_with('@')) ++t;
      if (t >= tokens.size() || !Contains(kThanksFor, tokens[t].form)) continue;
    }
    const size_t from = t + 1;
    size_t to = from;
    for (; to < tokens.size() && to < from + kMaxThanksObject; ++to) {
      const std::string& w = tokens[to].form;
      if (tokens[to].kind == TokenKind::kPunct || Contains(kContrastWords, w) ||
          Contains(kNegators, w)) {
        break;
      }
    }
    if (to > from) objects.push_back({thanks.sentence, from, to - 1});
  }
  std::sort(objects.begin(), objects.end());
  objects.erase(std::unique(objects.begin(), objects.end()), objects.end());
  return objects;
}

// A need word in what a thanks is for is what is thanked for, not a need ("thanks for helping
// when I had an issue"); "thanks for the reply, but…", "grazie, ma…" and "thanks for fixing it.
// It still fails" keep theirs, and so does a thanks in advance (for what is still to come).
bool InThanksObject(const CueEvidence& need, const std::vector<Span>& objects,
                    const std::vector<Sentence>& sentences) {
  if (objects.empty()) return false;
  const auto& tokens = sentences[need.sentence].tokens;
  for (size_t t = need.first_token; t <= need.last_token; ++t) {
    if (tokens[t].form == "advance" || tokens[t].form.starts_with("anticip")) return false;
  }
  return Covered(objects, need, kMaxThanksObject);
}

bool Overlaps(const CueEvidence& a, const CueEvidence& b) {
  return a.sentence == b.sentence && a.first_token <= b.last_token && b.first_token <= a.last_token;
}

bool StrictlyInside(const CueEvidence& inner, const CueEvidence& outer) {
  return inner.sentence == outer.sentence && outer.first_token <= inner.first_token &&
         inner.last_token <= outer.last_token &&
         (outer.last_token - outer.first_token) > (inner.last_token - inner.first_token);
}

// A refusal ("we can't", "claim declined") and a decision said no ("cannot be refunded"): the same
// no, read by refusal_without_alternative and by the rules that compare decisions.
bool SameNo(const CueEvidence& a, const CueEvidence& b) {
  return (a.cue == kCueRefusal && b.cue == kCueRefused) ||
         (a.cue == kCueRefused && b.cue == kCueRefusal);
}

// A negator reaches no further than its clause: in "we didn't, that's on me" and "No, mi dispiace"
// the comma closes what the "didn't" and the "no" deny.
bool Negated(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  if (!(e.cue & kNegatable)) return false;
  const auto& tokens = sentences[e.sentence].tokens;
  for (size_t back = 1; back <= kNegationReach && back <= e.first_token; ++back) {
    const Token& t = tokens[e.first_token - back];
    if (t.kind == TokenKind::kPunct) return false;
    if (Contains(kNegators, t.form)) return true;
  }
  return false;
}

// Between a negator and the outcome it denies: auxiliaries, clitics and "still/yet/ever"
// ("non mi è ancora arrivato", "still hasn't been refunded", "has not yet arrived").
constexpr std::array<std::string_view, 45> kOutcomeGlue = {
    "è",     "e",       "sono",  "stato",  "stata",    "stati",    "state", "ha",   "hanno",
    "ho",    "abbiamo", "avete", "mi",     "ci",       "ti",       "gli",   "le",   "l'",
    "si",    "ancora",  "più",   "piu",    "mai",      "ne",       "has",   "have", "had",
    "been",  "be",      "is",    "was",    "are",      "were",     "it",    "they", "yet",
    "still", "even",    "ever",  "really", "actually", "anything", "got",   "get",  "being"};
constexpr std::array<std::string_view, 18> kOutcomeNegators = {
    "hasn't",  "haven't", "hadn't", "weren't", "couldn't", "wouldn't",
    "nothing", "niente",  "nulla",  "nessuno", "nobody",   "neither",
    "nor",     "ain't",   "hasnt",  "havent",  "werent",   "couldnt"};
// Words that make what follows a condition, not a report: "se non arriva", "if it doesn't work".
constexpr std::array<std::string_view, 7> kConditions = {"se",     "qualora", "caso",   "if",
                                                         "unless", "in",      "whether"};

// An expected outcome denied ("il pacco non è ancora arrivato", "my refund hasn't been
// processed"): a negator, then only auxiliaries, clitics and "still/yet", then the outcome; not
// in a condition ("se non arriva entro venerdì", "if it doesn't work").
bool FailedOutcome(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  const auto& tokens = sentences[e.sentence].tokens;
  constexpr size_t kMaxGlue = 4;
  for (size_t back = 1; back <= kMaxGlue + 1 && back <= e.first_token; ++back) {
    const std::string& w = tokens[e.first_token - back].form;
    if (Contains(kNegators, w) || Contains(kOutcomeNegators, w)) {
      const size_t at = e.first_token - back;
      // "se il modem non arriva": the condition may open the clause a few words before.
      for (size_t k = 1; k <= 4 && k <= at && tokens[at - k].kind != TokenKind::kPunct; ++k) {
        if (Contains(kConditions, tokens[at - k].form)) return false;
      }
      return true;
    }
    if (!Contains(kOutcomeGlue, w)) return false;
  }
  return false;
}

// Words that open a hypothesis: a failure after them in their clause is not reported.
constexpr std::array<std::string_view, 5> kHypotheses = {"se", "qualora", "if", "unless",
                                                         "whether"};
constexpr size_t kHypothesisReach = 4;

bool Hypothetical(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  const auto& tokens = sentences[e.sentence].tokens;
  for (size_t k = 1; k <= kHypothesisReach && k <= e.first_token; ++k) {
    const Token& t = tokens[e.first_token - k];
    if (t.kind == TokenKind::kPunct) return false;
    if (Contains(kHypotheses, t.form)) return true;
    // "in caso di guasto", "nel caso in cui", "in case it breaks", "in the event of a delay".
    const std::string_view before = k < e.first_token
                                        ? std::string_view(tokens[e.first_token - k - 1].form)
                                        : std::string_view();
    if ((t.form == "caso" || t.form == "case") && (before == "in" || before == "nel")) return true;
    if (t.form == "event" && before == "the" && k + 1 < e.first_token &&
        tokens[e.first_token - k - 2].form == "in") {
      return true;
    }
  }
  return false;
}

// The speaker's side, as a possessive: "errore nostro", "our error", "the mistake is ours".
constexpr std::array<std::string_view, 12> kOurs = {"nostro", "nostra", "nostri", "nostre",
                                                    "mio",    "mia",    "miei",   "mie",
                                                    "our",    "ours",   "my",     "mine"};
// Words a fault and its owner may have between them, read either way round ("l'errore è stato
// nostro", "un errore del nostro sistema", "our packing at fault", "a mistake and it's ours").
constexpr size_t kMaxFaultReach = 2;
// A possessive predicate ending the clause ("… è stato nostro", "… is ours") reaches further back.
constexpr size_t kMaxPredicateReach = 6;
constexpr std::array<std::string_view, 8> kCopulas = {"e",   "stato", "stata", "is",
                                                      "was", "been",  "sono",  "are"};

// A possessive after the fault word names its owner only where it stands for the owner, not for
// what the fault fell on: "errore nostro", "l'errore è stato nostro in magazzino", "the mistake is
// ours", "a mistake on our side"; never "they messed up my order", "un errore nel mio ordine" (the
// customer's order: the failure stays the customer's report).
bool OwnerAfterFault(const std::vector<Token>& tokens, size_t at, size_t ahead) {
  static constexpr std::array<std::string_view, 3> kSides = {"side", "end", "part"};
  const std::string_view form = tokens[at].form;
  const bool last_word = at + 1 == tokens.size() || tokens[at + 1].kind == TokenKind::kPunct;
  if (form == "ours" || form == "mine") return true;
  if (form == "our" || form == "my") return !last_word && Contains(kSides, tokens[at + 1].form);
  // An Italian possessive after an article or a preposition is what a noun is ("nel mio ordine");
  // after the fault itself or a verb it is the owner ("errore nostro", "è stato nostro").
  // "da"/"dal" name who did it ("archiviati per errore dal nostro ufficio"): the owner.
  static constexpr std::array<std::string_view, 37> kBeforeNoun = {
      "il",    "lo",    "la",   "i",     "gli",   "le",   "un",    "una",   "uno",   "nel",
      "nella", "nello", "nei",  "negli", "nelle", "del",  "della", "dello", "dei",   "degli",
      "delle", "al",    "alla", "allo",  "ai",    "agli", "alle",  "sul",   "sulla", "sui",
      "di",    "a",     "in",   "con",   "su",    "per",  "tra"};
  // "una mancanza del nostro studio", "un errore della nostra sede": of our side, the owner ("our",
  // not "my": "della mia bolletta" stays the customer's bill).
  static constexpr std::array<std::string_view, 6> kOf = {"del", "della", "dello",
                                                          "dei", "degli", "delle"};
  static constexpr std::array<std::string_view, 4> kOurPlural = {"nostro", "nostra", "nostri",
                                                                 "nostre"};
  if (Contains(kOurPlural, form) && Contains(kOf, tokens[at - 1].form)) return true;
  return Contains(kOurs, form) &&
         (ahead == 1 || last_word || !Contains(kBeforeNoun, tokens[at - 1].form));
}

// Words for a trouble that blame no one by themselves ("problema", "guasto", "issue"): owned only
// by our side said after them ("un guasto nostro", "il problema quindi è nostro", "un guasto del
// nostro mezzo", "the problem is ours"), never by a possessive before them or a singular one: "il
// mio problema è che…", "our problem is the router you sent" are the customer's own troubles.
constexpr std::array<std::string_view, 10> kTroubles = {
    "problema", "problemi", "guasto",   "guasti", "anomalia",
    "anomalie", "problem",  "problems", "issue",  "issues"};
// A form that shares the stem of a trouble or of an adverb of wrongness and is neither ("la
// caldaia è guasta", "we've issued a refund", "my colleague was wrong"): no fault at all.
bool NotATrouble(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  static constexpr std::array<std::string_view, 8> kStems = {
      "problem", "guast", "anomal", "issu", "wrong", "incorrect", "erroneous", "mistaken"};
  static constexpr std::array<std::string_view, 4> kAdverbs = {"wrongly", "incorrectly",
                                                               "erroneously", "mistakenly"};
  const std::string_view form = sentences[e.sentence].tokens[e.first_token].form;
  return e.first_token == e.last_token && !Contains(kTroubles, form) && !Contains(kAdverbs, form) &&
         std::any_of(kStems.begin(), kStems.end(),
                     [&](std::string_view stem) { return form.starts_with(stem); });
}
constexpr std::array<std::string_view, 6> kOursPlural = {"nostro", "nostra", "nostri",
                                                         "nostre", "our",    "ours"};

// A fault word owned by the speaker's side in its clause, and not denied ("non è un errore
// nostro", "no error on our side", "l'errore non è nostro"): the evidence is widened to the
// possessive.
bool OwnedFault(CueEvidence& e, const std::vector<Sentence>& sentences) {
  const auto& tokens = sentences[e.sentence].tokens;
  const bool trouble =
      e.first_token == e.last_token && Contains(kTroubles, tokens[e.first_token].form);
  std::optional<size_t> from, to;
  for (size_t back = 1; !trouble && back <= kMaxFaultReach + 1 && back <= e.first_token; ++back) {
    const Token& t = tokens[e.first_token - back];
    if (t.kind == TokenKind::kPunct) break;
    if (Contains(kOurs, t.form)) {
      from = e.first_token - back;
      break;
    }
  }
  for (size_t ahead = 1;
       !from && ahead <= kMaxFaultReach + 1 && e.last_token + ahead < tokens.size(); ++ahead) {
    const Token& t = tokens[e.last_token + ahead];
    if (t.kind == TokenKind::kPunct) break;
    if (Contains(kNegators, t.form)) break;  // "l'errore non è nostro": denied
    if (trouble && !Contains(kOursPlural, t.form)) continue;
    if (OwnerAfterFault(tokens, e.last_token + ahead, ahead)) to = e.last_token + ahead;
    if (to) break;
  }
  // A possessive said of the whole subject after a copula, ending its clause (or before "e",
  // "and", "ma", "but"), owns the fault that heads that subject even with a complement between
  // ("l'errore di tariffazione è nostro", "l'errore nella telefonata è stato nostro", "the mistake
  // on your bill is ours"); a negator between denies it ("l'errore di tariffazione non è nostro").
  for (size_t ahead = kMaxFaultReach + 2;
       !from && !to && ahead <= kMaxPredicateReach && e.last_token + ahead < tokens.size();
       ++ahead) {
    const size_t at = e.last_token + ahead;
    static constexpr std::array<std::string_view, 5> kJoins = {"e", "ed", "and", "ma", "but"};
    const bool clause_end = at + 1 == tokens.size() || tokens[at + 1].kind == TokenKind::kPunct ||
                            Contains(kJoins, tokens[at + 1].form);
    const bool ours =
        trouble ? Contains(kOursPlural, tokens[at].form) : Contains(kOurs, tokens[at].form);
    if (!ours || !clause_end || !Contains(kCopulas, tokens[at - 1].form)) {
      continue;
    }
    bool denied = false;
    for (size_t k = e.last_token + 1; k < at; ++k) {
      if (tokens[k].kind == TokenKind::kPunct) denied = true;  // another clause: no owner
      if (Contains(kNegators, tokens[k].form)) denied = true;
    }
    if (!denied) to = at;
  }
  if (!from && !to) return false;
  const size_t first = from.value_or(e.first_token);
  for (size_t back = 1; back <= kMaxFaultReach + 1 && back <= first; ++back) {
    const Token& t = tokens[first - back];
    if (t.kind == TokenKind::kPunct) break;
    if (Contains(kNegators, t.form)) return false;
  }
  e.first_token = first;
  e.last_token = to.value_or(e.last_token);
  return true;
}

// Who takes a remedy step in the first person, and the words that may stand between the subject
// and the remedy verb ("I've now unblocked", "we'll refund", "le abbiamo già accreditato").
// Each language's own: the Italian article "i" is no "I" ("i rimborsi non sono previsti").
constexpr std::array<std::string_view, 12> kFirstPersonsEn = {
    "i", "we", "i've", "we've", "ive", "weve", "i'll", "we'll", "i'm", "we're", "i'd", "we'd"};
constexpr std::array<std::string_view, 4> kFirstPersonsIt = {"ho", "abbiamo", "io", "noi"};
constexpr std::array<std::string_view, 42> kStepGlue = {
    "have",    "has",    "will",       "shall",    "can",         "just",   "now",
    "already", "also",   "personally", "manually", "immediately", "fully",  "gone",
    "ahead",   "and",    "am",         "are",      "going",       "to",     "now",
    "also",    "le",     "gli",        "ti",       "vi",          "ci",     "l'",
    "lo",      "la",     "li",         "ne",       "glielo",      "gliela", "gliel'",
    "gia",     "appena", "ora",        "adesso",   "subito",      "anche",  "hanno"};
// Our side as the owner of a subject ("our engineers have fixed", "i nostri tecnici hanno
// riparato").
constexpr std::array<std::string_view, 5> kOurSide = {"our", "nostro", "nostra", "nostri",
                                                      "nostre"};
constexpr size_t kMaxStepGlue = 4;

// A past participle or an English past ("reissued", "riattivato", "rimborsata"): a verb, not the
// noun or adjective a remedy stem also makes ("our refund policy", "i rimborsi").
bool LooksPast(std::string_view w) {
  static constexpr std::array<std::string_view, 13> kEndings = {
      "ed", "ato", "ata", "ati", "ate", "ito", "ita", "iti", "ite", "uto", "uta", "uti", "ute"};
  return std::any_of(kEndings.begin(), kEndings.end(), [&](std::string_view end) {
    return w.size() > end.size() + 2 && w.ends_with(end);
  });
}

// A past participle, the irregular ones too ("scritto", "letto", "messo", "preso").
bool Participle(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kIrregular = {"tto", "tta", "tti", "tte",
                                                                 "sso", "eso", "esa"};
  return LooksPast(w) || (w.size() > 4 && std::any_of(kIrregular.begin(), kIrregular.end(),
                                                      [&](auto end) { return w.ends_with(end); }));
}

// A remedy verb is a step of the speaker's own side when a first-person subject or auxiliary of
// the message's language stands before it with only auxiliaries, clitics and adverbs between
// ("I've unblocked it now", "we'll refund you", "le abbiamo già accreditato"), when a subject of
// ours does and the verb is one (an auxiliary between, or a past form: "our engineers have fixed",
// "our team reissued"; not "our refund policy"), or when the verb itself is a first-person plural
// ("glielo sostituiamo", "le rimborseremo"): a commitment.
bool OurStep(const CueEvidence& e, const std::vector<Sentence>& sentences, TextLanguage language) {
  const auto& tokens = sentences[e.sentence].tokens;
  const std::string_view verb = tokens[e.first_token].form;
  if (verb.ends_with("iamo") || verb.ends_with("remo")) return true;
  const auto first_person = [&](const std::string& w) {
    return language == TextLanguage::kEnglish ? Contains(kFirstPersonsEn, w)
                                              : Contains(kFirstPersonsIt, w);
  };
  for (size_t back = 1; back <= kMaxStepGlue + 1 && back <= e.first_token; ++back) {
    const std::string& w = tokens[e.first_token - back].form;
    if (first_person(w)) return true;
    if (Contains(kStepGlue, w)) continue;
    if (back == 1 && !LooksPast(verb)) return false;  // "our refund policy": no verb
    // A subject of one or two words owned by our side: "our team", "our warehouse team", "i
    // nostri tecnici".
    for (size_t k = back; k <= back + 1 && k < e.first_token; ++k) {
      if (tokens[e.first_token - k].kind != TokenKind::kWord) return false;
      if (Contains(kOurSide, tokens[e.first_token - k - 1].form)) return true;
    }
    return false;
  }
  return false;
}

// A fault said of the one spoken to, in the same clause ("mi avete prelevato 49 euro per errore",
// "you took money from my account by mistake", "è un vostro errore", "your mistake"): what a
// customer writes to the company, a failure of its service.
bool PutOnTheCompany(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  static constexpr std::array<std::string_view, 12> kYou = {
      "you",    "you've", "you'd",  "your",   "avete", "avevate",
      "vostro", "vostra", "vostri", "vostre", "siete", "eravate"};
  const auto& tokens = sentences[e.sentence].tokens;
  constexpr size_t kReach = 8;
  bool yours = false;
  for (size_t back = 1; back <= kReach && back <= e.first_token; ++back) {
    const Token& t = tokens[e.first_token - back];
    if (t.kind == TokenKind::kPunct) break;
    // "if you have received it in error": a condition, as a failure would be
    if (Contains(kHypotheses, t.form)) return false;
    yours = yours || Contains(kYou, t.form);
  }
  return yours;
}

// A fault said as the manner of the speaker's own act, in its clause: "I billed the capacitor at
// the after-hours rate by mistake", "nel promemoria ho indicato io per errore il 12", "we charged
// you in error": a first-person subject before "by mistake"/"per errore"/"in error" owns the slip.
// Not a first person who underwent it ("I was charged twice by mistake", "I've been billed in
// error"): that is the failure reported. Only the slip itself is a manner ("per smarrimento",
// "per mancanza di disponibilità" name a cause), and the first person is the subject of the verb
// before it: past a conjunction another subject may act ("I've checked and the courier delivered
// it to your neighbour by mistake").
bool OurSlip(const CueEvidence& e, const std::vector<Sentence>& sentences, TextLanguage language) {
  // Slips named by any noun of inattention ("by oversight", "per svista", "per distrazione"); a
  // cause ("per mancanza di", "per smarrimento") is no slip.
  static constexpr std::array<std::string_view, 12> kSlips = {
      "mistake", "error",  "oversight",   "slip",          "blunder",      "errore",
      "sbaglio", "svista", "distrazione", "disattenzione", "dimenticanza", "leggerezza"};
  static constexpr std::array<std::string_view, 14> kClauseJoins = {
      "and", "but", "so", "then", "which",  "who", "because",
      "e",   "ed",  "ma", "poi",  "quindi", "che", "perché"};
  static constexpr std::array<std::string_view, 3> kManner = {"by", "per", "in"};
  static constexpr std::array<std::string_view, 8> kUndergone = {"was", "were", "been",  "got",
                                                                 "get", "am",   "being", "wasn't"};
  // An adverb of wrongness is a manner by itself: "ho trascritto male la data" (after a past
  // participle only: "ho male al ginocchio" is no slip), "avevamo registrato noi l'indirizzo in
  // modo errato", "we wrongly charged you", "I entered it incorrectly".
  static constexpr std::array<std::string_view, 6> kWrongly = {
      "erroneamente", "wrongly", "incorrectly", "erroneously", "mistakenly", "in"};
  static constexpr std::array<std::string_view, 2> kWays = {"modo", "maniera"};
  const auto& tokens = sentences[e.sentence].tokens;
  const std::string_view head = tokens[e.first_token].form;
  const bool adverb =
      (Contains(kWrongly, head) &&
       (head != "in" ||
        (e.first_token < e.last_token && Contains(kWays, tokens[e.first_token + 1].form)))) ||
      (head == "male" && e.first_token > 0 && Participle(tokens[e.first_token - 1].form));
  if (!adverb) {
    if (e.first_token == 0 || !Contains(kManner, tokens[e.first_token - 1].form)) return false;
    if (!Contains(kSlips, head)) return false;
    // "per errore di battitura" names the kind of slip; "per errore del corriere", "by mistake of
    // the courier" name whose it was (a cause such as "per mancanza di" is no slip at all).
    static constexpr std::array<std::string_view, 2> kOf = {"di", "of"};
    static constexpr std::array<std::string_view, 11> kWhose = {
        "the", "a", "an", "their", "his", "her", "un", "una", "uno", "suo", "sua"};
    if (e.last_token + 2 < tokens.size() && Contains(kOf, tokens[e.last_token + 1].form) &&
        (tokens[e.last_token + 2].kind == TokenKind::kPunct ||
         Contains(kWhose, tokens[e.last_token + 2].form))) {
      return false;
    }
    if (e.last_token + 2 == tokens.size() && Contains(kOf, tokens[e.last_token + 1].form)) {
      return false;
    }
  }
  constexpr size_t kReach = 12;
  for (size_t back = adverb ? 1 : 2; back <= kReach && back <= e.first_token; ++back) {
    const size_t at = e.first_token - back;
    const Token& t = tokens[at];
    if (t.kind == TokenKind::kPunct) return false;
    if (Contains(kHypotheses, t.form)) return false;
    if (Contains(kClauseJoins, t.form)) return false;
    // The Italian imperfect of the first person too: "le avevo indicato per errore la durata".
    static constexpr std::array<std::string_view, 2> kImperfectIt = {"avevo", "avevamo"};
    const bool first_person =
        language == TextLanguage::kEnglish
            ? Contains(kFirstPersonsEn, t.form)
            : Contains(kFirstPersonsIt, t.form) || Contains(kImperfectIt, t.form);
    if (!first_person) continue;
    const bool undergone = at + 1 < tokens.size() && Contains(kUndergone, tokens[at + 1].form);
    return !undergone;
  }
  return false;
}

// A first-person plural verb with its subject said after it takes a step on: "la paghiamo noi",
// "glielo sostituiamo noi", "apriamo noi la pratica", "we'll cover it ourselves" (a commitment; a
// fault blamed on someone else stays blamed: the step owns nothing). The
// evidence is widened to the verb, so that a negation before it denies it ("non lo paghiamo
// noi"); a "noi" after anything else ("siamo noi", "per noi", "noi abbiamo…") takes nothing on.
bool TakenOnOurselves(CueEvidence& e, const std::vector<Sentence>& sentences) {
  const auto& tokens = sentences[e.sentence].tokens;
  const std::string_view word = tokens[e.first_token].form;
  if (e.first_token != e.last_token || (word != "noi" && word != "ourselves")) return true;
  if (e.first_token == 0) return false;
  if (word == "noi") {
    const std::string_view verb = tokens[e.first_token - 1].form;
    if (verb.size() <= 5 || !(verb.ends_with("iamo") || verb.ends_with("remo"))) return false;
    --e.first_token;
    return true;
  }
  static constexpr std::array<std::string_view, 5> kWe = {"we", "we'll", "we've", "we're", "we'd"};
  constexpr size_t kReach = 8;
  for (size_t back = 1; back <= kReach && back <= e.first_token; ++back) {
    const Token& t = tokens[e.first_token - back];
    if (t.kind == TokenKind::kPunct) return false;
    if (Contains(kWe, t.form)) return true;
  }
  return false;
}

// A fault owned in a third person's words ("il vostro operatore dice che è colpa mia", "they
// told me it was my fault", "secondo lui è colpa nostra") is that person's claim, not the
// speaker taking responsibility.
bool ClaimedBySomeoneElse(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  static constexpr std::array<std::string_view, 18> kReporting = {
      "dice",    "dicono",    "diceva",  "dicevano", "sostiene", "sostengono",
      "afferma", "affermano", "secondo", "says",     "claims",   "claimed",
      "insists", "insisted",  "told",    "tells",    "blames",   "blamed"};
  const auto& tokens = sentences[e.sentence].tokens;
  constexpr size_t kReach = 6;
  for (size_t back = 1; back <= kReach && back <= e.first_token; ++back) {
    const Token& t = tokens[e.first_token - back];
    if (t.kind == TokenKind::kPunct) return false;
    // "il secondo è un errore nostro": after an article "secondo" is the ordinal, no one's claim.
    static constexpr std::array<std::string_view, 5> kArticles = {"il", "al", "del", "nel", "un"};
    const bool ordinal = t.form == "secondo" && back < e.first_token &&
                         Contains(kArticles, tokens[e.first_token - back - 1].form);
    if (Contains(kReporting, t.form) && !ordinal) return true;
  }
  return false;
}

// Quoted words are someone else's: no cue of the speaker's own. Hostility is the exception: an
// insult quoted in a call summary ("siete dei ladri") is the customer's hostility on record.
bool Quoted(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  if (e.cue == kCueHostility) return false;
  const auto& tokens = sentences[e.sentence].tokens;
  for (size_t i = e.first_token; i <= e.last_token; ++i) {
    if (!tokens[i].quoted) return false;
  }
  return true;
}

// "la chiamata", "una richiamata": the noun of the call, which stems like the promise "la chiamo"
// ("chiude la chiamata" promises nothing); "l'avrei richiamata" keeps its auxiliary.
bool CallNoun(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  static constexpr std::array<std::string_view, 3> kArticlesBefore = {"la", "le", "una"};
  const auto& tokens = sentences[e.sentence].tokens;
  const std::string_view last = tokens[e.last_token].form;
  return e.last_token > e.first_token && (last.ends_with("ata") || last.ends_with("ate")) &&
         Contains(kArticlesBefore, tokens[e.last_token - 1].form);
}

// What a refusal refuses is no alternative: a way-forward phrase that starts right where the
// refusal ends, or inside it, is its object ("we are unable to offer a decoration allowance", "not
// able to arrange a visit"). One that opens with a contrast or a choice stays ("we can't, but we
// can…", "non possiamo, oppure…").
void DropRefusedAlternatives(std::vector<CueEvidence>& kept,
                             const std::vector<Sentence>& sentences) {
  static constexpr std::array<std::string_view, 11> kTurns = {
      "but",      "however", "instead", "or", "alternatively", "ma", "pero",
      "tuttavia", "oppure",  "invece",  "in"};
  // The evidence is in the order the matcher found it (by where each match ends): a refusal next
  // to an alternative is among its few neighbours, so a long text costs its length.
  constexpr size_t kNeighbours = 8;
  auto refused = [&](size_t i) {
    const CueEvidence& a = kept[i];
    if (a.cue != kCueAlternative) return false;
    if (Contains(kTurns, sentences[a.sentence].tokens[a.first_token].form)) return false;
    const size_t to = std::min(kept.size(), i + kNeighbours + 1);
    for (size_t j = i > kNeighbours ? i - kNeighbours : 0; j < to; ++j) {
      const CueEvidence& r = kept[j];
      if (r.cue == kCueRefusal && r.sentence == a.sentence &&
          (r.last_token + 1 == a.first_token || Overlaps(r, a))) {
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < kept.size(); ++i) {
    if (refused(i)) kept[i].cue = kCueNone;  // refusals are never dropped: none of these is read
  }
  std::erase_if(kept, [](const CueEvidence& a) { return a.cue == kCueNone; });
}

// Overlapping evidence of one cue becomes one stretch of words, as a person would highlight it.
std::vector<CueEvidence> MergeOverlapping(std::vector<CueEvidence> found) {
  std::sort(found.begin(), found.end(), [](const CueEvidence& a, const CueEvidence& b) {
    return std::tie(a.cue, a.sentence, a.first_token) < std::tie(b.cue, b.sentence, b.first_token);
  });
  std::vector<CueEvidence> merged;
  for (const CueEvidence& e : found) {
    if (!merged.empty() && merged.back().cue == e.cue && Overlaps(merged.back(), e)) {
      merged.back().last_token = std::max(merged.back().last_token, e.last_token);
    } else {
      merged.push_back(e);
    }
  }
  return merged;
}

void MaskDigits(std::string& text) {
  for (char& c : text) c = (c >= '1' && c <= '9') ? '0' : c;
}

}  // namespace

std::string_view WithoutLeadingHandles(std::string_view text) {
  size_t i = 0;
  for (;;) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                               text[i] == '\r' || text[i] == '.')) {
      ++i;
    }
    if (i + 1 >= text.size() || text[i] != '@' || text[i + 1] == ' ') return text.substr(i);
    while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
           text[i] != '\r') {
      ++i;
    }
  }
}

std::string SqueezeRuns(std::string_view word, size_t min_run, size_t keep) {
  std::string squeezed;
  for (size_t i = 0; i < word.size();) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    squeezed.append(j - i >= min_run ? keep : j - i, word[i]);
    i = j;
  }
  return squeezed;
}

bool IsLaughter(std::string_view word) {
  if (word.size() < 2) return false;
  // "lol", "lool", "lmao", "lmaooo", "xd", "xdd", "rofl": letters that repeat.
  const std::string s = SqueezeRuns(word, 2, 1);
  if (s == "lol" || s == "lmao" || s == "xd" || s == "rofl" || s == "lolol") return true;
  // "haha", "ahah", "ahahahah", "hehe", "jaja", "hihi": h and one vowel alternating, 4 letters up.
  if (word.size() < 4) return false;
  char vowel = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    if (c == 'h' || c == 'j') {
      if (i > 0 && (word[i - 1] == 'h' || word[i - 1] == 'j')) return false;
      continue;
    }
    if (c != 'a' && c != 'e' && c != 'i') return false;
    if (vowel && vowel != c) return false;
    vowel = c;
  }
  return vowel != 0 && word.find_first_of("hj") != std::string_view::npos &&
         word.find_first_not_of("hj") != std::string_view::npos &&
         std::count(word.begin(), word.end(), vowel) >= 2;
}

TextLanguage DetectLanguage(std::string_view text) {
  bool reliable = false;
  const CLD2::Language found = CLD2::DetectLanguage(
      text.data(), static_cast<int>(std::min<size_t>(text.size(), 1 << 20)), true, &reliable);
  if (reliable && found == CLD2::ITALIAN) return TextLanguage::kItalian;
  if (reliable && found == CLD2::ENGLISH) return TextLanguage::kEnglish;
  const TextLanguage by_words = ByFunctionWords(text);
  if (by_words != TextLanguage::kUnknown) return by_words;
  if (reliable && found != CLD2::UNKNOWN_LANGUAGE) return TextLanguage::kOther;
  return TextLanguage::kUnknown;
}

// Shouting in capitals: at least kShoutingLetters letters, nearly all of them capitals
// ("NON FUNZIONA NIENTE DA UNA SETTIMANA"); a short "OK" or an order code is not.
bool IsShouting(std::string_view text) {
  size_t upper = 0, lower = 0;
  for (const char c : text) {
    upper += (c >= 'A' && c <= 'Z') ? 1 : 0;
    lower += (c >= 'a' && c <= 'z') ? 1 : 0;
  }
  return upper >= kShoutingLetters && upper >= 9 * lower;
}

std::string_view AnalysedPart(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;  // text[cut] is the first byte left out
  // Back to the first byte of a character (at most 3 continuation bytes: invalid UTF-8 is cut
  // where it falls).
  for (int back = 0; back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80;
       ++back) {
    --cut;
  }
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t word_end = 0;
  for (size_t i = cut; i > cut - cut / 4; --i) {
    const char last = text[i - 1];
    if (last == '\n' || ((last == '.' || last == '!' || last == '?') && space(text[i]))) {
      return text.substr(0, i);
    }
    if (!word_end && space(text[i]) && !space(last)) word_end = i;
  }
  return text.substr(0, word_end ? word_end : cut);
}

TextAnalyser::TextAnalyser(std::shared_ptr<const CueMatcher> matcher, size_t text_bytes)
    : matcher_(std::move(matcher)), text_bytes_(text_bytes), scratch_(*matcher_) {}

TextAnalysis TextAnalyser::Analyse(std::string_view text, bool with_facts) {
  text = AnalysedPart(text, text_bytes_);
  std::vector<Sentence> sentences;
  std::vector<CueEvidence> evidence;
  if (text.size() > kMaxRememberedText) return Analyse(text, sentences, evidence, with_facts);
  key_.assign(1, with_facts ? 'f' : '-');
  key_ += text;
  // Without facts, which digits a text holds changes nothing in its analysis: a number or a code
  // is one masked word (xnumx, xcodex) before the cues are looked for, every ASCII digit breaks
  // words and sentences alike, and language detection and shouting read letters. So texts that
  // differ only in an order number ("ordine A-88509") share one analysis. Facts read the numbers.
  if (!with_facts) MaskDigits(key_);
  if (const auto known = recent_.find(key_); known != recent_.end()) return known->second;
  TextAnalysis result = Analyse(text, sentences, evidence, with_facts);
  if (recent_.size() >= kMaxRemembered) recent_.clear();
  recent_.emplace(key_, result);
  return result;
}

TextAnalysis TextAnalyser::Analyse(std::string_view text, std::vector<Sentence>& sentences,
                                   std::vector<CueEvidence>& evidence, bool with_facts) {
  text = WithoutLeadingHandles(AnalysedPart(text, text_bytes_));
  TextAnalysis result;
  result.language = DetectLanguage(text);
  // Cues are looked for in Italian when the language is not told: fiducia's first users are.
  const TextLanguage cue_language =
      result.language == TextLanguage::kEnglish ? TextLanguage::kEnglish : TextLanguage::kItalian;
  sentences = tokeniser_.Split(text, cue_language);
  hits_.clear();
  matcher_->Scan(StemLine(sentences, cue_language), cue_language, scratch_, hits_);
  language_ = cue_language;
  evidence = InScope(sentences);
  ClearOwnAssurances(evidence, sentences);
  for (const CueEvidence& e : evidence) result.cues |= e.cue;
  if (with_facts) ReadFacts(sentences, evidence, cue_language, result);
  // Last: a text of unknown language is read again for its act, over the stems the facts used.
  bool carries_need = false;
  if (!text.empty()) {
    result.act = JudgeAct(sentences, evidence, result.language, text, result.cues, carries_need);
  }
  // The act's words served the act only: the cues and evidence stay what the rules read. What is
  // kept is whether the message carries a need (kCueNeed): readers that know who a public post is
  // addressed to weigh it.
  // A send that no time made a promise (ReadFacts) is the answer itself: no cue of its own.
  result.cues &= ~(kActWords | kCueSend);
  if (carries_need) result.cues |= kCueNeed;
  std::erase_if(evidence,
                [](const CueEvidence& e) { return (e.cue & (kActWords | kCueSend)) != 0; });
  if (result.act == Act::kClosing || result.act == Act::kReaction) result.cues |= kCueClosing;
  if (IsShouting(text)) result.cues |= kCueHostility;
  return result;
}

// Facts sentence by sentence, over the stems the cue scan already made (views into line_).
void TextAnalyser::ReadFacts(const std::vector<Sentence>& sentences,
                             std::vector<CueEvidence>& evidence, TextLanguage language,
                             TextAnalysis& result) {
  // The evidence of each sentence, in the order found (the last decision and promise of a sentence
  // count), indexed once rather than looked for in every sentence.
  std::vector<uint32_t> by_sentence(evidence.size());
  for (uint32_t i = 0; i < by_sentence.size(); ++i) by_sentence[i] = i;
  std::stable_sort(by_sentence.begin(), by_sentence.end(), [&](uint32_t a, uint32_t b) {
    return evidence[a].sentence < evidence[b].sentence;
  });
  auto next_evidence = by_sentence.begin();
  std::vector<std::string_view> stems, previous_stems;
  size_t token = 0;
  for (size_t s = 0; s < sentences.size() && s <= UINT16_MAX; ++s) {
    std::swap(stems, previous_stems);
    stems.clear();
    for (size_t t = 0; t < sentences[s].tokens.size(); ++t, ++token) {
      const size_t from = token_offsets_[token];
      stems.emplace_back(std::string_view(line_).substr(from, line_.find(' ', from) - from));
    }
    const size_t first = result.facts.size();
    const auto index = static_cast<uint16_t>(s);
    facts_->Extract(sentences[s], stems, language, index, result.facts,
                    s > 0 ? &previous_stems : nullptr);
    SentenceCues cues;
    CueEvidence* send = nullptr;  // a present-tense send, a promise only if a time is its own
    for (; next_evidence != by_sentence.end() && evidence[*next_evidence].sentence <= s;
         ++next_evidence) {
      CueEvidence& e = evidence[*next_evidence];
      if (e.sentence != s) continue;
      cues.cues |= e.cue;
      if (e.cue & (kCueApproved | kCueRefused | kCueRefusal | kCuePolicy)) {
        cues.decision_at = e.first_token;
      }
      if (e.cue == kCuePromise || (e.cue == kCueSend && !(cues.cues & kCuePromise))) {
        cues.promise_at = e.first_token;
        cues.promise_end = e.last_token;
        send = e.cue == kCueSend ? &e : nullptr;
      }
    }
    if (send) cues.cues |= kCuePromise;
    MarkSentenceCues(*facts_, stems, language, cues, index, result.facts, first);
    // "domani le mando l'esito" commits to a time; "le mando qui la pagina" is the answer, and so
    // is "ti invio il link, lo cambi in un minuto": a send's time is its own only in its clause.
    if (!send) continue;
    for (auto f = result.facts.begin() + static_cast<std::ptrdiff_t>(first);
         f != result.facts.end(); ++f) {
      f->promise = f->promise && !ClauseBreak(stems, std::min<size_t>(f->token, send->first_token),
                                              std::max<size_t>(f->token, send->last_token));
      if (f->promise) send->cue = kCuePromise;
    }
    if (send->cue == kCuePromise) result.cues |= kCuePromise;
  }
}

// Words of the time a promise is for, that may stand between an assurance and the promise it
// gives ("le garantisco che domani entro le 12 la richiamo io", "I promise that by 5 today I'll
// ring you"); numbers ("12", "5pm") are too.
namespace {
constexpr std::array<std::string_view, 40> kPromiseTimeWords = {
    "domani",   "oggi",    "stasera",    "stamattina", "entro",  "le",       "alle",
    "ore",      "mattina", "pomeriggio", "sera",       "lunedi", "martedi",  "mercoledi",
    "giovedi",  "venerdi", "fine",       "giornata",   "prima",  "tomorrow", "today",
    "tonight",  "by",      "before",     "within",     "the",    "end",      "of",
    "day",      "morning", "afternoon",  "evening",    "monday", "tuesday",  "wednesday",
    "thursday", "friday",  "an",         "hour",       "first"};
}  // namespace

// "Ho assicurato alla cliente che l'avremmo richiamata", "I can assure you I'll call you back":
// assuring one's own call back (the promise right after the assurance, a "che"/"that" or a pronoun
// between at most, besides the words of its time: "le garantisco che domani entro le 12 la
// richiamo io") is the promise, not a guarantee of what someone else decides. Read on the
// evidence and the words alone, so the audit (with facts) and the reply coach (without) judge it
// alike.
void TextAnalyser::ClearOwnAssurances(std::vector<CueEvidence>& evidence,
                                      const std::vector<Sentence>& sentences) {
  if (std::none_of(evidence.begin(), evidence.end(),
                   [](const CueEvidence& e) { return e.cue == kCueOvercommitment; })) {
    return;
  }
  std::vector<Span> promises;  // where each promise starts, sorted
  for (const CueEvidence& e : evidence) {
    if (e.cue == kCuePromise) promises.push_back({e.sentence, e.first_token, e.first_token});
  }
  std::sort(promises.begin(), promises.end());
  bool cleared = false;
  for (CueEvidence& assurance : evidence) {
    if (assurance.cue != kCueOvercommitment) continue;
    const auto next = std::upper_bound(promises.begin(), promises.end(),
                                       Span{assurance.sentence, assurance.last_token, SIZE_MAX});
    if (next == promises.end() || next->sentence != assurance.sentence) continue;
    const auto& tokens = sentences[assurance.sentence].tokens;
    size_t between = 0;  // words between them that are not the promise's time
    // An article is the time's only before a word of the time ("entro le 12", "by the end of
    // the day"): in "I guarantee the refund by Friday, I'll call you back" the refund is what is
    // guaranteed.
    auto time_word = [&](size_t k) {
      const Token& t = tokens[k];
      if (t.kind == TokenKind::kNumber) return true;
      if (!Contains(kPromiseTimeWords, t.form)) return false;
      if (t.form != "the" && t.form != "le" && t.form != "an") return true;
      return k + 1 < next->from && k + 1 < tokens.size() &&
             (tokens[k + 1].kind == TokenKind::kNumber ||
              Contains(kPromiseTimeWords, tokens[k + 1].form));
    };
    for (size_t k = assurance.last_token + 1; k < next->from && k < tokens.size(); ++k) {
      if (!time_word(k)) ++between;
    }
    if (between <= 2) {
      assurance.cue = kCueNone;
      cleared = true;
    }
  }
  if (cleared) std::erase_if(evidence, [](const CueEvidence& e) { return e.cue == kCueNone; });
}

std::string TextAnalyser::StemLine(const std::vector<Sentence>& sentences, TextLanguage language) {
  line_.clear();
  token_at_.clear();
  token_offsets_.clear();
  for (size_t s = 0; s < sentences.size(); ++s) {
    if (s) line_ += "| ";
    for (size_t t = 0; t < sentences[s].tokens.size(); ++t) {
      const Token& token = sentences[s].tokens[t];
      token_offsets_.push_back(line_.size());
      token_at_.emplace_back(s, t);
      line_ += token.kind == TokenKind::kWord ? stemmer_.Stem(token.form, language)
                                              : std::string(MaskedForm(token));
      line_ += ' ';
    }
  }
  return line_;
}

// An acknowledgement ("lo prendo", "sent it back") or a settled line ("non fa niente", "it
// worked") is the customer's own step or word only when nothing in its clause makes it a report
// of someone else or of the past: a clause opened by a definite article names another subject
// ("il corriere lo prende domani", "il tasto non fa niente"; for a settled line only a subjectless
// formula that starts with a negator); a condition after it puts a price on the step ("lo prendo
// solo se me lo scontate"); a limit or a past date after it tells a story ("it worked until
// yesterday", "I sent it back 3 weeks ago", "... on the 3rd of May").
bool NotOwnStep(const CueEvidence& e, const std::vector<Sentence>& sentences) {
  static constexpr std::array<std::string_view, 11> kArticles = {
      "il", "lo", "la", "gli", "le", "l'", "l", "the", "un", "una", "uno"};
  static constexpr std::array<std::string_view, 9> kAfterConditions = {
      "se", "qualora", "purche", "sempreche", "if", "unless", "provided", "providing", "whether"};
  static constexpr std::array<std::string_view, 8> kLimits = {"until",  "till", "til",    "fino",
                                                              "finche", "ago",  "scorso", "scorsa"};
  static constexpr std::array<std::string_view, 22> kMonths = {
      "january", "february", "march",    "april",     "june",     "july",    "august", "september",
      "october", "november", "december", "gennaio",   "febbraio", "marzo",   "aprile", "maggio",
      "giugno",  "luglio",   "agosto",   "settembre", "ottobre",  "dicembre"};
  const auto& tokens = sentences[e.sentence].tokens;
  const bool settled = e.cue == kCueSettled;
  // A noun that shares the verb's stem ("la prenotazione" for "la prenoto") names no step.
  const std::string_view last = tokens[e.last_token].form;
  if (last.ends_with("zione") || last.ends_with("mento") || last.ends_with("tion")) return true;
  if (!settled || Contains(kNegators, tokens[e.first_token].form)) {
    size_t start = e.first_token;
    while (start > 0 && tokens[start - 1].kind != TokenKind::kPunct) --start;
    if (start < e.first_token && Contains(kArticles, tokens[start].form)) return true;
  }
  constexpr size_t kReach = 6;
  for (size_t k = e.last_token + 1; k < tokens.size() && k <= e.last_token + kReach; ++k) {
    const Token& t = tokens[k];
    if (t.kind == TokenKind::kPunct) break;
    if (!settled && Contains(kAfterConditions, t.form)) return true;
    // A limit right after the line ("worked until yesterday", "funzionava fino a ieri"); further
    // on it is a plan ("nevermind, I'll be without internet til Saturday").
    if (Contains(kLimits, t.form) && (k <= e.last_token + 2 || t.form == "ago")) return true;
    if (Contains(kMonths, t.form)) return true;
    if (t.form == "fa" && k > e.last_token + 1) return true;  // "tre settimane fa"
    const std::string_view f = t.form;
    if (f.size() >= 3 && f[0] >= '0' && f[0] <= '9' &&
        (f.ends_with("st") || f.ends_with("nd") || f.ends_with("rd") || f.ends_with("th"))) {
      return true;  // "the 3rd"
    }
  }
  return false;
}

// A threat to leave or to complain formally is the customer's own, said now or on a condition the
// company can still meet. It is no threat when
// - the leaving is the condition itself or what a question weighs: "se recedo adesso per passare a
//   un altro fornitore devo pagare penali?", "if I cancel my plan now do I owe anything?",
//   "qualora decidessi di disdire": a condition word opens the threat's clause with no negation
//   between them, and the sentence asks, or only a subject, a modal or an adverb stands between.
//   An ultimatum keeps its threat: a negated condition ("se non risolvete entro venerdì passo a un
//   altro operatore", "if this is not resolved I will refer the matter to …"), a condition of its
//   own before the threat ("if it happens again I'm switching"), "unless", "altrimenti";
// - the leaving is told as done, by the customer or by anyone else: an Italian participle after
//   its auxiliary ("ho cambiato banca", "mio cognato è passato a un'altra farmacia"), an English
//   past ("I switched to another provider last year").
bool NotAThreat(const CueEvidence& e, const std::vector<Sentence>& sentences,
                TextLanguage language) {
  static constexpr std::array<std::string_view, 3> kIfs = {"se", "qualora", "if"};
  // What may stand between a condition word and the leaving it puts: a subject, a modal, an
  // adverb of time ("se io adesso disdico", "if we were to switch", "se decidessi di recedere").
  static constexpr std::array<std::string_view, 46> kConditionGlue = {
      "io",      "noi",    "i",        "we",      "you",       "mi",     "ci",        "adesso",
      "ora",     "oggi",   "domani",   "gia",     "poi",       "now",    "today",     "then",
      "just",    "really", "actually", "ever",    "decidessi", "decido", "decidiamo", "decidere",
      "volessi", "voglio", "vogliamo", "dovessi", "devo",      "di",     "decide",    "decided",
      "want",    "wanted", "wish",     "were",    "was",       "to",     "do",        "did",
      "should",  "choose", "i'd",      "we'd",    "cui",       "in"};
  static constexpr std::array<std::string_view, 19> kAuxiliaries = {
      "ho",    "hai", "ha",  "abbiamo", "avete", "hanno", "e",       "sono",  "sei",  "siamo",
      "siete", "era", "ero", "erano",   "avevo", "aveva", "avevamo", "stato", "stata"};
  static constexpr std::array<std::string_view, 6> kPastAdverbs = {"gia",   "ormai", "appena",
                                                                   "anche", "pure",  "da"};
  const auto& tokens = sentences[e.sentence].tokens;
  constexpr size_t kConditionReach = 6;
  for (size_t k = 1; k <= kConditionReach && k <= e.first_token; ++k) {
    const Token& t = tokens[e.first_token - k];
    if (t.kind == TokenKind::kPunct) break;
    const bool opens =
        Contains(kIfs, t.form) || ((t.form == "caso" || t.form == "case") && k < e.first_token &&
                                   (tokens[e.first_token - k - 1].form == "in" ||
                                    tokens[e.first_token - k - 1].form == "nel"));
    if (!opens) continue;
    bool negated = false, glue_only = true;
    for (size_t j = e.first_token - k + 1; j < e.first_token; ++j) {
      const std::string& w = tokens[j].form;
      if (Contains(kNegators, w) || Contains(kOutcomeNegators, w)) negated = true;
      if (!Contains(kConditionGlue, w)) glue_only = false;
    }
    if (!negated && (glue_only || sentences[e.sentence].question)) return true;
    break;
  }
  // A leaving scheduled for a date of its own right after it ("please close my account from 29
  // May", "from that date", "disdetta del contratto dal 1 giugno"): a move or an ending planned,
  // no threat (an ultimatum's date belongs to its condition: "if it's not fixed by Friday").
  static constexpr std::array<std::string_view, 5> kFromDate = {"from", "dal", "dalla", "dall'",
                                                                "effective"};
  static constexpr std::array<std::string_view, 26> kDateWords = {
      "date",    "data",      "january", "february",  "march",   "april",    "may",
      "june",    "july",      "august",  "september", "october", "november", "december",
      "gennaio", "febbraio",  "marzo",   "aprile",    "maggio",  "giugno",   "luglio",
      "agosto",  "settembre", "ottobre", "novembre",  "dicembre"};
  if (e.last_token + 1 < tokens.size() && Contains(kFromDate, tokens[e.last_token + 1].form)) {
    for (size_t k = e.last_token + 2; k < tokens.size() && k <= e.last_token + 4; ++k) {
      const Token& t = tokens[k];
      if (t.kind == TokenKind::kPunct) break;
      if (t.kind == TokenKind::kNumber || t.kind == TokenKind::kCode ||
          Contains(kDateWords, t.form)) {
        return true;
      }
    }
  }
  // The verb: the threat's first word, or the one before the preposition that leads to it ("è
  // passato ad altro operatore", "switched to another supplier").
  static constexpr std::array<std::string_view, 10> kTowards = {"to", "over", "with", "a",  "ad",
                                                                "al", "alla", "con",  "da", "dal"};
  // Only a threat that starts with its noun ("another supplier", "altro operatore") looks past
  // its preposition: in "I'm tempted to switch to another" the verb is the threat's own.
  static constexpr std::array<std::string_view, 12> kNounStarts = {
      "another", "other", "a",     "different", "un",    "un'",
      "una",     "uno",   "altro", "altra",     "altri", "un'altra"};
  size_t at = e.first_token;
  if (Contains(kNounStarts, tokens[at].form)) {
    for (size_t k = 1; k <= 2 && k <= e.first_token; ++k) {
      if (!Contains(kTowards, tokens[e.first_token - k].form)) {
        if (k > 1) at = e.first_token - k;
        break;
      }
    }
  }
  const std::string_view verb = tokens[at].form;
  if (language == TextLanguage::kEnglish) return verb.ends_with("ed") && LooksPast(verb);
  if (!LooksPast(verb) || verb.ends_with("ed")) return false;
  for (size_t k = 1; k <= 3 && k <= at; ++k) {
    const std::string& w = tokens[at - k].form;
    if (Contains(kAuxiliaries, w)) return true;
    if (!Contains(kPastAdverbs, w)) return false;
  }
  return false;
}

std::vector<CueEvidence> TextAnalyser::InScope(const std::vector<Sentence>& sentences) {
  std::vector<CueEvidence> found;
  for (const CueMatcher::Hit& hit : hits_) {
    // The match ends after its last word (and the space that follows it, when there is one).
    const size_t end = hit.to - (hit.to > 0 && line_[hit.to - 1] == ' ' ? 1 : 0);
    const auto last = std::upper_bound(token_offsets_.begin(), token_offsets_.end(), end - 1) - 1;
    const auto last_index = static_cast<size_t>(last - token_offsets_.begin());
    if (hit.words == 0 || last_index + 1 < hit.words) continue;
    const auto [sentence, last_token] = token_at_[last_index];
    if (last_token + 1 < hit.words) continue;  // cannot happen: phrases stay in one sentence
    const size_t first_token = last_token + 1 - hit.words;
    CueEvidence e{hit.cue, sentence, first_token, last_token};
    if (e.cue == kCueOutcome) {  // read only when denied, as the failure it reports
      if (!FailedOutcome(e, sentences)) continue;
      e.cue = kCueDisservice;
    }
    // A failure in a condition is a hypothesis, not a report ("se non prendo la copertura", "if
    // the parcel is lost"); an outcome's negation was weighed above.
    if (e.cue == kCueDisservice && hit.cue != kCueOutcome && Hypothetical(e, sentences)) continue;
    if (e.cue == kCueRemedy) {  // read only as our own step, as the commitment it makes
      if (!OurStep(e, sentences, language_)) continue;
      e.cue = kCueCommitment;
    }
    if (e.cue == kCueFault) {  // read only when owned, as the responsibility it takes
      if (NotATrouble(e, sentences)) continue;
      if (OwnedFault(e, sentences) || OurSlip(e, sentences, language_)) {
        e.cue = kCueResponsibility;
      } else if (!Contains(kTroubles, sentences[e.sentence].tokens[e.first_token].form) &&
                 PutOnTheCompany(e, sentences) && !Hypothetical(e, sentences)) {
        e.cue = kCueDisservice;  // "mi avete prelevato 49 euro per errore": a failure reported
      } else {
        continue;
      }
    }
    if (e.cue == kCueCommitment && !TakenOnOurselves(e, sentences)) continue;
    if (e.cue == kCueResponsibility && ClaimedBySomeoneElse(e, sentences)) continue;
    if (e.cue == kCuePromise && CallNoun(e, sentences)) continue;
    if (e.cue == kCueThreat && NotAThreat(e, sentences, language_)) continue;
    if ((e.cue == kCueAcknowledgement || e.cue == kCueSettled) && NotOwnStep(e, sentences)) {
      continue;
    }
    if (!Quoted(e, sentences) && !Negated(e, sentences)) found.push_back(e);
  }
  // Only evidence that overlaps can beat other evidence, and a phrase has few words: with the
  // evidence in text order, each one is compared with the neighbours that start at most `longest`
  // words before it and no later than its last word, so a long text costs its length, not its
  // length squared.
  std::vector<uint32_t>& order = order_;
  order.resize(found.size());
  size_t longest = 0;
  for (uint32_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    longest = std::max(longest, found[i].last_token - found[i].first_token);
  }
  auto position = [&](uint32_t i) { return std::pair(found[i].sentence, found[i].first_token); };
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return position(a) < position(b); });
  std::vector<CueEvidence> kept;
  for (const CueEvidence& e : found) {
    if (e.cue == kCueIdiom) continue;
    const std::pair from(e.sentence, e.first_token > longest ? e.first_token - longest : 0);
    auto near = std::lower_bound(order.begin(), order.end(), from,
                                 [&](uint32_t i, const auto& p) { return position(i) < p; });
    bool beaten = false;
    for (; near != order.end() && !beaten; ++near) {
      const CueEvidence& other = found[*near];
      if (other.sentence != e.sentence || other.first_token > e.last_token) break;
      if (other.cue == e.cue) continue;
      // The longer cue wins over the one inside it, but a refusal and a decision said no are one
      // no read by two rules ("cannot be refunded", "claim declined"): neither hides the other;
      // an idiom cancels any refusal it touches; a sorry that shares words with a feeling owned
      // ("I'm sorry for the delay") is that feeling.
      // An owned slip inside a failure's words stays owned ("we wrongly charged you twice").
      // A customer's act words never hide a company's promise inside them: "I will update you by
      // Friday" is an acknowledgement from a customer and a promise from an agent, and the act
      // words are dropped once the act is judged.
      beaten = (StrictlyInside(e, other) && !SameNo(e, other) &&
                !(e.cue == kCuePromise && (other.cue & kActWords)) &&
                !(e.cue == kCueResponsibility && other.cue == kCueDisservice)) ||
               (e.cue == kCueRefusal && other.cue == kCueIdiom && Overlaps(e, other)) ||
               (e.cue == kCueApology && other.cue == kCueEmpathy && Overlaps(e, other));
    }
    // The very same stretch found twice, or a shorter phrase of the same class that starts where a
    // longer one does ("colpa", "colpa del corriere"), is joined into one by MergeOverlapping.
    if (!beaten) kept.push_back(e);
  }
  DropRefusedAlternatives(kept, sentences);
  return MergeOverlapping(std::move(kept));
}

namespace {

// The last word of a text: (sentence, token), or (sentences.size(), 0) when it has none.
std::pair<size_t, size_t> LastWord(const std::vector<Sentence>& sentences) {
  for (size_t s = sentences.size(); s > 0; --s) {
    const auto& tokens = sentences[s - 1].tokens;
    for (size_t t = tokens.size(); t > 0; --t) {
      if (tokens[t - 1].kind == TokenKind::kWord) return {s - 1, t - 1};
    }
  }
  return {sentences.size(), 0};
}

bool InSpans(const std::vector<Span>& spans, size_t sentence, size_t token) {
  return std::any_of(spans.begin(), spans.end(), [&](const Span& span) {
    return span.sentence == sentence && span.from <= token && token <= span.to;
  });
}

// Whether the message's last clause (its words after the last punctuation or contrast before its
// last word)
// is a thanks: a settled cue, and nothing but thanks, okays, laughter, what is thanked for and a
// contrast ("but thanks for checking in", "Thank you though", "So thank you very much!"); "it was
// the best thing on the menu" or "Thanks, but it is still off" end in no thanks. The customer's
// own next step (an acknowledgement) ends a story as a thanks does ("No I have not but I will try
// that now").
// `light(form)`: a thanks or an okay word (TextAnalyser::IsClosingWord).
template <typename Light>
bool ThanksHaveTheLastWord(const std::vector<Sentence>& sentences,
                           const std::vector<CueEvidence>& evidence,
                           const std::vector<Span>& thanked_for, Light&& light) {
  // Plain names, not a structured binding: the lambda below captures the sentence (clang 14
  // cannot capture a binding).
  const auto where = LastWord(sentences);
  const size_t last = where.first;
  const size_t last_token = where.second;
  if (last >= sentences.size()) return false;
  const auto& tokens = sentences[last].tokens;
  size_t from = last_token;
  while (from > 0 && tokens[from - 1].kind != TokenKind::kPunct &&
         !Contains(kContrastWords, tokens[from - 1].form)) {
    --from;
  }
  bool thanked = false;
  for (size_t t = from; t <= last_token; ++t) {
    const Token& token = tokens[t];
    if (token.kind != TokenKind::kWord || token.form.starts_with('@')) continue;
    const bool thanks = std::any_of(evidence.begin(), evidence.end(), [&](const CueEvidence& e) {
      return (e.cue == kCueSettled || e.cue == kCueAcknowledgement) && e.sentence == last &&
             e.first_token <= t && t <= e.last_token;
    });
    thanked = thanked || thanks;
    if (!thanks && !InSpans(thanked_for, last, t) && !Contains(kThanksFor, token.form) &&
        !light(token.form) && !IsLaughter(token.form) && !Contains(kContrastWords, token.form)) {
      return false;
    }
  }
  return thanked;
}

}  // namespace

// What a customer's message does. Short messages only (kMaxActWords): a message that says no more
// than a closing, an acknowledgement or a reaction, and nothing that keeps it a request: no
// question, no word of need or contrast ("ma", "but", "still", "vorrei"), no failure, reminder,
// threat, demand or insult. Then
// - reaction: every word is laughter or a reaction ("lol", "vabbè"), or nothing but emoji, or a
//   reaction of several words among others ("Right. Thanks for nothing.");
// - closing: every word is a thanks or an okay ("ok grz", "perfetto 👍"), or a thanks or a sign the
//   matter is settled among other words ("Found it, thanks!", "ok ora funziona");
// - acknowledgement: doing what the company asked ("ok lo faccio stasera", "DM sent", "fatto").
// A text of unknown language (short ones often are: "ok thx") is weighed in both languages.
Act TextAnalyser::JudgeAct(const std::vector<Sentence>& sentences,
                           const std::vector<CueEvidence>& evidence, TextLanguage language,
                           std::string_view text, uint32_t cues, bool& carries_need) {
  constexpr uint32_t kKeepsRequest = kCueNeed | kCueReminder | kCueDisservice | kCueThreat |
                                     kCueDemand | kCueHostility | kCueRefused;
  cues &= ~kCueNeed;  // weighed word by word: a question word inside a sentence asks nothing
  bool weak_need = false;
  const std::vector<Span> thanked_for = ThanksObjects(evidence, sentences);
  for (const CueEvidence& e : evidence) {
    if (!SaysNeed(e, sentences) || InThanksObject(e, thanked_for, sentences)) continue;
    if (WeakNeed(e, sentences)) {
      weak_need = true;
    } else {
      cues |= kCueNeed;
    }
  }
  // A thanks that has the last word (below) turns back what a contrast or a negation said before
  // it: the story told, the customer thanks and ends ("So far no, but thanks for checking in",
  // "next time I won't have to pay. Thank you!", "I don't know what happened. Thank you though.");
  // a contrast after the thanks keeps it a request ("Thanks, but it's still off").
  // What the message carries is a need of its own; a weak word only keeps it from closing. A
  // complaint of dissatisfaction ("disappointed", "unacceptable"; not "ugh", a reaction) is a need
  // the company is told of when a public post names it; it leaves the act alone.
  carries_need =
      (cues & kKeepsRequest) != 0 ||
      std::any_of(sentences.begin(), sentences.end(), [](const Sentence& s) { return s.question; });
  bool complains = false;
  if (cues & kCueDissatisfaction) {
    std::vector<Span> reactions;
    size_t longest = 0;
    for (const CueEvidence& r : evidence) {
      if (r.cue != kCueReaction) continue;
      reactions.push_back({r.sentence, r.first_token, r.last_token});
      longest = std::max(longest, r.last_token - r.first_token);
    }
    std::sort(reactions.begin(), reactions.end());
    complains = std::any_of(evidence.begin(), evidence.end(), [&](const CueEvidence& e) {
      return e.cue == kCueDissatisfaction && !Covered(reactions, e, longest);
    });
  }
  // A complaint of dissatisfaction is no story a thanks closes ("disappointed… but thanks for the
  // boorito").
  const bool thanks_last =
      weak_need && !complains &&
      ThanksHaveTheLastWord(sentences, evidence, thanked_for,
                            [&](const std::string& form) { return IsClosingWord(form, language); });
  if (thanks_last) weak_need = false;
  if (carries_need || weak_need) {
    carries_need = carries_need || complains;
    return Act::kNeedsAnswer;
  }
  carries_need = complains;
  size_t words = 0, light = 0, reacting = 0;
  for (size_t s = 0; s < sentences.size(); ++s) {
    for (size_t t = 0; t < sentences[s].tokens.size(); ++t) {
      const Token& token = sentences[s].tokens[t];
      if (token.kind == TokenKind::kEmoji || token.kind == TokenKind::kPunct) continue;
      if (++words > (thanks_last ? kMaxThankedWords : kMaxActWords)) return Act::kNeedsAnswer;
      const bool reaction =
          token.kind == TokenKind::kWord &&
          (IsLaughter(token.form) ||
           std::any_of(evidence.begin(), evidence.end(), [&](const CueEvidence& e) {
             return e.cue == kCueReaction && e.sentence == s && e.first_token <= t &&
                    t <= e.last_token;
           }));
      reacting += reaction;
      light += reaction || (token.kind == TokenKind::kWord && IsClosingWord(token.form, language));
    }
  }
  if (language == TextLanguage::kUnknown && light < words) {
    cues |= OtherLanguageActCues(text, TextLanguage::kEnglish, weak_need);
  }
  carries_need = carries_need || (cues & kKeepsRequest) != 0;
  if ((cues & kKeepsRequest) != 0 || weak_need) return Act::kNeedsAnswer;
  if (reacting == words) return Act::kReaction;  // emoji or punctuation alone too
  // A reaction of several words ("thanks for nothing", "grazie per niente"): irony or resignation
  // among other words is still a reaction; a single "wow" or "ugh" is one only alone ("wow my
  // bill doubled" reports a problem).
  const bool phrase_reaction = std::any_of(evidence.begin(), evidence.end(), [](const auto& e) {
    return e.cue == kCueReaction && e.last_token > e.first_token;
  });
  if (phrase_reaction) return Act::kReaction;
  if (light == words && words <= kMaxClosingWords) return Act::kClosing;
  if (cues & kCueAcknowledgement) return Act::kAcknowledgement;
  if (cues & kCueSettled) return Act::kClosing;
  if (words <= kMaxFramedWords && FramedAsAnAnswer(sentences, evidence, language)) {
    return Act::kAcknowledgement;
  }
  return Act::kNeedsAnswer;
}

// Whether a short message that asks nothing (JudgeAct has weighed that) is framed as an answer to
// the company's last message: it opens with a clause of okays or laughter, or with an emoji
// ("Perfetto, prendo ferie quel giorno", "ok fatto, sono passato col rapporto", "👍 ci sarà mia
// moglie", "ahahah mia moglie dice che…"), or it ends with a clause of thanks, okays or a sign-off
// ("… prenoto la mezza giornata. Ciao"). A greeting opens a request, not an answer ("Ciao, sono
// Marco del 3B"); an emoji at the end only decorates ("ok allora il buono 👍" still asks for it).
// A clause ends at punctuation, at a sentence's end or, for the opening one, at an emoji.
bool TextAnalyser::FramedAsAnAnswer(const std::vector<Sentence>& sentences,
                                    const std::vector<CueEvidence>& evidence,
                                    TextLanguage language) {
  static constexpr std::array<std::string_view, 7> kGreetings = {
      "ciao", "salve", "buongiorno", "buonasera", "hi", "hello", "hey"};
  // A closing word of one letter is a piece of a longer formula ("have a nice day"): alone it
  // frames nothing ("<a href=…>qui</a>" ends in "a").
  const auto spelt = [](const Token& token) { return token.form.size() >= 2; };
  // Words of another language are not read ("Danke, aber es geht nicht").
  if (language == TextLanguage::kOther) return false;
  if (sentences.empty() || sentences.front().tokens.empty()) return false;
  const auto light = [&](size_t s, size_t t) {
    const Token& token = sentences[s].tokens[t];
    if (token.kind != TokenKind::kWord) return false;
    if (IsLaughter(token.form) || IsClosingWord(token.form, language)) return true;
    return std::any_of(evidence.begin(), evidence.end(), [&](const CueEvidence& e) {
      return e.cue == kCueReaction && e.sentence == s && e.first_token <= t && t <= e.last_token;
    });
  };
  // What asks in another way: a question word or a condition anywhere ("sweet, no worries. how
  // do I lodge it", "ok perfetto, prenoto se c'è posto").
  static constexpr std::array<std::string_view, 22> kAsking = {
      "how",    "why",    "what", "where",   "which",  "when",   "who",    "come",
      "perche", "quale",  "dove", "cosa",    "quando", "chi",    "quanto", "quanti",
      "if",     "unless", "se",   "qualora", "purche", "whether"};
  // Interjections alone ("ah, aggiungi anche…", "mah, un po scomodo") answer nothing.
  static constexpr std::array<std::string_view, 7> kInterjections = {"ah",  "oh", "eh",     "mah",
                                                                     "hmm", "mh", "vediamo"};
  for (const Sentence& sentence : sentences) {
    for (const Token& token : sentence.tokens) {
      if (token.kind == TokenKind::kWord && Contains(kAsking, token.form)) return false;
    }
  }
  const auto& first = sentences.front().tokens;
  if (first[0].kind == TokenKind::kWord && Contains(kGreetings, first[0].form)) return false;
  // The opening clause, tokens [0, end): an emoji or a laughter first is one by itself.
  size_t end = 0;
  if (first[0].kind == TokenKind::kEmoji ||
      (first[0].kind == TokenKind::kWord && IsLaughter(first[0].form))) {
    end = 1;
  } else {
    bool answers = false;  // an okay, not an interjection alone
    while (end < first.size() && first[end].kind == TokenKind::kWord && light(0, end)) {
      answers = answers || (!Contains(kInterjections, first[end].form) && spelt(first[end]));
      ++end;
    }
    if (!answers || (end < first.size() && first[end].kind != TokenKind::kPunct &&
                     first[end].kind != TokenKind::kEmoji)) {
      end = 0;  // the clause goes on past its okays ("ok fai la 1 giga")
    }
  }
  if (end > 0) {
    bool more = std::any_of(first.begin() + static_cast<std::ptrdiff_t>(end), first.end(),
                            [](const Token& t) { return t.kind == TokenKind::kWord; });
    for (size_t s = 1; s < sentences.size() && !more; ++s) {
      more = std::any_of(sentences[s].tokens.begin(), sentences[s].tokens.end(),
                         [](const Token& t) { return t.kind == TokenKind::kWord; });
    }
    if (more) return true;
  }
  // The closing clause: the words of the last sentence after its last punctuation mark.
  const size_t s_last = sentences.size() - 1;
  const auto& tokens = sentences[s_last].tokens;
  size_t from = 0;
  for (size_t t = 0; t + 1 < tokens.size(); ++t) {
    if (tokens[t].kind == TokenKind::kPunct) from = t + 1;
  }
  if (s_last == 0 && from == 0) return false;  // nothing before the closing clause
  size_t closing_words = 0;
  for (size_t t = from; t < tokens.size(); ++t) {
    if (tokens[t].kind == TokenKind::kPunct || tokens[t].kind == TokenKind::kEmoji) continue;
    if (!light(s_last, t)) return false;
    closing_words += spelt(tokens[t]);
  }
  return closing_words > 0;
}

// A thanks or an okay in the message's language, or in either when it is not known ("ok thx");
// typed long ("grazieee", "thankssss", "hmmm": a letter three times or more is one or two) as well.
bool TextAnalyser::IsClosingWord(const std::string& form, TextLanguage language) {
  if (IsClosingForm(form, language)) return true;
  bool long_run = false;
  for (size_t i = 2; i < form.size() && !long_run; ++i) {
    long_run = form[i] == form[i - 1] && form[i] == form[i - 2];
  }
  if (!long_run) return false;
  // A run squeezed to one letter ("grazieee") or to two, where the word has two ("hmmm", "okkk"
  // as "hmm", "ok").
  for (const size_t keep : {size_t{1}, size_t{2}}) {
    if (IsClosingForm(SqueezeRuns(form, 3, keep), language)) return true;
  }
  return false;
}

bool TextAnalyser::IsClosingForm(const std::string& form, TextLanguage language) {
  const bool english = language == TextLanguage::kEnglish;
  const TextLanguage first = english ? TextLanguage::kEnglish : TextLanguage::kItalian;
  if (matcher_->IsClosingWord(stemmer_.Stem(form, first), first)) return true;
  if (language != TextLanguage::kUnknown) return false;
  return matcher_->IsClosingWord(stemmer_.Stem(form, TextLanguage::kEnglish),
                                 TextLanguage::kEnglish);
}

// The act's cues of `text` read as `language`: for a short text whose language is not known. In
// scope as in the first reading (the longer cue wins: "pls check dm" is an acknowledgement, not a
// "pls"), a need weighed word by word; a weak one sets `weak_need`.
uint32_t TextAnalyser::OtherLanguageActCues(std::string_view text, TextLanguage language,
                                            bool& weak_need) {
  constexpr uint32_t kActCues = kCueAcknowledgement | kCueSettled | kCueReminder | kCueDisservice |
                                kCueThreat | kCueDemand | kCueHostility;
  const std::vector<Sentence> sentences = tokeniser_.Split(text, language);
  hits_.clear();
  matcher_->Scan(StemLine(sentences, language), language, scratch_, hits_);
  uint32_t cues = 0;
  language_ = language;
  for (const CueEvidence& e : InScope(sentences)) {
    if (e.cue != kCueNeed) {
      cues |= e.cue & kActCues;
    } else if (SaysNeed(e, sentences)) {
      if (WeakNeed(e, sentences)) {
        weak_need = true;
      } else {
        cues |= kCueNeed;
      }
    }
  }
  return cues;
}

}  // namespace fiducia

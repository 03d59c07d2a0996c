#include "text/cues.h"

#include <array>
#include <string>

#include "model/event.h"

namespace fiducia {
namespace {

// Phrases a customer uses to chase an unanswered request, after FoldForCues.
constexpr std::array<std::string_view, 44> kReminderPhrases = {"sollecito",
                                                               "sollecitare",
                                                               "sollecitiamo",
                                                               "solleciti",
                                                               "sollecitato",
                                                               "c'è qualcuno",
                                                               "ce qualcuno",
                                                               "c'e qualcuno",
                                                               "ci sono novità",
                                                               "ci sono novita",
                                                               "novità?",
                                                               "novita?",
                                                               "nessuna novità",
                                                               "nessuna risposta",
                                                               "ancora nessuna",
                                                               "sto ancora aspettando",
                                                               "aspetto ancora",
                                                               "ancora in attesa",
                                                               "sono ancora in attesa",
                                                               "vi ho già scritto",
                                                               "vi ho gia scritto",
                                                               "ho già scritto",
                                                               "ho gia scritto",
                                                               "vi ho già chiamato",
                                                               "qualche aggiornamento",
                                                               "aggiornamenti?",
                                                               "avete notizie",
                                                               "mi fate sapere?",
                                                               "any update",
                                                               "any news",
                                                               "anyone there",
                                                               "anybody there",
                                                               "still waiting",
                                                               "still no answer",
                                                               "still no reply",
                                                               "still no response",
                                                               "no response yet",
                                                               "no reply yet",
                                                               "following up",
                                                               "follow up on",
                                                               "i already wrote",
                                                               "i already called",
                                                               "i have already written",
                                                               "reminder:"};

// Words that, alone, close a conversation ("grazie mille", "ok, perfetto", "thanks, that solved
// it").
constexpr std::array<std::string_view, 76> kClosingWords = {
    "grazie",       "mille",      "tante",       "ok",           "okay",
    "perfetto",     "perfetta",   "ottimo",      "benissimo",    "bene",
    "va",           "molto",      "gentile",     "gentilissimo", "gentilissima",
    "gentilissimi", "cordiali",   "saluti",      "buona",        "buonagiornata",
    "giornata",     "serata",     "arrivederci", "ciao",         "salve",
    "d'accordo",    "daccordo",   "ricevuto",    "chiaro",       "tutto",
    "risolto",      "ora",        "adesso",      "funziona",     "a",
    "presto",       "e",          "anche",       "davvero",      "infinite",
    "thanks",       "thank",      "you",         "so",           "much",
    "many",         "great",      "perfect",     "fine",         "cool",
    "got",          "it",         "that",        "solved",       "sorted",
    "all",          "good",       "cheers",      "bye",          "have",
    "nice",         "day",        "regards",     "kind",         "best",
    "received",     "understood", "brilliant",   "awesome",      "wonderful",
    "noted",        "now",        "works",       "very",         "ty",
    "thx"};

constexpr size_t kMaxClosingWords = 12;

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '\'';
}

// Lower-cases ASCII, turns typographic apostrophes (U+2019, U+2018, `) into ', and collapses
// whitespace, so that one phrase in the list covers the ways people type it.
std::string FoldForCues(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x99 ||
         static_cast<unsigned char>(text[i + 2]) == 0x98)) {
      out += '\'';
      i += 2;
    } else if (c == '`') {
      out += '\'';
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

bool ContainsPhrase(std::string_view folded, std::string_view phrase) {
  for (size_t pos = folded.find(phrase); pos != std::string_view::npos;
       pos = folded.find(phrase, pos + 1)) {
    const bool starts = pos == 0 || !IsWordByte(static_cast<unsigned char>(folded[pos - 1]));
    const size_t end = pos + phrase.size();
    const bool ends = end == folded.size() ||
                      !IsWordByte(static_cast<unsigned char>(phrase.back())) ||
                      !IsWordByte(static_cast<unsigned char>(folded[end]));
    if (starts && ends) return true;
  }
  return false;
}

bool IsClosingWord(std::string_view word) {
  for (auto w : kClosingWords) {
    if (w == word) return true;
  }
  return false;
}

// Length of the UTF-8 sequence at `s[i]`, and whether it is part of a word: ASCII letters, digits
// and apostrophes, accented and other alphabets' letters; not punctuation, symbols or emoji
// (U+2000..U+2FFF, U+FE00..U+FFFF and everything past U+FFFF).
size_t NextCodePoint(std::string_view s, size_t i, bool& is_word) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + len > s.size()) len = s.size() - i;
  if (c < 0x80) {
    is_word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'';
  } else {
    is_word = c < 0xE2 || (c > 0xE2 && c < 0xEF);
  }
  return len;
}

// A closing: no question, and every word (at most a dozen) is a thank-you or an okay; an emoji or
// punctuation alone is one too.
bool IsClosing(std::string_view folded) {
  if (folded.find('?') != std::string_view::npos) return false;
  size_t words = 0;
  size_t word_start = std::string_view::npos;
  for (size_t i = 0; i <= folded.size();) {
    bool is_word = false;
    const size_t len = i < folded.size() ? NextCodePoint(folded, i, is_word) : 1;
    if (is_word && word_start == std::string_view::npos) word_start = i;
    if (!is_word && word_start != std::string_view::npos) {
      std::string_view word = folded.substr(word_start, i - word_start);
      while (!word.empty() && word.front() == '\'') word.remove_prefix(1);
      if (!word.empty() && (!IsClosingWord(word) || ++words > kMaxClosingWords)) return false;
      word_start = std::string_view::npos;
    }
    i += len;
  }
  return true;
}

}  // namespace

uint32_t FindCues(std::string_view text) {
  const std::string folded = FoldForCues(text);
  uint32_t cues = kCueNone;
  for (auto phrase : kReminderPhrases) {
    if (ContainsPhrase(folded, phrase)) {
      cues |= kCueReminder;
      break;
    }
  }
  if (!folded.empty() && !(cues & kCueReminder) && IsClosing(folded)) cues |= kCueClosing;
  return cues;
}

}  // namespace fiducia

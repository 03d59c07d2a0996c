// The first step of reading a message: Unicode normalisation (NFC, case folding, apostrophe
// variants, accents removed), sentences from ICU's break iterator, and word tokens with URLs,
// e-mail addresses, numbers and codes masked and emoji kept.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.h"

namespace fiducia {

enum class TokenKind : uint8_t { kWord, kNumber, kCode, kUrl, kEmail, kEmoji, kPunct, kCurrency };

struct Token {
  // Normalised: folded, accents removed ("perché" -> "perche"); numbers and codes as written
  // ("49,00", "4pm") for the facts; URLs and e-mail addresses masked (`xurlx`, `xemailx`).
  std::string form;
  TokenKind kind = TokenKind::kWord;
  bool quoted = false;  // inside quotation marks: someone else's words
};

// What a token reads as in the stemmed line cues are matched on: numbers are `xnumx`,
// codes (digits and letters) `xcodex`, so that no cue depends on a value.
std::string_view MaskedForm(const Token& token);

struct Sentence {
  std::vector<Token> tokens;
  bool question = false;
};

// Not thread-safe (ICU break iterators keep state): one per thread.
class Tokeniser {
 public:
  Tokeniser();
  ~Tokeniser();
  Tokeniser(const Tokeniser&) = delete;
  Tokeniser& operator=(const Tokeniser&) = delete;

  // Italian splits elisions ("dell'ordine" -> "dell'", "ordine"); English keeps "don't" whole.
  std::vector<Sentence> Split(std::string_view utf8, TextLanguage language);

 private:
  struct Icu;
  std::unique_ptr<Icu> icu_;
};

}  // namespace fiducia

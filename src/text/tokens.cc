#include "text/tokens.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace fiducia {
namespace {

constexpr char16_t kApostrophe = u'\'';

bool IsApostropheVariant(UChar32 c) {
  return c == 0x2019 || c == 0x2018 || c == 0x0060 || c == 0x00B4 || c == 0x02BC;
}

bool IsQuoteMark(UChar32 c) {
  return c == u'"' || c == 0x201C || c == 0x201D || c == 0x00AB || c == 0x00BB || c == 0x201E;
}

bool IsEmoji(UChar32 c) { return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) && c > 0xFF; }

// A chunk between spaces that is a link or an address, masked before word breaking so that its
// pieces do not look like words.
TokenKind MaskKind(std::string_view chunk) {
  if (chunk.find("://") != std::string_view::npos || chunk.starts_with("www.")) {
    return TokenKind::kUrl;
  }
  const size_t at = chunk.find('@');
  if (at != std::string_view::npos && at > 0 && chunk.find('.', at) != std::string_view::npos) {
    return TokenKind::kEmail;
  }
  return TokenKind::kWord;
}

// Replaces links and addresses by one placeholder word each.
std::string MaskLinks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t end = std::min(text.find_first_of(" \t\r\n", i), text.size());
    const std::string_view chunk = text.substr(i, end - i);
    const TokenKind kind = MaskKind(chunk);
    out += kind == TokenKind::kUrl ? "xurlx" : kind == TokenKind::kEmail ? "xemailx" : chunk;
    if (end < text.size()) out += text[end];
    i = end + 1;
  }
  return out;
}

}  // namespace

struct Tokeniser::Icu {
  UErrorCode init = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(init);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(init);
  std::unique_ptr<icu::BreakIterator> words{
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), init)};
  std::unique_ptr<icu::BreakIterator> sentences{
      icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), init)};

  icu::UnicodeString Nfc(std::string_view utf8) const;
  static icu::UnicodeString Fold(icu::UnicodeString text);
  Sentence SplitSentence(const icu::UnicodeString& text, TextLanguage language);
  std::string StripAccents(const icu::UnicodeString& word) const;
};

icu::UnicodeString Tokeniser::Icu::Nfc(std::string_view utf8) const {
  UErrorCode error = U_ZERO_ERROR;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString normal = nfc->normalize(text, error);
  return U_FAILURE(error) ? text : normal;
}

// Case folded, every apostrophe variant made U+0027. Done per sentence: sentences are found on the
// text as written, where capitals still tell where one starts.
icu::UnicodeString Tokeniser::Icu::Fold(icu::UnicodeString text) {
  text.foldCase(U_FOLD_CASE_DEFAULT);
  for (int32_t i = 0; i < text.length(); ++i) {
    if (IsApostropheVariant(text.charAt(i))) text.setCharAt(i, kApostrophe);
  }
  return text;
}

std::string Tokeniser::Icu::StripAccents(const icu::UnicodeString& word) const {
  UErrorCode error = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd->normalize(word, error);
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
    i += U16_LENGTH(c);
  }
  std::string out;
  return (U_FAILURE(error) ? word : bare).toUTF8String(out);
}

std::string_view MaskedForm(const Token& token) {
  if (token.kind == TokenKind::kNumber) return "xnumx";
  if (token.kind == TokenKind::kCode) return "xcodex";
  return token.form;
}

Tokeniser::Tokeniser() : icu_(std::make_unique<Icu>()) {}
Tokeniser::~Tokeniser() = default;

namespace {

TokenKind WordKind(const icu::UnicodeString& word, int32_t status) {
  bool digits = false, letters = false;
  for (int32_t i = 0; i < word.length(); ++i) {
    digits = digits || u_isdigit(word.charAt(i));
    letters = letters || u_isalpha(word.charAt(i));
  }
  if (digits && letters) return TokenKind::kCode;
  if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) return TokenKind::kNumber;
  return TokenKind::kWord;
}

// Italian elisions split after the apostrophe: "dell'ordine" -> "dell'", "ordine".
void AddWord(std::vector<Token>& out, std::string form, TokenKind kind, bool quoted,
             TextLanguage language) {
  const size_t apostrophe = form.find('\'');
  if (language != TextLanguage::kEnglish && kind == TokenKind::kWord &&
      apostrophe != std::string::npos && apostrophe + 1 < form.size()) {
    out.push_back({form.substr(0, apostrophe + 1), kind, quoted});
    form.erase(0, apostrophe + 1);
  }
  if (form == "xurlx" || form == "xemailx") {
    out.push_back({form, form == "xurlx" ? TokenKind::kUrl : TokenKind::kEmail, quoted});
    return;
  }
  out.push_back({std::move(form), kind, quoted});
}

}  // namespace

std::vector<Sentence> Tokeniser::Split(std::string_view utf8, TextLanguage language) {
  const icu::UnicodeString text = icu_->Nfc(MaskLinks(utf8));
  std::vector<Sentence> sentences;
  icu_->sentences->setText(text);
  for (int32_t start = icu_->sentences->first(), end = icu_->sentences->next();
       end != icu::BreakIterator::DONE; start = end, end = icu_->sentences->next()) {
    Sentence sentence =
        icu_->SplitSentence(Icu::Fold(text.tempSubStringBetween(start, end)), language);
    if (!sentence.tokens.empty()) sentences.push_back(std::move(sentence));
  }
  return sentences;
}

Sentence Tokeniser::Icu::SplitSentence(const icu::UnicodeString& text, TextLanguage language) {
  Sentence s;
  bool quoted = false;  // a quotation mark left open does not swallow the next sentence
  words->setText(text);
  for (int32_t start = words->first(), end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const icu::UnicodeString piece = text.tempSubStringBetween(start, end);
    const int32_t status = words->getRuleStatus();
    const UChar32 first = piece.char32At(0);
    if (status >= UBRK_WORD_NUMBER) {
      AddWord(s.tokens, StripAccents(piece), WordKind(piece, status), quoted, language);
    } else if (IsQuoteMark(first)) {
      quoted = !quoted;
    } else if (IsEmoji(first)) {
      std::string form;
      s.tokens.push_back({piece.toUTF8String(form), TokenKind::kEmoji, quoted});
    } else if (u_charType(first) == U_CURRENCY_SYMBOL) {
      std::string form;
      s.tokens.push_back({piece.toUTF8String(form), TokenKind::kCurrency, quoted});
    } else if (first == u'?' || first == u',' || first == u'!' || first == u':' || first == u';' ||
               first == u'/') {
      s.question = s.question || first == u'?';
      s.tokens.push_back({std::string(1, static_cast<char>(first)), TokenKind::kPunct, quoted});
    }
  }
  return s;
}

}  // namespace fiducia

#include "text/stemmer.h"

#include <libstemmer.h>

#include <array>
#include <utility>

namespace fiducia {
namespace {

// English texting shorthand and negations typed without their apostrophe ("can u", "it wont
// turn on", "dont work"): each reads as the word it stands for, so every cue written with the
// full word reads the shorthand too. Whole words only: "u" alone, never inside a word.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kEnglishShorthand = {{
    {"u", "you"},
    {"ur", "your"},
    {"dont", "don't"},
    {"doesnt", "doesn't"},
    {"didnt", "didn't"},
    {"wont", "won't"},
    {"cant", "can't"},
    {"isnt", "isn't"},
    {"wasnt", "wasn't"},
    {"arent", "aren't"},
    {"werent", "weren't"},
    {"havent", "haven't"},
    {"hasnt", "hasn't"},
    {"couldnt", "couldn't"},
    {"wouldnt", "wouldn't"},
    {"shouldnt", "shouldn't"},
}};

std::string_view EnglishWord(std::string_view word) {
  for (const auto& [typed, meant] : kEnglishShorthand) {
    if (word == typed) return meant;
  }
  return word;
}

}  // namespace

Stemmer::Stemmer()
    : italian_(sb_stemmer_new("italian", "UTF_8")), english_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (italian_) sb_stemmer_delete(italian_);
  if (english_) sb_stemmer_delete(english_);
}

std::string Stemmer::Stem(std::string_view word, TextLanguage language) {
  const bool italian = language == TextLanguage::kItalian;
  sb_stemmer* stemmer = italian                              ? italian_
                        : language == TextLanguage::kEnglish ? english_
                                                             : nullptr;
  if (!stemmer || word.empty() || word.back() == '\'') return std::string(word);
  // Texting shorthand for "non" ("nn funziona", "nn ho più rete"): one stem for both spellings, so
  // that every cue written with "non" reads the shorthand too.
  if (italian && word == "nn") word = "non";
  if (!italian && word.size() <= 8) word = EnglishWord(word);
  Cache& cache = italian ? italian_cache_ : english_cache_;
  if (const auto known = cache.find(word); known != cache.end()) return known->second;
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (!stem) return std::string(word);  // out of memory in the stemmer: the word as it is
  std::string out(reinterpret_cast<const char*>(stem),
                  static_cast<size_t>(sb_stemmer_length(stemmer)));
  if (word.size() <= kMaxCachedWord) {
    if (cache.size() >= kMaxCached) cache.clear();
    cache.emplace(word, out);
  }
  return out;
}

}  // namespace fiducia

#include "text/stemmer.h"

#include <libstemmer.h>

namespace fiducia {

Stemmer::Stemmer()
    : italian_(sb_stemmer_new("italian", "UTF_8")), english_(sb_stemmer_new("english", "UTF_8")) {}

Stemmer::~Stemmer() {
  if (italian_) sb_stemmer_delete(italian_);
  if (english_) sb_stemmer_delete(english_);
}

std::string Stemmer::Stem(std::string_view word, TextLanguage language) {
  sb_stemmer* stemmer = language == TextLanguage::kItalian   ? italian_
                        : language == TextLanguage::kEnglish ? english_
                                                             : nullptr;
  if (!stemmer || word.empty() || word.back() == '\'') return std::string(word);
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (!stem) return std::string(word);  // out of memory in the stemmer: the word as it is
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

}  // namespace fiducia

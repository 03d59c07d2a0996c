// Snowball stems (libstemmer), so that one cue covers a word's inflections: "scusa", "scusate",
// "scusiamo" all stem to "scus". Not thread-safe: one per thread.
#pragma once

#include <string>
#include <string_view>

#include "model/event.h"

struct sb_stemmer;

namespace fiducia {

class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of a normalised word; the word itself for other languages or when no stemmer exists.
  std::string Stem(std::string_view word, TextLanguage language);

 private:
  sb_stemmer* italian_;
  sb_stemmer* english_;
};

}  // namespace fiducia

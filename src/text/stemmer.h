// Snowball stems (libstemmer), so that one cue covers a word's inflections: "scusa", "scusate",
// "scusiamo" all stem to "scus". Not thread-safe: one per thread.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

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
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Cache = std::unordered_map<std::string, std::string, Hash, std::equal_to<>>;
  // Words repeat massively (a corpus of millions of messages has tens of thousands of word
  // forms), so each form is stemmed once; bounded, whatever the input.
  static constexpr size_t kMaxCached = size_t{1} << 16;
  static constexpr size_t kMaxCachedWord = 32;

  sb_stemmer* italian_;
  sb_stemmer* english_;
  Cache italian_cache_, english_cache_;
};

}  // namespace fiducia

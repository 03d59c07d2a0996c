// The cue lists (data/lexicons, plus the user's changes) compiled once into one Hyperscan database
// over normalised, stemmed text, and scanned once per message.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "model/event.h"

struct hs_database;
struct hs_scratch;

namespace fiducia {

struct CuePhrase {
  Cue cue = kCueNone;
  TextLanguage language = TextLanguage::kUnknown;
  std::string phrase;  // as written in the list: words, '*' for any one word
};

// A cue list: CLASS<TAB>PHRASE lines, '#' comments. Errors name "source:line".
Result<std::vector<CuePhrase>> ParseCueList(std::string_view tsv, TextLanguage language,
                                            std::string_view source);

// The lists of data/lexicons, compiled into the binary.
std::vector<CuePhrase> BuiltInCuePhrases();

// `phrases` with `add` appended and every phrase of `remove` (same class, language and words)
// taken out.
std::vector<CuePhrase> ApplyCueChanges(std::vector<CuePhrase> phrases,
                                       const std::vector<CuePhrase>& add,
                                       const std::vector<CuePhrase>& remove);

class CueMatcher {
 public:
  struct Hit {
    Cue cue;
    size_t words;  // how many words the phrase has
    size_t to;     // byte offset in the scanned line where the match ends
  };
  // Per-thread scanning memory.
  class Scratch {
   public:
    explicit Scratch(const CueMatcher& matcher);
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
    hs_scratch* get() const { return scratch_; }

   private:
    hs_scratch* scratch_ = nullptr;
  };

  // Stems every phrase as messages are stemmed and compiles them; an error names a phrase that
  // cannot be compiled.
  static Result<std::shared_ptr<const CueMatcher>> Compile(const std::vector<CuePhrase>& phrases);
  // The built-in lists, compiled once per process.
  static std::shared_ptr<const CueMatcher> BuiltIn();
  ~CueMatcher();

  // The cues whose phrases occur in `line` (stems separated by single spaces, sentences by " | ").
  void Scan(std::string_view line, TextLanguage language, Scratch& scratch,
            std::vector<Hit>& hits) const;
  // Whether a stem is one of the language's closing words ("grazie", "thanks").
  bool IsClosingWord(std::string_view stem, TextLanguage language) const;
  size_t pattern_count() const { return patterns_.size(); }

 private:
  struct Pattern {
    Cue cue;
    TextLanguage language;
    uint32_t words;
  };
  CueMatcher() = default;
  // The compiled database with what it needs beside it, in the user's cache directory.
  bool LoadFrom(const std::filesystem::path& path);
  void SaveTo(const std::filesystem::path& path) const;

  hs_database* database_ = nullptr;
  std::vector<Pattern> patterns_;
  std::unordered_set<std::string> closing_it_, closing_en_;
};

}  // namespace fiducia

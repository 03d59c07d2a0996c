#include "text/cue_matcher.h"

#include <fmt/format.h>
#include <hs.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>

#include "text/stemmer.h"
#include "text/tokens.h"

namespace fiducia {

// Generated from data/lexicons/*.tsv by cmake/EmbedLexicons.cmake.
extern const char kItalianCueList[];
extern const char kEnglishCueList[];

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Bytes that are not letters or digits are written \xHH so that no stem is read as regex syntax.
std::string Escaped(std::string_view stem) {
  std::string out;
  for (unsigned char c : stem) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out;
}

// The stems of a phrase, through the same tokeniser and stemmer as messages; "*" stays a wildcard.
std::vector<std::string> PhraseStems(const CuePhrase& p, Tokeniser& tokens, Stemmer& stems) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= p.phrase.size()) {
    const size_t end = std::min(p.phrase.find(' ', i), p.phrase.size());
    const std::string_view chunk = std::string_view(p.phrase).substr(i, end - i);
    if (chunk == "*") {
      out.emplace_back("*");
    } else if (!chunk.empty()) {
      const size_t before = out.size();
      for (const Sentence& s : tokens.Split(chunk, p.language)) {
        for (const Token& t : s.tokens) out.push_back(stems.Stem(t.form, p.language));
      }
      // A phrase may end on an elided word ("colpa dell'"): in a message that word comes with its
      // apostrophe ("dell'", "ordine"), which the word breaker drops when nothing follows it.
      if (chunk.back() == '\'' && out.size() > before && out.back().back() != '\'') {
        out.back() += '\'';
      }
    }
    i = end + 1;
  }
  return out;
}

std::string Regex(const std::vector<std::string>& stems) {
  std::string out = "(?:^| )";
  for (size_t i = 0; i < stems.size(); ++i) {
    if (i) out += ' ';
    out += stems[i] == "*" ? std::string("[^ |]+") : Escaped(stems[i]);
  }
  out += "(?: |$)";
  return out;
}

Result<hs_database_t*> CompileDatabase(const std::vector<std::string>& regexes) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags(regexes.size(), 0);  // no start of match: patterns know their length
  std::vector<unsigned> ids(regexes.size());
  for (size_t i = 0; i < regexes.size(); ++i) {
    expressions.push_back(regexes[i].c_str());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* database = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &database,
                       &error) != HS_SUCCESS) {
    const std::string why = error && error->message ? error->message : "unknown error";
    const int which = error ? error->expression : -1;
    hs_free_compile_error(error);
    return Status::InvalidInput(fmt::format("cue list: cannot compile phrase {}: {}", which, why));
  }
  return database;
}

// Compiling the cue database takes most of a second; every run with the same lists and the same
// Hyperscan reuses the last compiled copy from the user's cache directory.
std::filesystem::path CachePath(const std::vector<std::string>& regexes) {
  const char* dir = std::getenv("FIDUCIA_CACHE_DIR");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  std::filesystem::path base = dir && *dir   ? std::filesystem::path(dir)
                               : xdg && *xdg ? std::filesystem::path(xdg) / "fiducia"
                               : home && *home
                                   ? std::filesystem::path(home) / ".cache" / "fiducia"
                                   : std::filesystem::temp_directory_path() / "fiducia-cache";
  uint64_t hash = 14695981039346656037ull;  // FNV-1a over the patterns and the library version
  auto mix = [&hash](std::string_view s) {
    for (unsigned char c : s) hash = (hash ^ c) * 1099511628211ull;
    hash = (hash ^ 0xFF) * 1099511628211ull;
  };
  mix(hs_version());
  for (const auto& r : regexes) mix(r);
  return base / fmt::format("cues-{:016x}.hsdb", hash);
}

hs_database_t* LoadCached(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database_t* database = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &database) != HS_SUCCESS) return nullptr;
  return database;
}

void StoreCached(const std::filesystem::path& path, const hs_database_t* database) {
  char* bytes = nullptr;
  size_t size = 0;
  if (hs_serialize_database(database, &bytes, &size) != HS_SUCCESS) return;
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  // Written aside and renamed: a run reading the cache meanwhile sees the old file or the new one.
  const auto temp = path.string() + fmt::format(".{}.tmp", static_cast<long>(::getpid()));
  std::ofstream(temp, std::ios::binary).write(bytes, static_cast<std::streamsize>(size));
  std::free(bytes);
  std::filesystem::rename(temp, path, error);
  if (error) std::filesystem::remove(temp, error);
}

// Each change of the lists leaves a compiled copy behind: keep the newest few.
void PruneCache(const std::filesystem::path& dir) {
  constexpr size_t kKept = 8;
  std::error_code error;
  std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> copies;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("cues-") && name.ends_with(".hsdb")) {
      copies.emplace_back(entry.last_write_time(error), entry.path());
    }
  }
  if (copies.size() <= kKept) return;
  std::sort(copies.begin(), copies.end(), std::greater<>());
  for (size_t i = kKept; i < copies.size(); ++i) std::filesystem::remove(copies[i].second, error);
}

Result<hs_database_t*> CachedOrCompiled(const std::vector<std::string>& regexes) {
  const std::filesystem::path path = CachePath(regexes);
  if (hs_database_t* cached = LoadCached(path)) return cached;
  auto compiled = CompileDatabase(regexes);
  if (compiled.ok()) {
    StoreCached(path, *compiled);  // a cache that cannot be written costs time only
    PruneCache(path.parent_path());
  }
  return compiled;
}

}  // namespace

Result<std::vector<CuePhrase>> ParseCueList(std::string_view tsv, TextLanguage language,
                                            std::string_view source) {
  std::vector<CuePhrase> phrases;
  size_t line_number = 0;
  for (size_t i = 0; i < tsv.size();) {
    const size_t end = std::min(tsv.find('\n', i), tsv.size());
    const std::string_view line = Trim(tsv.substr(i, end - i));
    i = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const size_t tab = line.find('\t');
    const auto cue = tab == std::string_view::npos ? std::nullopt : ParseCue(line.substr(0, tab));
    const std::string_view phrase = tab == std::string_view::npos ? "" : Trim(line.substr(tab + 1));
    if (!cue || phrase.empty()) {
      return Status::InvalidInput(fmt::format(
          "{}:{}: expected CLASS<TAB>PHRASE with a known class (see data/lexicons/README.md)",
          source, line_number));
    }
    phrases.push_back({*cue, language, std::string(phrase)});
  }
  return phrases;
}

std::vector<CuePhrase> BuiltInCuePhrases() {
  auto it = ParseCueList(kItalianCueList, TextLanguage::kItalian, "data/lexicons/it.tsv");
  auto en = ParseCueList(kEnglishCueList, TextLanguage::kEnglish, "data/lexicons/en.tsv");
  std::vector<CuePhrase> all = it.ok() ? std::move(*it) : std::vector<CuePhrase>{};
  if (en.ok()) all.insert(all.end(), en->begin(), en->end());
  return all;  // a malformed built-in list is caught by the tests, not by users
}

std::vector<CuePhrase> ApplyCueChanges(std::vector<CuePhrase> phrases,
                                       const std::vector<CuePhrase>& add,
                                       const std::vector<CuePhrase>& remove) {
  std::erase_if(phrases, [&](const CuePhrase& p) {
    return std::any_of(remove.begin(), remove.end(), [&](const CuePhrase& r) {
      return r.cue == p.cue && r.language == p.language && r.phrase == p.phrase;
    });
  });
  phrases.insert(phrases.end(), add.begin(), add.end());
  return phrases;
}

Result<std::shared_ptr<const CueMatcher>> CueMatcher::Compile(
    const std::vector<CuePhrase>& phrases) {
  std::shared_ptr<CueMatcher> matcher(new CueMatcher());
  Tokeniser tokens;
  Stemmer stems;
  std::vector<std::string> regexes;
  for (const CuePhrase& p : phrases) {
    const std::vector<std::string> phrase_stems = PhraseStems(p, tokens, stems);
    if (phrase_stems.empty()) continue;
    if (p.cue == kCueClosing) {
      auto& set =
          p.language == TextLanguage::kEnglish ? matcher->closing_en_ : matcher->closing_it_;
      set.insert(phrase_stems.front());
      continue;
    }
    regexes.push_back(Regex(phrase_stems));
    matcher->patterns_.push_back({p.cue, p.language, phrase_stems.size()});
  }
  auto database = CachedOrCompiled(regexes);
  if (!database.ok()) return database.status();
  matcher->database_ = *database;
  return std::shared_ptr<const CueMatcher>(std::move(matcher));
}

std::shared_ptr<const CueMatcher> CueMatcher::BuiltIn() {
  static std::once_flag once;
  static std::shared_ptr<const CueMatcher> built_in;
  std::call_once(once, [] {
    auto compiled = Compile(BuiltInCuePhrases());
    built_in = compiled.ok() ? *compiled : nullptr;
  });
  return built_in;
}

CueMatcher::~CueMatcher() { hs_free_database(database_); }

CueMatcher::Scratch::Scratch(const CueMatcher& matcher) {
  if (hs_alloc_scratch(matcher.database_, &scratch_) != HS_SUCCESS) scratch_ = nullptr;
}

CueMatcher::Scratch::~Scratch() { hs_free_scratch(scratch_); }

void CueMatcher::Scan(std::string_view line, TextLanguage language, Scratch& scratch,
                      std::vector<Hit>& hits) const {
  if (!database_ || !scratch.get() || line.empty()) return;
  struct Context {
    const CueMatcher* self;
    TextLanguage language;
    std::vector<Hit>* hits;
  } context{this, language, &hits};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                     void* ctx) -> int {
    auto* c = static_cast<Context*>(ctx);
    const Pattern& p = c->self->patterns_[id];
    if (p.language == c->language) c->hits->push_back({p.cue, p.words, to});
    return 0;
  };
  hs_scan(database_, line.data(), static_cast<unsigned>(line.size()), 0, scratch.get(), on_match,
          &context);
}

bool CueMatcher::IsClosingWord(std::string_view stem, TextLanguage language) const {
  const auto& set = language == TextLanguage::kEnglish ? closing_en_ : closing_it_;
  return set.count(std::string(stem)) > 0;
}

}  // namespace fiducia

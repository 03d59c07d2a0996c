#include "text/cue_matcher.h"

#include <fmt/format.h>
#include <hs.h>
#include <unicode/uvernum.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>

#include "common/strings.h"
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
        for (const Token& t : s.tokens) {
          out.push_back(t.kind == TokenKind::kWord ? stems.Stem(t.form, p.language)
                                                   : std::string(MaskedForm(t)));
        }
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

// Compiling the cue database (stemming every phrase, then Hyperscan) takes seconds; every run with
// the same lists, the same libraries and the same code reuses the last compiled copy from the
// user's cache directory, found by a hash of the phrases themselves, so a hit costs no stemming.
constexpr std::string_view kCacheFormat = "fiducia-cues-4";  // bump when tokens or stems change

std::filesystem::path CacheDirectory() {
  const char* dir = std::getenv("FIDUCIA_CACHE_DIR");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (dir && *dir) return dir;
  if (xdg && *xdg) return std::filesystem::path(xdg) / "fiducia";
  if (home && *home) return std::filesystem::path(home) / ".cache" / "fiducia";
  return std::filesystem::temp_directory_path() / "fiducia-cache";
}

std::filesystem::path CachePath(const std::vector<CuePhrase>& phrases) {
  uint64_t hash = Fnv1aOfParts({kCacheFormat, hs_version(), U_ICU_VERSION});
  for (const CuePhrase& p : phrases) {
    hash = Fnv1aOfParts({ToString(p.cue), ToString(p.language), p.phrase}, hash);
  }
  return CacheDirectory() / fmt::format("cues-{:016x}.hsdb", hash);
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

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
bool Get(std::string_view& in, T& value) {
  if (in.size() < sizeof value) return false;
  std::memcpy(&value, in.data(), sizeof value);
  in.remove_prefix(sizeof value);
  return true;
}

void PutWords(std::string& out, const std::unordered_set<std::string>& words) {
  Put(out, static_cast<uint32_t>(words.size()));
  for (const std::string& w : words) {
    Put(out, static_cast<uint32_t>(w.size()));
    out += w;
  }
}

bool GetWords(std::string_view& in, std::unordered_set<std::string>& words) {
  uint32_t count = 0, size = 0;
  if (!Get(in, count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    if (!Get(in, size) || in.size() < size) return false;
    words.emplace(in.substr(0, size));
    in.remove_prefix(size);
  }
  return true;
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
  const std::filesystem::path cache = CachePath(phrases);
  std::shared_ptr<CueMatcher> matcher(new CueMatcher());
  if (matcher->LoadFrom(cache)) return std::shared_ptr<const CueMatcher>(std::move(matcher));
  matcher = std::shared_ptr<CueMatcher>(new CueMatcher());
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
    matcher->patterns_.push_back({p.cue, p.language, static_cast<uint32_t>(phrase_stems.size())});
  }
  auto database = CompileDatabase(regexes);
  if (!database.ok()) return database.status();
  matcher->database_ = *database;
  matcher->SaveTo(cache);  // a cache that cannot be written costs time only
  PruneCache(cache.parent_path());
  return std::shared_ptr<const CueMatcher>(std::move(matcher));
}

bool CueMatcher::LoadFrom(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  const std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::string_view in(bytes);
  if (!in.starts_with(kCacheFormat)) return false;
  in.remove_prefix(kCacheFormat.size());
  uint32_t count = 0;
  if (!Get(in, count) || count > in.size()) return false;
  for (uint32_t i = 0; i < count; ++i) {
    Pattern p{};
    if (!Get(in, p)) return false;
    patterns_.push_back(p);
  }
  uint64_t size = 0;
  if (!GetWords(in, closing_it_) || !GetWords(in, closing_en_) || !Get(in, size) ||
      size != in.size()) {
    return false;
  }
  return hs_deserialize_database(in.data(), in.size(), &database_) == HS_SUCCESS;
}

void CueMatcher::SaveTo(const std::filesystem::path& path) const {
  char* db = nullptr;
  size_t db_size = 0;
  if (hs_serialize_database(database_, &db, &db_size) != HS_SUCCESS) return;
  std::string out(kCacheFormat);
  Put(out, static_cast<uint32_t>(patterns_.size()));
  for (const Pattern& p : patterns_) Put(out, p);
  PutWords(out, closing_it_);
  PutWords(out, closing_en_);
  Put(out, static_cast<uint64_t>(db_size));
  out.append(db, db_size);
  std::free(db);
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  // Written aside and renamed: a run reading the cache meanwhile sees the old file or the new one.
  const auto temp = path.string() + fmt::format(".{}.tmp", static_cast<long>(::getpid()));
  std::ofstream(temp, std::ios::binary).write(out.data(), static_cast<std::streamsize>(out.size()));
  std::filesystem::rename(temp, path, error);
  if (error) std::filesystem::remove(temp, error);
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

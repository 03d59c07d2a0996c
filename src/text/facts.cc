#include "text/facts.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "text/stemmer.h"

namespace fiducia {

extern const char kItalianFactWords[];
extern const char kEnglishFactWords[];

namespace {

enum Unit : int8_t { kNoUnit = -1, kMinute, kHour, kDay, kWeek, kMonth };
constexpr int64_t kUnitMinutes[] = {1, 60, 1440, 7 * 1440, 30 * 1440};
constexpr int16_t kMorningDeadline = 13 * 60;  // "domani mattina": 13:00 (findings.md)

// What one word can be in a fact; a word may be several things ("€" is a currency only, "ore" a
// unit and a clock word).
struct WordRole {
  int16_t number = -1;
  int8_t unit = kNoUnit;
  uint8_t currency = 0;
  uint8_t month = 0;
  int8_t weekday = -1;
  int16_t time = -1;  // a time of day said in words ("mezzogiorno", "noon"): its minute
  bool business = false, morning = false, clock = false, range = false;
  bool article =
      false;          // a number that is also an article ("a", "un"): a duration only after a lead
  bool lead = false;  // a word that introduces a duration ("within", "entro", "in", "for")
  bool link = false;  // a word between an hour and its part of the day ("di", "del", "in the")
  bool none = false;  // a word that says none of what follows ("no", "nessuna", "senza")
  bool fee = false;   // a word of a fee ("fee", "penale"): "no cancellation fee" is an amount of 0
  bool per = false;   // a word that makes an amount a rate ("al mese", "per month", "a day")
  bool periodic = false;  // a word that makes an amount near it a rate ("mensile", "monthly")
  bool yes = false;       // "sì", "yes", "certo": a yes when a clause mark or another follows
  bool negation = false;  // "non", "not", "unable": what follows in its clause is said no to
};

// Heterogeneous lookup: a stem view is looked up without making a string of it.
struct StemHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct DayPhrase {
  std::vector<std::string> words;
  DayRef day = DayRef::kNone;
  uint8_t n = 0;
  int minutes = 0;      // not 0: the phrase is a duration ("within the hour"), not a day
  int16_t minute = -1;  // a time of day the phrase carries ("domattina": 13:00)
};

struct LanguageWords {
  std::unordered_map<std::string, WordRole> roles;
  std::vector<DayPhrase> days;                 // longest first
  std::vector<std::vector<std::string>> free;  // "nessun costo", "no fee": an amount of 0
  // "as well", "un ulteriore": an amount added to what was said before, not a new value for it.
  std::vector<std::vector<std::string>> addition;
  std::unordered_map<std::string, uint16_t> subject_stems;
  // Stems of a visit subject that alone make no day a visit's ("replacement", "sostituzione").
  std::unordered_set<std::string> not_visit_stems;
  // Stems of words that tell nothing of what a yes or a no is about ("della", "your", "possibile").
  std::unordered_set<std::string, StemHash, std::equal_to<>> plain_stems;
};

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::optional<int> SmallInt(std::string_view s) {
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

struct FactExtractor::Words {
  LanguageWords italian, english;
  std::vector<std::string> subjects{""};
  std::vector<uint16_t> generic;  // subjects dropped when a sentence also names a specific one
  // Subjects that, given a day, are one visit ("l'installazione è fissata per giovedì 21" and
  // "l'appuntamento di venerdì 22" name two days for one technician's visit).
  uint16_t visit = 0;

  LanguageWords& Of(TextLanguage l) { return l == TextLanguage::kEnglish ? english : italian; }
  const LanguageWords& Of(TextLanguage l) const {
    return l == TextLanguage::kEnglish ? english : italian;
  }
  uint16_t Subject(std::string_view name) {
    auto it = std::find(subjects.begin(), subjects.end(), name);
    if (it != subjects.end()) return static_cast<uint16_t>(it - subjects.begin());
    subjects.emplace_back(name);
    return static_cast<uint16_t>(subjects.size() - 1);
  }
};

namespace {

Status ParseLine(std::string_view kind, std::string_view value, std::string_view words,
                 TextLanguage language, FactExtractor::Words& all, Stemmer& stemmer) {
  LanguageWords& w = all.Of(language);
  static constexpr std::string_view kUnits[] = {"minute", "hour", "day", "week", "month"};
  static constexpr std::string_view kCurrencies[] = {
      "",    "EUR", "USD", "GBP", "CHF", "PLN", "SEK", "NOK", "DKK", "CZK", "HUF", "RON", "CAD",
      "AUD", "INR", "NGN", "ZAR", "AED", "OMR", "SAR", "QAR", "KWD", "BHD", "KES", "EGP", "GHS",
      "JPY", "CNY", "SGD", "HKD", "NZD", "MXN", "BRL", "TRY", "MAD", "PKR", "MYR", "THB"};
  static_assert(std::size(kCurrencies) == kFactCurrencies);
  static constexpr std::string_view kDays[] = {"today", "tomorrow", "after_tomorrow", "end_of_week",
                                               "tomorrow_morning"};
  if (kind == "generic") {  // a subject that only qualifies a more specific one ("il costo di
                            // attivazione" is about activation)
    all.generic.push_back(all.Subject(value));
    return Status::Ok();
  }
  if (kind == "visit") {
    const uint16_t subject = all.Subject(value);
    if (subject < 16) all.visit |= static_cast<uint16_t>(1u << subject);
    return Status::Ok();
  }
  if (kind == "business" || kind == "morning" || kind == "clock" || kind == "range" ||
      kind == "article" || kind == "lead" || kind == "link" || kind == "none" || kind == "fee" ||
      kind == "per" || kind == "periodic" || kind == "yes" || kind == "not") {
    WordRole& r = w.roles[std::string(value)];
    (kind == "business"   ? r.business
     : kind == "morning"  ? r.morning
     : kind == "clock"    ? r.clock
     : kind == "range"    ? r.range
     : kind == "article"  ? r.article
     : kind == "link"     ? r.link
     : kind == "none"     ? r.none
     : kind == "fee"      ? r.fee
     : kind == "per"      ? r.per
     : kind == "periodic" ? r.periodic
     : kind == "yes"      ? r.yes
     : kind == "not"      ? r.negation
                          : r.lead) = true;
    return Status::Ok();
  }
  if (kind == "plain") {
    w.plain_stems.insert(stemmer.Stem(value, language));
    return Status::Ok();
  }
  if (words.empty()) return Status::InvalidInput(fmt::format("`{}` needs a value and words", kind));
  const auto number = SmallInt(value);
  if (kind == "free") {
    w.free.push_back(SplitWords(words));
    return Status::Ok();
  }
  if (kind == "addition") {
    w.addition.push_back(SplitWords(words));
    return Status::Ok();
  }
  if (kind == "number" || kind == "month" || kind == "weekday" || kind == "time") {
    if (!number || *number < 0 || *number > (kind == "time" ? 24 * 60 : 1000)) {
      return Status::InvalidInput(fmt::format("`{}` is not a number", value));
    }
    WordRole& r = w.roles[std::string(words)];
    if (kind == "number") r.number = static_cast<int16_t>(*number);
    if (kind == "month") r.month = static_cast<uint8_t>(*number);
    if (kind == "weekday") r.weekday = static_cast<int8_t>(*number % 7);
    if (kind == "time") r.time = static_cast<int16_t>(*number);
    return Status::Ok();
  }
  if (kind == "unit") {
    auto it = std::find(std::begin(kUnits), std::end(kUnits), value);
    if (it == std::end(kUnits))
      return Status::InvalidInput(fmt::format("unknown unit `{}`", value));
    w.roles[std::string(words)].unit = static_cast<int8_t>(it - std::begin(kUnits));
    return Status::Ok();
  }
  if (kind == "currency") {
    auto it = std::find(std::begin(kCurrencies) + 1, std::end(kCurrencies), value);
    if (it == std::end(kCurrencies)) {
      return Status::InvalidInput(fmt::format("unknown currency `{}`", value));
    }
    w.roles[std::string(words)].currency = static_cast<uint8_t>(it - std::begin(kCurrencies));
    return Status::Ok();
  }
  if (kind == "day") {
    auto it = std::find(std::begin(kDays), std::end(kDays), value);
    if (it == std::end(kDays)) return Status::InvalidInput(fmt::format("unknown day `{}`", value));
    const auto index = it - std::begin(kDays);
    DayPhrase p{SplitWords(words), DayRef::kToday, 0};
    if (index == 1 || index == 2) p = {p.words, DayRef::kDaysAfter, static_cast<uint8_t>(index)};
    if (index == 3) p.day = DayRef::kEndOfWeek;
    if (index == 4) p = {p.words, DayRef::kDaysAfter, 1, 0, kMorningDeadline};
    w.days.push_back(std::move(p));
    return Status::Ok();
  }
  if (kind == "duration") {
    if (!number || *number <= 0 || *number > 100000) {
      return Status::InvalidInput(fmt::format("`{}` is not a number of minutes", value));
    }
    w.days.push_back({SplitWords(words), DayRef::kNone, 0, *number});
    return Status::Ok();
  }
  if (kind == "novisit") {
    if (words.find(' ') != std::string_view::npos) {
      return Status::InvalidInput(fmt::format("a novisit word is one word, not `{}`", words));
    }
    all.Subject(value);
    w.not_visit_stems.insert(stemmer.Stem(words, language));
    return Status::Ok();
  }
  if (kind == "subject") {
    if (words.find(' ') != std::string_view::npos) {
      return Status::InvalidInput(fmt::format("a subject is one word, not `{}`", words));
    }
    w.subject_stems.emplace(stemmer.Stem(words, language), all.Subject(value));
    return Status::Ok();
  }
  return Status::InvalidInput(fmt::format("unknown kind `{}`", kind));
}

Status ParseWords(std::string_view text, TextLanguage language, std::string_view source,
                  FactExtractor::Words& all, Stemmer& stemmer) {
  size_t line_number = 0, start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    const std::string_view kind = line.substr(0, tab1);
    const std::string_view value =
        tab1 == std::string_view::npos ? "" : line.substr(tab1 + 1, tab2 - tab1 - 1);
    const std::string_view words = tab2 == std::string_view::npos ? "" : line.substr(tab2 + 1);
    if (value.empty()) {
      return Status::InvalidInput(
          fmt::format("{}:{}: expected KIND<TAB>VALUE[<TAB>WORDS]", source, line_number));
    }
    const Status s = ParseLine(kind, value, words, language, all, stemmer);
    if (!s.ok())
      return Status::InvalidInput(fmt::format("{}:{}: {}", source, line_number, s.message()));
  }
  auto& days = all.Of(language).days;
  std::stable_sort(days.begin(), days.end(), [](const DayPhrase& a, const DayPhrase& b) {
    return a.words.size() > b.words.size();
  });
  auto& free = all.Of(language).free;
  std::stable_sort(free.begin(), free.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return Status::Ok();
}

}  // namespace

std::optional<int64_t> ParseAmountCents(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  const size_t last_sep = s.find_last_of(".,");
  std::string whole, cents;
  if (last_sep == std::string_view::npos) {
    whole = std::string(s);
  } else {
    const std::string_view tail = s.substr(last_sep + 1);
    const bool decimal =
        tail.size() == 1 || tail.size() == 2 ||
        (s.find_first_of(".,") < last_sep && s[s.find_first_of(".,")] != s[last_sep]);
    if (decimal && tail.size() <= 2) {
      cents = std::string(tail);
      if (cents.size() == 1) cents += '0';
      s = s.substr(0, last_sep);
    }
    for (char c : s) {
      if (c != '.' && c != ',') whole += c;
    }
    if (!decimal && tail.size() != 3) return std::nullopt;
  }
  if (whole.empty() || !std::all_of(whole.begin(), whole.end(), ::isdigit) ||
      !std::all_of(cents.begin(), cents.end(), ::isdigit)) {
    return std::nullopt;
  }
  return std::stoll(whole) * 100 + (cents.empty() ? 0 : std::stoll(cents));
}

namespace {

// A time of day as read: its minute, whether am/pm was said ("7am": as written), where.
struct SaidTime {
  int16_t minute;
  bool meridiem;
  size_t at;
};

// The facts of one sentence, read left to right: each position tries a day phrase, a weekday, a
// date, a time of day, an amount and a duration, in that order.
class SentenceReader {
 public:
  SentenceReader(const Sentence& s, const LanguageWords& w) : t_(s.tokens), w_(w) {}

  void Read(std::vector<Fact>& facts, std::vector<std::pair<When, size_t>>& days,
            std::vector<SaidTime>& times) const {
    for (size_t i = 0; i < t_.size();) {
      const size_t start = i;
      if (Day(i, days, facts) || Date(i, days) || Time(i, times) || Money(i, facts) ||
          Free(i, facts) || Duration(i, facts)) {
        continue;
      }
      i = start + 1;
    }
  }

  // Whether the sentence holds one of `phrases` anywhere.
  bool Holds(const std::vector<std::vector<std::string>>& phrases) const {
    for (size_t i = 0; i < t_.size(); ++i) {
      for (const auto& words : phrases) {
        if (Phrase(i, words)) return true;
      }
    }
    return false;
  }

 private:
  const WordRole* Role(size_t k) const {
    if (k >= t_.size()) return nullptr;
    auto it = w_.roles.find(t_[k].form);
    return it == w_.roles.end() ? nullptr : &it->second;
  }
  bool Is(size_t k, bool WordRole::*flag) const {
    const WordRole* r = Role(k);
    return r && r->*flag;
  }
  std::string_view Form(size_t k) const {
    return k < t_.size() ? std::string_view(t_[k].form) : std::string_view();
  }

  // A whole number in digits ("15", "15th"), or in words when `words`.
  std::optional<int> Int(size_t k, bool words) const {
    if (k >= t_.size()) return std::nullopt;
    const Token& token = t_[k];
    if (token.kind == TokenKind::kNumber) return SmallInt(token.form);
    if (token.kind == TokenKind::kCode) {
      const std::string_view f = token.form;
      const size_t digits = f.find_first_not_of("0123456789");
      const std::string_view suffix = f.substr(digits);
      if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
        return SmallInt(f.substr(0, digits));
      }
      return std::nullopt;
    }
    const WordRole* r = Role(k);
    if (words && r && r->number >= 0) return r->number;
    return std::nullopt;
  }

  bool Phrase(size_t i, const std::vector<std::string>& words) const {
    if (i + words.size() > t_.size()) return false;
    for (size_t k = 0; k < words.size(); ++k) {
      if (t_[i + k].form != words[k]) return false;
    }
    return true;
  }

  // Whether a duration ending before token k is an offset from another moment ("la chiamerà
  // mezz'ora prima", "we'll text you an hour before"), not a time counted from the message.
  bool Offset(size_t k) const {
    const std::string_view f = Form(k);
    return f == "prima" || f == "before" || f == "beforehand" || f == "earlier" || f == "ahead" ||
           f == "dopo" || f == "after" || f == "later";
  }

  // Whether another day is named at token k, or after one linking word ("on", "di", a comma).
  bool StartsDay(size_t k) const {
    const std::string_view link = Form(k);
    if (link == "on" || link == "of" || link == "di" || link == "del" || link == ",") ++k;
    if (const WordRole* r = Role(k); r && r->weekday >= 0) return true;
    for (const DayPhrase& p : w_.days) {
      if (!p.minutes && p.day != DayRef::kToday && Phrase(k, p.words)) return true;
    }
    std::vector<std::pair<When, size_t>> unused;
    size_t at = k;
    return Date(at, unused);
  }

  bool Day(size_t& i, std::vector<std::pair<When, size_t>>& days, std::vector<Fact>& facts) const {
    for (const DayPhrase& p : w_.days) {
      if (!Phrase(i, p.words)) continue;
      if (p.minutes) {
        i += p.words.size();
        if (Offset(i)) return true;  // "mezz'ora prima": before something else, no time of ours
        i -= p.words.size();
        Fact f;
        f.kind = FactKind::kDuration;
        f.low = f.high = p.minutes;
        f.sentence = static_cast<uint16_t>(i);
        facts.push_back(f);
        i += p.words.size();
        return true;
      }
      // "end of day tomorrow", "EOD Friday", "fine giornata di domani": the close of the day named
      // next, one day, not today's.
      // So is a morning said before the day ("first thing Monday", "first thing on 14 May"): that
      // day's morning.
      if ((p.day == DayRef::kToday || p.minute >= 0) && StartsDay(i + p.words.size())) {
        i += p.words.size();
        if (p.minute < 0) return true;
        size_t k = i;
        const std::string_view link = Form(k);
        if (link == "on" || link == "of" || link == "di" || link == "del" || link == ",") ++k;
        const size_t before = days.size();
        if ((Day(k, days, facts) || Date(k, days)) && days.size() > before) {
          i = k;
          When& day = days.back().first;
          if (day.minute < 0) {
            day.minute = kMorningDeadline;
            day.morning = true;
          }
        }
        return true;
      }
      When when{p.day, p.n};
      when.minute = p.minute;
      when.morning = p.minute >= 0;  // "domattina", "first thing tomorrow"
      const size_t at = i;
      i += p.words.size();
      if (p.day == DayRef::kDaysAfter && Is(i, &WordRole::morning)) {
        when.minute = kMorningDeadline;
        when.morning = true;
        ++i;
      }
      days.emplace_back(when, at);
      return true;
    }
    const WordRole* r = Role(i);
    if (r && r->weekday >= 0) {
      // "martedì 21 aprile", "Thursday, 14 May": one day, the date; the weekday only names it.
      size_t date = i + 1 + (Form(i + 1) == "," ? 1 : 0);
      const size_t at = i;
      if (Date(date, days)) {
        days.back().second = at;
        i = date;
        return true;
      }
      days.emplace_back(When{DayRef::kWeekday, static_cast<uint8_t>(r->weekday)}, i++);
      // "mercoledì 3", "Wednesday 3rd": that weekday falling on the 3rd (not an hour: "lunedì
      // 10:30", nor an amount of something: "lunedì 3 giorni").
      if (const auto dom = Int(i, false); dom && *dom >= 1 && *dom <= 31 && Form(i + 1) != ":" &&
                                          Form(i + 1) != "am" && Form(i + 1) != "pm") {
        const WordRole* after = Role(i + 1);
        if (!after || (after->unit == kNoUnit && after->currency == 0)) {
          days.back().first.day_of_month = static_cast<uint8_t>(*dom);
          ++i;
        }
      }
      // "lunedì mattina", "Monday morning": the morning of that day, like "domani mattina".
      if (Is(i, &WordRole::morning)) {
        days.back().first.minute = kMorningDeadline;
        days.back().first.morning = true;
        ++i;
      }
      return true;
    }
    return false;
  }

  bool Date(size_t& i, std::vector<std::pair<When, size_t>>& days) const {
    auto date = [&](int month, int day_of_month, size_t at, size_t next) {
      i = next;
      // "the week of 21 September", "la settimana del 21": a week, not that day.
      const std::string_view before = at > 0 ? Form(at - 1) : std::string_view();
      if (at > 1 && ((Form(at - 2) == "week" && before == "of") ||
                     (Form(at - 2) == "settimana" && (before == "del" || before == "dal")))) {
        return true;
      }
      days.emplace_back(
          When{DayRef::kDate, 0, static_cast<uint8_t>(month), static_cast<uint8_t>(day_of_month)},
          at);
      i = next;
      return true;
    };
    const auto d = Int(i, false);
    if (d && *d >= 1 && *d <= 31) {
      const size_t j = i + 1 + ((Form(i + 1) == "di" || Form(i + 1) == "of") ? 1 : 0);
      const WordRole* month = Role(j);
      if (month && month->month) return date(month->month, *d, i, j + 1);
      const auto m = Form(i + 1) == "/" ? Int(i + 2, false) : std::nullopt;
      if (m && *m >= 1 && *m <= 12) {
        const bool year = Form(i + 3) == "/" && Int(i + 4, false);
        return date(*m, *d, i, i + (year ? 5 : 3));
      }
    }
    const WordRole* month = Role(i);
    const auto after = Int(i + 1, false);
    if (month && month->month && after && *after >= 1 && *after <= 31) {
      return date(month->month, *after, i, i + 2);
    }
    return false;
  }

  // An hour as written from token j ("16", "16:30", "16.30", "4pm", "4 pm", "7 di mattina"): its
  // minute of the day and whether am/pm or a morning word said it; j moves past it.
  bool Hour(size_t& j, int& minute_of_day, bool& meridiem) const {
    if (j >= t_.size()) return false;
    int hour = -1, minute = 0;
    meridiem = false;
    const Token& token = t_[j];
    if (token.kind == TokenKind::kCode) {
      const size_t digits = token.form.find_first_not_of("0123456789");
      const std::string_view suffix = std::string_view(token.form).substr(digits);
      const auto h = SmallInt(std::string_view(token.form).substr(0, digits));
      if (!h || (suffix != "am" && suffix != "pm")) return false;
      hour = *h % 12 + (suffix == "pm" ? 12 : 0);
      meridiem = true;
      ++j;
    } else if (token.kind == TokenKind::kNumber) {
      const size_t dot = token.form.find_first_of(".,");
      const auto h = SmallInt(std::string_view(token.form).substr(0, dot));
      if (!h) return false;
      hour = *h;
      if (dot != std::string::npos) {
        const auto m = SmallInt(std::string_view(token.form).substr(dot + 1));
        if (!m || token.form.size() - dot != 3) return false;
        minute = *m;
      }
      ++j;
      if (dot == std::string::npos && Form(j) == ":" && Int(j + 1, false)) {
        minute = *Int(j + 1, false);
        j += 2;
      }
      if (Form(j) == "am" || Form(j) == "pm") {
        hour = hour % 12 + (Form(j) == "pm" ? 12 : 0);
        meridiem = true;
        ++j;
      }
    } else {
      return false;
    }
    // "alle 7 di mattina", "at 7 in the morning": the morning's hour, as written like "7am".
    for (size_t k = j; !meridiem && k < j + 3 && k < t_.size(); ++k) {
      if (Is(k, &WordRole::morning)) meridiem = hour <= 12;
      if (!Is(k, &WordRole::link)) break;
    }
    const WordRole* next = Role(j);
    if (hour < 0 || hour > 24 || minute > 59 || (next && next->unit != kNoUnit)) return false;
    minute_of_day = hour * 60 + minute;
    return true;
  }

  // "alle 16", "entro le 16:30", "by 4 pm", "by 4pm", "alle 16.30"; "mezzogiorno", "noon". A
  // window ("between 2pm and 4pm", "tra le 12 e le 13", "dalle 14 alle 16") is read as its end:
  // what is promised within it is due by then.
  bool Time(size_t& i, std::vector<SaidTime>& times) const {
    const WordRole* said = Role(i);
    if (said && said->time >= 0) {
      times.push_back({said->time, false, i++});
      return true;
    }
    if (!Is(i, &WordRole::clock) || i + 1 >= t_.size()) return false;
    if (const WordRole* word = Role(i + 1); word && word->time >= 0) {
      times.push_back({word->time, false, i});
      i += 2;
      return true;
    }
    size_t j = i + 1;
    int minute = 0;
    bool meridiem = false;
    if (!Hour(j, minute, meridiem)) return false;
    // The window's end: a range word ("and", "e", "to", "-"; not "or"/"o", an alternative) or,
    // after "dalle"/"from", a clock word, then the later hour.
    size_t k = j;
    const bool alternative = Form(k) == "or" || Form(k) == "o" || Form(k) == "/";
    const bool from = Form(i) == "dalle" || Form(i) == "from";
    if ((Is(k, &WordRole::range) && !alternative) || (from && Is(k, &WordRole::clock))) {
      ++k;
      if (Is(k, &WordRole::clock)) ++k;
      // "between 5 and 7 days", "tra le 2 e le 3 ore": a duration, no time of day.
      if (const WordRole* unit = Role(k + 1); Int(k, false) && unit && unit->unit != kNoUnit) {
        return false;
      }
      int end = 0;
      bool end_meridiem = false;
      if (Hour(k, end, end_meridiem)) {
        if (end > minute) {
          minute = end;
          meridiem = meridiem || end_meridiem;
          j = k;
        }
      }
    }
    times.push_back({static_cast<int16_t>(minute), meridiem, i});
    i = j;
    return true;
  }

  std::optional<int64_t> Amount(size_t k) const {
    if (k >= t_.size() || t_[k].kind != TokenKind::kNumber) return std::nullopt;
    return ParseAmountCents(t_[k].form);
  }

  bool Money(size_t& i, std::vector<Fact>& facts) const {
    const WordRole* before = Role(i);
    const WordRole* after = Role(i + 1);
    std::optional<int64_t> cents;
    uint8_t currency = 0;
    if (before && before->currency && (cents = Amount(i + 1))) {
      currency = before->currency;
    } else if (after && after->currency && (cents = Amount(i))) {
      currency = after->currency;
    } else {
      return false;
    }
    Fact f;
    f.kind = FactKind::kMoney;
    f.unit = currency;
    // "44 euro al mese", "£59 per month", "5 euro per ogni giorno di ritardo": a rate, compared
    // with rates only ("a refund of 29,90 euro" says nothing of a penalty of 5 euro a day).
    for (size_t k = i + 2; k < i + 5 && Is(k, &WordRole::per); ++k) {
      if (const WordRole* unit = Role(k + 1); unit && unit->unit != kNoUnit) f.unit |= kFactRate;
    }
    // "il canone mensile è di 34,90 €", "4 rate mensili da 120 euro", "a monthly fee of $30",
    // "il canone annuale 2026/27: 1.180 euro" (six words back, four ahead). A month named between
    // the word and the amount says one period's amount: "il rimborso del canone mensile di marzo
    // è di 50 euro" is a single refund.
    bool one_period = false;
    for (size_t k = i; k-- > (i > 6 ? i - 6 : 0) && !one_period;) {
      const WordRole* r = Role(k);
      one_period = r && r->month;
      if (r && r->periodic) f.unit |= kFactRate;
    }
    for (size_t k = i; k < i + 4 && k < t_.size(); ++k) {
      if (Is(k, &WordRole::periodic)) f.unit |= kFactRate;
    }
    f.low = f.high = *cents;
    f.sentence = static_cast<uint16_t>(i);  // the token, until the subject is found
    facts.push_back(f);
    i += 2;
    return true;
  }

  // "nessun costo", "no fee", "gratuito": an amount of nothing, in no currency (compared with any).
  bool Free(size_t& i, std::vector<Fact>& facts) const {
    // "non è gratuito", "isn't free of charge": a cost, not its absence.
    auto negator = [&](size_t back) {
      if (i < back) return false;
      const std::string_view f = Form(i - back);
      return f == "non" || f == "not" || f.ends_with("n't");
    };
    if (negator(1) || negator(2)) return false;
    auto add = [&](size_t length) {
      Fact f;
      f.kind = FactKind::kMoney;
      f.sentence = static_cast<uint16_t>(i);
      facts.push_back(f);
      i += length;
      return true;
    };
    for (const auto& words : w_.free) {
      if (Phrase(i, words)) return add(words.size());
    }
    // "no cancellation fee", "nessuna penale di recesso", "senza alcun costo di attivazione":
    // a word of none, then a fee within three words, no number or mark between.
    if (!Is(i, &WordRole::none)) return false;
    for (size_t k = i + 1; k < i + 4 && k < t_.size() && t_[k].kind == TokenKind::kWord; ++k) {
      if (Is(k, &WordRole::fee)) return add(k + 1 - i);
    }
    return false;
  }

  // "48 ore", "5 giorni lavorativi", "5-7 giorni", "da 5 a 7 giorni", "two business days".
  bool Duration(size_t& i, std::vector<Fact>& facts) const {
    const auto low = Int(i, true);
    if (!low) return false;
    // "a day next week", "twice a day": an article is a number only in "within a day", "entro
    // un'ora".
    if (Is(i, &WordRole::article) && (i == 0 || !Is(i - 1, &WordRole::lead))) return false;
    size_t j = i + 1;
    int high = *low;
    if (Is(j, &WordRole::range) && Int(j + 1, true)) {
      high = *Int(j + 1, true);
      j += 2;
    } else if (Int(j, false) && t_[i].kind == TokenKind::kNumber) {
      high = *Int(j, false);  // "5-7": the hyphen is no token
      ++j;
    }
    bool business = Is(j, &WordRole::business);
    j += business ? 1 : 0;
    const WordRole* unit = Role(j);
    if (!unit || unit->unit == kNoUnit || high < *low || high > 10000) return false;
    ++j;
    if (Is(j, &WordRole::business)) {
      business = true;
      ++j;
    }
    // "30 minuti prima", "an hour before", "5 days after we receive the return": an offset from
    // something else, not a time from now; kept as such, compared only with other offsets.
    const bool offset = Offset(j);
    Fact f;
    f.kind = FactKind::kDuration;
    f.unit = static_cast<uint8_t>((business ? kFactBusiness : 0) |
                                  (kUnitMinutes[unit->unit] == 60 ? kFactInHours : 0) |
                                  (offset ? kFactOffset : 0));
    f.low = *low * kUnitMinutes[unit->unit];
    f.high = high * kUnitMinutes[unit->unit];
    f.sentence = static_cast<uint16_t>(i);
    facts.push_back(f);
    i = j;
    return true;
  }

  const std::vector<Token>& t_;
  const LanguageWords& w_;
};

}  // namespace

FactExtractor::FactExtractor(std::unique_ptr<Words> words) : words_(std::move(words)) {}
FactExtractor::~FactExtractor() = default;

Result<std::shared_ptr<const FactExtractor>> FactExtractor::Parse(std::string_view italian,
                                                                  std::string_view english) {
  auto words = std::make_unique<Words>();
  Stemmer stemmer;
  Status s = ParseWords(italian, TextLanguage::kItalian, "data/facts/it.tsv", *words, stemmer);
  if (s.ok()) s = ParseWords(english, TextLanguage::kEnglish, "data/facts/en.tsv", *words, stemmer);
  if (!s.ok()) return s;
  return std::shared_ptr<const FactExtractor>(new FactExtractor(std::move(words)));
}

std::shared_ptr<const FactExtractor> FactExtractor::BuiltIn() {
  static const std::shared_ptr<const FactExtractor> kBuiltIn = [] {
    auto parsed = Parse(kItalianFactWords, kEnglishFactWords);
    if (!parsed.ok()) std::abort();  // the built-in words are tested: cannot happen
    return *parsed;
  }();
  return kBuiltIn;
}

const std::vector<std::string>& FactSubjects() {
  return FactExtractor::BuiltIn()->words_->subjects;
}

std::string_view FactSubjectName(uint16_t subject) {
  const auto& subjects = FactSubjects();
  return subject < subjects.size() ? std::string_view(subjects[subject]) : "";
}

std::pair<uint16_t, size_t> NamedSubjects::Near(size_t at) const {
  const auto right = std::lower_bound(at_.begin(), at_.end(), at);
  std::pair<uint16_t, size_t> best{0, SIZE_MAX};
  if (right != at_.begin()) best = {subject_[right - at_.begin() - 1], at - *(right - 1)};
  if (right != at_.end() && *right - at < best.second) {
    best = {subject_[right - at_.begin()], *right - at};
  }
  return best;
}

std::pair<uint16_t, size_t> NamedSubjects::NearInClause(
    size_t at, const std::vector<std::string_view>& stems) const {
  const auto right = std::lower_bound(at_.begin(), at_.end(), at);
  std::pair<uint16_t, size_t> best{0, SIZE_MAX};
  if (right != at_.begin() && !ClauseBreak(stems, *(right - 1), at)) {
    best = {subject_[right - at_.begin() - 1], at - *(right - 1)};
  }
  if (right != at_.end() && *right - at < best.second && !ClauseBreak(stems, at, *right)) {
    best = {subject_[right - at_.begin()], *right - at};
  }
  return best;
}

NamedSubjects FactExtractor::Named(const std::vector<std::string_view>& stems,
                                   TextLanguage language) const {
  const auto& subjects = words_->Of(language).subject_stems;
  NamedSubjects named;
  for (size_t k = 0; k < stems.size(); ++k) {
    auto it = subjects.find(std::string(stems[k]));
    if (it == subjects.end()) continue;
    named.at_.push_back(k);
    named.subject_.push_back(it->second);
  }
  return named;
}

std::pair<uint16_t, size_t> FactExtractor::SubjectNear(const std::vector<std::string_view>& stems,
                                                       size_t at, TextLanguage language) const {
  return Named(stems, language).Near(at);
}

uint16_t FactExtractor::SubjectsOf(const std::vector<std::string_view>& stems,
                                   TextLanguage language) const {
  const auto& subjects = words_->Of(language).subject_stems;
  uint16_t mask = 0;
  for (std::string_view stem : stems) {
    auto it = subjects.find(std::string(stem));
    if (it != subjects.end() && it->second < 16) mask |= static_cast<uint16_t>(1u << it->second);
  }
  uint16_t generic = 0;
  for (uint16_t g : words_->generic) generic |= static_cast<uint16_t>(g < 16 ? 1u << g : 0);
  return (mask & ~generic) ? static_cast<uint16_t>(mask & ~generic) : mask;
}

namespace {

// Whether "and"/"e"/"but"/"ma" between tokens `from` and `to` (both excluded) opens a clause of a
// new subject ("and I'll text you", "and that I'll text her", "e le faccio sapere", "e ti
// scriviamo"), rather than going on with the same one ("I'll chase them today and update you").
bool JoinsNewClause(const std::vector<std::string_view>& stems, size_t from, size_t to) {
  static constexpr std::string_view kJoins[] = {"and", "but", "e", "ed", "ma"};
  // Stems: a subject, or an object pronoun that opens an Italian clause ("e le mando").
  static constexpr std::string_view kNewSubjects[] = {
      "i",   "i'll", "i'd",  "i'v",   "i've",   "we",      "we'll",  "we'd",   "we'v",  "we've",
      "he",  "she",  "they", "he'll", "she'll", "they'll", "you'll", "io",     "noi",   "le",
      "gli", "ti",   "vi",   "la",    "lo",     "ci",      "gliel",  "glielo", "gliela"};
  for (size_t k = from + 1; k < to && k < stems.size(); ++k) {
    if (std::find(std::begin(kJoins), std::end(kJoins), stems[k]) == std::end(kJoins)) continue;
    size_t next = k + 1;
    if (next < stems.size() && (stems[next] == "that" || stems[next] == "che")) ++next;
    if (next < stems.size() && std::find(std::begin(kNewSubjects), std::end(kNewSubjects),
                                         stems[next]) != std::end(kNewSubjects)) {
      return true;
    }
  }
  return false;
}

}  // namespace

void FactExtractor::Extract(const Sentence& sentence, const std::vector<std::string_view>& stems,
                            TextLanguage language, uint16_t index, std::vector<Fact>& out,
                            const std::vector<std::string_view>* previous) const {
  ExtractValues(sentence, stems, language, index, out, previous);
  Polar(sentence, stems, language, index, out);
}

namespace {

uint64_t StemKey(std::string_view stem) {  // 16 bits, never 0 (0 is an empty slot)
  uint32_t h = 2166136261u;
  for (char c : stem) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
  const uint64_t key = (h ^ (h >> 16)) & 0xffffu;
  return key ? key : 1;
}

// Puts a stem's key in the first empty one of four 16-bit slots, once.
void PutKey(uint64_t& slots, uint64_t key) {
  for (int i = 0; i < 4; ++i) {
    const uint64_t at = (slots >> (16 * i)) & 0xffffu;
    if (at == key) return;
    if (at == 0) {
      slots |= key << (16 * i);
      return;
    }
  }
}

}  // namespace

// A yes ("Sì, rientrano anche loro nella detrazione", "told her yes, a loaner will be available",
// "sì certo, si possono cambiare") or a no ("non rientrano nella detrazione", "we do not provide
// loaner vehicles") said in words, with the content stems it is about: a yes is a yes word
// before a clause mark or another yes word, about what follows it; a no is a negation, about its
// clause from there on (its scope) and the rest of its sentence. Read only in a sentence holding
// one of those words.
void FactExtractor::Polar(const Sentence& sentence, const std::vector<std::string_view>& stems,
                          TextLanguage language, uint16_t index, std::vector<Fact>& out) const {
  const LanguageWords& w = words_->Of(language);
  const auto& t = sentence.tokens;
  auto role = [&](size_t k) -> const WordRole* {
    if (k >= t.size() || t[k].kind != TokenKind::kWord) return nullptr;
    auto it = w.roles.find(t[k].form);
    return it == w.roles.end() ? nullptr : &it->second;
  };
  size_t yes_at = SIZE_MAX;
  bool negated = false;
  for (size_t k = 0; k < t.size() && k < stems.size(); ++k) {
    const WordRole* r = role(k);
    if (!r || t[k].quoted) continue;
    if (r->negation && !ClauseBreak(stems, k + 1, k + 2) && k + 1 < t.size()) negated = true;
    if (r->yes && yes_at == SIZE_MAX && k + 1 < t.size()) {
      const WordRole* next = role(k + 1);
      // "Sì, …", "told her yes, a loaner…", "sì certo", or opening the sentence or a clause ("Yes –
      // with three children you qualify": a dash may not be kept as a token).
      if (ClauseBreak(stems, k + 1, k + 2) || t[k + 1].form == "!" || (next && next->yes) ||
          k == 0 || ClauseBreak(stems, k - 1, k)) {
        yes_at = k;
      }
    }
  }
  if (yes_at == SIZE_MAX && !negated) return;
  auto content = [&](size_t k) {
    const WordRole* r = role(k);
    return k < stems.size() && t[k].kind == TokenKind::kWord && !t[k].quoted &&
           stems[k].size() >= 3 && !(r && (r->yes || r->negation)) &&
           !w.plain_stems.contains(stems[k]);
  };
  // One no per negation (at most 3 a sentence): "non avendo la funzione certificata, non
  // rientrano nella detrazione" says no to two things.
  // At most 8 negations are weighed and each key set stops when full: a long sentence of
  // negations stays linear (text_fuzz timed out on a quadratic scan).
  const auto full = [](uint64_t slots) { return (slots >> 48) != 0; };
  // A no (unit 0) or a yes (unit 1) said at `token` of this sentence.
  const auto polar = [index](uint8_t unit, size_t token) {
    Fact f;
    f.kind = FactKind::kPolar;
    f.unit = unit;
    f.sentence = index;
    f.token = static_cast<uint16_t>(token);
    return f;
  };
  for (size_t n = 0, said = 0, tried = 0;
       negated && n < t.size() && n < stems.size() && said < 3 && tried < 8; ++n) {
    const WordRole* neg = role(n);
    if (!neg || !neg->negation || t[n].quoted || n + 1 >= t.size() ||
        ClauseBreak(stems, n + 1, n + 2)) {
      continue;
    }
    ++tried;
    Fact f = polar(0, n);
    // The scope: from the negation to the end of its clause; the rest: the stems nearest before
    // it ("il sabato non consegniamo"), then those after its clause.
    uint64_t lo = 0, hi = 0;
    size_t end = n + 1;
    for (; end < t.size() && end < stems.size() && !ClauseBreak(stems, end, end + 1); ++end) {
      if (content(end)) PutKey(lo, StemKey(stems[end]));
    }
    for (size_t k = n; k-- > 0 && !full(hi);) {
      if (content(k)) PutKey(hi, StemKey(stems[k]));
    }
    for (size_t k = end; k < t.size() && k < stems.size() && !full(hi); ++k) {
      if (content(k)) PutKey(hi, StemKey(stems[k]));
    }
    f.low = static_cast<int64_t>(lo);
    f.high = static_cast<int64_t>(hi);
    if (f.low) {
      out.push_back(f);
      ++said;
    }
  }
  if (yes_at != SIZE_MAX) {
    Fact f = polar(1, yes_at);
    uint64_t lo = 0, hi = 0;
    // Up to 16 stems, in two facts of the same sentence and token (trust_rules reads them as one).
    for (size_t k = yes_at + 1; k < t.size() && k < stems.size(); ++k) {
      if (!content(k)) continue;
      const uint64_t key = StemKey(stems[k]);
      if ((lo >> 48) == 0) {
        PutKey(lo, key);
      } else if ((hi >> 48) == 0) {
        PutKey(hi, key);
      } else {
        f.low = static_cast<int64_t>(lo);
        f.high = static_cast<int64_t>(hi);
        out.push_back(f);
        lo = key;
        hi = 0;
      }
    }
    f.low = static_cast<int64_t>(lo);
    f.high = static_cast<int64_t>(hi);
    if (f.low) out.push_back(f);
  }
}

void FactExtractor::ExtractValues(const Sentence& sentence,
                                  const std::vector<std::string_view>& stems, TextLanguage language,
                                  uint16_t index, std::vector<Fact>& out,
                                  const std::vector<std::string_view>* previous) const {
  std::vector<std::pair<When, size_t>> days;
  std::vector<SaidTime> times;
  const size_t first = out.size();
  const SentenceReader reader(sentence, words_->Of(language));
  reader.Read(out, days, times);
  // A time of day belongs to the day said nearest before it ("domani alle 10"; in "passa
  // mercoledì 20 maggio e lunedì entro le 12 la chiama" noon is Monday's), else to the day right
  // after it ("alle 10 di domani"), else stands alone; a day takes one time, the first.
  // A time right before a day is that day's ("by 5pm today", "alle 10 di domani"), whatever day
  // was said before it: in "a collection for tomorrow (Thu 4 June) and I'll email you the number
  // by 5pm today" the 5pm is today's.
  std::vector<size_t> claimed(times.size(), SIZE_MAX);
  for (size_t t = 0; t < times.size(); ++t) {
    for (size_t d = 0; d < days.size(); ++d) {
      if (days[d].second > times[t].at && days[d].second - times[t].at <= 3 &&
          !ClauseBreak(stems, times[t].at, days[d].second)) {
        claimed[t] = d;
        break;
      }
    }
  }
  // A day said as what something is for ("un seggiolino libero per sabato", "for tomorrow") does
  // not hold a time past "and"/"e" and a new subject: in "c'è un seggiolino per sabato e le faccio
  // sapere entro le 16" the 16 is today's. In "ti rispedisco oggi stesso il flacone, e ti giro il
  // tracking entro le 17" the 17 is still today's, and in "I'll check the logs tomorrow and email
  // you by 12pm" the subject goes on, and so does the day.
  constexpr size_t kMaxDetachedReach = 16;  // words from the day to its time: a clause or two
  auto detached = [&](size_t d, size_t at) {
    const size_t day = days[d].second;
    return day > 0 && day < stems.size() && at - day <= kMaxDetachedReach &&
           (stems[day - 1] == "per" || stems[day - 1] == "for") && JoinsNewClause(stems, day, at);
  };
  std::vector<bool> owned(times.size(), false);
  for (size_t d = 0; d < days.size(); ++d) {
    Fact f;
    f.kind = FactKind::kWhen;
    f.when = days[d].first;
    const SaidTime* own = nullptr;  // the first time between this day and the next
    for (size_t t = 0; t < times.size(); ++t) {
      const SaidTime& time = times[t];
      if (claimed[t] != SIZE_MAX) {
        if (claimed[t] != d) continue;
        own = &time;
        break;
      }
      // A time before the first day is that day's only right before it ("alle 10 di domani"); in
      // "squadra sul posto entro le 11 e la richiamerà in giornata" the day has no hour.
      if (((time.at > days[d].second && !detached(d, time.at)) ||
           (d == 0 && days[0].second - time.at <= 4)) &&
          (d + 1 == days.size() || time.at < days[d + 1].second)) {
        own = &time;
        break;
      }
    }
    if (own) owned[static_cast<size_t>(own - times.data())] = true;
    // An hour in a later clause that names a subject of its own before it is that subject's: in
    // "la richiamo domani, e il tecnico passa entro le 11" tomorrow has no hour (the call is due
    // by tomorrow's close); in "ti rispedisco oggi il flacone, e ti giro il tracking entro le 17"
    // the 17 is today's.
    if (own && own->at > days[d].second && ClauseBreak(stems, days[d].second, own->at)) {
      size_t clause = own->at;
      while (clause > days[d].second && !ClauseBreak(stems, clause - 1, clause)) --clause;
      const auto& subjects = words_->Of(language).subject_stems;
      for (size_t k = clause; own && k < own->at; ++k) {
        if (subjects.count(std::string(stems[k]))) own = nullptr;
      }
    }
    // A morning said later in the day's clause, no hour said: "lunedì 25 la chiamo in mattinata",
    // "I'll call you on Monday in the morning" are that day's morning, like "lunedì mattina".
    if (!own && f.when.minute < 0) {
      const size_t until = d + 1 < days.size() ? days[d + 1].second : sentence.tokens.size();
      const auto& roles = words_->Of(language).roles;
      auto role_of = [&](size_t k) {
        const auto role = roles.find(sentence.tokens[k].form);
        return role == roles.end() ? nullptr : &role->second;
      };
      for (size_t k = days[d].second + 1; k < until && !ClauseBreak(stems, k - 1, k); ++k) {
        // "in mattinata", "in the morning", "della mattina"; not "a morning, as you asked"
        const WordRole* role = role_of(k);
        const WordRole* before = role_of(k - 1);
        const std::string_view prev = sentence.tokens[k - 1].form;
        if (role && role->morning &&
            ((before && before->link) || prev == "in" || prev == "nella")) {
          f.when.minute = kMorningDeadline;
          f.when.morning = true;
          break;
        }
      }
    }
    if (own) {
      f.when.minute = own->minute;
      f.when.meridiem = own->meridiem;
      f.when.morning = false;  // "lunedì mattina alle 10": the hour said
    }
    f.sentence = static_cast<uint16_t>(days[d].second);
    // An hour said in a later clause than its day stands where it is said ("ti rispedisco oggi
    // stesso il flacone, e ti giro il tracking entro le 17": the clause of the 17 is the send's).
    // So does one past "and" and a new subject ("to get someone out today and I'll ring you back
    // before 1 o'clock": the 13:00 is the call's, today's).
    if (own && own->at > days[d].second &&
        (ClauseBreak(stems, days[d].second, own->at) ||
         (own->at - days[d].second <= kMaxDetachedReach &&
          JoinsNewClause(stems, days[d].second, own->at)))) {
      f.sentence = static_cast<uint16_t>(own->at);
    }
    out.push_back(f);
  }
  for (size_t t = 0; t < times.size(); ++t) {
    const SaidTime& time = times[t];
    // With days said, a time no day holds stands alone only when the day before it does not
    // hold it ("per sabato e le faccio sapere entro le 16").
    if (!days.empty()) {
      const auto after = std::find_if(days.rbegin(), days.rend(),
                                      [&](const auto& day) { return day.second < time.at; });
      if (owned[t] || after == days.rend() ||
          !detached(static_cast<size_t>(days.rend() - after - 1), time.at)) {
        continue;
      }
    }
    {
      Fact f;
      f.kind = FactKind::kWhen;
      f.when.minute = time.minute;
      f.when.meridiem = time.meridiem;
      f.sentence = static_cast<uint16_t>(time.at);
      out.push_back(f);
    }
  }
  if (first == out.size()) return;
  const uint16_t named = SubjectsOf(stems, language);
  const NamedSubjects where = Named(stems, language);
  uint16_t generic = 0;
  for (uint16_t g : words_->generic) generic |= static_cast<uint16_t>(g < 16 ? 1u << g : 0);
  // "I've put through a separate refund of €2.58 as well" adds to the refund said before: its
  // amount answers no subject (read only in the rare sentence that states an amount).
  const bool added = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                 [](const Fact& f) { return f.kind == FactKind::kMoney; }) &&
                     reader.Holds(words_->Of(language).addition);
  // The subjects each clause names (clauses split by , ; : and dashes), read once per sentence.
  std::vector<uint16_t> clause_of;  // per token: its clause
  std::vector<uint16_t> clause_subjects;
  auto clause = [&](size_t at) -> uint16_t {
    if (clause_of.empty()) {
      clause_of.resize(stems.size());
      clause_subjects.assign(1, 0);
      for (size_t t = 0; t < stems.size(); ++t) {
        if (ClauseBreak(stems, t, t + 1)) clause_subjects.push_back(0);
        clause_of[t] = static_cast<uint16_t>(clause_subjects.size() - 1);
      }
      for (size_t n = 0; n < where.at_.size(); ++n) {
        if (where.subject_[n] < 16 && where.at_[n] < stems.size()) {
          clause_subjects[clause_of[where.at_[n]]] |=
              static_cast<uint16_t>(1u << where.subject_[n]);
        }
      }
    }
    return at < clause_of.size() ? clause_subjects[clause_of[at]] : 0;
  };
  // A visit named by a word of its own (the technician, the appointment, the repair); one named
  // only by what is fitted ("the replacement hinge reaches our warehouse on Tuesday") gives the day
  // of that thing, compared only with such days.
  bool visit_named = false;
  for (size_t n = 0; n < where.at_.size() && !visit_named; ++n) {
    const uint16_t s = where.subject_[n];
    visit_named = s < 16 && (words_->visit & (1u << s)) &&
                  !words_->Of(language).not_visit_stems.contains(std::string(stems[where.at_[n]]));
  }
  const bool fitted_only = !visit_named && (named & words_->visit);
  // An amount in a sentence that names no subject speaks to those of the sentence before when that
  // one named them with no amount ("chiede il prezzo della piattaforma. Comunicato: 160 euro al
  // giorno"; not "I can credit you the difference at $12 a day. That brings the roaming down to
  // $36": the credit had its amount). Only amounts: a day or a duration said next is as often
  // another step's. Read only when such an amount is there.
  uint16_t carried = 0;
  if (!named && previous && !added && index > 0 &&
      std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                  [](const Fact& f) { return f.kind == FactKind::kMoney; })) {
    bool answered = false;  // the sentence before stated an amount of its own
    for (size_t j = first; j > 0 && out[j - 1].sentence + 1 >= index && !answered; --j) {
      answered = out[j - 1].sentence + 1 == index && out[j - 1].kind == FactKind::kMoney;
    }
    if (!answered) carried = SubjectsOf(*previous, language);
  }
  for (size_t k = first; k < out.size(); ++k) {
    out[k].token = out[k].sentence;
    out[k].subject = where.Near(out[k].token).first;
    out[k].subjects = named;
    if (out[k].kind == FactKind::kWhen && visit_named) out[k].subjects |= words_->visit;
    if (out[k].kind == FactKind::kWhen && fitted_only) out[k].unit |= kFactNotVisit;
    // An amount whose own clause names only a subject the sentence's more specific ones hid
    // ("il supplemento è di 50 euro, da pagare al ritiro"; "è prevista una penale di 50 euro,
    // addebitata sulla carta della prenotazione") also speaks to that subject.
    if (out[k].kind == FactKind::kMoney) {
      const uint16_t own = clause(out[k].token);
      if (own && !(own & named)) out[k].subjects |= own;
    }
    // An amount of nothing is compared only on a subject of its own ("nessun costo di cambio" next
    // to a plan's price of 39,90 euro is not that price said again).
    if (out[k].kind == FactKind::kMoney && out[k].unit == 0 && !(out[k].subjects & ~generic)) {
      out[k].subjects = 0;
    }
    if (carried && out[k].kind == FactKind::kMoney) {
      out[k].subjects = carried;
      out[k].subject = static_cast<uint16_t>(std::countr_zero(carried));
    }
    out[k].sentence = index;
    if (added && out[k].kind == FactKind::kMoney) out[k].subject = out[k].subjects = 0;
  }
}

bool ClauseBreak(const std::vector<std::string_view>& stems, size_t from, size_t to) {
  for (size_t k = from; k < to && k < stems.size(); ++k) {
    const std::string_view w = stems[k];
    if (w == "," || w == ";" || w == ":" || w == "-" || w == "\u2014" || w == "\u2013") return true;
  }
  return false;
}

namespace {

bool PeriodBound(const std::vector<std::string_view>& stems, size_t at) {
  auto is = [&](size_t back, std::initializer_list<std::string_view> words) {
    return at >= back && at - back < stems.size() &&
           std::find(words.begin(), words.end(), stems[at - back]) != words.end();
  };
  // Compared as stems: "fino" is "fin", "valido" and "valida" are "valid", "since" is "sinc".
  if (is(1, {"dal", "dall'", "from", "sinc", "until", "till", "valid"})) {
    return true;
  }
  // "al" / "to" closing a period opened by "dal" / "from" a few words before.
  if (!is(1, {"al", "all'", "to"})) return false;
  if (is(2, {"fin"}) && !is(1, {"to"})) return true;
  for (size_t back = 2; back <= 8 && back <= at; ++back) {
    if (is(back, {"dal", "dall'", "from"})) return true;
  }
  return false;
}

}  // namespace

namespace {

// Whether a time said before a promise belongs to a clause of its own that "and"/"e" and a new
// subject join to the promise's: in "Mike will be there between 1 and 2 today and I'll text you
// when he leaves", "è pronta in 7 giorni lavorativi e ti scriviamo per il ritiro" the time is the
// other clause's. A time that opens its clause ("domani verifico e la richiamo", "by Friday I'll
// check and I'll call you back") is both verbs'.
// `new_clause`: where the last such join before the promise is (LastNewClause), read once per
// sentence so that a long sentence costs its length.
size_t LastNewClause(const std::vector<std::string_view>& stems, size_t promise) {
  for (size_t k = std::min(promise, stems.size()); k-- > 1;) {
    if (JoinsNewClause(stems, k - 1, k + 1)) return k;  // the join at k alone
  }
  return SIZE_MAX;
}

bool JoinedBefore(const std::vector<std::string_view>& stems, size_t time, size_t new_clause) {
  if (new_clause == SIZE_MAX || new_clause <= time) return false;
  size_t before = 0;  // words of its clause before the time: a lead ("entro", "by") at most
  for (size_t k = time; k > 0 && !ClauseBreak(stems, k - 1, k) && before < 2; --k) ++before;
  return before >= 2;
}

}  // namespace

void MarkSentenceCues(const FactExtractor& extractor, const std::vector<std::string_view>& stems,
                      TextLanguage language, const SentenceCues& cues, uint16_t index,
                      std::vector<Fact>& facts, size_t first_of_sentence) {
  std::optional<NamedSubjects> named;  // read once per sentence, when a cue needs it
  auto near = [&](size_t at) {
    if (!named) named = extractor.Named(stems, language);
    return named->Near(at);
  };
  // A subject named after a time claims it only within the time's clause: in "la richiamo entro
  // stasera, con la risposta sullo sconto" the evening is the call's, the discount what it brings.
  auto claimed_by_subject = [&](size_t at) {
    if (!named) named = extractor.Named(stems, language);
    return named->NearInClause(at, stems).second;
  };
  if (cues.cues & kCuePromise) {
    size_t nearest = SIZE_MAX;
    const size_t new_clause = LastNewClause(stems, cues.promise_at);
    for (size_t k = first_of_sentence; k < facts.size(); ++k) {
      Fact& f = facts[k];
      if (f.kind != FactKind::kWhen && f.kind != FactKind::kDuration) continue;
      if (f.kind == FactKind::kDuration && (f.unit & kFactOffset)) continue;  // no time from now
      // A length ("il digiuno da 8 ore", "for 2 hours", "per 10 minuti") is how long something
      // lasts, not when the contact is due ("entro 8 ore", "within 2 hours").
      if (f.kind == FactKind::kDuration && f.token > 0 &&
          static_cast<size_t>(f.token - 1) < stems.size() &&
          (stems[f.token - 1] == "da" || stems[f.token - 1] == "for" ||
           stems[f.token - 1] == "per")) {
        f.promise = false;
        continue;
      }
      // A bound of a period ("il noleggio dal 18/05 al 29/05", "from 18 May to 29 May", "valid
      // until Friday") is when something else runs, not when the contact is due.
      if (PeriodBound(stems, f.token)) {
        f.promise = false;
        continue;
      }
      const size_t to_promise = f.token > cues.promise_end  ? f.token - cues.promise_end
                                : f.token < cues.promise_at ? cues.promise_at - f.token
                                                            : 0;
      // Strictly nearer: in "la consegna è domani, la richiamo giovedì" tomorrow is the delivery's.
      // A time before the promise is its own only within its clause: in "they decide within 7
      // days, and I'll message you" the days are the decision's.
      const size_t to_subject = claimed_by_subject(f.token);
      // A subject right after a promise (its object, an article between at most), with its time
      // in the same clause, is what the promise brings: in "I'm going to send you the discount
      // code within the hour" the hour is the sending's; in "le comunichiamo che la sostituzione
      // è programmata per martedì" the subject has a clause of its own.
      // So is what the contact comes "with" ("I'll message you here with the exact amount by 3
      // pm", "la richiamiamo entro le 16 con la data del tecnico"): a time after the promise in
      // its clause is the contact's.
      auto with_object = [&](size_t subject) {  // "with"/"con" up to 4 words before it
        if (subject >= stems.size() || subject <= cues.promise_end) return false;
        for (size_t w = std::max(subject, size_t{4}) - 4; w < subject; ++w) {
          if (w > cues.promise_end && (stems[w] == "with" || stems[w] == "con")) return true;
        }
        return false;
      };
      const bool with_subject =
          to_subject != SIZE_MAX && (with_object(f.token + to_subject) ||
                                     (to_subject <= f.token && with_object(f.token - to_subject)));
      const bool brought = f.token > cues.promise_end &&
                           !ClauseBreak(stems, cues.promise_end, f.token) &&
                           ((to_subject <= f.token && f.token - to_subject > cues.promise_end &&
                             f.token - to_subject <= cues.promise_end + 2) ||
                            with_subject);
      f.promise = (brought || to_promise < to_subject) &&
                  !(f.token < cues.promise_at && ClauseBreak(stems, f.token, cues.promise_at)) &&
                  !(f.token < cues.promise_at && JoinedBefore(stems, f.token, new_clause));
      if (f.promise) nearest = std::min(nearest, to_promise);
    }
    // One promise has one time, the one said nearest to it: in "domani il letturista ripassa e la
    // ricontatteremo entro venerdì" tomorrow is the meter reader's.
    for (size_t k = first_of_sentence; k < facts.size(); ++k) {
      Fact& f = facts[k];
      if (!f.promise) continue;
      const size_t to_promise = f.token > cues.promise_end  ? f.token - cues.promise_end
                                : f.token < cues.promise_at ? cues.promise_at - f.token
                                                            : 0;
      f.promise = to_promise == nearest;
    }
  }
  const bool yes = (cues.cues & kCueApproved) != 0;
  // A request placed outside the terms ("not eligible for a refund") is a no to it.
  const bool no = (cues.cues & (kCueRefused | kCueRefusal | kCuePolicy)) != 0;
  if (yes == no) return;  // neither, or both: no clear decision
  Fact f;
  f.kind = FactKind::kDecision;
  // A decision is on the thing it names ("we can waive that fee"), not on the whole sentence.
  // A decision is on the thing named nearest to it ("we can waive that fee") and on what its
  // sentence is about ("your refund of the joining fee has been approved").
  f.subject = near(cues.decision_at).first;
  f.subjects = extractor.SubjectsOf(stems, language);
  if (f.subject && f.subject < 16) f.subjects |= static_cast<uint16_t>(1u << f.subject);
  f.sentence = index;
  f.token = static_cast<uint16_t>(cues.decision_at);
  f.low = f.high = yes ? 1 : 0;
  facts.push_back(f);
}

}  // namespace fiducia

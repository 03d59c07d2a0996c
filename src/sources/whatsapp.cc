// WhatsApp chat exports. A chat is lines; a line that starts with a date and a time starts a record
// ("02/03/26, 09:14 - Mario: testo" on Android, "[02/03/26, 09:14:05] Mario: testo" on iPhone),
// the lines after it until the next such line continue it. Whether "02/03" is the 2nd of March or
// February the 3rd only the whole file can say, so a chat is read twice, streaming both times: a
// survey (the date order, who takes part, whether one of them is the company) and the reading.
#include "sources/whatsapp.h"

#include <archive.h>
#include <archive_entry.h>
#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "ingest/byte_source.h"
#include "model/handle.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

// --- Text --------------------------------------------------------------------------------------

constexpr std::string_view kLeftToRightMark = "\xE2\x80\x8E";
constexpr std::string_view kEnDash = "\xE2\x80\x93";

// A message longer than this is no customer's message; a hostile file's must not take the memory.
constexpr size_t kMaxMessageBytes = LineReader::kDefaultMaxLine;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

uint8_t ByteAt(std::string_view s, size_t i) { return static_cast<uint8_t>(s[i]); }

// Bytes of the blank at `i`: ASCII blanks, and U+00A0 and U+202F, which phones put between a
// time and its AM/PM; 0 when there is none.
size_t SpaceLength(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  if (std::string_view(" \t\r\n\f\v").find(s[i]) != std::string_view::npos) return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

// Bytes of the invisible mark at `i`: LRM and RLM, the bidi embeddings (U+202A-U+202E) and
// isolates (U+2066-U+2069) that phones put around names and notices, and the BOM; else 0.
size_t MarkLength(std::string_view s, size_t i) {
  if (i + 3 > s.size()) return 0;
  const uint8_t lead = ByteAt(s, i), middle = ByteAt(s, i + 1), last = ByteAt(s, i + 2);
  if (lead == 0xE2 && middle == 0x80) {
    return last == 0x8E || last == 0x8F || (last >= 0xAA && last <= 0xAE) ? 3 : 0;
  }
  if (lead == 0xE2 && middle == 0x81) return last >= 0xA6 && last <= 0xA9 ? 3 : 0;
  return lead == 0xEF && middle == 0xBB && last == 0xBF ? 3 : 0;
}

size_t MarksAt(std::string_view s, size_t i) {
  const size_t from = i;
  while (const size_t n = MarkLength(s, i)) i += n;
  return i - from;
}

// `s` without its invisible marks, appended to `out`: they are not part of what anyone wrote.
void AppendWithoutMarks(std::string& out, std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t mark = (s[i] == '\xE2' || s[i] == '\xEF') ? MarkLength(s, i) : 0;
    if (mark == 0) {
      ++i;
      continue;
    }
    out.append(s.substr(run, i - run));
    i += mark;
    run = i;
  }
  out.append(s.substr(run));
}

std::string_view TrimSpaces(std::string_view s) {
  size_t begin = 0;
  while (const size_t n = SpaceLength(s, begin)) begin += n;
  s.remove_prefix(begin);
  while (!s.empty()) {
    if (SpaceLength(s, s.size() - 1) == 1) {
      s.remove_suffix(1);
    } else if (s.ends_with("\xC2\xA0")) {
      s.remove_suffix(2);
    } else if (s.ends_with("\xE2\x80\xAF")) {
      s.remove_suffix(3);
    } else {
      break;
    }
  }
  return s;
}

// `out` = `raw` without marks and blanks around it (the buffer is reused: no allocation once
// it has grown).
void CleanInto(std::string& out, std::string_view raw) {
  out.clear();
  AppendWithoutMarks(out, raw);
  const std::string_view trimmed = TrimSpaces(out);
  const size_t begin = static_cast<size_t>(trimmed.data() - out.data());
  out.resize(begin + trimmed.size());
  out.erase(0, begin);
}

bool EndsWithIgnoringAsciiCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         EqualsIgnoringAsciiCase(s.substr(s.size() - suffix.size()), suffix);
}

template <size_t N>
bool StartsWithAny(std::string_view s, const std::array<std::string_view, N>& prefixes) {
  for (const std::string_view prefix : prefixes) {
    if (s.starts_with(prefix)) return true;
  }
  return false;
}

template <size_t N>
bool EndsWithAny(std::string_view s, const std::array<std::string_view, N>& suffixes) {
  for (const std::string_view suffix : suffixes) {
    if (s.ends_with(suffix)) return true;
  }
  return false;
}

// --- The timestamp that starts a record --------------------------------------------------------

enum class Terminator : uint8_t { kBracket, kDash, kColon, kSpace };
enum class Meridiem : uint8_t { kNone, kAm, kPm };

// A record's first line as written, before the file's date order says which number is the day.
struct Header {
  std::array<uint32_t, 3> fields{};  // the date's numbers in the order written
  uint8_t year_index = 2;            // which of them is the year
  bool short_year = false;           // two digits: 20YY
  char date_separator = '/';
  bool bracketed = false;  // "[date, time] …" (iPhone)
  bool comma = false;      // "date, time"
  uint32_t hour = 0;
  uint32_t minute = 0;
  uint32_t second = 0;
  Meridiem meridiem = Meridiem::kNone;
  Terminator terminator = Terminator::kDash;
  std::string_view body;  // after the timestamp: "Name: text", or a notice of WhatsApp's own
};

class Scanner {
 public:
  Scanner(std::string_view text, size_t pos) : text_(text), pos_(pos) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Advance() { ++pos_; }
  bool Eat(char c) {
    if (AtEnd() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool Eat(std::string_view token) {
    if (!Rest().starts_with(token)) return false;
    pos_ += token.size();
    return true;
  }
  size_t Spaces() {
    const size_t from = pos_;
    while (const size_t n = SpaceLength(text_, pos_)) pos_ += n;
    return pos_ - from;
  }
  // 1 to max_digits digits (nothing is eaten when there are none, or more).
  bool Number(size_t max_digits, uint32_t& value, size_t& digits) {
    size_t end = pos_;
    uint32_t read = 0;
    while (end < text_.size() && IsDigit(text_[end]) && end - pos_ <= max_digits) {
      read = read * 10 + static_cast<uint32_t>(text_[end] - '0');
      ++end;
    }
    digits = end - pos_;
    if (digits == 0 || digits > max_digits) return false;
    value = read;
    pos_ = end;
    return true;
  }
  std::string_view Rest() const { return AtEnd() ? std::string_view() : text_.substr(pos_); }

 private:
  std::string_view text_;
  size_t pos_;
};

// One four-digit year anywhere ("2019/01/30", "30/01/2019", even "01/2019/30"), else a
// two-digit year last.
bool PlaceYear(const std::array<size_t, 3>& digits, Header& header) {
  int year = -1;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] == 4) {
      if (year >= 0) return false;
      year = static_cast<int>(i);
    } else if (digits[i] > 2) {
      return false;
    }
  }
  header.short_year = year < 0;
  if (header.short_year && digits[2] != 2) return false;
  header.year_index = static_cast<uint8_t>(header.short_year ? 2 : year);
  return true;
}

// "02/03/26", "2019/01/30", "20.06.19", "03-06-2018", "13. 6. 2018.".
bool ParseDate(Scanner& scan, Header& header) {
  std::array<size_t, 3> digits{};
  if (!scan.Number(4, header.fields[0], digits[0])) return false;
  header.date_separator = scan.Peek();
  if (header.date_separator == '\0' ||
      std::string_view("/.-").find(header.date_separator) == std::string_view::npos) {
    return false;
  }
  for (size_t i = 1; i < 3; ++i) {
    if (!scan.Eat(header.date_separator)) return false;
    scan.Eat(' ');
    if (!scan.Number(4, header.fields[i], digits[i])) return false;
  }
  if (header.date_separator == '.') scan.Eat('.');
  return PlaceYear(digits, header);
}

// A few languages put a word between the date and the time ("klo" in Finnish).
void SkipClockWord(Scanner& scan) {
  constexpr size_t kLongestWord = 4;
  Scanner word = scan;
  size_t letters = 0;
  while (letters <= kLongestWord && IsAsciiLetter(word.Peek())) {
    word.Advance();
    ++letters;
  }
  if (letters > 0 && letters <= kLongestWord && word.Spaces() > 0) scan = word;
}

// ", 09:14", ", 09:14:05", " 21.25.15", " klo 21.25.15".
bool ParseClock(Scanner& scan, Header& header) {
  header.comma = scan.Eat(',');
  if (scan.Spaces() == 0) return false;
  SkipClockWord(scan);
  size_t digits = 0;
  if (!scan.Number(2, header.hour, digits)) return false;
  const char separator = scan.Peek();
  if ((separator != ':' && separator != '.') || !scan.Eat(separator)) return false;
  if (!scan.Number(2, header.minute, digits) || digits != 2) return false;
  Scanner seconds = scan;
  uint32_t second = 0;
  if (seconds.Eat(separator) && seconds.Number(2, second, digits) && digits == 2) {
    header.second = second;
    scan = seconds;
  }
  return true;
}

// "PM", "pm", "p.m.", "p. m." (that space may be U+00A0), after nothing, a space, U+00A0 or
// U+202F.
bool ParseMeridiem(Scanner& scan, Meridiem& meridiem) {
  Scanner marker = scan;
  marker.Spaces();
  const char letter = AsciiLower(marker.Peek());
  if (letter != 'a' && letter != 'p') return false;
  marker.Advance();
  marker.Eat('.');
  marker.Spaces();
  if (AsciiLower(marker.Peek()) != 'm') return false;
  marker.Advance();
  marker.Eat('.');
  meridiem = letter == 'a' ? Meridiem::kAm : Meridiem::kPm;
  scan = marker;
  return true;
}

bool EatBracket(Scanner& scan, Terminator& terminator) {
  Scanner end = scan;
  end.Spaces();
  if (!end.Eat(']')) return false;
  end.Spaces();
  scan = end;
  terminator = Terminator::kBracket;
  return true;
}

// " - " (Android; some languages write an en dash), ": " or a blank (a few languages).
bool EatSeparator(Scanner& scan, Terminator& terminator) {
  Scanner end = scan;
  if (end.Spaces() > 0 && (end.Eat('-') || end.Eat(kEnDash)) && (end.Spaces() > 0 || end.AtEnd())) {
    terminator = Terminator::kDash;
  } else if (end = scan; end.Eat(':') && (end.Spaces() > 0 || end.AtEnd())) {
    terminator = Terminator::kColon;
  } else if (end = scan; end.Spaces() > 0) {
    terminator = Terminator::kSpace;
  } else {
    return false;
  }
  scan = end;
  return true;
}

bool EatTerminator(Scanner& scan, bool bracketed, Terminator& terminator) {
  return bracketed ? EatBracket(scan, terminator) : EatSeparator(scan, terminator);
}

// "Name: text"; no sender for WhatsApp's own notices ("Mario created group", "X added Y").
struct Said {
  std::string_view sender;
  std::string_view text;
};

std::optional<Said> SplitSender(std::string_view body) {
  const size_t colon = body.find(": ");
  if (colon != std::string_view::npos) return Said{body.substr(0, colon), body.substr(colon + 2)};
  if (body.ends_with(':')) return Said{body.substr(0, body.size() - 1), {}};
  return std::nullopt;
}

// The timestamp a record starts with, as written; nullopt when the line does not start with one
// (it continues the record before it).
std::optional<Header> ParseHeader(std::string_view line) {
  Scanner scan(line, MarksAt(line, 0));
  Header header;
  header.bracketed = scan.Eat('[');
  if (!ParseDate(scan, header) || !ParseClock(scan, header)) return std::nullopt;
  const Scanner after_clock = scan;
  if (!ParseMeridiem(scan, header.meridiem) ||
      !EatTerminator(scan, header.bracketed, header.terminator)) {
    scan = after_clock;
    header.meridiem = Meridiem::kNone;
    if (!EatTerminator(scan, header.bracketed, header.terminator)) return std::nullopt;
  }
  header.body = scan.Rest();
  // "12/03/2026 10:00 presso la sede" in a message is text, not a header of the rarer layouts
  // that end the timestamp with a blank or a colon: those need "Name: " after them.
  const bool weak =
      header.terminator == Terminator::kColon || header.terminator == Terminator::kSpace;
  if (weak && !SplitSender(header.body)) return std::nullopt;
  return header;
}

// --- Dates -------------------------------------------------------------------------------------

// Headers of one layout (punctuation and where the year is) share a date order. Real exports have
// one layout, but files stitched from several phones are seen too.
constexpr size_t kLayouts = 4 * 3 * 3;

size_t LayoutOf(const Header& header) {
  const size_t separator = header.date_separator == '/' ? 0 : header.date_separator == '.' ? 1 : 2;
  return (static_cast<size_t>(header.terminator) * 3 + separator) * 3 + header.year_index;
}

// The two numbers that are not the year, in the order written.
std::pair<uint32_t, uint32_t> DayAndMonth(const Header& header) {
  switch (header.year_index) {
    case 0:
      return {header.fields[1], header.fields[2]};
    case 1:
      return {header.fields[0], header.fields[2]};
    default:
      return {header.fields[0], header.fields[1]};
  }
}

// Lines whose first number can only be a day, and lines whose second can only be.
struct DateOrderVotes {
  uint64_t day_first = 0;
  uint64_t month_first = 0;
};

void Vote(const Header& header, std::array<DateOrderVotes, kLayouts>& votes) {
  if (header.year_index == 0) return;  // year first is always year, month, day
  const auto [first, second] = DayAndMonth(header);
  DateOrderVotes& layout = votes[LayoutOf(header)];
  if (first > 12 && first <= 31 && second >= 1 && second <= 12) ++layout.day_first;
  if (second > 12 && second <= 31 && first >= 1 && first <= 12) ++layout.month_first;
}

// The majority decides, so that one mistyped line does not turn a whole file around.
bool DecideDayFirst(const DateOrderVotes& votes, bool default_day_first) {
  if (votes.day_first != votes.month_first) return votes.day_first > votes.month_first;
  return default_day_first;
}

// Phones in the United States write month first; everywhere else fiducia is used, day first.
bool DefaultDayFirst(std::string_view time_zone) {
  constexpr std::array<std::string_view, 9> kMonthFirstZones = {
      "America/New_York",    "America/Chicago", "America/Denver",
      "America/Los_Angeles", "America/Phoenix", "America/Anchorage",
      "America/Detroit",     "America/Boise",   "Pacific/Honolulu"};
  constexpr std::array<std::string_view, 4> kMonthFirstAreas = {
      "US/", "America/Indiana/", "America/Kentucky/", "America/North_Dakota/"};
  for (const std::string_view zone : kMonthFirstZones) {
    if (time_zone == zone) return false;
  }
  return !StartsWithAny(time_zone, kMonthFirstAreas);
}

struct CivilDate {
  uint32_t year = 0;
  uint32_t month = 0;
  uint32_t day = 0;
};

CivilDate DateOf(const Header& header, bool day_first) {
  const auto [first, second] = DayAndMonth(header);
  const bool day_comes_first = header.year_index != 0 && day_first;
  return {header.fields[header.year_index] + (header.short_year ? 2000 : 0),
          day_comes_first ? second : first, day_comes_first ? first : second};
}

std::string_view OrderName(const Header& header, bool day_first) {
  if (header.year_index == 0) return "dates here are year/month/day";
  return day_first ? "dates in this file are day/month" : "dates in this file are month/day";
}

Status BadTimestamp(std::string_view why) {
  return Status::InvalidInput(fmt::format("not a valid timestamp: {}", why));
}

Result<date::local_days> LocalDayOf(const Header& header, bool day_first) {
  constexpr uint32_t kFirstYear = 1970, kLastYear = 2999;
  const CivilDate d = DateOf(header, day_first);
  if (d.month < 1 || d.month > 12) {
    return BadTimestamp(
        fmt::format("there is no month {} ({})", d.month, OrderName(header, day_first)));
  }
  if (d.year < kFirstYear || d.year > kLastYear) {
    return BadTimestamp(fmt::format("year {} is out of range", d.year));
  }
  const date::year_month_day day{date::year(static_cast<int>(d.year)), date::month(d.month),
                                 date::day(d.day <= 31 ? d.day : 0)};
  if (!day.ok()) {
    return BadTimestamp(fmt::format("{}-{:02} has no day {} ({})", d.year, d.month, d.day,
                                    OrderName(header, day_first)));
  }
  return date::local_days(day);
}

// The hour on a 24-hour clock; nullopt when the header's cannot be one.
std::optional<uint32_t> Hour24(const Header& header) {
  if (header.meridiem == Meridiem::kNone) {
    return header.hour < 24 ? std::optional<uint32_t>(header.hour) : std::nullopt;
  }
  if (header.hour > 12) return std::nullopt;
  // 12 AM is midnight and 12 PM noon; some phones write midnight as 00 AM.
  const uint32_t hour = header.hour % 12;
  return header.meridiem == Meridiem::kPm ? hour + 12 : hour;
}

Result<date::local_seconds> LocalTimeOf(const Header& header, bool day_first) {
  auto day = LocalDayOf(header, day_first);
  if (!day.ok()) return day.status();
  const std::optional<uint32_t> hour = Hour24(header);
  if (!hour) {
    return BadTimestamp(
        fmt::format("there is no hour {}{}", header.hour,
                    header.meridiem == Meridiem::kNone ? "" : " on a 12-hour clock"));
  }
  if (header.minute > 59 || header.second > 59) {
    return BadTimestamp(fmt::format("{:02}:{:02}:{:02} is no time of day", header.hour,
                                    header.minute, header.second));
  }
  return date::local_seconds(*day) + std::chrono::hours(*hour) +
         std::chrono::minutes(header.minute) + std::chrono::seconds(header.second);
}

struct ZonedInstant {
  Instant at;
  int16_t offset_minutes = 0;
};

// A local time of `zone` on the time line; of the two instants an autumn hour has, the earlier.
ZonedInstant ToInstant(const date::time_zone& zone, date::local_seconds local) {
  const date::sys_seconds at = zone.to_sys(local, date::choose::earliest);
  const date::sys_info info = zone.get_info(at);
  return {
      std::chrono::time_point_cast<std::chrono::milliseconds>(at),
      static_cast<int16_t>(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count())};
}

// --- What a record says ------------------------------------------------------------------------

enum class RecordKind : uint8_t { kMessage, kDeleted, kNotice };

bool IsDeletedNotice(std::string_view text) {
  constexpr std::array<std::string_view, 4> kDeleted = {
      "Questo messaggio è stato eliminato", "Hai eliminato questo messaggio",
      "This message was deleted", "You deleted this message"};
  constexpr std::array<std::string_view, 2> kDeletedByAdmin = {
      "Questo messaggio è stato eliminato da ", "This message was deleted by "};
  if (text.ends_with('.')) text.remove_suffix(1);
  for (const std::string_view notice : kDeleted) {
    if (text == notice) return true;
  }
  return StartsWithAny(text, kDeletedByAdmin);
}

bool IsEncryptionNotice(std::string_view text) {
  constexpr std::array<std::string_view, 5> kOpenings = {
      "I messaggi e le chiamate sono crittografati", "I messaggi inviati a quest",
      "Messages and calls are end-to-end encrypted", "Messages to this ",
      "Messages you send to this "};
  return StartsWithAny(text, kOpenings) && text.find("end-to-end") != std::string_view::npos;
}

// A line that stands for a photo, a voice note or a document, not for words:
// "<Media omessi>", "<attached: 00000012-PHOTO-….jpg>", "IMG-….jpg (file attached)",
// "image omitted" (iPhone, without media), "Fattura.pdf • 3 pagine <allegato: …>".
bool IsMediaLine(std::string_view line) {
  constexpr std::array<std::string_view, 5> kTagOpenings = {"attached", "allegato", "Media omess",
                                                            "Media omitted", "media omitted"};
  constexpr std::array<std::string_view, 6> kFileSuffixes = {
      "(file attached)",   "(file allegato)", "(Datei angehängt)",
      "(archivo adjunto)", "(fichier joint)", "(arquivo anexado)"};
  constexpr std::array<std::string_view, 14> kOmitted = {
      "image omitted",    "video omitted",         "audio omitted",        "sticker omitted",
      "GIF omitted",      "document omitted",      "Contact card omitted", "immagine omessa",
      "video omesso",     "audio omesso",          "sticker omesso",       "GIF omessa",
      "documento omesso", "scheda contatto omessa"};
  if (const size_t open = line.rfind('<'); open != std::string_view::npos && line.ends_with('>')) {
    const std::string_view tag = TrimSpaces(line.substr(open + 1, line.size() - open - 2));
    if (StartsWithAny(tag, kTagOpenings)) return true;
  }
  return EndsWithAny(line, kFileSuffixes) || EndsWithAny(line, kOmitted);
}

// On iPhone WhatsApp writes its own notices under a name, after a left-to-right mark
// ("[…] Gruppo: ‎Mario ha aggiunto Luigi", "‎Missed voice call"); media, deleted messages,
// locations and polls are written the same way and are kept.
bool IsKeptGeneratedText(std::string_view text) {
  constexpr std::array<std::string_view, 4> kKept = {
      "Location:", "Posizione:", "POLL:", "SONDAGGIO:"};
  return IsMediaLine(text) || StartsWithAny(text, kKept);
}

// `raw` is the text after "Name: " as written, `first_line` the same without marks and blanks.
RecordKind KindOf(std::string_view raw, std::string_view first_line) {
  if (IsDeletedNotice(first_line)) return RecordKind::kDeleted;
  if (IsEncryptionNotice(first_line)) return RecordKind::kNotice;
  const bool generated = raw.starts_with(kLeftToRightMark);
  if (generated && !IsKeptGeneratedText(first_line)) return RecordKind::kNotice;
  return RecordKind::kMessage;
}

// The words of a message, without the "<This message was edited>" WhatsApp adds after them.
std::string_view MessageText(std::string_view text) {
  constexpr std::array<std::string_view, 2> kEdited = {"<This message was edited>",
                                                       "<Questo messaggio è stato modificato>"};
  text = TrimSpaces(text);
  for (const std::string_view edited : kEdited) {
    if (text.ends_with(edited)) return TrimSpaces(text.substr(0, text.size() - edited.size()));
  }
  return text;
}

// --- Who speaks --------------------------------------------------------------------------------

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
using NameSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;
template <typename Value>
using NameMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;

// Distinct names kept per chat; a hostile file with more only loses the cache, not correctness.
constexpr size_t kMaxKnownNames = 4096;

// A participant whose name is `--company`, or in company.names, or whose number is in
// company.handles, speaks for the company.
class CompanyMatcher {
 public:
  CompanyMatcher(const SourceSettings& settings, IngestSink& sink)
      : names_(settings.company.names), override_(TrimSpaces(settings.company_override)) {
    for (const std::string& handle : settings.company.handles) {
      if (auto symbol = sink.Handle(handle); symbol.ok()) handles_.push_back(*symbol);
    }
  }

  bool Matches(std::string_view name, IngestSink& sink) const {
    if (!override_.empty() && EqualsIgnoringAsciiCase(name, override_)) return true;
    for (const std::string& company : names_) {
      if (EqualsIgnoringAsciiCase(name, TrimSpaces(company))) return true;
    }
    if (handles_.empty() || ClassifyHandle(name) != HandleKind::kPhone) return false;
    auto handle = sink.Handle(name);
    return handle.ok() && std::find(handles_.begin(), handles_.end(), *handle) != handles_.end();
  }

 private:
  const std::vector<std::string>& names_;
  std::string_view override_;
  std::vector<Symbol> handles_;
};

// A customer's handle: the number in E.164 when the name is a phone number, else the name.
Symbol CustomerHandle(std::string_view name, IngestSink& sink) {
  if (ClassifyHandle(name) == HandleKind::kPhone) {
    if (auto handle = sink.Handle(name); handle.ok()) return *handle;
  }
  return sink.Intern(name);  // a number libphonenumber does not know is still who wrote
}

struct Participant {
  bool company = false;
  Symbol symbol = kNoSymbol;  // the agent for the company, else the customer's handle
};

class Participants {
 public:
  explicit Participants(const CompanyMatcher& company) : company_(company) {}

  Participant Find(const std::string& name, IngestSink& sink) {
    if (auto it = known_.find(name); it != known_.end()) return it->second;
    Participant who;
    who.company = company_.Matches(name, sink);
    who.symbol = who.company ? sink.Intern(name) : CustomerHandle(name, sink);
    if (known_.size() >= kMaxKnownNames) known_.clear();
    known_.emplace(name, who);
    return who;
  }

 private:
  const CompanyMatcher& company_;
  NameMap<Participant> known_;
};

// --- Where the chat's lines come from ----------------------------------------------------------

using SourceOpener = std::function<Result<std::unique_ptr<ByteSource>>()>;

// The text of one chat, opened afresh for each of the two passes.
struct ChatText {
  std::string name;   // as errors name it: the file, or "export.zip/_chat.txt"
  std::string title;  // whom the chat is with, from the file's name; empty when it does not say
  SourceOpener open;
  // A zip member: whether the last opening stopped at limits.member_bytes with more to come.
  std::shared_ptr<bool> cut;
};

std::string_view BaseName(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "WhatsApp Chat with Mario Rossi (1).txt" -> "Mario Rossi": the name phones give exports.
std::string ChatTitle(std::string_view file_name) {
  constexpr std::array<std::string_view, 5> kExtensions = {".txt", ".zip", ".gz", ".zst", ".zstd"};
  constexpr std::array<std::string_view, 8> kOpenings = {
      "WhatsApp Chat with ",       "WhatsApp Chat - ",         "Chat WhatsApp con ",
      "Chat di WhatsApp con ",     "WhatsApp-Chat mit ",       "Chat de WhatsApp con ",
      "Conversa do WhatsApp com ", "Discussion WhatsApp avec "};
  std::string_view name = BaseName(file_name);
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (const std::string_view extension : kExtensions) {
      if (!EndsWithIgnoringAsciiCase(name, extension)) continue;
      name.remove_suffix(extension.size());
      stripped = true;
    }
  }
  if (const size_t copy = name.rfind(" (");
      copy != std::string_view::npos && name.ends_with(')') &&
      name.find_first_not_of("0123456789", copy + 2) == name.size() - 1) {
    name = name.substr(0, copy);  // a second export of the same chat: "… (1)"
  }
  for (const std::string_view opening : kOpenings) {
    if (name.starts_with(opening)) return std::string(TrimSpaces(name.substr(opening.size())));
  }
  return {};
}

struct ArchiveFree {
  void operator()(archive* zip) const { archive_read_free(zip); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

// A zip on disk or in memory.
struct ZipOrigin {
  std::string name;        // as errors name it
  std::string path;        // empty: in memory
  std::string_view bytes;  // in memory: must outlive the reading
};

Status ZipError(std::string_view name, archive* zip) {
  const char* why = archive_error_string(zip);
  return Status::IoError(fmt::format("cannot read '{}': {}", name, why ? why : "not a valid zip"));
}

Result<ArchivePtr> OpenZip(const ZipOrigin& origin) {
  constexpr size_t kBlock = size_t{64} << 10;
  ArchivePtr zip(archive_read_new());
  if (!zip) return Status::IoError(fmt::format("cannot read '{}': out of memory", origin.name));
  archive_read_support_format_zip(zip.get());
  const int opened =
      origin.path.empty()
          ? archive_read_open_memory(zip.get(), origin.bytes.data(), origin.bytes.size())
          : archive_read_open_filename(zip.get(), OpenablePath(origin.path).c_str(), kBlock);
  if (opened != ARCHIVE_OK) return ZipError(origin.name, zip.get());
  return zip;
}

// Moves to the next member; false at the end, an error for a damaged zip.
Result<bool> NextMember(archive* zip, const std::string& name, archive_entry*& entry) {
  const int got = archive_read_next_header(zip, &entry);
  if (got == ARCHIVE_EOF) return false;
  if (got != ARCHIVE_OK && got != ARCHIVE_WARN) return ZipError(name, zip);
  return true;
}

// How likely a member is the chat: iPhones call it _chat.txt, Android phones after the chat; media
// and the macOS resource forks (__MACOSX/._chat.txt) are not.
int MemberRank(std::string_view path) {
  const std::string_view base = BaseName(path);
  if (path.starts_with("__MACOSX/") || path.find("/__MACOSX/") != std::string_view::npos ||
      base.starts_with("._") || !EndsWithIgnoringAsciiCase(base, ".txt")) {
    return 0;
  }
  return base == "_chat.txt" || !ChatTitle(base).empty() ? 2 : 1;
}

struct ZipMember {
  size_t index = 0;
  std::string path;
};

Result<std::optional<ZipMember>> FindChatMember(const ZipOrigin& origin) {
  constexpr size_t kMaxMembers = 1'000'000;
  auto zip = OpenZip(origin);
  if (!zip.ok()) return zip.status();
  std::optional<ZipMember> best;
  int best_rank = 0;
  archive_entry* entry = nullptr;
  for (size_t index = 0; index < kMaxMembers; ++index) {
    auto more = NextMember(zip->get(), origin.name, entry);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const char* path = archive_entry_pathname(entry);
    if (path == nullptr || archive_entry_filetype(entry) != AE_IFREG) continue;
    if (const int rank = MemberRank(path); rank > best_rank) {
      best = ZipMember{index, path};
      best_rank = rank;
    }
  }
  return best;
}

// How much of a zip member is read, at most.
struct MemberLimit {
  uint64_t bytes = 0;         // limits.member_bytes
  std::shared_ptr<bool> cut;  // set when the member goes on past it
};

// The bytes of one member of a zip, decompressed as they are read, up to the member limit: a
// small zip may expand to far more than the memory and time an audit may take. A zip read from a
// file counts the file's bytes libarchive has consumed (up to the file's size: it may seek back to
// the central directory), for the progress line (FileBytesReadSoFar).
class ZipMemberSource final : public ByteSource {
 public:
  // `file_size`: of the zip file; 0 for a zip in memory, which counts nothing.
  ZipMemberSource(std::string name, ArchivePtr zip, uint64_t file_size, MemberLimit limit)
      : ByteSource(std::move(name), Compression::kNone),
        zip_(std::move(zip)),
        file_size_(file_size),
        limit_(std::move(limit)) {
    *limit_.cut = false;
  }

  Result<size_t> Read(char* out, size_t size) override {
    if (produced_ >= limit_.bytes) return AtLimit();
    const auto wanted = static_cast<size_t>(std::min<uint64_t>(size, limit_.bytes - produced_));
    const la_ssize_t got = archive_read_data(zip_.get(), out, wanted);
    if (got < 0) return ZipError(name(), zip_.get());
    CountConsumed();
    produced_ += static_cast<uint64_t>(got);
    return static_cast<size_t>(got);
  }

 private:
  void CountConsumed() {
    const la_int64_t raw = archive_filter_bytes(zip_.get(), -1);  // the file side
    const uint64_t consumed = std::min(file_size_, raw > 0 ? static_cast<uint64_t>(raw) : 0);
    if (consumed > counted_) {
      CountFileBytesRead(consumed - counted_);
      counted_ = consumed;
    }
  }

  // The end of what is read: whether the member goes on says whether it was cut.
  Result<size_t> AtLimit() {
    char more = 0;
    if (!*limit_.cut && archive_read_data(zip_.get(), &more, 1) > 0) *limit_.cut = true;
    return size_t{0};
  }

  ArchivePtr zip_;
  uint64_t file_size_;
  uint64_t counted_ = 0;
  MemberLimit limit_;
  uint64_t produced_ = 0;
};

Result<std::unique_ptr<ByteSource>> OpenMember(const ZipOrigin& origin, const ZipMember& member,
                                               const std::string& name, const MemberLimit& limit) {
  auto zip = OpenZip(origin);
  if (!zip.ok()) return zip.status();
  archive_entry* entry = nullptr;
  for (size_t index = 0; index <= member.index; ++index) {
    auto more = NextMember(zip->get(), origin.name, entry);
    if (!more.ok()) return more.status();
    if (!*more) return Status::IoError(fmt::format("cannot read '{}': it changed", origin.name));
  }
  std::error_code no_size;
  const uint64_t file_size =
      origin.path.empty() ? 0 : std::filesystem::file_size(OpenablePath(origin.path), no_size);
  return std::unique_ptr<ByteSource>(
      std::make_unique<ZipMemberSource>(name, std::move(*zip), no_size ? 0 : file_size, limit));
}

// The chat inside a zip; nullopt when the zip holds none.
Result<std::optional<ChatText>> ZipChat(const ZipOrigin& origin, uint64_t member_bytes) {
  auto member = FindChatMember(origin);
  if (!member.ok()) return member.status();
  if (!member->has_value()) return std::optional<ChatText>();
  ChatText chat;
  chat.name = origin.name + "/" + (*member)->path;
  chat.title = ChatTitle((*member)->path);  // Android: "WhatsApp Chat with X.txt"
  if (chat.title.empty()) chat.title = ChatTitle(origin.name);  // iPhone: "WhatsApp Chat - X.zip"
  chat.cut = std::make_shared<bool>(false);
  chat.open = [origin, found = **member, name = chat.name,
               limit = MemberLimit{member_bytes, chat.cut}] {
    return OpenMember(origin, found, name, limit);
  };
  return std::optional<ChatText>(std::move(chat));
}

constexpr std::string_view kZipMagic = "PK\x03\x04";

Result<bool> IsZipFile(const std::string& path) {
  auto source = ByteSource::OpenFile(path);
  if (!source.ok()) return source.status();
  std::array<char, 4> head{};
  size_t filled = 0;
  while (filled < head.size()) {
    auto got = (*source)->Read(head.data() + filled, head.size() - filled);
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    filled += *got;
  }
  return std::string_view(head.data(), filled) == kZipMagic;
}

Result<std::optional<ChatText>> ChatOfFile(const fs::path& path, uint64_t member_bytes) {
  const std::string name = path.string();
  auto zip = IsZipFile(name);
  if (!zip.ok()) return zip.status();
  if (*zip) return ZipChat(ZipOrigin{name, name, {}}, member_bytes);
  ChatText chat{name, ChatTitle(name), [name] { return ByteSource::OpenFile(name); }, nullptr};
  return std::optional<ChatText>(std::move(chat));
}

Result<std::optional<ChatText>> ChatOfBytes(std::string_view bytes, const fs::path& path,
                                            uint64_t member_bytes) {
  const std::string name = path.string();
  if (bytes.starts_with(kZipMagic)) return ZipChat(ZipOrigin{name, {}, bytes}, member_bytes);
  ChatText chat{name, ChatTitle(name),
                [bytes, name] { return ByteSource::FromMemory(bytes, name); }, nullptr};
  return std::optional<ChatText>(std::move(chat));
}

// --- First pass: the survey --------------------------------------------------------------------

struct ChatSurvey {
  std::array<DateOrderVotes, kLayouts> votes{};
  bool company_seen = false;
  size_t participants = 0;
  std::vector<std::string> named;  // the first few participants, to name them in an error
  size_t customers = 0;
  std::string first_customer;
};

class Surveyor {
 public:
  static constexpr size_t kNamed = 10;

  Surveyor(const CompanyMatcher& company, IngestSink& sink) : company_(company), sink_(sink) {}

  void OnLine(std::string_view line) {
    const std::optional<Header> header = ParseHeader(line);
    if (!header) return;
    Vote(*header, survey_.votes);
    const std::optional<Said> said = SplitSender(header->body);
    if (!said) return;
    CleanInto(sender_, said->sender);
    CleanInto(text_, said->text);
    if (!sender_.empty() && KindOf(said->text, text_) != RecordKind::kNotice) OnParticipant();
  }

  ChatSurvey& survey() { return survey_; }

 private:
  void OnParticipant() {
    if (seen_.contains(sender_) || seen_.size() >= kMaxKnownNames) return;
    seen_.insert(sender_);
    ++survey_.participants;
    if (survey_.named.size() < kNamed) survey_.named.push_back(sender_);
    if (company_.Matches(sender_, sink_)) {
      survey_.company_seen = true;
    } else if (survey_.customers++ == 0) {
      survey_.first_customer = sender_;
    }
  }

  const CompanyMatcher& company_;
  IngestSink& sink_;
  ChatSurvey survey_;
  NameSet seen_;
  std::string sender_;
  std::string text_;
};

Result<ChatSurvey> SurveyChat(const ChatText& chat, const CompanyMatcher& company,
                              size_t chunk_size, IngestSink& sink) {
  auto source = chat.open();
  if (!source.ok()) return source.status();
  LineReader lines(std::move(*source), chunk_size);
  Surveyor surveyor(company, sink);
  for (Line line; lines.Next(line);) {
    if (!line.overlong) surveyor.OnLine(line.text);
  }
  if (!lines.status().ok()) return lines.status();
  return std::move(surveyor.survey());
}

std::string NoCompanyMessage(const ChatSurvey& survey) {
  std::string names;
  for (const std::string& name : survey.named) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  if (survey.participants > survey.named.size()) {
    names += fmt::format(" and {} more", survey.participants - survey.named.size());
  }
  return fmt::format(
      "no participant is the company: set company.names in the config or --company NAME "
      "(participants: {})",
      names);
}

// --- Second pass: the reading ------------------------------------------------------------------

// Ids that stay the same when the same chat is exported again: a hash of who wrote what, to whom
// and when, and of how many times the very same was written at that time before.
class EventIds {
 public:
  std::string_view Next(std::string_view sender, std::string_view customer, date::local_seconds at,
                        std::string_view text) {
    uint64_t key = Fnv1a(sender);
    key = Fnv1a("\x1F", key);
    key = Fnv1a(customer, key);
    key = Fnv1a("\x1F", key);
    const fmt::format_int local_seconds(at.time_since_epoch().count());
    key = Fnv1a(std::string_view(local_seconds.data(), local_seconds.size()), key);
    key = Fnv1a("\x1F", key);
    key = Fnv1a(text, key);
    const uint64_t hash = Mix(key ^ Mix(Occurrence(at.time_since_epoch().count(), key)));
    fmt::format_to_n(id_.data(), id_.size(), "wa-{:016x}", hash);
    return {id_.data(), id_.size()};
  }

 private:
  // Same-time records kept to count repeats; more only happen in hostile files.
  static constexpr size_t kMaxSameTime = 1024;

  static uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

  // Records are in time order, so only those of the current time can repeat the key.
  uint64_t Occurrence(int64_t stamp, uint64_t key) {
    if (stamp != stamp_ || same_time_.size() >= kMaxSameTime) same_time_.clear();
    stamp_ = stamp;
    for (auto& [seen, count] : same_time_) {
      if (seen == key) return ++count;
    }
    same_time_.emplace_back(key, 0);
    return 0;
  }

  int64_t stamp_ = std::numeric_limits<int64_t>::min();
  std::vector<std::pair<uint64_t, uint64_t>> same_time_;
  std::array<char, 19> id_{};
};

// The record being read: its continuation lines may follow.
struct PendingRecord {
  bool active = false;    // a message, gathering its lines
  bool skipping = false;  // a record that makes no event: its continuation lines go with it
  bool too_long = false;
  bool company = false;
  uint64_t line = 0;
  date::local_seconds local{};
  Symbol customer = kNoSymbol;
  Symbol agent = kNoSymbol;
};

struct ReadContext {
  const date::time_zone& zone;
  bool default_day_first;
  const CompanyMatcher& company;
  size_t chunk_size;
};

class ChatReading {
 public:
  ChatReading(const ChatText& chat, const ChatSurvey& survey, const ReadContext& context,
              IngestSink& sink)
      : chat_(chat), context_(context), sink_(sink), participants_(context.company) {
    for (size_t i = 0; i < kLayouts; ++i) {
      day_first_[i] = DecideDayFirst(survey.votes[i], context.default_day_first);
    }
    if (survey.customers == 1) only_customer_ = CustomerHandle(survey.first_customer, sink);
    if (!chat.title.empty()) title_customer_ = CustomerHandle(chat.title, sink);
  }

  Status Run() {
    auto source = chat_.open();
    if (!source.ok()) return source.status();
    LineReader lines(std::move(*source), context_.chunk_size);
    Status status;
    for (Line line; status.ok() && !rest_skipped_ && lines.Next(line);) status = OnLine(line);
    if (status.ok()) status = Flush();
    sink_.report().bytes += lines.bytes_read();
    if (status.ok() && lines.status().ok() && chat_.cut && *chat_.cut) {
      status =
          Reject(0, fmt::format("expands to more than {} bytes (limits.member_bytes): the rest "
                                "is skipped",
                                sink_.options().limits.member_bytes));
    }
    return status.ok() ? lines.status() : status;
  }

 private:
  Status OnLine(const Line& line) {
    if (line.overlong) return Reject(line.number, "line longer than 16 MiB: skipped");
    if (const std::optional<Header> header = ParseHeader(line.text)) {
      return OnHeader(*header, line.number);
    }
    return OnContinuation(line);
  }

  Status OnHeader(const Header& header, uint64_t number) {
    if (Status flushed = Flush(); !flushed.ok()) return flushed;
    if (!sink_.CountRecord(chat_.name)) {
      rest_skipped_ = true;
      return sink_.RecordLimitReached(chat_.name, number);
    }
    pending_ = PendingRecord{.skipping = true};  // until it proves to be a message
    auto local = LocalTimeOf(header, day_first_[LayoutOf(header)]);
    if (!local.ok()) return Reject(number, std::string(local.status().message()));
    const std::optional<Said> said = SplitSender(header.body);
    if (!said) return Status::Ok();  // a notice: "Mario created group", "X added Y"
    return StartMessage(*said, *local, number);
  }

  Status StartMessage(const Said& said, date::local_seconds local, uint64_t number) {
    CleanInto(sender_, said.sender);
    CleanInto(text_, said.text);
    const RecordKind kind = sender_.empty() ? RecordKind::kNotice : KindOf(said.text, text_);
    if (kind == RecordKind::kNotice) return Status::Ok();
    const Participant who = participants_.Find(sender_, sink_);
    if (!who.company) last_customer_ = who.symbol;
    if (kind == RecordKind::kDeleted) return Status::Ok();
    const Symbol customer = who.company ? CompanyMessageCustomer() : who.symbol;
    if (customer == kNoSymbol) return Reject(number, std::string(kNoCustomerMessage));
    if (IsMediaLine(text_)) text_.clear();  // a photo or a voice note: no words
    pending_ = {.active = true,
                .company = who.company,
                .line = number,
                .local = local,
                .customer = customer,
                .agent = who.company ? who.symbol : kNoSymbol};
    return Status::Ok();
  }

  // In a group, the last customer who wrote; in a 1:1 chat, the other participant; else whom
  // the file's name says the chat is with.
  Symbol CompanyMessageCustomer() const {
    if (last_customer_ != kNoSymbol) return last_customer_;
    if (only_customer_ != kNoSymbol) return only_customer_;
    return title_customer_;
  }

  Status OnContinuation(const Line& line) {
    if (pending_.active) {
      AppendLine(line.text);
      return Status::Ok();
    }
    if (pending_.skipping || orphan_reported_ || TrimSpaces(line.text).empty()) {
      return Status::Ok();
    }
    orphan_reported_ = true;  // once per file: a file that is no chat must not flood the report
    ++sink_.report().records;
    return Reject(line.number,
                  "no date and time start this line and no message comes before it: skipped "
                  "(is this a WhatsApp chat?)");
  }

  void AppendLine(std::string_view raw) {
    if (pending_.too_long) return;
    if (text_.size() + raw.size() >= kMaxMessageBytes) {
      pending_.too_long = true;
      return;
    }
    const size_t before = text_.size();
    if (before > 0) text_ += '\n';
    const size_t start = text_.size();
    AppendWithoutMarks(text_, raw);
    if (IsMediaLine(TrimSpaces(std::string_view(text_).substr(start)))) text_.resize(before);
  }

  Status Flush() {
    if (!pending_.active) return Status::Ok();
    pending_.active = false;
    if (pending_.too_long) return Reject(pending_.line, "message longer than 16 MiB: skipped");
    const std::string_view text = MessageText(text_);
    const ZonedInstant at = ToInstant(context_.zone, pending_.local);
    Event event;
    event.at = at.at;
    event.offset_minutes = at.offset_minutes;
    event.channel = Channel::kWhatsapp;
    event.direction = pending_.company ? Direction::kOut : Direction::kIn;
    event.customer = pending_.customer;
    event.agent = pending_.agent;
    const std::string_view customer = sink_.corpus().symbols().Name(pending_.customer);
    sink_.Add(ids_.Next(sender_, customer, pending_.local, text), std::move(event), text);
    return Status::Ok();
  }

  Status Reject(uint64_t line, std::string what) {
    return sink_.Reject({chat_.name, line, std::move(what)});
  }

  static constexpr std::string_view kNoCustomerMessage =
      "a company message before any customer wrote, in a group whose file name does not say "
      "whom the chat is with: cannot tell which customer it is for (name the file "
      "\"WhatsApp Chat with NAME.txt\")";

  const ChatText& chat_;
  const ReadContext& context_;
  IngestSink& sink_;
  Participants participants_;
  std::array<bool, kLayouts> day_first_{};
  Symbol only_customer_ = kNoSymbol;
  Symbol title_customer_ = kNoSymbol;
  Symbol last_customer_ = kNoSymbol;
  bool orphan_reported_ = false;
  bool rest_skipped_ = false;  // past limits.records_per_input
  PendingRecord pending_;
  EventIds ids_;
  std::string sender_;  // of the pending record
  std::string text_;    // of the pending message, without marks and media lines
};

// --- The reader --------------------------------------------------------------------------------

class WhatsappReader final : public SourceReader {
 public:
  explicit WhatsappReader(const SourceSettings& settings,
                          size_t chunk_size = LineReader::kDefaultChunkSize)
      : settings_(settings),
        zone_(FindTimeZone(settings.time_zone)),
        default_day_first_(DefaultDayFirst(settings.time_zone)),
        chunk_size_(std::max<size_t>(chunk_size, 1)) {}

  Status Read(const fs::path& path, IngestSink& sink) override {
    if (zone_ == nullptr) return UnknownZone();
    return ReadFound(ChatOfFile(path, sink.options().limits.member_bytes), path, sink);
  }

  Status ReadBytes(std::string_view bytes, const fs::path& name, IngestSink& sink) {
    if (zone_ == nullptr) return UnknownZone();
    return ReadFound(ChatOfBytes(bytes, name, sink.options().limits.member_bytes), name, sink);
  }

 private:
  Status UnknownZone() const {
    return Status::Usage(
        fmt::format("unknown time zone '{}' (time_zone in the config)", settings_.time_zone));
  }

  Status ReadFound(const Result<std::optional<ChatText>>& chat, const fs::path& path,
                   IngestSink& sink) const {
    if (!chat.ok()) return chat.status();
    ++sink.report().files;
    if (!chat->has_value()) {
      return sink.Reject({path.string(), 0,
                          "no chat in this zip: it holds no .txt file (is it a WhatsApp export?)"});
    }
    return ReadChat(**chat, sink);
  }

  Status ReadChat(const ChatText& chat, IngestSink& sink) const {
    const CompanyMatcher company(settings_, sink);
    auto survey = SurveyChat(chat, company, chunk_size_, sink);
    if (!survey.ok()) return survey.status();
    if (survey->participants > 0 && !survey->company_seen) {
      return sink.Reject({chat.name, 0, NoCompanyMessage(*survey)});
    }
    const ReadContext context{*zone_, default_day_first_, company, chunk_size_};
    return ChatReading(chat, *survey, context, sink).Run();
  }

  SourceSettings settings_;
  const date::time_zone* zone_;
  bool default_day_first_;
  size_t chunk_size_;
};

// Values a real header has: a day and a month that can be, an hour and a minute.
bool IsPlausible(const Header& header) {
  const auto [first, second] = DayAndMonth(header);
  return first >= 1 && first <= 31 && second >= 1 && second <= 31 &&
         (first <= 12 || second <= 12) && header.hour <= 24 && header.minute <= 59;
}

std::string_view FirstLine(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  const size_t start = head.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return {};
  head.remove_prefix(start);
  head = head.substr(0, head.find('\n'));
  if (head.ends_with('\r')) head.remove_suffix(1);
  return head;
}

}  // namespace

bool LooksLikeWhatsappChat(std::string_view head, const SourceSettings& settings) {
  (void)settings;
  const std::optional<Header> header = ParseHeader(FirstLine(head));
  // The rarer layouts ("13.06.18 21.25.15: …") are read with --format whatsapp; telling them
  // from other timestamped text by their first line alone would guess.
  return header && IsPlausible(*header) &&
         (header->bracketed || header->terminator == Terminator::kDash || header->comma);
}

std::unique_ptr<SourceReader> MakeWhatsappReader(const SourceSettings& settings) {
  return std::make_unique<WhatsappReader>(settings);
}

Status ReadWhatsappExport(std::string_view bytes, const fs::path& name,
                          const SourceSettings& settings, IngestSink& sink, size_t chunk_size) {
  return WhatsappReader(settings, chunk_size).ReadBytes(bytes, name, sink);
}

}  // namespace fiducia

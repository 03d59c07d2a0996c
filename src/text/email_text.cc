#include "text/email_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "common/strings.h"
#include "common/utf8.h"

namespace fiducia::mail {
namespace {

// --- Characters --------------------------------------------------------------------------------

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool StartsWithAny(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [s](std::string_view p) { return s.starts_with(p); });
}

bool EndsWithAny(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [s](std::string_view p) { return s.ends_with(p); });
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [s](std::string_view p) { return s.find(p) != std::string_view::npos; });
}

// Spaces, tabs and no-break spaces (U+00A0, which HTML mail is full of) at both ends.
std::string_view TrimLine(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
    } else if (s.starts_with("\xC2\xA0")) {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.ends_with("\xC2\xA0")) {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 where it differs from Latin-1 (0x80-0x9F); browsers read numeric entities in that
// range the same way.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC,       kReplacement, 0x201A, 0x0192, 0x201E, 0x2026,       0x2020, 0x2021,
    0x02C6,       0x2030,       0x0160, 0x2039, 0x0152, kReplacement, 0x017D, kReplacement,
    kReplacement, 0x2018,       0x2019, 0x201C, 0x201D, 0x2022,       0x2013, 0x2014,
    0x02DC,       0x2122,       0x0161, 0x203A, 0x0153, kReplacement, 0x017E, 0x0178};

char32_t FromCp1252(unsigned char c) {
  return c >= 0x80 && c < 0xA0 ? kCp1252High[c - 0x80] : static_cast<char32_t>(c);
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at s[0] (RFC 3629: no overlongs, no surrogates),
// 0 when there is none.
size_t Utf8SequenceLength(std::string_view s) {
  const auto byte = [&s](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!IsContinuation(byte(i))) return 0;
  }
  return length;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string ReplaceInvalid(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s.substr(i));
    if (n == 0) {
      AppendUtf8(out, kReplacement);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string FromWindows1252(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char c : s) AppendUtf8(out, FromCp1252(static_cast<unsigned char>(c)));
  return out;
}

// --- HTML --------------------------------------------------------------------------------------

struct NamedEntity {
  std::string_view name;
  char32_t code;
};

// The named entities mail HTML uses (Italian accents, typography); others are kept as written.
constexpr std::array<NamedEntity, 54> kEntities = {{
    {"nbsp", ' '},      {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
    {"apos", '\''},     {"euro", 0x20AC},  {"agrave", 0xE0},  {"aacute", 0xE1},  {"egrave", 0xE8},
    {"eacute", 0xE9},   {"igrave", 0xEC},  {"iacute", 0xED},  {"ograve", 0xF2},  {"oacute", 0xF3},
    {"ugrave", 0xF9},   {"uacute", 0xFA},  {"Agrave", 0xC0},  {"Egrave", 0xC8},  {"Eacute", 0xC9},
    {"Igrave", 0xCC},   {"Ograve", 0xD2},  {"Ugrave", 0xD9},  {"ccedil", 0xE7},  {"ntilde", 0xF1},
    {"auml", 0xE4},     {"ouml", 0xF6},    {"uuml", 0xFC},    {"szlig", 0xDF},   {"rsquo", 0x2019},
    {"lsquo", 0x2018},  {"rdquo", 0x201D}, {"ldquo", 0x201C}, {"laquo", 0xAB},   {"raquo", 0xBB},
    {"hellip", 0x2026}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"middot", 0xB7},  {"bull", 0x2022},
    {"copy", 0xA9},     {"reg", 0xAE},     {"trade", 0x2122}, {"deg", 0xB0},     {"times", 0xD7},
    {"pound", 0xA3},    {"sect", 0xA7},    {"shy", 0xAD},     {"zwnj", 0x200C},  {"zwj", 0x200D},
    {"lrm", 0x200E},    {"rlm", 0x200F},   {"bdquo", 0x201E}, {"sbquo", 0x201A},
}};

char32_t CheckedCodePoint(uint32_t value) {
  if (value >= 0x80 && value < 0xA0) return FromCp1252(static_cast<unsigned char>(value));
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return kReplacement;
  return value;
}

// "&#233;", "&#xE9;" (the ';' may be missing): bytes consumed, 0 when `s` holds no such entity.
size_t NumericEntity(std::string_view s, char32_t& code) {
  size_t i = 2;  // after "&#"
  const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
  if (hex) ++i;
  uint32_t value = 0;
  const size_t first = i;
  for (; i < s.size() && i - first < 7; ++i) {
    const char c = AsciiLower(s[i]);
    const bool hex_letter = hex && c >= 'a' && c <= 'f';
    if (!IsDigit(c) && !hex_letter) break;
    value = value * (hex ? 16 : 10) + static_cast<uint32_t>(hex_letter ? c - 'a' + 10 : c - '0');
  }
  if (i == first) return 0;
  code = CheckedCodePoint(value);
  return i < s.size() && s[i] == ';' ? i + 1 : i;
}

size_t NamedEntityAt(std::string_view s, char32_t& code) {
  size_t i = 1;
  while (i < s.size() && i <= 8 && (IsAsciiAlpha(s[i]) || IsDigit(s[i]))) ++i;
  if (i >= s.size() || s[i] != ';') return 0;
  const std::string_view name = s.substr(1, i - 1);
  for (const NamedEntity& entity : kEntities) {
    if (entity.name == name) {
      code = entity.code;
      return i + 1;
    }
  }
  return 0;
}

// Decodes the entity at s[0] == '&' into `out`: bytes consumed, 0 when it is no known entity.
size_t DecodeEntity(std::string_view s, std::string& out) {
  char32_t code = 0;
  const size_t used = s.starts_with("&#") ? NumericEntity(s, code) : NamedEntityAt(s, code);
  if (used > 0) AppendUtf8(out, code);
  return used;
}

size_t FindNoCase(std::string_view haystack, std::string_view needle, size_t from) {
  const auto it = std::search(haystack.begin() + static_cast<std::ptrdiff_t>(from), haystack.end(),
                              needle.begin(), needle.end(),
                              [](char a, char b) { return AsciiLower(a) == AsciiLower(b); });
  return it == haystack.end() ? std::string_view::npos : static_cast<size_t>(it - haystack.begin());
}

bool IsBlockTag(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kBlocks = {
      "p",  "div", "br",      "tr",      "li",     "ul",     "ol",     "table",
      "hr", "pre", "dd",      "dt",      "h1",     "h2",     "h3",     "h4",
      "h5", "h6",  "section", "article", "header", "footer", "center", "address"};
  return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

// A single pass over the HTML with no recursion, so that deep nesting costs nothing; every search
// ahead either succeeds or ends the pass, so that the pass stays linear.
class HtmlConverter {
 public:
  explicit HtmlConverter(std::string_view html) : html_(html) {}

  std::string Convert() {
    for (size_t at = 0; at < html_.size();) {
      const char c = html_[at];
      if (c == '<') {
        at = Markup(at);
      } else if (c == '&' && quote_depth_ == 0) {
        const size_t used = DecodeEntity(html_.substr(at), pending_);
        FlushText(used > 0 ? std::string_view() : "&");
        at += used > 0 ? used : 1;
      } else {
        Char(c);
        ++at;
      }
    }
    Break();
    return std::move(out_);
  }

 private:
  size_t Markup(size_t at) {
    if (html_.substr(at).starts_with("<!--")) return SkipPast("-->", at + 4);
    size_t p = at + 1;
    const bool closing = p < html_.size() && html_[p] == '/';
    if (closing) ++p;
    const bool declaration = p < html_.size() && (html_[p] == '!' || html_[p] == '?');
    if (!declaration && (p >= html_.size() || !IsAsciiAlpha(html_[p]))) {
      Char('<');  // "a < b": no tag
      return at + 1;
    }
    const size_t name_start = p;
    while (p < html_.size() && (IsAsciiAlpha(html_[p]) || IsDigit(html_[p]) || html_[p] == ':')) {
      ++p;
    }
    const std::string name = AsciiLower(html_.substr(name_start, p - name_start));
    const size_t end = html_.find('>', p);
    if (end == std::string_view::npos) return html_.size();
    return Tag(name, closing, end + 1);
  }

  size_t Tag(const std::string& name, bool closing, size_t after) {
    if (!closing && (name == "style" || name == "script")) {
      return SkipPast("</" + name, after);  // unclosed: the rest is code
    }
    if (!closing && name == "title" && !no_title_end_) {
      const size_t end = FindNoCase(html_, "</title", after);
      if (end != std::string_view::npos) return end;
      no_title_end_ = true;
    }
    if (name == "blockquote") {
      Break();
      quote_depth_ = closing ? std::max(0, quote_depth_ - 1) : quote_depth_ + 1;
    } else if (IsBlockTag(name)) {
      Break(name == "br");
    } else if (name == "td" || name == "th") {
      space_ = true;
    }
    return after;
  }

  size_t SkipPast(std::string_view end, size_t from) {
    const size_t found = FindNoCase(html_, end, from);
    return found == std::string_view::npos ? html_.size() : found + end.size();
  }

  void Char(char c) {
    if (quote_depth_ > 0) return;
    if (IsAsciiSpace(c)) {
      space_ = true;
      return;
    }
    pending_ += c;
    FlushText({});
  }

  // Writes the decoded text waiting in pending_ (and `more`), with one space for any run of
  // white space before it, none at the start of a line.
  void FlushText(std::string_view more) {
    pending_ += more;
    if (pending_.empty()) return;
    if (space_ && !out_.empty() && out_.back() != '\n') out_ += ' ';
    space_ = false;
    out_ += pending_;
    pending_.clear();
  }

  // The end of a line: a block's end ends the line once, <br> each time (a blank line at most).
  void Break(bool hard = false) {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && !out_.ends_with(hard ? "\n\n" : "\n")) out_ += '\n';
    space_ = false;
  }

  std::string_view html_;
  std::string out_;
  std::string pending_;
  int quote_depth_ = 0;
  bool space_ = false;
  bool no_title_end_ = false;
};

// --- Quoted history and signatures -------------------------------------------------------------

// "-----Messaggio originale-----", "-------- Forwarded Message --------", "Inizio messaggio
// inoltrato:", once the dashes, underscores and the colon are taken off.
bool IsHistorySeparator(std::string_view line) {
  const size_t first = line.find_first_not_of("-_=*: ");
  if (first == std::string_view::npos) return false;
  const size_t last = line.find_last_not_of("-_=*: ");
  const std::string text = AsciiLower(line.substr(first, last - first + 1));
  static constexpr std::array<std::string_view, 10> kSeparators = {
      "messaggio originale", "original message",           "messaggio inoltrato",
      "forwarded message",   "inizio messaggio inoltrato", "begin forwarded message",
      "mensaje original",    "message d'origine",          "ursprüngliche nachricht",
      "e-mail originale"};
  return std::find(kSeparators.begin(), kSeparators.end(), text) != kSeparators.end();
}

constexpr size_t kMaxAttributionLines = 3;
constexpr size_t kMaxAttributionBytes = 400;

// "Il giorno lun 2 mar 2026 alle ore 09:14 Mario Rossi <m@x.it> ha scritto:", "On Mon, Mar 2,
// 2026 at 9:14 AM Mario <m@x.it> wrote:", possibly wrapped over up to three lines.
bool IsAttribution(const std::vector<std::string_view>& lines, size_t i) {
  const std::string first = AsciiLower(TrimLine(lines[i]));
  const bool opener = StartsWithAny(first, {"il ", "on ", "in data ", "am ", "le ", "el ", "em "});
  std::string joined;
  const size_t span = opener ? kMaxAttributionLines : 1;  // only "On …"/"Il …" wraps
  for (size_t k = i; k < lines.size() && k < i + span; ++k) {
    if (k > i) joined += ' ';
    joined += AsciiLower(TrimLine(lines[k]));
    if (joined.size() > kMaxAttributionBytes) return false;
    if (!EndsWithAny(joined, {"wrote:", "ha scritto:", "scrisse:", "a écrit :", "a écrit:",
                              "schrieb:", "escribió:", "escreveu:"})) {
      continue;
    }
    const bool dated = std::any_of(joined.begin(), joined.end(), IsDigit);
    return (opener && dated) || joined.find('@') != std::string::npos;
  }
  return false;
}

std::string_view WithoutBold(std::string_view line) {
  while (!line.empty() && line.front() == '*') line.remove_prefix(1);
  return line;
}

bool IsFromField(std::string_view lower) {
  return StartsWithAny(lower, {"da:", "from:", "de:", "von:", "da :", "de :"});
}

bool IsSubjectField(std::string_view lower) {
  return StartsWithAny(lower, {"oggetto:", "subject:", "objet :", "objet:", "betreff:", "asunto:"});
}

bool IsSentField(std::string_view lower) {
  return StartsWithAny(lower, {"inviato:", "sent:", "data:", "date:", "envoyé :", "envoyé:",
                               "gesendet:", "enviado el:", "a:", "to:", "inviato il:"});
}

// An Outlook or Apple Mail header block that starts the history: "Da: …", then "Inviato: …" (or
// Data/A/Sent/To) and "Oggetto: …" within the next lines (or all on one line).
bool IsHeaderBlock(const std::vector<std::string_view>& lines, size_t i) {
  const std::string first = AsciiLower(WithoutBold(TrimLine(lines[i])));
  if (!IsFromField(first)) return false;
  if (ContainsAny(first, {" oggetto:", " subject:"}) &&
      ContainsAny(first, {" inviato:", " sent:", " data:", " date:"})) {
    return true;
  }
  bool subject = false, sent = false;
  for (size_t k = i + 1; k < lines.size() && k <= i + 6; ++k) {
    const std::string field = AsciiLower(WithoutBold(TrimLine(lines[k])));
    if (field.empty()) break;
    subject = subject || IsSubjectField(field);
    sent = sent || IsSentField(field);
  }
  return subject && sent;
}

bool IsHistoryStart(const std::vector<std::string_view>& lines, size_t i) {
  const std::string_view line = TrimLine(lines[i]);
  if (line.empty()) return false;
  return IsHistorySeparator(line) || IsAttribution(lines, i) || IsHeaderBlock(lines, i);
}

// "Inviato da iPhone", "Sent from my Galaxy", "Scarica Outlook per Android": a short line naming
// a device or an app, after which a mobile client puts only the quoted history.
bool IsMobileFooter(std::string_view line) {
  line.remove_prefix(std::min(line.size(), line.find_first_not_of("- ")));  // "--Sent from…"
  if (line.size() > 80) return false;
  const std::string lower = AsciiLower(line);
  return StartsWithAny(lower, {"sent from ", "inviato da ", "inviato dal ", "get outlook for",
                               "scarica outlook per", "ottieni outlook per"}) &&
         ContainsAny(lower, {"iphone", "ipad", "android", "samsung", "galaxy", "outlook", "mail",
                             "posta", "dispositivo", "mobile", "cellulare", "smartphone", "tablet",
                             "blackberry", "huawei", "xiaomi"});
}

bool IsDisclaimer(std::string_view line) {
  const std::string lower = AsciiLower(line);
  return StartsWithAny(lower,
                       {"nota di riservatezza", "avviso di riservatezza", "informativa privacy",
                        "informativa sulla privacy", "confidentiality notice", "disclaimer",
                        "privileged/confidential", "this e-mail and any attachments",
                        "this email and any attachments", "questa e-mail e gli eventuali allegati",
                        "questo messaggio e gli eventuali allegati"});
}

bool IsSignatureStart(std::string_view raw_line) {
  const std::string_view line = TrimLine(raw_line);
  return line == "--" || IsMobileFooter(line) || IsDisclaimer(line);
}

// A line of a signature's contact block ("Tel. 0423 972429", "P.IVA 0433…", "E-mail: a@b.it"):
// a contact word, then a number, an address or a site, so that "Telefono guasto" stays.
bool IsContactLine(std::string_view line) {
  const std::string lower = AsciiLower(line);
  if (!StartsWithAny(lower, {"tel",           "fax",
                             "cell",          "mob",
                             "phone",         "p.iva",
                             "p. iva",        "p.i.",
                             "partita iva",   "c.f",
                             "cod. fisc",     "codice fiscale",
                             "cap. soc",      "capitale sociale",
                             "r.e.a",         "rea ",
                             "reg. imp",      "registro imprese",
                             "e-mail",        "email",
                             "mail:",         "pec",
                             "web",           "www.",
                             "skype",         "sede legale",
                             "sede operativa"})) {
    return false;
  }
  const auto digits = std::count_if(lower.begin(), lower.end(), IsDigit);
  return digits >= 5 || ContainsAny(lower, {"@", "www.", "http"});
}

bool IsRule(std::string_view line) {
  return line.size() >= 5 && line.find_first_not_of("-_=*~#") == std::string_view::npos;
}

bool IsClosingFormula(std::string_view line) {
  const size_t end = line.find_last_not_of(",.!; ");
  if (end == std::string_view::npos) return false;
  const std::string lower = AsciiLower(line.substr(0, end + 1));
  static constexpr std::array<std::string_view, 20> kClosings = {"cordiali saluti",
                                                                 "distinti saluti",
                                                                 "saluti",
                                                                 "un saluto",
                                                                 "un cordiale saluto",
                                                                 "cordialmente",
                                                                 "grazie e saluti",
                                                                 "grazie, saluti",
                                                                 "saluti cordiali",
                                                                 "a presto",
                                                                 "best regards",
                                                                 "kind regards",
                                                                 "regards",
                                                                 "best wishes",
                                                                 "sincerely",
                                                                 "yours sincerely",
                                                                 "cheers",
                                                                 "thanks and regards",
                                                                 "many thanks",
                                                                 "warm regards"};
  return std::find(kClosings.begin(), kClosings.end(), lower) != kClosings.end();
}

// After the last closing formula, a block of at most this many short lines is the name and title
// of the writer, not words to analyse; a longer one is a message that goes on.
constexpr size_t kMaxSignatureLines = 6;
constexpr size_t kMaxSignatureLineBytes = 80;

void DropSignatureBlock(std::vector<std::string_view>& kept) {
  size_t closing = kept.size();
  for (size_t i = kept.size(); i-- > 0;) {
    if (IsClosingFormula(TrimLine(kept[i]))) {
      closing = i;
      break;
    }
  }
  if (closing == kept.size()) return;
  const auto first = std::find_if(kept.begin(), kept.end(),
                                  [](std::string_view l) { return !TrimLine(l).empty(); });
  if (first - kept.begin() == static_cast<std::ptrdiff_t>(closing)) return;  // a greeting
  size_t lines = 0;
  for (size_t i = closing + 1; i < kept.size(); ++i) {
    const std::string_view line = TrimLine(kept[i]);
    if (line.size() > kMaxSignatureLineBytes) return;
    if (!line.empty()) ++lines;
  }
  if (lines <= kMaxSignatureLines) kept.resize(closing + 1);
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// The kept lines, right-trimmed, with no blank line at either end and runs of blank lines as one.
std::string JoinLines(const std::vector<std::string_view>& kept) {
  std::string out;
  bool blank_pending = false;
  for (const std::string_view raw : kept) {
    const std::string_view line = TrimLine(raw);
    if (line.empty()) {
      blank_pending = !out.empty();
      continue;
    }
    if (!out.empty()) out += blank_pending ? "\n\n" : "\n";
    blank_pending = false;
    out += line;
  }
  return out;
}

std::vector<std::string_view> KeptLines(const std::vector<std::string_view>& lines) {
  std::vector<std::string_view> kept;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = TrimLine(lines[i]);
    if (IsSignatureStart(lines[i]) || IsHistoryStart(lines, i)) break;
    if (line.starts_with('>') || IsContactLine(line) || IsRule(line)) continue;
    kept.push_back(lines[i]);
  }
  return kept;
}

bool IsReplyPrefix(std::string_view word) {
  static constexpr std::array<std::string_view, 17> kPrefixes = {
      "re", "r",  "ri", "i",  "fw", "fwd", "inoltra", "inoltro", "rif",
      "aw", "wg", "sv", "vs", "tr", "rv",  "antw",    "enc"};
  const std::string lower = AsciiLower(word);
  return std::find(kPrefixes.begin(), kPrefixes.end(), lower) != kPrefixes.end();
}

// The length of one "Re:", "R[2]:", "Fwd :" prefix at the start of `s`; 0 when there is none.
size_t ReplyPrefixLength(std::string_view s) {
  size_t p = 0;
  while (p < s.size() && IsAsciiAlpha(s[p])) ++p;
  if (p == 0 || !IsReplyPrefix(s.substr(0, p))) return 0;
  if (p < s.size() && (s[p] == '[' || s[p] == '(')) {
    const char close = s[p] == '[' ? ']' : ')';
    size_t q = p + 1;
    while (q < s.size() && IsDigit(s[q])) ++q;
    if (q >= s.size() || s[q] != close) return 0;
    p = q + 1;
  }
  while (p < s.size() && s[p] == ' ') ++p;
  return p < s.size() && s[p] == ':' ? p + 1 : 0;
}

}  // namespace

std::string HtmlToText(std::string_view html) { return HtmlConverter(html).Convert(); }

std::string CustomerWords(std::string_view text) {
  const size_t line_end = std::min(text.find('\n'), text.size());
  const std::string_view first = text.substr(0, line_end);
  for (const std::string_view label : {"subject:", "oggetto:"}) {
    if (first.size() < label.size()) continue;
    std::string head(first.substr(0, label.size()));
    for (char& c : head) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (head != label) continue;
    std::string_view subject = first.substr(label.size());
    while (!subject.empty() && subject.front() == ' ') subject.remove_prefix(1);
    if (!IsReplySubject(subject)) break;
    const std::string body = NewWords(text.substr(line_end));
    return body.empty() ? std::string(FoldSubject(subject)) : body;
  }
  return NewWords(text);
}

std::string NewWords(std::string_view body) {
  std::vector<std::string_view> kept = KeptLines(SplitLines(body));
  DropSignatureBlock(kept);
  return JoinLines(kept);
}

std::string_view FoldSubject(std::string_view subject) {
  std::string_view s = TrimLine(subject);
  for (size_t n = ReplyPrefixLength(s); n > 0; n = ReplyPrefixLength(s)) {
    s = TrimLine(s.substr(n));
  }
  return s;
}

bool IsReplySubject(std::string_view subject) { return ReplyPrefixLength(TrimLine(subject)) > 0; }

bool IsAutoReplySubject(std::string_view subject) {
  std::string_view s = FoldSubject(subject);
  while (!s.empty() && (s.front() == '[' || s.front() == '(')) s.remove_prefix(1);
  const std::string lower = AsciiLower(s);
  return StartsWithAny(lower, {"risposta automatica", "automatic reply", "auto:", "autoreply",
                               "auto-reply", "auto reply", "out of office", "out of the office",
                               "fuori sede", "fuori ufficio", "messaggio automatico"});
}

std::string ToValidUtf8(std::string bytes, bool assume_legacy) {
  std::replace(bytes.begin(), bytes.end(), '\0', ' ');
  if (IsValidUtf8(bytes)) return bytes;
  return assume_legacy ? FromWindows1252(bytes) : ReplaceInvalid(bytes);
}

bool LooksLikeUtf8(std::string_view bytes) {
  const bool beyond_ascii = std::any_of(
      bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  return beyond_ascii && IsValidUtf8(bytes);
}

std::string_view CutUtf8(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t end = max;
  while (end > 0 && IsContinuation(static_cast<unsigned char>(text[end]))) --end;
  return text.substr(0, end);
}

}  // namespace fiducia::mail

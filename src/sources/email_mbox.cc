#include "sources/email_mbox.h"

#include <array>
#include <chrono>
#include <vector>

namespace fiducia::mail {
namespace {

constexpr std::string_view kFromLine = "From ";

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

int Number(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> tokens;
  while (!s.empty()) {
    const size_t start = s.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    s.remove_prefix(start);
    const size_t end = s.find_first_of(" \t");
    tokens.push_back(s.substr(0, end));
    if (end == std::string_view::npos) break;
    s.remove_prefix(end);
  }
  return tokens;
}

int MonthOf(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() != 3) return 0;
  std::string lower(token);
  for (char& c : lower) c = static_cast<char>(c | 0x20);
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == lower) return static_cast<int>(i) + 1;
  }
  return 0;
}

// "9:14", "09:14" or "09:14:00" as seconds of the day; -1 when it is not a time.
int TimeOfDay(std::string_view token) {
  const size_t colon = token.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || token.size() < colon + 3) {
    return -1;
  }
  const std::string_view hh = token.substr(0, colon), mm = token.substr(colon + 1, 2);
  const std::string_view rest = token.substr(colon + 3);
  if (!AllDigits(hh) || !AllDigits(mm)) return -1;
  int seconds = 0;
  if (!rest.empty()) {
    if (rest.size() != 3 || rest[0] != ':' || !AllDigits(rest.substr(1))) return -1;
    seconds = Number(rest.substr(1));
  }
  const int h = Number(hh), m = Number(mm);
  if (h > 23 || m > 59 || seconds > 60) return -1;
  return h * 3600 + m * 60 + seconds;
}

// "+0100", "-0500": minutes; nullopt when it is not an offset.
std::optional<int> OffsetMinutes(std::string_view token) {
  if (token.size() != 5 || (token[0] != '+' && token[0] != '-') || !AllDigits(token.substr(1))) {
    return std::nullopt;
  }
  const int minutes = Number(token.substr(1, 2)) * 60 + Number(token.substr(3, 2));
  if (minutes > 18 * 60) return std::nullopt;
  return token[0] == '-' ? -minutes : minutes;
}

struct EnvelopeFields {
  int year = 0, month = 0, day = 0, seconds = -1, offset = 0;
};

void ReadEnvelopeToken(std::string_view token, EnvelopeFields& f) {
  if (const int month = MonthOf(token); month != 0 && f.month == 0) {
    f.month = month;
  } else if (AllDigits(token) && token.size() <= 2 && f.day == 0) {
    f.day = Number(token);
  } else if (AllDigits(token) && token.size() == 4) {
    f.year = Number(token);
  } else if (const int seconds = TimeOfDay(token); seconds >= 0) {
    f.seconds = seconds;
  } else if (auto offset = OffsetMinutes(token)) {
    f.offset = *offset;
  }
}

bool IsEscapedFromLine(std::string_view text) {
  const size_t quotes = text.find_first_not_of('>');
  return quotes != 0 && quotes != std::string_view::npos &&
         text.substr(quotes).starts_with(kFromLine);
}

// A "From " line that starts a message: after a blank line (mbox writers escape the others as
// ">From "), or anywhere when it has the separator's shape ("From -", "From sender DATE"), which
// the words of a body ("From what I see…") do not have.
bool IsSeparator(std::string_view text, bool after_blank) {
  if (!text.starts_with(kFromLine)) return false;
  if (after_blank) return true;
  const std::vector<std::string_view> tokens = Tokens(text.substr(kFromLine.size()));
  return tokens.size() <= 1 || ParseEnvelopeDate(text).has_value();
}

}  // namespace

std::optional<Timestamp> ParseEnvelopeDate(std::string_view from_line) {
  if (!from_line.starts_with(kFromLine)) return std::nullopt;
  const std::vector<std::string_view> tokens = Tokens(from_line.substr(kFromLine.size()));
  EnvelopeFields f;
  for (size_t i = 1; i < tokens.size(); ++i) ReadEnvelopeToken(tokens[i], f);  // [0]: the sender
  using namespace std::chrono;
  const year_month_day date{year(f.year), month(static_cast<unsigned>(f.month)),
                            day(static_cast<unsigned>(f.day))};
  if (f.year < 1970 || f.year >= 2100 || !date.ok() || f.seconds < 0) return std::nullopt;
  Timestamp stamp;
  stamp.at = Instant(sys_days(date)) + seconds(f.seconds) - minutes(f.offset);
  stamp.offset = minutes(f.offset);
  return stamp;
}

MessageSplitter::MessageSplitter(std::unique_ptr<ByteSource> source, size_t max_message)
    : lines_(std::move(source)), max_message_(max_message) {}

bool MessageSplitter::Next(RawMessage& message) {
  message.bytes.clear();  // the buffer's capacity is reused from message to message
  message.line = 0;
  message.envelope_date.reset();
  message.truncated = false;
  if (done_ || !Start(message)) {
    done_ = true;
    return false;
  }
  bool after_blank = false;
  for (Line line; lines_.Next(line);) {
    if (mbox_ && !line.overlong && IsSeparator(line.text, after_blank)) {
      separator_.assign(line.text);
      separator_line_ = line.number;
      return true;
    }
    after_blank = !line.overlong && line.text.empty();
    Append(message, line);
  }
  done_ = true;
  return true;
}

bool MessageSplitter::Start(RawMessage& message) {
  if (!started_) {
    started_ = true;
    Line line;
    if (!lines_.Next(line)) return false;
    mbox_ = !line.overlong && line.text.starts_with(kFromLine);
    if (!mbox_) {
      Append(message, line);
      return true;
    }
    separator_.assign(line.text);
    separator_line_ = line.number;
  }
  message.line = separator_line_;
  message.envelope_date = ParseEnvelopeDate(separator_);
  return true;
}

void MessageSplitter::Append(RawMessage& message, const Line& line) {
  std::string_view text = line.text;
  if (line.overlong) message.truncated = true;
  if (mbox_ && IsEscapedFromLine(text)) text.remove_prefix(1);
  if (message.bytes.size() + text.size() + 1 > max_message_) {
    message.truncated = true;
    return;
  }
  message.bytes.append(text);
  message.bytes += '\n';
}

}  // namespace fiducia::mail

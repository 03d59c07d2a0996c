#include "common/json_writer.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "common/utf8.h"

namespace fiducia {
namespace {

// What each byte needs: 0 written as it is, 1 a short escape, 2 \u00XX, 3 the start of a
// multibyte sequence, decoded: U+2028/U+2029 and the C1 controls are escaped, invalid UTF-8 becomes
// U+FFFD (so that every string written is valid JSON, whatever reached the writer).
constexpr std::array<uint8_t, 256> kEscapeClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 2;
  t[0x7F] = 2;
  for (unsigned char c : {'<', '>', '&'}) t[c] = 2;
  for (unsigned char c : {'"', '\\', '\n', '\r', '\t'}) t[c] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[c] = 3;
  return t;
}();

void AppendUnicodeEscape(std::string& out, unsigned c) {
  constexpr char kHex[] = "0123456789abcdef";
  const char e[6] = {'\\', 'u', '0', '0', kHex[(c >> 4) & 0xF], kHex[c & 0xF]};
  out.append(e, sizeof e);
}

void AppendShortEscape(std::string& out, char c) {
  const char letter = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c;
  const char e[2] = {'\\', letter};
  out.append(e, sizeof e);
}

size_t PlainPrefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && kEscapeClass[static_cast<unsigned char>(s[i])] == 0) ++i;
  return i;
}

// Runs of bytes that need nothing are appended in one piece; most strings (keys, ids, handles)
// are one such run.
void AppendEscaped(std::string& out, std::string_view s) {
  if (PlainPrefix(s) == s.size()) {
    out.push_back('"');
    out.append(s);
    out.push_back('"');
    return;
  }
  out += '"';
  size_t plain = 0;  // start of the run not yet appended
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const uint8_t kind = kEscapeClass[c];
    const size_t start = i;
    if (kind == 0) {
      ++i;
      continue;
    }
    if (kind == 3) {
      const int32_t code = NextCodePoint(s, i);
      if (code >= 0 && !IsC1Control(code) && code != 0x2028 && code != 0x2029) continue;
      out.append(s.data() + plain, start - plain);
      if (code == 0x2028 || code == 0x2029) {
        out += code == 0x2028 ? "\\u2028" : "\\u2029";
      } else if (code >= 0) {
        AppendUnicodeEscape(out, static_cast<unsigned>(code));
      } else {
        out += kReplacementChar;
      }
    } else {
      out.append(s.data() + plain, start - plain);
      if (kind == 1) {
        AppendShortEscape(out, static_cast<char>(c));
      } else {
        AppendUnicodeEscape(out, c);
      }
      ++i;
    }
    plain = i;
  }
  out.append(s.data() + plain, s.size() - plain);
  out += '"';
}

}  // namespace

std::string JsonQuote(std::string_view s) {
  std::string out;
  AppendEscaped(out, s);
  return out;
}

void JsonWriter::Newline() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(stack_.size() * 2, ' ');
}

JsonWriter JsonWriter::ElementsOf(const JsonWriter& parent) {
  JsonWriter w(parent.pretty_);
  w.stack_ = parent.stack_;
  w.stack_.back().empty = false;  // Append drops the comma when the run is the array's first
  return w;
}

JsonWriter& JsonWriter::Append(const JsonWriter& elements) {
  if (elements.out_.empty()) return *this;
  const std::string_view run = elements.out_;
  out_ += stack_.back().empty ? run.substr(1) : run;
  stack_.back().empty = false;
  MaybeFlush();
  return *this;
}

void JsonWriter::Finish() {
  if (!sink_) return;
  sink_->write(out_.data(), static_cast<std::streamsize>(out_.size()));
  out_.clear();
}

void JsonWriter::BeforeValue() {
  MaybeFlush();
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  if (!stack_.back().empty) out_ += ',';
  stack_.back().empty = false;
  Newline();
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_ += '{';
  stack_.push_back({true});
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_ += '[';
  stack_.push_back({false});
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) Newline();
  out_ += '}';
  if (stack_.empty() && pretty_) out_ += '\n';
  MaybeFlush();
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  const bool empty = stack_.back().empty;
  stack_.pop_back();
  if (!empty) Newline();
  out_ += ']';
  MaybeFlush();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendEscaped(out_, key);
  out_ += pretty_ ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendEscaped(out_, s);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  BeforeValue();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
  out_.append(digits, end);
  return *this;
}

JsonWriter& JsonWriter::Fixed(double v, int decimals) {
  BeforeValue();
  fmt::format_to(std::back_inserter(out_), "{:.{}f}", v, decimals);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

}  // namespace fiducia

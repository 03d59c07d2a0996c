#include "common/utf8.h"

#include <simdjson.h>
#include <unicode/utf8.h>

namespace fiducia {

bool IsValidUtf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

int32_t NextCodePoint(std::string_view text, size_t& i) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const size_t length = text.size();
  UChar32 c = 0;
  U8_NEXT(bytes, i, length, c);  // header-only: no ICU library call
  return c;
}

namespace {

void AppendRepaired(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size() + 8);
  size_t run = 0;  // start of the well-formed bytes not yet appended
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t start = i;
    if (NextCodePoint(text, i) >= 0) continue;
    out.append(text.data() + run, start - run);
    out.append(kReplacementChar);
    run = i;
  }
  out.append(text.data() + run, text.size() - run);
}

}  // namespace

std::string RepairedUtf8(std::string_view text) {
  if (IsValidUtf8(text)) return std::string(text);
  std::string out;
  AppendRepaired(out, text);
  return out;
}

std::string_view RepairUtf8(std::string_view text, std::string& scratch) {
  if (IsValidUtf8(text)) return text;
  scratch.clear();
  AppendRepaired(scratch, text);
  return scratch;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, c);
  out.append(bytes, static_cast<size_t>(length));
}

}  // namespace fiducia

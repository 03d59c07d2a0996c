#include "common/terminal.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/utf8.h"

namespace fiducia {
namespace {

bool IsPlainAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7F;
  });
}

// Appends the character at text[i] (moving i past it) as a terminal may show it: C0 controls and
// DEL as \xNN (`c0_as_u`: \u00NN), C1 and bidi controls as \uNNNN, each byte of an ill-formed
// sequence as \xNN (a lone 0x9B is an escape sequence's start to an 8-bit terminal).
void AppendShown(std::string& out, std::string_view text, size_t& i, bool c0_as_u) {
  const auto byte = static_cast<unsigned char>(text[i]);
  if (byte < 0x80) {
    if (byte < 0x20 || byte == 0x7F) {
      out += c0_as_u ? fmt::format("\\u{:04x}", byte) : fmt::format("\\x{:02x}", byte);
    } else {
      out += static_cast<char>(byte);
    }
    ++i;
    return;
  }
  const size_t start = i;
  const int32_t c = NextCodePoint(text, i);
  if (c < 0) {
    for (size_t k = start; k < i; ++k) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[k]));
    }
  } else if (IsC1Control(c) || IsBidiControl(c)) {
    out += fmt::format("\\u{:04x}", c);
  } else {
    out.append(text.substr(start, i - start));
  }
}

}  // namespace

std::string TerminalSafe(std::string_view text) {
  if (IsPlainAscii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size();) AppendShown(out, text, i, false);
  return out;
}

std::string Shown(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  size_t cut = std::min(text.size(), kMaxShown);
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  const std::string_view shown = text.substr(0, cut);
  std::string out = "\"";
  for (size_t i = 0; i < shown.size();) {
    if (shown[i] == '"' || shown[i] == '\\') out += '\\';
    AppendShown(out, shown, i, true);
  }
  return out + (cut < text.size() ? "…\"" : "\"");
}

}  // namespace fiducia

#include "report/escape.h"

#include <fmt/format.h>

#include "common/utf8.h"

namespace fiducia {
namespace {

// The C0 controls and DEL a report shows as U+FFFD: all but tab and newline (and, in CSV, carriage
// return, which is part of a quoted field's line break).
bool IsHiddenControl(unsigned char byte, bool keep_cr) {
  if (byte == '\t' || byte == '\n' || (keep_cr && byte == '\r')) return false;
  return byte < 0x20 || byte == 0x7F;
}

// Appends the non-ASCII character at text[i] as a report shows it, moving i past it: invalid
// UTF-8 and C1 controls as U+FFFD, bidi controls as their visible marker, the rest as it is.
void AppendNonAscii(std::string& out, std::string_view text, size_t& i) {
  const size_t start = i;
  const int32_t c = NextCodePoint(text, i);
  if (c < 0 || IsC1Control(c)) {
    out += kReplacementChar;
  } else if (IsBidiControl(c)) {
    fmt::format_to(std::back_inserter(out), "[U+{:04X}]", c);
  } else {
    out.append(text.substr(start, i - start));
  }
}

// `text` with every control character, bidi control and invalid byte shown as above.
std::string Printable(std::string_view text, bool keep_cr) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      AppendNonAscii(out, text, i);
      continue;
    }
    if (IsHiddenControl(byte, keep_cr)) {
      out += kReplacementChar;
    } else {
      out += static_cast<char>(byte);
    }
    ++i;
  }
  return out;
}

}  // namespace

void AppendHtmlEscaped(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      AppendNonAscii(out, text, i);
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (IsHiddenControl(byte, false)) {
          out += kReplacementChar;
        } else {
          out += c;
        }
    }
    ++i;
  }
}

std::string HtmlEscaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlEscaped(out, text);
  return out;
}

std::string PrintableUtf8(std::string_view text) { return Printable(text, false); }

std::string FormulaSafe(std::string_view text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return "'" + std::string(text);
  }
  return std::string(text);
}

void AppendCsvField(std::string& out, std::string_view text) {
  const std::string safe = FormulaSafe(Printable(text, true));
  if (safe.find_first_of(",\"\r\n") == std::string::npos) {
    out += safe;
    return;
  }
  out += '"';
  for (char c : safe) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace fiducia

// Text from the inputs is meant to be UTF-8 and is not always: an export cut in the middle of a
// character, a stray byte of another encoding. Every string of an event is repaired where it enters
// (IngestSink, the canonical reader), so that nothing after that holds bytes a strict reader of the
// outputs (a JSON parser, a spreadsheet) would refuse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fiducia {

// The replacement character U+FFFD in UTF-8: what each ill-formed sequence becomes.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Whether `text` is well-formed UTF-8 (simdjson's validator, gigabytes a second).
bool IsValidUtf8(std::string_view text);

// The code point at text[i], and i moved past it; for an ill-formed sequence (a stray or missing
// continuation byte, an overlong form, a surrogate, beyond U+10FFFF) -1, and i moved past its
// maximal subpart (ICU's U8_NEXT, Unicode's recommended practice). i < text.size() on entry.
int32_t NextCodePoint(std::string_view text, size_t& i);

// The C1 controls U+0080..U+009F: some terminals act on them (U+009B starts an escape sequence).
constexpr bool IsC1Control(int32_t c) { return c >= 0x80 && c <= 0x9F; }

// The characters that steer the bidirectional algorithm (embeddings, overrides, isolates and the
// invisible marks: U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C). Customer text that
// holds them could reorder the report text around it ("Trojan Source").
constexpr bool IsBidiControl(int32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
         c == 0x200F || c == 0x061C;
}

// Appends `c` in UTF-8; a surrogate or a value past U+10FFFF, which no UTF-8 may hold, as U+FFFD.
void AppendUtf8(std::string& out, char32_t c);

// `text` with each ill-formed sequence replaced by U+FFFD; valid text comes back byte-identical.
std::string RepairedUtf8(std::string_view text);

// The same without a copy when `text` is valid (the common case: one fast check): `text` itself,
// else a view of `scratch`, which holds the repaired text until its next use.
std::string_view RepairUtf8(std::string_view text, std::string& scratch);

}  // namespace fiducia

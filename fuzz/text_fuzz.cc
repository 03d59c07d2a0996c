// Any bytes as a message's text, and as a draft for the reply coach: customer text is hostile, so
// nothing in the text pass (ICU, the stemmer, the cue scan, scope) may crash, hang or read out of
// bounds, whatever the bytes (invalid UTF-8, control characters, huge words, endless quotes).
// The input repeated into a long text (its first byte chooses how long: 1 to 256 KiB) is read
// whole as well, with no cap, so that any cost above linear in the text (issue 17: a pass that
// compared every cue with every other) shows up as a libFuzzer timeout; and through the default
// cap (InputLimits::text_bytes), as a service reads it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "coach/coach.h"
#include "text/analyser.h"

namespace {

// `unit` repeated to `bytes` (the last copy cut short).
std::string LongText(std::string_view unit, size_t bytes) {
  std::string text;
  text.reserve(bytes);
  while (text.size() + unit.size() <= bytes) text += unit;
  text += unit.substr(0, bytes - text.size());
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fiducia::TextAnalyser analyser;  // reused, as the ingest reuses it
  static fiducia::TextAnalyser uncapped(fiducia::CueMatcher::BuiltIn(), SIZE_MAX);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)analyser.Analyse(text);
  (void)fiducia::CoachJson(fiducia::CoachReply(text, analyser));
  if (size < 2) return 0;
  const std::string long_text = LongText(text.substr(1), (size_t{data[0]} + 1) << 10);
  (void)uncapped.Analyse(long_text, true);
  (void)analyser.Analyse(long_text, true);
  (void)fiducia::CoachJson(fiducia::CoachReply(long_text, analyser));
  return 0;
}

// Any bytes as a message's text, and as a draft for the reply coach: customer text is hostile, so
// nothing in the text pass (ICU, the stemmer, the cue scan, scope) may crash, hang or read out of
// bounds, whatever the bytes (invalid UTF-8, control characters, huge words, endless quotes).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coach/coach.h"
#include "text/analyser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fiducia::TextAnalyser analyser;  // reused, as the ingest reuses it
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)analyser.Analyse(text);
  (void)fiducia::CoachJson(fiducia::CoachReply(text, analyser));
  return 0;
}

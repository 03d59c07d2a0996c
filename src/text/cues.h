// The first text pass: the cues the timing rules need, found once where a message enters so that
// its text can be dropped. The full language engine (ICU, Snowball, Hyperscan) grows from here.
#pragma once

#include <cstdint>
#include <string_view>

namespace fiducia {

// Bits of fiducia::Cue found in `text` (UTF-8): reminders ("sollecito", "any update") and
// closings ("grazie mille", "ok, perfetto", an emoji alone) that need no answer.
uint32_t FindCues(std::string_view text);

}  // namespace fiducia

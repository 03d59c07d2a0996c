// Customer text is hostile: before any of it reaches a terminal, control characters (escape
// sequences can rewrite the screen or the title) are shown as \xNN instead, C1 controls (U+009B
// opens an escape sequence too) and bidi controls (they reorder the line) as \uNNNN, and each byte
// of invalid UTF-8 as \xNN.
#pragma once

#include <string>
#include <string_view>

namespace fiducia {

std::string TerminalSafe(std::string_view text);

// A value from the input as an error message shows it: quoted, cut to 40 bytes (never inside a
// UTF-8 sequence), quotes, control characters and invalid UTF-8 escaped as by
// TerminalSafe (C0 controls as \u00NN) — messages end up in terminals and logs.
std::string Shown(std::string_view text);

}  // namespace fiducia

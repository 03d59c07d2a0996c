// Customer text is hostile: before any of it reaches a terminal, control characters (escape
// sequences can rewrite the screen or the title) are shown as \xNN instead.
#pragma once

#include <string>
#include <string_view>

namespace fiducia {

std::string TerminalSafe(std::string_view text);

// A value from the input as an error message shows it: quoted, cut to 40 bytes (never inside a
// UTF-8 sequence), quotes and control characters escaped — messages end up in terminals and logs.
std::string Shown(std::string_view text);

}  // namespace fiducia

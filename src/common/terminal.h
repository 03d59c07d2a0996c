// Customer text is hostile: before any of it reaches a terminal, control characters (escape
// sequences can rewrite the screen or the title) are shown as \xNN instead.
#pragma once

#include <string>
#include <string_view>

namespace fiducia {

std::string TerminalSafe(std::string_view text);

}  // namespace fiducia

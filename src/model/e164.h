// Phone handles already written in E.164 ("+", then 8 to 15 digits, nothing else) decided
// without libphonenumber's parser, whose ICU regular expressions are the slowest step of reading
// an event, and with libphonenumber's own answer: the country calling code is found as its parser
// finds it, the number is built as its parser builds it and libphonenumber itself says whether it
// is possible. Where its parser could strip a national prefix (a country whose prefix for parsing
// is a pattern, or a number starting with the literal prefix, as "+44 0…"), or the calling code is
// unknown, the shortcut declines and the parser decides.
#pragma once

#include <string_view>

namespace fiducia {

enum class E164Verdict {
  kUndecided,  // not in the shape the shortcut decides: ask libphonenumber's parser
  kPossible,   // a possible number: the handle is already its own E.164 form
  kImpossible  // libphonenumber parses it but calls it impossible (a wrong length)
};

// `handle` without surrounding spaces.
E164Verdict DecideE164(std::string_view handle);

}  // namespace fiducia

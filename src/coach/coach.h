// The reply coach: lints one draft reply before it is sent — each wording problem with the words
// that triggered it and a better way to say it, in the draft's own language. The CLI's `fiducia
// coach` and the live server's /v1/coach call the same function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/finding.h"
#include "text/analyser.h"

namespace fiducia {

struct CoachProblem {
  Rule rule = Rule::kApologyWording;
  std::string words;   // the words that triggered it, as normalised ("ci scusiamo per il disagio")
  std::string advice;  // what to write instead, in the draft's language
};

struct CoachAdvice {
  TextLanguage language = TextLanguage::kUnknown;  // of the draft; Italian when not told
  std::vector<CoachProblem> problems;
};

CoachAdvice CoachReply(std::string_view draft, TextAnalyser& analyser);

// {"lang":"it","problems":[{"rule":…,"words":…,"advice":…}]}
std::string CoachJson(const CoachAdvice& advice);
// One problem a line, for a terminal.
std::string CoachText(const CoachAdvice& advice);

}  // namespace fiducia

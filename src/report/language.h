// The report's words in Italian and English: channel names, explanations that say what to do next,
// and the headings of the terminal summary.
#pragma once

#include <string>
#include <string_view>

#include "model/corpus.h"
#include "rules/finding.h"

namespace fiducia {

enum class Lang { kIt, kEn };

// "it" or "en"; nullopt for anything else.
std::optional<Lang> ParseLang(std::string_view s);
// The language a locale string (LANG, LC_ALL) asks for: Italian for it_*, else English.
Lang LangFromLocale(std::string_view locale);
std::string_view ToString(Lang l);

std::string_view ChannelName(Channel c, Lang lang);
std::string HumanWait(std::chrono::seconds d, Lang lang);

// One sentence a team lead can act on: what happened, and what to do next.
std::string Explain(const Finding& f, const Corpus& corpus, Lang lang);

// A fixed phrase of the terminal summary, by key ("findings", "channel", …).
std::string_view Phrase(std::string_view key, Lang lang);

}  // namespace fiducia

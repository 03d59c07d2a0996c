// The words of the reports in Italian and English: section titles and what each says, column
// titles, and each rule's name for people and explanation, under the keys of its row in
// rules/catalogue.h (rule_<name>, explain_<name>).
#pragma once

#include <string_view>

#include "report/language.h"
#include "rules/finding.h"

namespace fiducia {

// The phrase for `key` in `lang`; the key itself when there is none (tests look for that).
std::string_view Word(std::string_view key, Lang lang);
// Whether `key` has a phrase.
bool HasWord(std::string_view key);
// Whether the phrase table is sorted by key (Word() relies on it).
bool WordsAreSorted();

// "Unanswered" / "Senza risposta": a rule's name for people (its catalogue row's title_key).
std::string_view RuleTitle(Rule rule, Lang lang);

}  // namespace fiducia

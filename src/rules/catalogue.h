// The rule catalogue: one row per rule, the one place that says what a rule is. The rules, every
// report (JSON, terminal, HTML, spreadsheet, CSV), the server's alerts, the evaluation tools and
// the tests read a rule's name, family, anchor, detail, words and report keys from here; nothing
// else lists them. A newcomer finds a rule's code, words, explanation and tests from its row
// (src/README.md, "Rules").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "model/event.h"

namespace fiducia {

// The rules fiducia knows, in the order reports list them (the catalogue's order).
enum class Rule : uint8_t {
  kUnanswered,
  kLateReply,
  kChaser,
  kChannelHop,
  kApologyWording,
  kBlameShifting,
  kRefusalWithoutAlternative,
  kOvercommitment,
  kSilentNo,
  kBrokenPromise,
  kDiscordantAnswers,
  kTrustRepairIncomplete,
  kTrustAlarm,
  kAgentStrain,
  kVolumeSpike,
};
inline constexpr Rule kAllRules[] = {Rule::kUnanswered,
                                     Rule::kLateReply,
                                     Rule::kChaser,
                                     Rule::kChannelHop,
                                     Rule::kApologyWording,
                                     Rule::kBlameShifting,
                                     Rule::kRefusalWithoutAlternative,
                                     Rule::kOvercommitment,
                                     Rule::kSilentNo,
                                     Rule::kBrokenPromise,
                                     Rule::kDiscordantAnswers,
                                     Rule::kTrustRepairIncomplete,
                                     Rule::kTrustAlarm,
                                     Rule::kAgentStrain,
                                     Rule::kVolumeSpike};

// The one grouping of rules, as a team lead acts on them: the report's sections, the spreadsheet's
// sheets, the CSV files (findings_<family>.csv) and the case files' `# family:` line.
enum class Family : uint8_t {
  kSilence,      // unanswered, late replies, chasing, channel hops
  kWording,      // apologies, blame, refusals, overcommitment
  kPromises,     // silent no, broken promises
  kDiscordance,  // two truths
  kTrust,        // trust repair, trust alarms
  kTeam,         // agent strain, volume spikes
};
inline constexpr Family kAllFamilies[] = {Family::kSilence,     Family::kWording, Family::kPromises,
                                          Family::kDiscordance, Family::kTrust,   Family::kTeam};
std::string_view ToString(Family family);  // "silence", "wording", …
std::optional<Family> ParseFamily(std::string_view name);

// What Finding::detail holds, per rule.
enum class DetailKind : uint8_t {
  kNone,                // always 0
  kMissingRepairParts,  // Cue bits: which of kCueEmpathy, kCueResponsibility, kCueCommitment lack
  kFactSubject,         // the subject two answers disagree on (text/facts.h FactSubjectName)
  kMessagesInHour,      // the inbound messages of the spike's hour
};

struct RuleInfo {
  Rule rule;
  std::string_view name;  // the rule's name everywhere: JSON, CSV, case files, alert kinds
  Family family;
  std::string_view code;      // where it is judged (under src/)
  std::string_view severity;  // the severity policy, as the code applies it
  bool alerts;                // `fiducia serve` sends each new finding as an alert
  std::string_view anchor;    // what messages[0] is; the rest is evidence
  DetailKind detail;          // what Finding::detail means
  // Cue classes (data/lexicons/<lang>.tsv, first column: ToString(Cue)) whose words trigger the
  // rule; the HTML report highlights them in the evidence.
  uint32_t trigger_cues;
  // Other cue classes the rule reads (an alternative excuses a refusal, an idiom hides a cue…).
  uint32_t other_cues;
  // Keys of the report's words (report/report_words.cc): its name for people, and its explanation,
  // a template of {channel}, {to_channel}, {wait} and {target} (report/language.h Explain).
  std::string_view title_key;
  std::string_view explanation_key;
};

// Every rule's row, in kAllRules order.
std::span<const RuleInfo> RuleCatalogue();
const RuleInfo& RuleOf(Rule rule);
std::string_view ToString(Rule rule);  // RuleOf(rule).name
std::optional<Rule> ParseRule(std::string_view name);

}  // namespace fiducia

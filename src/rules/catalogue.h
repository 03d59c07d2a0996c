// The rule catalogue: one row per rule, the one place that says what a rule is. The rules, every
// report (JSON, terminal, HTML, spreadsheet, CSV), the server's alerts, the evaluation tools and
// the tests read a rule's name, family, anchor, detail, words and report keys from here; nothing
// else lists them. A newcomer finds a rule's code, words, explanation and tests from its row
// (src/README.md, "Rules").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
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

// What Finding::detail holds, per rule: the alternative of FindingDetail (rules/finding.h) with
// the same index.
enum class DetailKind : uint8_t {
  kNone,                // std::monostate
  kMissingRepairParts,  // RepairParts: the repair parts (Cue bits) the replies lack
  kFactSubject,         // FactSubject: the subject two answers disagree on
  kMessagesInHour,      // MessageCount: the inbound messages of the spike's hour
};

// How much a finding weighs with a team lead (../shared/spec/findings.md).
enum class Severity : uint8_t { kLow, kMedium, kHigh };
std::string_view ToString(Severity s);  // "low", "medium", "high"

// What a rule saw, besides the wait, that can raise its finding's severity (bits).
using Aggravations = uint8_t;
inline constexpr Aggravations kNoAggravation = 0;
inline constexpr Aggravations kCaseClosedOnIt = 1u << 0;  // the case was then closed
inline constexpr Aggravations kNeverGotBack = 1u << 1;    // nobody contacted the customer since

// A rule's severity policy: its base, one step higher (at most) when the wait measured reached
// `raise_at_target_times` times the target, or when the rule saw one of `raise_when`. Applied by
// SeverityOf (rules/finding.h), the one place a finding's severity is decided.
struct SeverityPolicy {
  Severity base;
  uint8_t raise_at_target_times = 0;  // 0: the wait does not raise it
  Aggravations raise_when = kNoAggravation;
};
// The policy in words, for people and the catalogue's documentation: "low; medium from twice the
// target".
std::string DescribeSeverity(const SeverityPolicy& policy);

struct RuleInfo {
  Rule rule;
  std::string_view name;  // the rule's name everywhere: JSON, CSV, case files, alert kinds
  Family family;
  std::string_view code;    // where it is judged (under src/)
  SeverityPolicy severity;  // applied by SeverityOf (rules/finding.h)
  bool alerts;              // `fiducia serve` sends each new finding as an alert
  std::string_view anchor;  // what messages[0] is; the rest is evidence
  DetailKind detail;        // what Finding::detail means
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

#include "rules/catalogue.h"

#include <fmt/format.h>

#include <array>
#include <iterator>

namespace fiducia {
namespace {

constexpr std::array<std::string_view, std::size(kAllFamilies)> kFamilyNames = {
    "silence", "wording", "promises", "discordance", "trust", "team"};
constexpr std::array<std::string_view, 3> kSeverityNames = {"low", "medium", "high"};

// One row per rule, in kAllRules order (checked by catalogue_test). The words' classes are the
// first column of data/lexicons/<lang>.tsv; the title and explanation keys are in
// report/report_words.cc; each rule's case files are tests/cases/<name>_*.case.
constexpr RuleInfo kCatalogue[] = {
    {Rule::kUnanswered,
     "unanswered",
     Family::kSilence,
     "rules/timing.cc",
     {Severity::kMedium, 2},
     false,
     "the request's first customer message (the evidence: the rest of the waiting request)",
     DetailKind::kNone,
     kCueNone,
     kCueClosing | kCueAcknowledgement | kCueReaction | kCueNeed,
     "rule_unanswered",
     "explain_unanswered"},
    {Rule::kLateReply,
     "late_reply",
     Family::kSilence,
     "rules/timing.cc",
     {Severity::kLow, 2},
     false,
     "the customer message that waited (the evidence: the answer)",
     DetailKind::kNone,
     kCueNone,
     kCueClosing | kCueAcknowledgement | kCueReaction | kCueNeed,
     "rule_late_reply",
     "explain_late_reply"},
    {Rule::kChaser,
     "chaser",
     Family::kSilence,
     "rules/timing.cc",
     {Severity::kMedium},
     false,
     "the chasing message (the evidence: the waiting request's first message)",
     DetailKind::kNone,
     kCueReminder,
     kCueClosing | kCueAcknowledgement | kCueReaction | kCueNeed,
     "rule_chaser",
     "explain_chaser"},
    {Rule::kChannelHop,
     "channel_hop",
     Family::kSilence,
     "rules/timing.cc",
     {Severity::kMedium},
     false,
     "the chasing message on the other channel (the evidence: the waiting request's first "
     "message)",
     DetailKind::kNone,
     kCueReminder,
     kCueClosing | kCueAcknowledgement | kCueReaction | kCueNeed,
     "rule_channel_hop",
     "explain_channel_hop"},
    {Rule::kApologyWording,
     "apology_wording",
     Family::kWording,
     "rules/wording_rules.cc",
     {Severity::kLow},
     false,
     "the reply",
     DetailKind::kNone,
     kCueApology,
     kCuePoliteness | kCueEmpathy | kCueIdiom,
     "rule_apology_wording",
     "explain_apology_wording"},
    {Rule::kBlameShifting,
     "blame_shifting",
     Family::kWording,
     "rules/wording_rules.cc",
     {Severity::kMedium},
     false,
     "the reply",
     DetailKind::kNone,
     kCueBlame,
     kCueTakesResponsibility | kCueIdiom,
     "rule_blame_shifting",
     "explain_blame_shifting"},
    {Rule::kRefusalWithoutAlternative,
     "refusal_without_alternative",
     Family::kWording,
     "rules/wording_rules.cc",
     {Severity::kMedium},
     false,
     "the reply",
     DetailKind::kNone,
     kCueRefusal | kCuePolicy,
     kCueAlternative | kCueCommitment | kCueIdiom,
     "rule_refusal_without_alternative",
     "explain_refusal_without_alternative"},
    {Rule::kOvercommitment,
     "overcommitment",
     Family::kWording,
     "rules/wording_rules.cc",
     {Severity::kMedium},
     false,
     "the reply",
     DetailKind::kNone,
     kCueOvercommitment,
     kCueIdiom,
     "rule_overcommitment",
     "explain_overcommitment"},
    {Rule::kSilentNo,
     "silent_no",
     Family::kPromises,
     "rules/trust_rules.cc",
     {Severity::kMedium, 0, kCaseClosedOnIt},
     true,
     "the message or note that raised the expectation (the evidence: later ones, and the status "
     "that closed the case)",
     DetailKind::kNone,
     kCueExpectation | kCueApproved | kCueRefused,
     kCuePromise,
     "rule_silent_no",
     "explain_silent_no"},
    {Rule::kBrokenPromise,
     "broken_promise",
     Family::kPromises,
     "rules/trust_rules.cc, deadlines in rules/deadline.cc",
     {Severity::kMedium, 0, kNeverGotBack},
     true,
     "the promising message (the evidence: the late contact, if any; Finding::deadline is when "
     "it fell due)",
     DetailKind::kNone,
     kCuePromise,
     kCueNone,
     "rule_broken_promise",
     "explain_broken_promise"},
    {Rule::kDiscordantAnswers,
     "discordant_answers",
     Family::kDiscordance,
     "rules/trust_rules.cc",
     {Severity::kHigh},
     false,
     "the later message (the evidence: the earlier one)",
     DetailKind::kFactSubject,
     kCueNone,
     kCueCorrection,
     "rule_discordant_answers",
     "explain_discordant_answers"},
    {Rule::kTrustRepairIncomplete,
     "trust_repair_incomplete",
     Family::kTrust,
     "rules/trust_rules.cc, the complaint class in rules/case_classes.cc",
     {Severity::kMedium},
     false,
     "the case's first non-auto reply",
     DetailKind::kMissingRepairParts,
     kCueDisservice,
     kCueEmpathy | kCueTakesResponsibility | kCueCommitment | kCuePromise | kCueDissatisfaction |
         kCueOutcome | kCueBlame,
     "rule_trust_repair_incomplete",
     "explain_trust_repair_incomplete"},
    {Rule::kTrustAlarm,
     "trust_alarm",
     Family::kTrust,
     "rules/trust_rules.cc",
     {Severity::kHigh},
     true,
     "the message that tipped it: the third contact in 7 days, or the threat (the evidence: the "
     "earlier contacts)",
     DetailKind::kNone,
     kCueThreat,
     kCueClosing | kCueAcknowledgement | kCueReaction | kCueNeed,
     "rule_trust_alarm",
     "explain_trust_alarm"},
    {Rule::kAgentStrain,
     "agent_strain",
     Family::kTeam,
     "rules/team_rules.cc",
     {Severity::kMedium},
     false,
     "the agent's first long hostile call of the day (the evidence: the others)",
     DetailKind::kNone,
     kCueHostility,
     kCueNone,
     "rule_agent_strain",
     "explain_agent_strain"},
    {Rule::kVolumeSpike,
     "volume_spike",
     Family::kTeam,
     "rules/team_rules.cc",
     {Severity::kLow},
     false,
     "the first inbound message of the hour (the evidence: requests of that hour answered late)",
     DetailKind::kMessagesInHour,
     kCueNone,
     kCueNone,
     "rule_volume_spike",
     "explain_volume_spike"},
};
static_assert(std::size(kCatalogue) == std::size(kAllRules));

}  // namespace

std::span<const RuleInfo> RuleCatalogue() { return kCatalogue; }

const RuleInfo& RuleOf(Rule rule) { return kCatalogue[static_cast<size_t>(rule)]; }

std::string_view ToString(Rule rule) { return RuleOf(rule).name; }

std::optional<Rule> ParseRule(std::string_view name) {
  for (const RuleInfo& row : kCatalogue) {
    if (row.name == name) return row.rule;
  }
  return std::nullopt;
}

std::string_view ToString(Severity s) { return kSeverityNames[static_cast<size_t>(s)]; }

std::string DescribeSeverity(const SeverityPolicy& policy) {
  std::string text(ToString(policy.base));
  const std::string_view raised =
      ToString(policy.base == Severity::kLow ? Severity::kMedium : Severity::kHigh);
  if (policy.raise_at_target_times == 2) {
    text += fmt::format("; {} from twice the target", raised);
  } else if (policy.raise_at_target_times > 0) {
    text += fmt::format("; {} from {} times the target", raised, policy.raise_at_target_times);
  }
  if (policy.raise_when & kCaseClosedOnIt) {
    text += fmt::format("; {} when the case was then closed", raised);
  }
  if (policy.raise_when & kNeverGotBack) {
    text += fmt::format("; {} when nobody got back to the customer", raised);
  }
  return text;
}

std::string_view ToString(Family family) { return kFamilyNames[static_cast<size_t>(family)]; }

std::optional<Family> ParseFamily(std::string_view name) {
  for (Family f : kAllFamilies) {
    if (ToString(f) == name) return f;
  }
  return std::nullopt;
}

}  // namespace fiducia

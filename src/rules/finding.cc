#include "rules/finding.h"

#include <array>
#include <iterator>

namespace fiducia {

std::string_view ToString(Severity s) {
  static constexpr std::array<std::string_view, 3> kNames = {"low", "medium", "high"};
  return kNames[static_cast<size_t>(s)];
}

std::string_view ToString(Rule r) {
  static constexpr std::array<std::string_view, std::size(kAllRules)> kNames = {
      "unanswered",
      "late_reply",
      "chaser",
      "channel_hop",
      "apology_wording",
      "blame_shifting",
      "refusal_without_alternative",
      "overcommitment",
      "silent_no",
      "broken_promise",
      "discordant_answers",
      "trust_repair_incomplete",
      "trust_alarm",
      "agent_strain",
      "volume_spike"};
  return kNames[static_cast<size_t>(r)];
}

std::string_view FamilyOf(Rule r) {
  switch (r) {
    case Rule::kUnanswered:
    case Rule::kLateReply:
    case Rule::kChaser:
    case Rule::kChannelHop:
      return kRuleFamilies[0];
    case Rule::kApologyWording:
    case Rule::kBlameShifting:
    case Rule::kRefusalWithoutAlternative:
    case Rule::kOvercommitment:
      return kRuleFamilies[1];
    case Rule::kSilentNo:
    case Rule::kBrokenPromise:
    case Rule::kDiscordantAnswers:
      return kRuleFamilies[2];
    case Rule::kTrustRepairIncomplete:
    case Rule::kTrustAlarm:
      return kRuleFamilies[3];
    case Rule::kAgentStrain:
    case Rule::kVolumeSpike:
      return kRuleFamilies[4];
  }
  return kRuleFamilies[0];
}

}  // namespace fiducia

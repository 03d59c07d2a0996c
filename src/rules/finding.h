// A finding (../shared/spec/findings.md): one practice that broke trust, anchored at a message,
// with its evidence. The words that explain it to a person are written by the report, in its
// language.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/event.h"

namespace fiducia {

enum class Severity : uint8_t { kLow, kMedium, kHigh };
std::string_view ToString(Severity s);

// The rules fiducia knows, in the order reports list them.
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
std::string_view ToString(Rule r);
// The family a rule belongs to, as reports group them: "timing" (unanswered, late_reply, chaser,
// channel_hop), "wording" (apology_wording, blame_shifting, refusal_without_alternative,
// overcommitment), "truth" (silent_no, broken_promise, discordant_answers), "trust"
// (trust_repair_incomplete, trust_alarm) and "team" (agent_strain, volume_spike).
std::string_view FamilyOf(Rule r);
inline constexpr std::string_view kRuleFamilies[] = {"timing", "wording", "truth", "trust", "team"};

struct Finding {
  Rule rule = Rule::kUnanswered;
  Severity severity = Severity::kLow;
  uint32_t timeline = 0;           // index into Timelines::customers
  uint32_t case_number = 0;        // the anchor's case
  std::vector<uint32_t> messages;  // indices into Corpus::events(); the anchor first
  std::optional<std::chrono::seconds> business_time;  // the wait, where one is measured
  // What the explanation needs: the request's channel and its target.
  Channel channel = Channel::kOther;
  std::chrono::seconds target{0};
  // Per rule: trust_repair_incomplete the cues missing (empathy, responsibility, commitment);
  // discordant_answers the subject (FactSubjectName); volume_spike the messages of the hour.
  uint32_t detail = 0;
  std::optional<Instant> deadline;  // broken_promise: when the promise fell due
};

}  // namespace fiducia

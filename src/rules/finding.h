// A finding (../shared/spec/findings.md): one practice that broke trust, anchored at a message,
// with its evidence. What each rule is, what it anchors at and what it adds: its row in
// rules/catalogue.h. The words that explain it to a person are written by the report, in its
// language.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/clock.h"
#include "model/event.h"
#include "rules/catalogue.h"

namespace fiducia {

// What a finding adds, by its rule's RuleOf(rule).detail (rules/catalogue.h): one alternative per
// DetailKind, in its order, so that a reader asks for the one it means and cannot read another.
// trust_repair_incomplete: the repair parts the replies lacked (Cue bits among kCueEmpathy,
// kCueResponsibility, kCueCommitment).
struct RepairParts {
  uint32_t missing = 0;
  bool operator==(const RepairParts&) const = default;
};
// discordant_answers: the subject two answers disagree on (text/facts.h FactSubjectName).
struct FactSubject {
  uint16_t subject = 0;
  bool operator==(const FactSubject&) const = default;
};
// volume_spike: the inbound messages of the spike's hour.
struct MessageCount {
  uint32_t messages = 0;
  bool operator==(const MessageCount&) const = default;
};
using FindingDetail = std::variant<std::monostate, RepairParts, FactSubject, MessageCount>;
inline DetailKind KindOf(const FindingDetail& detail) {
  return static_cast<DetailKind>(detail.index());
}
template <DetailKind Kind>
using DetailOf = std::variant_alternative_t<static_cast<size_t>(Kind), FindingDetail>;
static_assert(std::is_same_v<DetailOf<DetailKind::kMissingRepairParts>, RepairParts>);
static_assert(std::is_same_v<DetailOf<DetailKind::kFactSubject>, FactSubject>);
static_assert(std::is_same_v<DetailOf<DetailKind::kMessagesInHour>, MessageCount>);

// The members are ordered so that the small ones share words: the live server keeps millions.
struct Finding {
  Rule rule = Rule::kUnanswered;
  Severity severity = Severity::kLow;  // SeverityOf, once the rule has measured what it reads
  Channel channel = Channel::kOther;   // the request's channel, for the explanation
  uint32_t timeline = 0;               // index into Timelines::customers
  uint32_t case_number = 0;            // the anchor's case
  // The alternative of the rule's RuleOf(rule).detail; std::monostate for rules with none.
  FindingDetail detail;
  std::vector<uint32_t> messages;  // indices into Corpus::events(); the anchor first
  std::optional<std::chrono::seconds> business_time;  // the wait, where one is measured
  std::chrono::seconds target{0};   // the request's target, for the explanation and the severity
  std::optional<Instant> deadline;  // broken_promise: when the promise fell due
};

// The severity of `f` by its rule's policy (RuleOf(f.rule).severity): the base, raised one step
// when f.business_time reached the policy's multiple of f.target or when `seen` holds one of the
// policy's aggravations. Every rule calls it once it has set the finding's wait and target.
Severity SeverityOf(const Finding& f, Aggravations seen = kNoAggravation);

}  // namespace fiducia

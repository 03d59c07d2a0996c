// A finding (../shared/spec/findings.md): one practice that broke trust, anchored at a message,
// with its evidence. What each rule is, what it anchors at and what it adds: its row in
// rules/catalogue.h. The words that explain it to a person are written by the report, in its
// language.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/event.h"
#include "rules/catalogue.h"

namespace fiducia {

enum class Severity : uint8_t { kLow, kMedium, kHigh };
std::string_view ToString(Severity s);

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
  // What it holds is the rule's RuleOf(rule).detail (rules/catalogue.h): the repair parts missing,
  // the subject two answers disagree on, the messages of a spike's hour; 0 for the other rules.
  uint32_t detail = 0;
  std::optional<Instant> deadline;  // broken_promise: when the promise fell due
};

}  // namespace fiducia

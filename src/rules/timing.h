// The timing rules: unanswered, late_reply, chaser and channel_hop (docs/rules.md). A pure function
// of one customer's timeline, the business calendar and the moment of judgement.
#pragma once

#include <array>
#include <chrono>
#include <vector>

#include "calendar/business_calendar.h"
#include "model/corpus.h"
#include "rules/finding.h"
#include "timeline/timeline.h"

namespace fiducia {

struct TimingPolicy {
  // First and next reply targets per channel, in business time (index: Channel).
  std::array<std::chrono::seconds, kChannelCount> reply_target{};
  // A missed call waits this long for a call back.
  std::chrono::seconds call_back_target = std::chrono::hours(4);
  // A customer writing again this long after a waiting request is chasing it.
  std::chrono::seconds chaser_min_gap = std::chrono::hours(1);

  static TimingPolicy Defaults();
};

// How one request went: the one record every view reads for service levels, waits and targets
// (the report model, the terminal summary, the server's waiting list). 24 bytes.
struct RequestOutcome {
  uint32_t anchor = 0;  // index into Corpus::events()
  uint32_t case_number = 0;
  Channel channel = Channel::kOther;  // the anchor's
  bool answered = false;
  bool within_target = false;  // wait <= target
  // The request's target (RequestTarget), in business time; 32 bits fit in the padding.
  std::chrono::duration<int32_t> target{0};
  std::chrono::seconds wait{0};  // business time to the answer, or to as_of while waiting
};
static_assert(sizeof(RequestOutcome) == 24, "millions of requests: keep it small");

struct TimingResult {
  std::vector<Finding> findings;
  std::vector<RequestOutcome> requests;
};

struct TimingContext {
  const Corpus& corpus;
  const BusinessCalendar& calendar;
  const TimingPolicy& policy;
  Instant as_of;
};

// Why a customer's message asks nothing of the company, or Act::kNeedsAnswer when it does: a
// closing or thanks, an acknowledgement, a reaction (the act of the text pass), a public post not
// addressed to the company (the reader's). Such a message opens no request, joins none and chases
// none, and is no contact of trust_alarm; a call, taken or missed, is always a request, and so is a
// message without text. The one place this is decided: the timing rules, trust_alarm, the audit
// JSON and the evaluation (tools/blind_eval.cc) all read it.
inline Act NoAnswerReason(const Event& e) {
  if (e.IsMissedCall() || e.IsHandledCall() || !e.has_text) return Act::kNeedsAnswer;
  return e.act;
}
inline bool NeedsNoAnswer(const Event& e) { return NoAnswerReason(e) != Act::kNeedsAnswer; }

// A request's target, from its first message: a missed call waits for a call back
// (call_back_target), any other request for a reply on its channel (reply_target). The one
// definition: the timing rules time requests with it and record it in RequestOutcome::target.
inline std::chrono::seconds RequestTarget(const TimingPolicy& policy, const Event& anchor) {
  if (anchor.IsMissedCall()) return policy.call_back_target;
  return policy.reply_target[static_cast<size_t>(anchor.channel)];
}

TimingResult JudgeTiming(const TimingContext& ctx, const Timeline& timeline,
                         uint32_t timeline_index);

}  // namespace fiducia

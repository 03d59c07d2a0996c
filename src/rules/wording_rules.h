// The wording rules over one customer's timeline: every company reply (outbound messages, and the
// summaries of calls an agent handled) judged on its own words. Automatic messages are left out:
// a bot's template is fixed once, not flagged on every send.
#pragma once

#include <vector>

#include "rules/finding.h"
#include "rules/timing.h"
#include "timeline/timeline.h"

namespace fiducia {

std::vector<Finding> JudgeWording(const TimingContext& ctx, const Timeline& timeline,
                                  uint32_t timeline_index);

}  // namespace fiducia

// The rules of one truth and kept promises over one customer's timeline
// (../shared/spec/findings.md): silent_no, broken_promise, discordant_answers,
// trust_repair_incomplete and trust_alarm. Pure functions of the timeline, the facts and cues its
// events carry, the business calendar and the moment of judgement.
#pragma once

#include <cstdint>
#include <vector>

#include "rules/finding.h"
#include "rules/timing.h"
#include "timeline/timeline.h"

namespace fiducia {

// Counts that are no findings but belong in the report.
struct TrustTally {
  uint64_t corrections = 0;  // a changed fact the company corrected explicitly ("rettifico")
  uint64_t promises_kept = 0, promises_broken = 0, promises_pending = 0;
  TrustTally& operator+=(const TrustTally& o) {
    corrections += o.corrections;
    promises_kept += o.promises_kept;
    promises_broken += o.promises_broken;
    promises_pending += o.promises_pending;
    return *this;
  }
};

struct TrustResult {
  std::vector<Finding> findings;
  TrustTally tally;
};

TrustResult JudgeTrust(const TimingContext& ctx, const Timeline& timeline, uint32_t timeline_index);

}  // namespace fiducia

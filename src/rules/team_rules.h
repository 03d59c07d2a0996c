// The rules over the whole team rather than one customer (../shared/spec/findings.md):
// agent_strain (per agent and day) and volume_spike (per channel and clock hour), and the per-agent
// daily load table that comes with agent_strain.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "rules/finding.h"
#include "rules/timing.h"
#include "timeline/timeline.h"

namespace fiducia {

struct TeamPolicy {
  std::chrono::seconds long_call = std::chrono::minutes(10);
  int strained_calls = 2;  // long hostile calls in one day that make a finding
  double spike_ratio = 3.0;
  int spike_min_excess = 10;
  int spike_min_days = 5;  // previous business days needed for a baseline
};

// One agent's day, in the calendar's time zone.
struct AgentDay {
  Symbol agent = kNoSymbol;
  date::local_days day;
  uint32_t messages = 0;       // outbound messages written
  uint32_t calls = 0;          // calls handled
  uint32_t call_seconds = 0;   // their length
  uint32_t hostile_calls = 0;  // long calls with a hostile customer
};

struct TeamResult {
  std::vector<Finding> findings;
  std::vector<AgentDay> agent_days;  // by agent name, then day
};

// `late_replies`: the audit's late_reply findings, linked to the spike they fell in. With
// `threads` > 1 the two rules run side by side (the same findings).
TeamResult JudgeTeam(const TimingContext& ctx, const TeamPolicy& policy, const Timelines& timelines,
                     const std::vector<Finding>& late_replies, unsigned threads = 1);

}  // namespace fiducia

// The rules over the whole team rather than one customer (../shared/spec/findings.md):
// agent_strain (per agent and day) and volume_spike (per channel and clock hour), and the per-agent
// daily load table that comes with agent_strain.
#pragma once

#include <chrono>
#include <cstdint>
#include <unordered_map>
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

// The aggregates the team rules read: each agent's days (load, long hostile calls) and each
// channel's local hours (inbound messages), from the events of the customers' timelines. Events are
// added and taken out one at a time, so the live guard keeps it as customers are judged again (an
// event touches its agent's day and its channel's hour only); Judge reads the aggregates, never
// the corpus's events, and gives the findings JudgeTeam gives for the same events.
class TeamTally {
 public:
  TeamTally(const Corpus& corpus, const BusinessCalendar& calendar, const TeamPolicy& policy)
      : corpus_(corpus), calendar_(calendar), policy_(policy) {}

  // An event of a timeline counted in (each at most once) or out (only one counted in).
  void Add(uint32_t event) { Count(event, +1); }
  void Remove(uint32_t event) { Count(event, -1); }
  // Events counted in or out so far: what the live guard's updates cost.
  uint64_t changes() const { return changes_; }

  // `timelines`: where the findings' anchors sit (their customer and case); `late_replies`: the
  // late_reply findings in time order, linked to the spike they fell in.
  TeamResult Judge(const Timelines& timelines, const std::vector<Finding>& late_replies) const;

 private:
  struct Load {
    AgentDay day;
    uint32_t events = 0;            // the agent's events of that day counted in
    std::vector<uint32_t> hostile;  // its long hostile calls, any order
  };
  void Count(uint32_t event, int sign);
  void CountLoad(const Event& e, uint32_t event, int sign);
  void CountHour(const Event& e, uint32_t event, int sign);
  date::local_seconds LocalHour(Instant t) const;
  void AgentStrain(const Timelines& timelines, TeamResult& out) const;
  void VolumeSpikes(const Timelines& timelines, const std::vector<Finding>& late_replies,
                    TeamResult& out) const;

  const Corpus& corpus_;
  const BusinessCalendar& calendar_;
  const TeamPolicy& policy_;
  std::unordered_map<uint64_t, Load> loads_;  // (agent symbol, day number) -> load
  // (channel, local hour) -> its inbound messages, any order (the first is found when judged).
  std::unordered_map<uint64_t, std::vector<uint32_t>> hours_;
  uint64_t changes_ = 0;
};

// Every event of `timelines` tallied, then judged: what the audit runs. `late_replies`: the
// audit's late_reply findings in time order, linked to the spike they fell in.
TeamResult JudgeTeam(const TimingContext& ctx, const TeamPolicy& policy, const Timelines& timelines,
                     const std::vector<Finding>& late_replies);

}  // namespace fiducia

// What judging and reading need: the business calendar, reply targets per channel, rule
// thresholds, who the company is and how exports are read, the limits of one input, and the cue
// lists. `fiducia audit`, the reports, the tools and `fiducia serve` judge with it; the TOML that
// sets it is read in src/config (which sits above this library, not below it). Every member's
// default is that of ../shared/spec/findings.md.
#pragma once

#include <memory>
#include <string>

#include "calendar/business_calendar.h"
#include "common/input_limits.h"
#include "rules/team_rules.h"
#include "rules/timing.h"
#include "sources/settings.h"
#include "text/cue_matcher.h"
#include "timeline/timeline.h"

namespace fiducia {

struct AuditPolicy {
  BusinessCalendar calendar = BusinessCalendar::Default();
  TimingPolicy timing = TimingPolicy::Defaults();
  ThreadingPolicy threading;
  TeamPolicy team;                  // agent_strain and volume_spike thresholds
  SourceSettings sources;           // who the company is, local time of exports, call log columns
  InputLimits limits;               // [limits]: the date window and the sizes read of one input
  std::string phone_region = "IT";  // for phone numbers written without a country code
  // The built-in cue lists with the config's additions and removals ([cues.it], [cues.en]),
  // compiled; null when the config changes none (the built-in database is used).
  std::shared_ptr<const CueMatcher> cues;
};

}  // namespace fiducia

// The audit's configuration, read from TOML: the business calendar, reply targets per channel,
// rule thresholds, which handles and names are the company, how exports are read, and the report
// language. Every key is
// optional; the defaults are those of ../shared/spec/findings.md.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/business_calendar.h"
#include "common/status.h"
#include "rules/team_rules.h"
#include "rules/timing.h"
#include "sources/settings.h"
#include "text/cue_matcher.h"
#include "timeline/timeline.h"

namespace fiducia {

// `fiducia serve`'s alerts: where they go and when a wait is worth one.
struct AlertPolicy {
  std::vector<std::string> slack;     // Slack-compatible incoming webhooks: {"text": "…"}
  std::vector<std::string> webhooks;  // generic JSON webhooks: the alert's fields
  double warn_at = 0.8;               // a waiting request's share of its target that warns
  std::chrono::seconds check_every = std::chrono::seconds(30);
};

struct AuditConfig {
  BusinessCalendar calendar = BusinessCalendar::Default();
  TimingPolicy timing = TimingPolicy::Defaults();
  ThreadingPolicy threading;
  TeamPolicy team;                  // agent_strain and volume_spike thresholds
  AlertPolicy alerts;               // fiducia serve: webhooks and the warning point
  SourceSettings sources;           // who the company is, local time of exports, call log columns
  std::string phone_region = "IT";  // for phone numbers written without a country code
  std::string lang;                 // "it" or "en"; empty: decided by the command line or locale
  // The built-in cue lists with the config's additions and removals ([cues.it], [cues.en]),
  // compiled; null when the config changes none (the built-in database is used).
  std::shared_ptr<const CueMatcher> cues;
};

// Parses TOML text; `source` names it in errors ("fiducia.toml:12: …"). Unknown keys are errors,
// so that a typo does not silently leave a default in place.
Result<AuditConfig> ParseConfig(std::string_view toml_text, std::string_view source);
Result<AuditConfig> LoadConfig(const std::string& path);

// A complete, commented, ready-to-edit config file holding `config`'s values.
std::string FormatConfig(const AuditConfig& config);

}  // namespace fiducia

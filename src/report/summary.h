// The terminal summary of an audit: counts per rule and per channel, the share of requests
// answered within target per channel, and the longest waits.
#pragma once

#include <chrono>
#include <string>

#include "audit/audit.h"
#include "config/config.h"
#include "report/language.h"

namespace fiducia {

struct SummaryOptions {
  Lang lang = Lang::kEn;
  size_t longest_waits = 5;
  std::chrono::milliseconds elapsed{-1};  // shown when not negative
  bool colour = false;                    // ANSI colours, for a terminal
};

std::string TerminalSummary(const AuditResult& result, const AuditConfig& config,
                            const SummaryOptions& options);

}  // namespace fiducia

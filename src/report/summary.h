// The terminal summary of an audit: counts per rule and per channel, the share of requests
// answered within target per channel, and the longest waits; every figure the report model's
// (ReportDepth::kSummary is enough), as the other forms show them.
#pragma once

#include <chrono>
#include <string>

#include "audit/audit.h"
#include "audit/audit_policy.h"
#include "report/language.h"
#include "report/report_model.h"

namespace fiducia {

struct SummaryOptions {
  Lang lang = Lang::kEn;
  size_t longest_waits = 5;
  std::chrono::milliseconds elapsed{-1};  // shown when not negative
  bool colour = false;                    // ANSI colours, for a terminal
};

std::string TerminalSummary(const ReportModel& model, const SummaryOptions& options);
// The same, with a model built for it.
std::string TerminalSummary(const AuditResult& result, const AuditPolicy& config,
                            const SummaryOptions& options);

}  // namespace fiducia

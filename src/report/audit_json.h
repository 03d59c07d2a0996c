// The audit as the JSON of ../shared/spec/findings.md: deterministic (same input, same bytes).
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "audit/audit.h"
#include "audit/audit_policy.h"
#include "report/language.h"
#include "report/report_model.h"

namespace fiducia {

// The JSON of the model's audit; its figures (findings per rule, the grid) are the model's, as
// every other form shows them. ReportDepth::kSummary is enough.
std::string AuditJson(const ReportModel& model, Lang lang);
// The same, with a model built for it.
std::string AuditJson(const AuditResult& result, const AuditPolicy& config, Lang lang);

// The same bytes, streamed to `out` as they are made (about 1 MiB at a time): the report is never
// held whole. Fails when `out` does.
Status WriteAuditJson(const ReportModel& model, Lang lang, std::ostream& out);

// The findings `keep` accepts, as AuditJson writes its "findings" array: {"findings": […]}.
std::string FindingsJson(const AuditResult& result, const AuditPolicy& config, Lang lang,
                         const std::function<bool(const Finding&)>& keep);

}  // namespace fiducia

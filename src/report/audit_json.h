// The audit as the JSON of ../shared/spec/findings.md: deterministic (same input, same bytes).
#pragma once

#include <functional>
#include <string>

#include "audit/audit.h"
#include "config/config.h"
#include "report/language.h"

namespace fiducia {

std::string AuditJson(const AuditResult& result, const AuditConfig& config, Lang lang);

// The findings `keep` accepts, as AuditJson writes its "findings" array: {"findings": […]}.
std::string FindingsJson(const AuditResult& result, const AuditConfig& config, Lang lang,
                         const std::function<bool(const Finding&)>& keep);

}  // namespace fiducia

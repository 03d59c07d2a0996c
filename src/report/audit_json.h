// The audit as the JSON of ../shared/spec/findings.md: deterministic (same input, same bytes).
#pragma once

#include <string>

#include "audit/audit.h"
#include "config/config.h"
#include "report/language.h"

namespace fiducia {

std::string AuditJson(const AuditResult& result, const AuditConfig& config, Lang lang);

}  // namespace fiducia

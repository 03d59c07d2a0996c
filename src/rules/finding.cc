#include "rules/finding.h"

namespace fiducia {

Severity SeverityOf(const Finding& f, Aggravations seen) {
  const SeverityPolicy& policy = RuleOf(f.rule).severity;
  const bool long_wait = policy.raise_at_target_times > 0 && f.business_time &&
                         *f.business_time >= policy.raise_at_target_times * f.target;
  const bool aggravated = (seen & policy.raise_when) != 0;
  if (!long_wait && !aggravated) return policy.base;
  return policy.base == Severity::kLow ? Severity::kMedium : Severity::kHigh;
}

}  // namespace fiducia

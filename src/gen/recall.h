// Recall of the planted defects: the label file fiducia-gen wrote against the findings of
// `fiducia audit --json` on the same corpus. A label is found when a finding of its rule has its
// anchor as messages[0].
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include "common/status.h"
#include "gen/generator.h"

namespace fiducia::gen {

struct RuleRecall {
  uint64_t planted = 0;
  uint64_t found = 0;     // planted and reported with the same anchor
  uint64_t reported = 0;  // findings of the rule in the audit
};

struct RecallReport {
  std::array<RuleRecall, kRuleCount> rules{};
  // One line a rule: planted, found, recall; then the total.
  std::string ToText() const;
};

Result<RecallReport> ComputeRecall(const std::filesystem::path& labels,
                                   const std::filesystem::path& audit_json);

}  // namespace fiducia::gen

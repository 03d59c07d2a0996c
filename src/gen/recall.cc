#include "gen/recall.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <optional>
#include <string_view>
#include <unordered_set>

namespace fiducia::gen {
namespace {

std::optional<size_t> RuleIndex(std::string_view name) {
  for (Rule r : kAllRules) {
    if (ToString(r) == name) return static_cast<size_t>(r);
  }
  return std::nullopt;
}

std::string Key(size_t rule, std::string_view anchor) {
  std::string key(1, static_cast<char>('a' + rule));
  key += anchor;
  return key;
}

Status Bad(const std::filesystem::path& path, std::string_view what) {
  return Status::InvalidInput(fmt::format("{}: {}", path.string(), what));
}

// (rule, anchor) of every finding in the audit JSON, and the count per rule.
Result<std::unordered_set<std::string>> Findings(const std::filesystem::path& path,
                                                 RecallReport& report) {
  simdjson::padded_string json;
  if (simdjson::padded_string::load(path.string()).get(json)) return Bad(path, "cannot read");
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  simdjson::ondemand::array findings;
  if (parser.iterate(json).get(doc) || doc["findings"].get_array().get(findings)) {
    return Bad(path, "no findings array (not fiducia audit --json output)");
  }
  std::unordered_set<std::string> keys;
  for (auto finding : findings) {
    std::string_view rule, anchor;
    simdjson::ondemand::array messages;
    if (finding["rule"].get_string().get(rule)) return Bad(path, "a finding without a rule");
    const auto index = RuleIndex(rule);
    if (finding["messages"].get_array().get(messages)) return Bad(path, "no messages");
    for (auto m : messages) {
      if (m.get_string().get(anchor)) return Bad(path, "a message id that is no string");
      break;
    }
    if (!index) continue;  // a rule this build does not know
    ++report.rules[*index].reported;
    keys.insert(Key(*index, anchor));
  }
  return keys;
}

}  // namespace

Result<RecallReport> ComputeRecall(const std::filesystem::path& labels,
                                   const std::filesystem::path& audit_json) {
  RecallReport report;
  auto found = Findings(audit_json, report);
  if (!found.ok()) return found.status();
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  if (parser.load_many(labels.string()).get(stream)) return Bad(labels, "cannot read");
  for (auto doc : stream) {
    std::string_view rule, anchor;
    if (doc["rule"].get(rule) || doc["anchor"].get(anchor)) return Bad(labels, "a bad label");
    const auto index = RuleIndex(rule);
    if (!index) return Bad(labels, fmt::format("unknown rule '{}'", rule));
    ++report.rules[*index].planted;
    report.rules[*index].found += found->count(Key(*index, anchor));
  }
  return report;
}

std::string RecallReport::ToText() const {
  std::string out = fmt::format("{:<28} {:>9} {:>9} {:>8} {:>9}\n", "rule", "planted", "found",
                                "recall", "reported");
  RuleRecall total;
  for (Rule r : kAllRules) {
    const RuleRecall& x = rules[static_cast<size_t>(r)];
    const double recall = x.planted ? double(x.found) / double(x.planted) : 0.0;
    out += fmt::format("{:<28} {:>9} {:>9} {:>7.1f}% {:>9}\n", ToString(r), x.planted, x.found,
                       100 * recall, x.reported);
    total.planted += x.planted;
    total.found += x.found;
    total.reported += x.reported;
  }
  const double recall = total.planted ? double(total.found) / double(total.planted) : 0.0;
  out += fmt::format("{:<28} {:>9} {:>9} {:>7.1f}% {:>9}\n", "all", total.planted, total.found,
                     100 * recall, total.reported);
  return out;
}

}  // namespace fiducia::gen

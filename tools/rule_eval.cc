// Precision and recall of every rule over a set of labelled conversations (case files, see
// tests/case_file.h): data/devset/conversations by default, written blind from the spec. A found
// finding is right when a finding of that rule with that anchor is expected; only the rules of
// each file's family are judged.
//   rule_eval [DIR|FILE.case…] [--errors]
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "audit/audit.h"
#include "case_file.h"
#include "common/time_text.h"
#include "config/config.h"

namespace fs = std::filesystem;
using namespace fiducia;

namespace {

struct Score {
  int tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 1.0; }
};

using Labels = std::multiset<std::pair<std::string, std::string>>;  // (rule, anchor)

std::optional<Labels> Found(const testing::CaseFile& c, std::string& error) {
  const fs::path events = fs::temp_directory_path() /
                          fmt::format("fiducia-eval-{}.jsonl", fs::path(c.path).stem().string());
  std::ofstream(events) << c.events;
  auto config = ParseConfig(c.config, c.path);
  if (!config.ok()) {
    error = config.status().message();
    return std::nullopt;
  }
  AuditOptions options;
  options.inputs = {events.string()};
  options.strict = true;
  if (!c.as_of.empty()) options.as_of = ParseRfc3339(c.as_of)->at;
  auto result = RunAudit(options, config->audit);
  fs::remove(events);
  if (!result.ok()) {
    error = result.status().message();
    return std::nullopt;
  }
  Labels found;
  for (const Finding& f : (*result)->findings) {
    if (!testing::Compares(c, f.rule)) continue;
    found.emplace(ToString(f.rule),
                  (*result)->corpus.IdOf((*result)->corpus.events()[f.messages[0]]));
  }
  return found;
}

std::vector<std::string> CaseFiles(const std::vector<std::string>& args) {
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (!fs::is_directory(a)) {
      files.push_back(a);
      continue;
    }
    for (const auto& entry : fs::directory_iterator(a)) {
      if (entry.path().extension() == ".case") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args;
  bool errors = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--errors") {
      errors = true;
    } else {
      args.emplace_back(argv[i]);
    }
  }
  if (args.empty()) args.emplace_back("data/devset/conversations");
  std::map<std::string, Score> scores;
  const auto files = CaseFiles(args);
  for (const std::string& path : files) {
    std::string error;
    auto c = testing::ReadCaseFile(path, error);
    auto found = c ? Found(*c, error) : std::nullopt;
    if (!found) {
      fmt::print(stderr, "{}: {}\n", path, error);
      return 2;
    }
    Labels expected;
    for (const auto& e : c->expected) expected.emplace(e.rule, e.messages.front());
    for (const auto& label : expected) {
      const bool hit = found->count(label) > 0;
      (hit ? scores[label.first].tp : scores[label.first].fn)++;
      if (hit) found->erase(found->find(label));
      if (!hit && errors) fmt::print("MISSED {} {} in {}\n", label.first, label.second, path);
    }
    for (const auto& label : *found) {
      scores[label.first].fp++;
      if (errors) fmt::print("FALSE  {} {} in {}\n", label.first, label.second, path);
    }
  }
  fmt::print("{} conversations\n\n", files.size());
  for (Rule rule : kAllRules) {
    const auto it = scores.find(std::string(ToString(rule)));
    if (it == scores.end()) continue;
    const Score& s = it->second;
    fmt::print("  {:<28} P {:.2f} R {:.2f}  (tp {} fp {} fn {})\n", ToString(rule), s.Precision(),
               s.Recall(), s.tp, s.fp, s.fn);
  }
  return 0;
}

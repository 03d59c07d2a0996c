// Runs every tests/cases/*.case through the whole audit (reader, timelines, rules) and compares
// the findings with the file's expectations, exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "audit/audit.h"
#include "case_file.h"
#include "common/time_text.h"
#include "config/config.h"
#include "rules/case_classes.h"
#include "rules/deadline.h"
#include "rules/finding.h"
#include "rules/timing.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using testing::CaseFile;
using testing::ExpectedFinding;

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(FIDUCIA_SOURCE_DIR "/tests/cases")) {
    if (entry.path().extension() == ".case") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Describe(const std::string& rule, const std::vector<std::string>& ids,
                     std::optional<long long> secs) {
  std::string out = rule + " ";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + ids[i];
  return secs ? out + " " + std::to_string(*secs) : out;
}

// What the audit found in the case's family, written as the case file would write it.
std::vector<ExpectedFinding> Found(const AuditResult& r, const CaseFile& c) {
  std::vector<ExpectedFinding> found;
  for (const auto& f : r.findings) {
    if (!Compares(c, f.rule)) continue;
    ExpectedFinding e{std::string(ToString(f.rule)), {}, std::nullopt};
    for (uint32_t m : f.messages) e.messages.emplace_back(r.corpus.IdOf(r.corpus.events()[m]));
    if (f.business_time) e.business_seconds = f.business_time->count();
    found.push_back(std::move(e));
  }
  return found;
}

bool Matches(const ExpectedFinding& want, const ExpectedFinding& got) {
  if (want.rule != got.rule || want.messages.front() != got.messages.front()) return false;
  if (want.messages.size() > 1 && want.messages != got.messages) return false;
  return !want.business_seconds || want.business_seconds == got.business_seconds;
}

std::unique_ptr<AuditResult> RunCase(const CaseFile& c) {
  const fs::path events =
      fs::temp_directory_path() / ("fiducia-case-" + fs::path(c.path).stem().string() + ".jsonl");
  std::ofstream(events) << c.events;
  auto config = ParseConfig(c.config, c.path + " (config)");
  EXPECT_TRUE(config.ok()) << config.status().message();
  AuditOptions options;
  options.inputs = {events.string()};
  options.strict = true;  // a case file's events must all be valid
  if (!c.as_of.empty()) options.as_of = ParseRfc3339(c.as_of)->at;
  auto result = RunAudit(options, config.ok() ? config->audit : AuditPolicy{});
  fs::remove(events);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? std::move(result).value() : nullptr;
}

class RuleCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RuleCaseTest, FindsExactlyWhatIsExpected) {
  std::string error;
  const auto c = testing::ReadCaseFile(GetParam(), error);
  ASSERT_TRUE(c) << GetParam() << ": " << error;
  const auto result = RunCase(*c);
  ASSERT_TRUE(result);
  // Each finding's detail is the alternative its catalogue row names.
  for (const Finding& f : result->findings) {
    EXPECT_EQ(KindOf(f.detail), RuleOf(f.rule).detail) << c->title << ": " << ToString(f.rule);
  }
  std::vector<ExpectedFinding> found = Found(*result, *c);
  std::vector<bool> used(found.size(), false);
  for (const auto& want : c->expected) {
    bool matched = false;
    for (size_t i = 0; i < found.size() && !matched; ++i) {
      if (!used[i] && Matches(want, found[i])) matched = used[i] = true;
    }
    EXPECT_TRUE(matched) << c->title << "\n  missing: "
                         << Describe(want.rule, want.messages, want.business_seconds);
  }
  for (size_t i = 0; i < found.size(); ++i) {
    EXPECT_TRUE(used[i]) << c->title << "\n  unexpected: "
                         << Describe(found[i].rule, found[i].messages, found[i].business_seconds);
  }
}

// The case's other labels hold as well: each `# act:` (whether the message needs an answer), each
// `# complaint:` (the case's class) and each `# promise:` (a promise with that deadline). They
// were read and never compared, so a class a case file claimed could not fail.
TEST_P(RuleCaseTest, AgreesWithItsActComplaintAndPromiseLabels) {
  std::string error;
  const auto c = testing::ReadCaseFile(GetParam(), error);
  ASSERT_TRUE(c) << GetParam() << ": " << error;
  if (c->acts.empty() && c->complaints.empty() && c->promises.empty()) return;
  const auto result = RunCase(*c);
  ASSERT_TRUE(result);
  const Corpus& corpus = result->corpus;
  const auto event_of = [&](const std::string& id) -> const Event* {
    for (const Event& e : corpus.events()) {
      if (corpus.IdOf(e) == id) return &e;
    }
    return nullptr;
  };
  for (const auto& act : c->acts) {
    const Event* e = event_of(act.id);
    ASSERT_NE(e, nullptr) << c->title << ": act of an unknown id " << act.id;
    EXPECT_EQ(!NeedsNoAnswer(*e), act.needs_answer)
        << c->title << "\n  act " << act.id << " labelled "
        << (act.needs_answer ? "answer" : "none") << " (" << act.reason << ")";
  }
  for (const auto& label : c->complaints) {
    std::optional<std::string> found;
    for (const Timeline& t : result->timelines.customers) {
      for (const Case& k : t.cases) {
        if (found || k.conversation == kNoSymbol ||
            corpus.symbols().Name(k.conversation) != label.conversation)
          continue;
        found = std::string(ComplaintOf(corpus, k).value_or("none"));
      }
    }
    EXPECT_EQ(found.value_or("missing"), label.complaint_class)
        << c->title << "\n  complaint class of " << label.conversation;
  }
  AuditPolicy policy;
  if (auto config = ParseConfig(c->config, c->path); config.ok()) policy = config->audit;
  for (const auto& label : c->promises) {
    const Event* e = event_of(label.id);
    ASSERT_NE(e, nullptr) << c->title << ": promise of an unknown id " << label.id;
    const auto due = PromiseDeadline(corpus, *e, policy.calendar);
    const auto want = ParseRfc3339(label.deadline);
    ASSERT_TRUE(want.ok()) << c->title << ": " << label.deadline;
    EXPECT_TRUE(due && *due == want->at)
        << c->title << "\n  promise " << label.id << " due " << label.deadline << ", found "
        << (due ? FormatRfc3339(*due, want->offset) : "none");
  }
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cases, RuleCaseTest, ::testing::ValuesIn(CaseFiles()), CaseName);

TEST(RuleCaseFilesTest, EveryRuleHasPositivesAndNearMisses) {
  std::set<std::string> positives;
  size_t near_misses = 0;
  for (const auto& path : CaseFiles()) {
    std::string error;
    const auto c = testing::ReadCaseFile(path, error);
    ASSERT_TRUE(c) << path << ": " << error;
    for (const auto& e : c->expected) positives.insert(e.rule);
    near_misses += c->expect_none ? 1 : 0;
  }
  EXPECT_GE(CaseFiles().size(), 40u);  // the timing rules alone have more
  EXPECT_GE(near_misses, 10u);
  for (Rule r : kAllRules) EXPECT_TRUE(positives.count(std::string(ToString(r)))) << ToString(r);
}

}  // namespace
}  // namespace fiducia

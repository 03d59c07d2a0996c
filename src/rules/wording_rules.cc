#include "rules/wording_rules.h"

#include "rules/wording.h"

namespace fiducia {
namespace {

struct WordingCheck {
  Rule rule;
  bool (*breaks)(uint32_t cues);
};

constexpr WordingCheck kChecks[] = {
    {Rule::kApologyWording, BreaksApologyWording},
    {Rule::kBlameShifting, BreaksBlameShifting},
    {Rule::kRefusalWithoutAlternative, BreaksRefusalWithoutAlternative},
    {Rule::kOvercommitment, BreaksOvercommitment},
};

}  // namespace

std::vector<Finding> JudgeWording(const TimingContext& ctx, const Timeline& timeline,
                                  uint32_t timeline_index) {
  std::vector<Finding> findings;
  for (size_t p = 0; p < timeline.events.size(); ++p) {
    const uint32_t i = timeline.events[p];
    const Event& e = ctx.corpus.events()[i];
    if (!AreCompanyWords(e)) continue;
    for (const WordingCheck& check : kChecks) {
      if (!check.breaks(e.cues)) continue;
      Finding f;
      f.rule = check.rule;
      f.timeline = timeline_index;
      f.case_number = timeline.cases[timeline.case_of[p]].number;
      f.messages = {i};
      f.channel = e.channel;
      f.severity = SeverityOf(f);
      findings.push_back(std::move(f));
    }
  }
  return findings;
}

}  // namespace fiducia

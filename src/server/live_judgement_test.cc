#include "server/live_judgement.h"

#include <gtest/gtest.h>

#include "common/time_text.h"
#include "ingest/event_reader.h"

namespace fiducia {
namespace {

// Two customers' long calls insult the same agent on one morning: agent_strain, a team rule, needs
// both customers' timelines.
const char* const kStrainedMorning[] = {
    R"({"id":"p1","at":"2026-03-02T09:20:00+01:00","channel":"phone","direction":"in","customer":"+393331250001","agent":"giulia","text":"Cliente furioso per la bolletta, per tutta la telefonata ci ha dato dei ladri e degli incompetenti.","duration_s":840})",
    R"({"id":"p2","at":"2026-03-02T11:05:00+01:00","channel":"phone","direction":"in","customer":"+393331250002","agent":"giulia","text":"Il cliente mi ha detto che siamo dei buffoni e che gli facciamo schifo.","duration_s":1020})",
};

size_t Strains(const std::vector<Finding>& findings) {
  size_t n = 0;
  for (const Finding& f : findings) n += f.rule == Rule::kAgentStrain;
  return n;
}

// A workspace holding the strained morning, its events indexed and nobody judged yet.
class LiveWorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EventReader reader;
    for (const char* line : kStrainedMorning) {
      auto record = reader.Read(line, live_.corpus().symbols());
      ASSERT_TRUE(record.ok()) << record.status().message();
      live_.sink().Add(record->id, std::move(record->event), record->text);
    }
    live_.TakeNewEvents();
  }

  const Instant now_ = ParseRfc3339("2026-03-02T18:00:00+01:00")->at;
  AuditPolicy policy_;
  const IngestOptions options_{};  // the workspace keeps a reference, as the Service's member
  LiveWorkspace live_{policy_, options_};
};

// A view taken while a restart still has customers to judge holds only the judged customers'
// team findings; it must not be kept as the events' team judgement once everyone is judged (it
// was: agent_strain stayed missing until the next event arrived).
TEST_F(LiveWorkspaceTest, TeamFindingsOfAPartlyJudgedViewAreJudgedAgainOnceAllAreJudged) {
  ASSERT_EQ(live_.Update(now_, 0.8, 1), 1u);  // a catch-up's first step: one customer of two
  ASSERT_EQ(live_.pending(), 1u);
  EXPECT_EQ(Strains(live_.View(now_).findings), 0u);
  live_.Update(now_, 0.8);
  ASSERT_EQ(live_.pending(), 0u);
  EXPECT_EQ(Strains(live_.View(now_).findings), 1u);
  EXPECT_EQ(Strains(live_.TeamFindings()), 1u);
}

// A read of another moment (`as_of`) judges the team at that moment for its own answer; the live
// team findings that timelines read stay the live ones (they were replaced by the past moment's).
TEST_F(LiveWorkspaceTest, AViewOfAnotherMomentLeavesTheLiveTeamFindings) {
  live_.Update(now_, 0.8);
  ASSERT_EQ(Strains(live_.View(now_).findings), 1u);
  const Instant before_the_calls = ParseRfc3339("2026-03-02T09:00:00+01:00")->at;
  EXPECT_EQ(Strains(live_.ViewAt(before_the_calls).findings), 0u);
  EXPECT_EQ(Strains(live_.TeamFindings()), 1u);
}

// The team's aggregates kept as customers are judged again are the ones the audit's team rules
// count over every timeline: the same agent days and the same findings.
TEST_F(LiveWorkspaceTest, TheKeptTeamTallyJudgesAsTheWholeWorkspaceWould) {
  live_.Update(now_, 0.8);
  const AuditResult& view = live_.View(now_);
  const TimingContext ctx{view.corpus, policy_.calendar, policy_.timing, now_};
  const TeamResult whole = JudgeTeam(ctx, policy_.team, view.timelines, {});
  ASSERT_EQ(Strains(whole.findings), 1u);
  ASSERT_EQ(view.agent_days.size(), whole.agent_days.size());
  EXPECT_EQ(view.agent_days[0].hostile_calls, 2u);
  EXPECT_EQ(view.agent_days[0].hostile_calls, whole.agent_days[0].hostile_calls);
  EXPECT_EQ(view.agent_days[0].call_seconds, whole.agent_days[0].call_seconds);
  EXPECT_EQ(live_.TeamFindings().at(0).messages, whole.findings.at(0).messages);
}

// An event moves only its own agent day and channel hour: its customer is judged again and the
// tally takes in that one event, not the workspace's.
TEST_F(LiveWorkspaceTest, AnEventMovesOnlyWhatItsCustomerTookIn) {
  live_.Update(now_, 0.8);
  const uint64_t before = live_.team_changes();
  EXPECT_EQ(before, 2u);  // the two calls
  EventReader reader;
  auto record = reader.Read(
      R"({"id":"p3","at":"2026-03-02T15:00:00+01:00","channel":"phone","direction":"in","customer":"+393331250001","agent":"marco","text":"Richiesta di informazioni sulla fattura.","duration_s":120})",
      live_.corpus().symbols());
  ASSERT_TRUE(record.ok());
  live_.sink().Add(record->id, std::move(record->event), record->text);
  live_.TakeNewEvents();
  EXPECT_EQ(live_.Update(now_, 0.8), 1u);
  EXPECT_EQ(live_.team_changes(), before + 1);
  EXPECT_EQ(live_.View(now_).agent_days.size(), 2u);  // giulia's day, marco's day
}

// A join merges two customers: the one that goes takes its events out of the tally, the one that
// stays puts them back when judged, and the strain is found once, as before.
TEST_F(LiveWorkspaceTest, AJoinMovesTheMergedCustomersEventsWithoutCountingThemTwice) {
  live_.Update(now_, 0.8);
  EventReader reader;
  auto record = reader.Read(
      R"({"id":"m1","at":"2026-03-02T16:00:00+01:00","channel":"whatsapp","direction":"in","customer":"+393331250001","customer_aliases":["+393331250002"],"text":"Sono sempre io, il numero di mio marito."})",
      live_.corpus().symbols());
  ASSERT_TRUE(record.ok());
  live_.sink().Add(record->id, std::move(record->event), record->text);
  live_.TakeNewEvents();
  live_.Update(now_, 0.8);
  const AuditResult& view = live_.View(now_);
  ASSERT_EQ(view.timelines.customers.size(), 1u);
  EXPECT_EQ(Strains(view.findings), 1u);
  ASSERT_EQ(view.agent_days.size(), 1u);
  EXPECT_EQ(view.agent_days[0].calls, 2u);
  EXPECT_EQ(view.agent_days[0].hostile_calls, 2u);
}

// The last moment a customer's judgement can alert is kept with it, so the alert pass after a
// restart passes over the customers whose every alert is history without unpacking them: a
// waiting WhatsApp request's target, then nothing once it is answered.
TEST_F(LiveWorkspaceTest, TheLastMomentAJudgementCanAlertIsItsWaitingRequestsTarget) {
  EventReader reader;
  const auto add = [&](const char* line) {
    auto record = reader.Read(line, live_.corpus().symbols());
    ASSERT_TRUE(record.ok()) << record.status().message();
    live_.sink().Add(record->id, std::move(record->event), record->text);
    live_.TakeNewEvents();
    live_.Update(now_, 0.8);
  };
  add(R"({"id":"w1","at":"2026-03-02T10:00:00+01:00","channel":"whatsapp","direction":"in","customer":"+393331250003","text":"Buongiorno, quando arriva il mio ordine 4471?"})");
  const auto customer = live_.CustomerOf("+393331250003");
  ASSERT_TRUE(customer);
  EXPECT_EQ(live_.AlertsUntil(*customer), ParseRfc3339("2026-03-02T12:00:00+01:00")->at);
  add(R"({"id":"w2","at":"2026-03-02T10:30:00+01:00","channel":"whatsapp","direction":"out","customer":"+393331250003","agent":"sara","text":"Buongiorno! Arriva domani entro le 13, le mando il tracking."})");
  EXPECT_EQ(live_.AlertsUntil(*customer), Instant::min());
}

}  // namespace
}  // namespace fiducia

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "audit/audit.h"
#include "gen/generator.h"
#include "gen/recall.h"
#include "gen/writers.h"
#include "text/analyser.h"

namespace fiducia::gen {
namespace {

namespace fs = std::filesystem;

// Collects what the generator hands out.
class Collect final : public GenOutput {
 public:
  Status Customer(const GenCustomer& c) override {
    for (const GenEvent& e : c.events) {
      jsonl += EventJsonLine(c, e);
      ids.insert(e.id);
      if (e.type == EventType::kMessage) ++messages;
    }
    whatsapp += WhatsappChat(c);
    return Status::Ok();
  }
  Status Planted(const Label& l) override {
    labels.push_back(l);
    label_lines += LabelJsonLine(l);
    return Status::Ok();
  }
  std::string jsonl, label_lines, whatsapp;
  std::set<std::string> ids;
  std::vector<Label> labels;
  uint64_t messages = 0;
};

GenSummary Make(Collect& out, uint64_t messages, uint64_t seed) {
  GenOutput* outputs[] = {&out};
  auto summary = Generate({messages, seed, 1.0}, outputs);
  EXPECT_TRUE(summary.ok());
  return summary.ok() ? *summary : GenSummary{};
}

TEST(GeneratorTest, SameSeedSameCorpusOtherSeedOther) {
  Collect a, b, c;
  Make(a, 3000, 7);
  Make(b, 3000, 7);
  Make(c, 3000, 8);
  EXPECT_EQ(a.jsonl, b.jsonl);
  EXPECT_EQ(a.label_lines, b.label_lines);
  EXPECT_NE(a.jsonl, c.jsonl);
}

TEST(GeneratorTest, CountsMatchTheSummaryAndTheRequest) {
  Collect out;
  const GenSummary summary = Make(out, 20000, 1);
  EXPECT_EQ(summary.messages, out.messages);
  EXPECT_GE(summary.messages, 20000u);
  EXPECT_LE(summary.messages, 20000u * 11 / 10);
  EXPECT_EQ(out.ids.size(), summary.events);  // ids are unique
  std::array<uint64_t, kRuleCount> per_rule{};
  for (const Label& l : out.labels) ++per_rule[static_cast<size_t>(l.rule)];
  EXPECT_EQ(per_rule, summary.planted);
  for (Rule r : kAllRules) EXPECT_GT(summary.planted[static_cast<size_t>(r)], 0u) << ToString(r);
}

TEST(GeneratorTest, EveryLabelNamesAnEventOfTheCorpusBeforeAsOf) {
  Collect out;
  const GenSummary summary = Make(out, 5000, 3);
  for (const Label& l : out.labels) {
    EXPECT_TRUE(out.ids.contains(l.anchor)) << l.anchor;
    EXPECT_FALSE(l.customer.empty());
  }
  EXPECT_GT(summary.as_of, summary.first_day);
}

TEST(GeneratorTest, WhatsappChatsUseTheAndroidLayout) {
  Collect out;
  Make(out, 1000, 2);
  ASSERT_FALSE(out.whatsapp.empty());
  EXPECT_THAT(out.whatsapp, testing::ContainsRegex("[0-9]{2}/[0-9]{2}/26, [0-9]{2}:[0-9]{2} - "));
}

// The generated mbox answers from one shared address per company, like a real team's mailbox;
// read back, each reply's agent is the person of its display name, as in the canonical events.
TEST(GeneratorTest, MboxRepliesNameTheAgentNotTheSharedAddress) {
  const fs::path dir = fs::temp_directory_path() / ("fiducia-gen-mbox-" + std::to_string(getpid()));
  fs::create_directories(dir);
  Collect canonical;
  auto file = OutFile::Open(dir / "mail.mbox");
  ASSERT_TRUE(file.ok());
  MboxOutput mbox(std::move(*file));
  GenOutput* outputs[] = {&canonical, &mbox};
  ASSERT_TRUE(Generate({3000, 5, 1.0}, outputs).ok());
  ASSERT_TRUE(mbox.Finish().ok());

  AuditPolicy policy;
  policy.sources.company.domains = {"acme.it", "shopfast.co.uk"};
  AuditOptions options;
  options.inputs = {(dir / "mail.mbox").string()};
  auto audit = RunAudit(options, policy);
  ASSERT_TRUE(audit.ok()) << audit.status().message();
  const Corpus& corpus = (*audit)->corpus;
  std::set<std::string> agents;
  size_t replies = 0;
  for (const Event& e : corpus.events()) {
    if (e.direction != Direction::kOut) continue;
    ++replies;
    agents.insert(std::string(corpus.symbols().Name(e.agent)));
  }
  fs::remove_all(dir);
  ASSERT_GT(replies, 50u);
  EXPECT_EQ(agents.count("assistenza@acme.it"), 0u);
  EXPECT_EQ(agents.count("support@shopfast.co.uk"), 0u);
  EXPECT_GT(agents.size(), 4u);  // several people, not one row for the whole team
  for (const std::string& agent : agents) {
    EXPECT_NE(canonical.jsonl.find("\"agent\":\"" + agent + "\""), std::string::npos) << agent;
  }
}

// Each kind of phrase carries the cue of the defect it plants, and clean ones none a rule uses.
TEST(PhrasesTest, EveryPhraseHasTheCuesItsKindPromises) {
  TextAnalyser analyser;
  const uint32_t rule_cues = kCueReminder | kCueApology | kCueBlame | kCueRefusal |
                             kCueOvercommitment | kCueExpectation | kCuePromise | kCueThreat |
                             kCueHostility;
  const std::map<Kind, uint32_t> wanted = {
      {Kind::kReminder, kCueReminder},
      {Kind::kHopReminder, kCueReminder},
      {Kind::kClosing, kCueClosing},
      {Kind::kApology, kCueApology},
      {Kind::kBlame, kCueBlame},
      {Kind::kRefusal, kCueRefusal},
      {Kind::kOvercommit, kCueOvercommitment},
      {Kind::kThreat, kCueThreat},
      {Kind::kExpectation, kCueExpectation},
      {Kind::kPromise, kCuePromise},
      {Kind::kHostileCall, kCueHostility},
      {Kind::kReplyEmpathyOnly, kCueEmpathy},
      {Kind::kReplyRepaired, kCueEmpathy | kCueResponsibility | kCueCommitment},
  };
  const Kind clean[] = {Kind::kRequest, Kind::kFollowUp,  Kind::kReply, Kind::kCallSummary,
                        Kind::kAck,     Kind::kFactFirst, Kind::kNote};
  for (Lang lang : {Lang::kIt, Lang::kEn}) {
    for (const auto& [kind, cues] : wanted) {
      for (std::string_view p : Phrases(lang, kind)) {
        EXPECT_EQ(analyser.Analyse(p).cues & cues, cues) << KindName(kind) << ": " << p;
      }
    }
    for (Kind kind : clean) {
      // A closing is a customer's act: the company's acknowledgement "Grazie per averci scritto:
      // abbiamo ricevuto la sua richiesta" reads as one, and no rule reads it on company words.
      const bool customer = kind == Kind::kRequest || kind == Kind::kFollowUp;
      const uint32_t forbidden = rule_cues | (customer ? kCueClosing : 0u);
      for (std::string_view p : Phrases(lang, kind)) {
        const uint32_t cues = analyser.Analyse(p).cues;
        EXPECT_EQ(cues & forbidden, 0u) << KindName(kind) << ": " << p;
      }
    }
  }
}

// The rules that fiducia detects find every defect planted for them.
TEST(GeneratorTest, AuditFindsThePlantedDefects) {
  Collect out;
  const GenSummary summary = Make(out, 6000, 5);
  const fs::path dir = fs::temp_directory_path() / "fiducia_gen_test";
  fs::create_directories(dir);
  std::ofstream(dir / "corpus.jsonl") << out.jsonl;
  AuditOptions options;
  options.inputs = {(dir / "corpus.jsonl").string()};
  options.as_of = summary.as_of;
  auto result = RunAudit(options, AuditPolicy{});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)->ingest.skipped, 0u);
  std::set<std::pair<Rule, std::string>> found;
  for (const Finding& f : (*result)->findings) {
    found.emplace(f.rule, (*result)->corpus.IdOf((*result)->corpus.events()[f.messages[0]]));
  }
  const Rule detected[] = {Rule::kUnanswered,
                           Rule::kLateReply,
                           Rule::kChaser,
                           Rule::kChannelHop,
                           Rule::kApologyWording,
                           Rule::kBlameShifting,
                           Rule::kRefusalWithoutAlternative,
                           Rule::kOvercommitment};
  for (Rule r : detected) {
    size_t planted = 0, hit = 0;
    for (const Label& l : out.labels) {
      if (l.rule != r) continue;
      ++planted;
      hit += found.contains({r, l.anchor});
      EXPECT_TRUE(found.contains({r, l.anchor})) << ToString(r) << " " << l.anchor;
    }
    EXPECT_GT(planted, 0u) << ToString(r);
    EXPECT_EQ(hit, planted) << ToString(r);
  }
  fs::remove_all(dir);
}

// --rules timing skips the text of company messages: the timing findings must not change.
TEST(GeneratorTest, TimingOnlyAuditGivesTheSameTimingFindings) {
  Collect out;
  const GenSummary summary = Make(out, 4000, 11);
  const fs::path dir = fs::temp_directory_path() / "fiducia_gen_timing_test";
  fs::create_directories(dir);
  std::ofstream(dir / "corpus.jsonl") << out.jsonl;
  auto audit = [&](bool timing_only) {
    AuditOptions options;
    options.inputs = {(dir / "corpus.jsonl").string()};
    options.as_of = summary.as_of;
    options.timing_only = timing_only;
    options.threads = 2;
    auto result = RunAudit(options, AuditPolicy{});
    EXPECT_TRUE(result.ok());
    std::vector<std::pair<Rule, std::string>> timing;
    for (const Finding& f : (*result)->findings) {
      if (f.rule > Rule::kChannelHop) continue;
      timing.emplace_back(f.rule,
                          (*result)->corpus.IdOf((*result)->corpus.events()[f.messages[0]]));
    }
    return timing;
  };
  const auto all = audit(false);
  EXPECT_FALSE(all.empty());
  EXPECT_EQ(audit(true), all);
  fs::remove_all(dir);
}

TEST(RecallTest, CountsLabelsFoundByRuleAndAnchor) {
  const fs::path dir = fs::temp_directory_path() / "fiducia_recall_test";
  fs::create_directories(dir);
  std::ofstream(dir / "labels.jsonl")
      << "{\"rule\":\"late_reply\",\"customer\":\"a@x.it\",\"anchor\":\"m1\"}\n"
         "{\"rule\":\"late_reply\",\"customer\":\"b@x.it\",\"anchor\":\"m2\"}\n"
         "{\"rule\":\"chaser\",\"customer\":\"b@x.it\",\"anchor\":\"m3\"}\n";
  std::ofstream(dir / "audit.json")
      << R"({"format":"fiducia-audit/1","cases":[],"findings":[)"
         R"({"rule":"late_reply","messages":["m1","m9"]},{"rule":"chaser","messages":["m2"]}]})";
  auto report = ComputeRecall(dir / "labels.jsonl", dir / "audit.json");
  ASSERT_TRUE(report.ok()) << report.status().message();
  const RuleRecall late = report->rules[static_cast<size_t>(Rule::kLateReply)];
  EXPECT_EQ(late.planted, 2u);
  EXPECT_EQ(late.found, 1u);
  EXPECT_EQ(report->rules[static_cast<size_t>(Rule::kChaser)].found, 0u);
  EXPECT_EQ(report->rules[static_cast<size_t>(Rule::kChaser)].reported, 1u);
  EXPECT_THAT(report->ToText(), testing::HasSubstr("late_reply"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace fiducia::gen

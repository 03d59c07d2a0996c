// Data-driven rule cases: a file of events plus the findings expected (tests/cases/*.case).
//   # title: what the case shows            (required)
//   # family: FAMILY…                       (optional; only those families' findings are compared;
//                                            the families of rules/catalogue.h: silence, wording,
//                                            promises, discordance, trust, team)
//   # as_of: RFC 3339                       (optional; default: the latest event)
//   # config: a TOML line                   (optional, repeated; together they form the config)
//   # expect: RULE ID[,ID…] [BUSINESS_SECONDS]   or   # expect: none
//   {"id": …}                               canonical events, one per line
// The expected findings are the whole set: a finding not listed fails the case.
// The blind evaluation sets (data/eval, see its README) add labels of their own, read
// here and scored by tools/blind_eval:
//   # judged: RULE…                         (the rules whose findings the file lists in full)
//   # act: ID answer|none REASON            (whether an inbound message needs an answer, and why)
//   # complaint: CONVERSATION disservice|no_disservice|none
//   # promise: ID DEADLINE                  (a company message that promises; RFC 3339 deadline)
//   # note: free text                       (ignored)
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/catalogue.h"

namespace fiducia::testing {

struct ExpectedFinding {
  std::string rule;
  std::vector<std::string> messages;  // anchor first; only the anchor is compared when alone
  std::optional<long long> business_seconds;
};

struct MessageAct {
  std::string id;
  bool needs_answer = false;
  std::string reason;  // question, closing_thanks, …
};

struct ComplaintLabel {
  std::string conversation;
  std::string complaint_class;  // disservice, no_disservice or none
};

struct PromiseLabel {
  std::string id;
  std::string deadline;  // RFC 3339
};

struct CaseFile;
// Whether the case compares `rule`'s findings: it is in one of the case's families, or the case
// names none.
bool Compares(const CaseFile& c, Rule rule);

struct CaseFile {
  std::string path;
  std::string title;
  std::vector<Family> families;  // empty: every rule
  std::string as_of;
  std::string config;
  std::string events;  // JSON Lines
  std::vector<ExpectedFinding> expected;
  bool expect_none = false;
  std::vector<std::string> judged;  // empty: the family's rules (or every rule) are judged
  std::vector<MessageAct> acts;
  std::vector<ComplaintLabel> complaints;
  std::vector<PromiseLabel> promises;
};

// Reads and checks the file's directives; an error message instead when the file is malformed.
std::optional<CaseFile> ReadCaseFile(const std::string& path, std::string& error);

}  // namespace fiducia::testing

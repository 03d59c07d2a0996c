// Data-driven rule cases: a file of events plus the findings expected (tests/cases/*.case).
//   # title: what the case shows            (required)
//   # family: timing | wording | truth | trust | team  (optional; only that family's findings are
//   compared) # as_of: RFC 3339                       (optional; default: the latest event) #
//   config: a TOML line                   (optional, repeated; together they form the config) #
//   expect: RULE ID[,ID…] [BUSINESS_SECONDS]   or   # expect: none
//   {"id": …}                               canonical events, one per line
// The expected findings are the whole set: a finding not listed fails the case.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fiducia::testing {

struct ExpectedFinding {
  std::string rule;
  std::vector<std::string> messages;  // anchor first; only the anchor is compared when alone
  std::optional<long long> business_seconds;
};

struct CaseFile {
  std::string path;
  std::string title;
  std::string family;  // empty: every rule
  std::string as_of;
  std::string config;
  std::string events;  // JSON Lines
  std::vector<ExpectedFinding> expected;
  bool expect_none = false;
};

// Reads and checks the file's directives; an error message instead when the file is malformed.
std::optional<CaseFile> ReadCaseFile(const std::string& path, std::string& error);

}  // namespace fiducia::testing

#include "case_file.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "rules/finding.h"

namespace fiducia::testing {
namespace {

std::string Trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r");
  const auto e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) {
    if (!Trim(part).empty()) parts.push_back(Trim(part));
  }
  return parts;
}

bool ParseExpect(const std::string& text, CaseFile& c, std::string& error) {
  if (text == "none") return c.expect_none = true;
  const auto words = Split(text, ' ');
  if (words.size() < 2 || words.size() > 3) {
    error = "expect needs RULE IDS [BUSINESS_SECONDS]: " + text;
    return false;
  }
  ExpectedFinding f{words[0], Split(words[1], ','), std::nullopt};
  if (words.size() == 3) f.business_seconds = std::stoll(words[2]);
  c.expected.push_back(std::move(f));
  return true;
}

bool IsRuleName(const std::string& name) { return ParseRule(name).has_value(); }

bool ParseAct(const std::string& text, CaseFile& c, std::string& error) {
  const auto words = Split(text, ' ');
  if (words.size() != 3 || (words[1] != "answer" && words[1] != "none")) {
    error = "act needs ID answer|none REASON: " + text;
    return false;
  }
  c.acts.push_back({words[0], words[1] == "answer", words[2]});
  return true;
}

bool ParseComplaint(const std::string& text, CaseFile& c, std::string& error) {
  const auto words = Split(text, ' ');
  if (words.size() != 2 ||
      (words[1] != "disservice" && words[1] != "no_disservice" && words[1] != "none")) {
    error = "complaint needs CONVERSATION disservice|no_disservice|none: " + text;
    return false;
  }
  c.complaints.push_back({words[0], words[1]});
  return true;
}

bool ParseJudged(const std::string& text, CaseFile& c, std::string& error) {
  for (const std::string& rule : Split(text, ' ')) {
    if (!IsRuleName(rule)) {
      error = "judged names an unknown rule: " + rule;
      return false;
    }
    c.judged.push_back(rule);
  }
  return true;
}

bool ParsePromise(const std::string& text, CaseFile& c, std::string& error) {
  const auto words = Split(text, ' ');
  if (words.size() != 2) {
    error = "promise needs ID DEADLINE: " + text;
    return false;
  }
  c.promises.push_back({words[0], words[1]});
  return true;
}

bool ParseFamilies(const std::string& text, CaseFile& c, std::string& error) {
  for (const std::string& name : Split(text, ' ')) {
    const auto family = ParseFamily(name);
    if (!family) {
      error = "unknown family '" + name +
              "': families are silence, wording, promises, discordance, trust, team";
      return false;
    }
    c.families.push_back(*family);
  }
  return true;
}

bool Directive(const std::string& line, CaseFile& c, std::string& error) {
  auto value_of = [&](const std::string& key) -> std::optional<std::string> {
    const std::string prefix = "# " + key + ":";
    if (line.rfind(prefix, 0) != 0) return std::nullopt;
    return Trim(line.substr(prefix.size()));
  };
  if (auto v = value_of("title")) c.title = *v;
  if (auto v = value_of("as_of")) c.as_of = *v;
  if (auto v = value_of("family")) return ParseFamilies(*v, c, error);
  if (auto v = value_of("config")) c.config += *v + "\n";
  if (auto v = value_of("expect")) return ParseExpect(*v, c, error);
  if (auto v = value_of("act")) return ParseAct(*v, c, error);
  if (auto v = value_of("complaint")) return ParseComplaint(*v, c, error);
  if (auto v = value_of("judged")) return ParseJudged(*v, c, error);
  if (auto v = value_of("promise")) return ParsePromise(*v, c, error);
  return true;
}

}  // namespace

bool Compares(const CaseFile& c, Rule rule) {
  return c.families.empty() ||
         std::find(c.families.begin(), c.families.end(), RuleOf(rule).family) != c.families.end();
}

std::optional<CaseFile> ReadCaseFile(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  CaseFile c;
  c.path = path;
  for (std::string line; std::getline(in, line);) {
    if (Trim(line).empty()) continue;
    if (line[0] == '#') {
      if (!Directive(line, c, error)) return std::nullopt;
    } else {
      c.events += line + "\n";
    }
  }
  if (c.title.empty()) error = "missing '# title:'";
  if (c.expected.empty() && !c.expect_none) error = "missing '# expect:' (or '# expect: none')";
  if (c.expect_none && !c.expected.empty()) error = "'# expect: none' with other expectations";
  if (!error.empty()) return std::nullopt;
  return c;
}

}  // namespace fiducia::testing

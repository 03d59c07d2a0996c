#include "sources/agent_name.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <utility>

#include "common/strings.h"

namespace fiducia {
namespace {

// Words split on anything that is not a letter, a digit or a byte of a multi-byte character.
std::vector<std::string> WordsOf(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u) || c == '-') {
      word += AsciiLower(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

struct AgentNamer::Compiled {
  std::regex pattern;
  std::vector<std::string> shared_words;   // lower-case
  std::vector<std::string> company_names;  // lower-case, spaces collapsed
};

AgentNamer::AgentNamer(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
AgentNamer::AgentNamer(AgentNamer&&) noexcept = default;
AgentNamer& AgentNamer::operator=(AgentNamer&&) noexcept = default;
AgentNamer::~AgentNamer() = default;

Result<AgentNamer> AgentNamer::Create(const EmailAgentSettings& settings,
                                      const std::vector<std::string>& company_names) {
  auto compiled = std::make_unique<Compiled>();
  try {
    compiled->pattern = std::regex(settings.agent_name, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::InvalidInput(
        fmt::format("agent_name: '{}' is not a pattern: {}", settings.agent_name, e.what()));
  }
  if (compiled->pattern.mark_count() < 1) {
    return Status::InvalidInput(fmt::format(
        "agent_name: '{}' has no capture group (the person's name)", settings.agent_name));
  }
  for (const std::string& word : settings.shared_names) {
    compiled->shared_words.push_back(AsciiLower(word));
  }
  for (const std::string& name : company_names) {
    compiled->company_names.push_back(AsciiLower(CollapseSpaces(name)));
  }
  return AgentNamer(std::move(compiled));
}

std::string AgentNamer::PersonOf(std::string_view display_name) const {
  // std::regex backtracks and recurses: a hostile, very long display name must not cost more
  // than a bounded match (or overflow the stack). No person's name is that long.
  if (display_name.size() > kMaxDisplayName) return {};
  const std::string name = CollapseSpaces(display_name);
  if (name.empty() || name.find('@') != std::string::npos) return {};
  std::smatch match;
  if (!std::regex_match(name, match, compiled_->pattern) || !match[1].matched) return {};
  std::string person = CollapseSpaces(match[1].str());
  while (!person.empty() && (person.front() == ' ' || person.front() == '"')) person.erase(0, 1);
  while (!person.empty() && (person.back() == ' ' || person.back() == '"')) person.pop_back();
  if (person.empty()) return {};
  const std::string lower = AsciiLower(person);
  const auto& company = compiled_->company_names;
  if (std::find(company.begin(), company.end(), lower) != company.end()) return {};
  const auto& shared = compiled_->shared_words;
  for (const std::string& word : WordsOf(person)) {
    if (std::find(shared.begin(), shared.end(), word) != shared.end()) return {};
  }
  return person;
}

}  // namespace fiducia

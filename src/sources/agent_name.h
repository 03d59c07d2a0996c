// Who wrote a company e-mail: the person, not the shared mailbox. Read from an mbox, every reply of
// a team that answers from `assistenza@…` comes from the same address; the sender's display name
// ("Emma - Assistenza Clienti", "Marco Rossi | ACME") names the person. The part before the
// company's is taken with a configurable pattern (`[sources.email] agent_name`, its first capture
// group); a name that is only the mailbox's ("Assistenza Clienti ACME", a company name, an address)
// falls back to the address.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sources/settings.h"

namespace fiducia {

class AgentNamer {
 public:
  // InvalidInput when `settings.agent_name` is not a pattern with a capture group.
  static Result<AgentNamer> Create(const EmailAgentSettings& settings,
                                   const std::vector<std::string>& company_names);
  AgentNamer(AgentNamer&&) noexcept;
  AgentNamer& operator=(AgentNamer&&) noexcept;
  ~AgentNamer();

  // The person's name from `display_name`, spaces collapsed; empty when it names no person (the
  // caller falls back to the address).
  std::string PersonOf(std::string_view display_name) const;

  // A display name longer than this names no person (the address is kept).
  static constexpr size_t kMaxDisplayName = 200;

 private:
  struct Compiled;
  explicit AgentNamer(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace fiducia

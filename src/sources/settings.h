// What the export readers need to know that exports do not say: who the company is, the time zone
// of local times, how a call log's columns are named.
#pragma once

#include <string>
#include <vector>

namespace fiducia {

// Who speaks for the company in sources that do not say it.
struct CompanyDirectory {
  std::vector<std::string> names;    // agent or company names as exports show them
  std::vector<std::string> handles;  // the company's phone numbers, addresses, social handles
  std::vector<std::string> domains;  // the company's e-mail domains
};

// Column names of a call log CSV (the header row), mapped onto the event's fields.
struct CallLogColumns {
  std::string caller = "caller";        // the customer's number
  std::string agent = "agent";          // empty cell: nobody took the call
  std::string start = "start";          // RFC 3339, or local "YYYY-MM-DD HH:MM[:SS]" in time_zone
  std::string duration = "duration";    // seconds, or H:MM:SS / MM:SS
  std::string outcome = "outcome";      // e.g. answered, missed
  std::string notes = "notes";          // the agent's summary
  std::string direction = "direction";  // optional column: in/out (default in)
  std::vector<std::string> missed_outcomes = {
      "missed", "no answer", "no-answer", "abandoned", "persa", "non risposta", "senza risposta"};
};

// How a company e-mail names its agent (sources/agent_name.h): the person in the sender's display
// name before the company's part, else the address.
struct EmailAgentSettings {
  // ECMAScript; the first capture group is the person's name.
  std::string agent_name =
      R"(^\s*(.+?)\s*(?:\s(?:-|–|—|/|@)\s.*|[|,(].*|\s(?:per|for|at|di|da)\s.*)?$)";
  // A name holding one of these words (case-insensitive, whole words) is a shared mailbox's.
  std::vector<std::string> shared_names = {
      "assistenza", "supporto", "support",  "servizio", "service", "customer",        "clienti",
      "care",       "team",     "helpdesk", "help",     "info",    "noreply",         "no-reply",
      "ufficio",    "office",   "staff",    "sales",    "vendite", "amministrazione", "billing"};
};

struct SourceSettings {
  CompanyDirectory company;
  // `--company NAME`: the participant of a chat export who is the company (overrides names).
  std::string company_override;
  // Exports that write local times without an offset (WhatsApp, call logs) are read in this zone.
  std::string time_zone = "Europe/Rome";
  CallLogColumns call_log;
  EmailAgentSettings email;
};

}  // namespace fiducia

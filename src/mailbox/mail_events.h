// One mailbox message as canonical events, read with the audit's own e-mail reader
// (sources/email.h: direction from the company's addresses, agent from the display name, the
// thread's root as conversation, quotes and auto-replies), so that a mail read live gives the
// events an audit of the same mail gives. The thread of a mail read alone is the root its
// References name (the audit's, when every mail of the thread names it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/ingest.h"
#include "sources/settings.h"

namespace fiducia {

class MailEvents {
 public:
  MailEvents(SourceSettings settings, IngestOptions options);

  // The events of `message` as canonical JSON lines (no newline): none for mail among colleagues
  // only. InvalidInput, naming `name`, when the message cannot be read (no sender, no date).
  Result<std::vector<std::string>> Read(std::string_view message, std::string_view name) const;

 private:
  SourceSettings settings_;
  IngestOptions options_;
};

}  // namespace fiducia

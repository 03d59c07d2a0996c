#include "mailbox/mail_events.h"

#include <utility>

#include "ingest/event_writer.h"
#include "model/corpus.h"
#include "sources/email.h"

namespace fiducia {

MailEvents::MailEvents(SourceSettings settings, IngestOptions options)
    : settings_(std::move(settings)), options_(std::move(options)) {
  options_.keep_text = true;  // the lines carry the text: the service analyses it once more
  options_.strict = false;
  options_.on_error = nullptr;
}

Result<std::vector<std::string>> MailEvents::Read(std::string_view message,
                                                  std::string_view name) const {
  Corpus corpus;
  IngestReport report;
  IngestSink sink(options_, corpus, report);
  if (Status s = ReadEmailBytes(message, name, settings_, sink); !s.ok()) return s;
  if (corpus.events().empty() && !report.errors.empty()) {
    return Status::InvalidInput(report.errors.front().ToString());
  }
  std::vector<std::string> lines;
  lines.reserve(corpus.events().size());
  for (size_t i = 0; i < corpus.events().size(); ++i) {
    std::string line = CanonicalJsonLine(corpus, i);
    if (line.ends_with('\n')) line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace fiducia

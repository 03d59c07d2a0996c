// Reader of Zendesk API JSON: the ticket export, the incremental export, audits, comments.
#pragma once

#include <memory>
#include <string_view>

#include "ingest/byte_source.h"
#include "model/event.h"
#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeZendeskExport(std::string_view head, const SourceSettings& settings);

// The channel of a ticket's via as Zendesk names it ("email", "Web form", "native_messaging", …),
// the mapping the reader uses.
Channel ZendeskChannelOf(std::string_view via);

std::unique_ptr<SourceReader> MakeZendeskReader(const SourceSettings& settings);

// The same reader with an entry point for bytes that are not in a file (tests, fuzzing):
// Read(path) opens the file and reads it through ReadSource. One reader per run, as for Read.
class ZendeskReader : public SourceReader {
 public:
  // Reads `source` as one file named source.name().
  virtual Status ReadSource(ByteSource& source, IngestSink& sink) = 0;
};

std::unique_ptr<ZendeskReader> MakeZendeskSourceReader(const SourceSettings& settings);

}  // namespace fiducia

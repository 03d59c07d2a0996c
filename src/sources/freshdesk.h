// Reader of Freshdesk API v2 JSON: tickets and their conversations.
#pragma once

#include <memory>
#include <string_view>

#include "ingest/byte_source.h"
#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeFreshdeskExport(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeFreshdeskReader(const SourceSettings& settings);

// The same reader with an entry point for bytes that are not in a file (tests, fuzzing):
// Read(path) opens the file and reads it through ReadSource. One reader per run, as for Read.
class FreshdeskReader : public SourceReader {
 public:
  // Reads `source` as one file named source.name().
  virtual Status ReadSource(ByteSource& source, IngestSink& sink) = 0;
};

std::unique_ptr<FreshdeskReader> MakeFreshdeskSourceReader(const SourceSettings& settings);

}  // namespace fiducia

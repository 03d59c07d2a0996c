// Reader of a call log CSV whose columns the config names ([sources.call_log]): one phone event per
// row, a missed call where nobody took it. See docs/sources/call_log.md for the columns, the time
// and duration layouts read, and what counts as a missed call.
#pragma once

#include <memory>
#include <string_view>

#include "ingest/byte_source.h"
#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeCallLog(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeCallLogReader(const SourceSettings& settings);

// The reader itself, for callers that hold the bytes already (tests, the fuzz target).
class CallLogReader final : public SourceReader {
 public:
  explicit CallLogReader(const SourceSettings& settings);
  ~CallLogReader() override;
  CallLogReader(const CallLogReader&) = delete;
  CallLogReader& operator=(const CallLogReader&) = delete;

  // Usage when settings.time_zone is no IANA time zone (local start times could not be read).
  Status Read(const std::filesystem::path& path, IngestSink& sink) override;
  // One file's bytes, named by source->name() in error messages.
  Status ReadFrom(std::unique_ptr<ByteSource> source, IngestSink& sink);

 private:
  class Rows;
  std::unique_ptr<Rows> rows_;
};

}  // namespace fiducia

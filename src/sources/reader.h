// The shape every export reader has. A reader streams one file at a time into the IngestSink
// (bounded memory whatever the file's size), reports a bad record with file and line (or the
// record's id) through IngestSink::Reject and goes on, and may keep what it needs across files
// (e-mail threads, Zendesk pages) until Finish.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "common/status.h"
#include "ingest/ingest.h"

namespace fiducia {

class SourceReader {
 public:
  virtual ~SourceReader() = default;
  // Reads one file. NotFound/IoError when it cannot be read at all; the InvalidInput that
  // IngestSink::Reject returns under --strict; else OK (bad records reported and skipped).
  virtual Status Read(const std::filesystem::path& path, IngestSink& sink) = 0;
  // After the last file: whatever needs every file seen (threading across files).
  virtual Status Finish(IngestSink& sink) {
    (void)sink;
    return Status::Ok();
  }
};

}  // namespace fiducia

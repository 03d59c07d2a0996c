// Reading canonical events (../shared/spec/events.md) from JSON Lines files, directories and
// gzip- or zstd-compressed files. A bad line is skipped and reported as `file:line: what is wrong`;
// the rest goes on. Under `strict`, the first bad line stops the reading.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/corpus.h"

namespace fiducia {

struct InputError {
  std::string file;
  uint64_t line = 0;  // 1-based; 0 when the error is about the whole file
  std::string what;
  std::string ToString() const;  // "file:line: what"
};

struct IngestReport {
  uint64_t files = 0;
  uint64_t files_skipped = 0;      // files in a walked directory that are not event files
  uint64_t bytes = 0;              // bytes read, after decompression
  uint64_t records = 0;            // non-blank lines seen
  uint64_t events = 0;             // new events added to the corpus
  uint64_t duplicates = 0;         // events whose id was already there
  uint64_t skipped = 0;            // bad records
  std::vector<InputError> errors;  // the first kMaxKeptErrors of them
  static constexpr size_t kMaxKeptErrors = 1000;
};

struct IngestOptions {
  bool strict = false;
  std::string default_region = "IT";  // for phone numbers without a country code
  // Called with each bad record as it is found (for printing while reading); may be empty.
  std::function<void(const InputError&)> on_error;
};

// Reads every path: a file, or a directory walked recursively in name order (hidden files skipped;
// in a directory only *.jsonl, *.ndjson and *.json, also compressed, are read).
// Compression is told from the content (gzip, zstd), not the name.
// Returns an IoError/NotFound status when a path cannot be read (the reading stops), an
// InvalidInput status for the first bad record under `strict`, else OK.
Status ReadCanonicalEvents(const std::vector<std::string>& paths, const IngestOptions& options,
                           Corpus& corpus, IngestReport& report);

}  // namespace fiducia

// `fiducia audit PATH...` and `fiducia import`: every path read by the reader its content calls
// for (or the one `forced`), several sources mixed in one corpus.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "sources/format.h"
#include "sources/settings.h"

namespace fiducia {

// Files and directories (walked recursively; there, files of no known format are left out and
// counted). A file named on the command line whose format is not known is a bad record.
// NotFound/IoError when a path cannot be read, InvalidInput for a bad record under --strict.
Status ReadInputs(const std::vector<std::string>& paths, std::optional<SourceFormat> forced,
                  const SourceSettings& settings, IngestSink& sink);

}  // namespace fiducia

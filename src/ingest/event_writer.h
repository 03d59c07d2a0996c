// Canonical events written back as JSON Lines (../shared/spec/events.md): what `fiducia import
// --to jsonl` produces from any source, so that `fiducia audit` on it gives the same findings.
#pragma once

#include <string>

#include "model/corpus.h"

namespace fiducia {

// The event at `index` of corpus.events() as one JSON line (with its newline), keys in the
// spec's order, text as kept in the corpus.
std::string CanonicalJsonLine(const Corpus& corpus, size_t index);

}  // namespace fiducia

// Reader of the CSV layout of the public Customer Support on Twitter dataset.
#pragma once

#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeTweetsCsv(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeTweetsReader(const SourceSettings& settings);

}  // namespace fiducia

// Reader of a call log CSV whose columns the config names.
#pragma once

#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeCallLog(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeCallLogReader(const SourceSettings& settings);

}  // namespace fiducia

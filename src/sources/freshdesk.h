// Reader of Freshdesk API v2 JSON: tickets and their conversations.
#pragma once

#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeFreshdeskExport(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeFreshdeskReader(const SourceSettings& settings);

}  // namespace fiducia

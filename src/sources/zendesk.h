// Reader of Zendesk API JSON: the ticket export, the incremental export, audits, comments.
#pragma once

#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeZendeskExport(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeZendeskReader(const SourceSettings& settings);

}  // namespace fiducia

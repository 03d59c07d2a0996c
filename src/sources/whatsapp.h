// Reader of a WhatsApp chat export (.txt, or the .zip phones produce with media inside).
#pragma once

#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeWhatsappChat(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeWhatsappReader(const SourceSettings& settings);

}  // namespace fiducia

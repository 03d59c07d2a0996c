// Reader of a WhatsApp chat export (.txt, or the .zip phones produce with media inside).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeWhatsappChat(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeWhatsappReader(const SourceSettings& settings);

// Reads one export held in memory (a chat's text, or the bytes of the .zip a phone makes) as if
// it were the file `name`, which may say whom the chat is with ("WhatsApp Chat with Mario.txt").
// Returns what SourceReader::Read would; `bytes` is read in place. For tests and fuzzing, which
// makes `chunk_size` (the bytes read at a time) small so that lines straddle reads.
Status ReadWhatsappExport(std::string_view bytes, const std::filesystem::path& name,
                          const SourceSettings& settings, IngestSink& sink,
                          size_t chunk_size = size_t{1} << 20);

}  // namespace fiducia

// Reader of e-mail: an mbox file or one message (.eml, a Maildir file), parsed with GMime.
#pragma once

#include <memory>
#include <string_view>

#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeEmail(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeEmailReader(const SourceSettings& settings);

}  // namespace fiducia

// Reader of e-mail: an mbox file or one message (.eml, a Maildir file), parsed with GMime.
// Each mail becomes one `message` event on channel email: its id the Message-ID, its direction
// told by the company's domains and addresses, its conversation the root of its thread (threads
// are joined across every file of a run and settled in Finish), its text the subject and the new
// words of the body only (quoted history and signatures removed). See docs/sources/email.md.
#pragma once

#include <memory>
#include <string_view>

#include "common/status.h"
#include "ingest/ingest.h"
#include "sources/reader.h"
#include "sources/settings.h"

namespace fiducia {

// Whether the first bytes of a file (`head`, up to kSniffBytes) are this format's.
bool LooksLikeEmail(std::string_view head, const SourceSettings& settings);

std::unique_ptr<SourceReader> MakeEmailReader(const SourceSettings& settings);

// Reads `bytes` as the content of a file called `name` (an mbox when they start with "From ",
// else one message), then finishes, as a run over that one file would: for tests and fuzzing.
Status ReadEmailBytes(std::string_view bytes, std::string_view name, const SourceSettings& settings,
                      IngestSink& sink);

}  // namespace fiducia

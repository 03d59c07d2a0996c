// Which reader a file needs, told from its content (the first bytes, decompressed), not only its
// name; `--format` overrides.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "sources/settings.h"

namespace fiducia {

enum class SourceFormat {
  kUnknown,
  kCanonical,  // fiducia's JSON Lines events
  kWhatsapp,   // a WhatsApp chat export, .txt or .zip
  kMbox,       // a mailbox file (Gmail, Thunderbird, Outlook exports)
  kEmail,      // one message (.eml, a Maildir file)
  kZendesk,    // Zendesk API JSON: tickets, incremental export, audits, comments
  kFreshdesk,  // Freshdesk API v2 JSON: tickets, conversations
  kTweets,     // the "Customer Support on Twitter" CSV layout
  kCallLog,    // a call log CSV, columns named in the config
};

std::string_view ToString(SourceFormat f);
// The names --format takes: canonical, whatsapp, mbox, eml, zendesk, freshdesk, tweets, call-log.
std::optional<SourceFormat> ParseSourceFormat(std::string_view name);

// How many bytes of a file detection looks at.
inline constexpr size_t kSniffBytes = 64 * 1024;

// The format of a file whose first bytes (decompressed) are `head`.
SourceFormat DetectFormat(std::string_view head, const std::filesystem::path& name,
                          const SourceSettings& settings);
// Reads the first bytes of `path` and detects; NotFound/IoError when it cannot be read.
Result<SourceFormat> DetectFileFormat(const std::filesystem::path& path,
                                      const SourceSettings& settings);

}  // namespace fiducia

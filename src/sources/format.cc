#include "sources/format.h"

#include <array>
#include <utility>

#include "ingest/byte_source.h"
#include "sources/call_log.h"
#include "sources/email.h"
#include "sources/freshdesk.h"
#include "sources/tweets.h"
#include "sources/whatsapp.h"
#include "sources/zendesk.h"

namespace fiducia {
namespace {

constexpr std::array<std::pair<SourceFormat, std::string_view>, 9> kNames = {{
    {SourceFormat::kUnknown, "unknown"},
    {SourceFormat::kCanonical, "canonical"},
    {SourceFormat::kWhatsapp, "whatsapp"},
    {SourceFormat::kMbox, "mbox"},
    {SourceFormat::kEmail, "eml"},
    {SourceFormat::kZendesk, "zendesk"},
    {SourceFormat::kFreshdesk, "freshdesk"},
    {SourceFormat::kTweets, "tweets"},
    {SourceFormat::kCallLog, "call-log"},
}};

std::string_view FirstLine(std::string_view head) {
  const size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  head.remove_prefix(start);
  return head.substr(0, head.find('\n'));
}

// A JSON object on the first line with the two keys every canonical event has.
bool LooksLikeCanonical(std::string_view head) {
  const std::string_view line = FirstLine(head);
  return line.starts_with('{') && line.find("\"id\"") != std::string_view::npos &&
         line.find("\"at\"") != std::string_view::npos;
}

}  // namespace

std::string_view ToString(SourceFormat f) { return kNames[static_cast<size_t>(f)].second; }

std::optional<SourceFormat> ParseSourceFormat(std::string_view name) {
  for (const auto& [format, text] : kNames) {
    if (text == name && format != SourceFormat::kUnknown) return format;
  }
  return std::nullopt;
}

SourceFormat DetectFormat(std::string_view head, const std::filesystem::path& name,
                          const SourceSettings& settings) {
  (void)name;
  if (head.starts_with("PK\x03\x04")) return SourceFormat::kWhatsapp;  // the export zip
  if (LooksLikeCanonical(head)) return SourceFormat::kCanonical;
  if (LooksLikeZendeskExport(head, settings)) return SourceFormat::kZendesk;
  if (LooksLikeFreshdeskExport(head, settings)) return SourceFormat::kFreshdesk;
  if (head.starts_with("From ")) return SourceFormat::kMbox;
  if (LooksLikeEmail(head, settings)) return SourceFormat::kEmail;
  if (LooksLikeTweetsCsv(head, settings)) return SourceFormat::kTweets;
  if (LooksLikeCallLog(head, settings)) return SourceFormat::kCallLog;
  if (LooksLikeWhatsappChat(head, settings)) return SourceFormat::kWhatsapp;
  return SourceFormat::kUnknown;
}

Result<SourceFormat> DetectFileFormat(const std::filesystem::path& path,
                                      const SourceSettings& settings) {
  auto source = ByteSource::OpenFile(path.string());
  if (!source.ok()) return source.status();
  std::string head(kSniffBytes, '\0');
  size_t filled = 0;
  while (filled < head.size()) {
    auto got = (*source)->Read(head.data() + filled, head.size() - filled);
    if (!got.ok() || *got == 0) break;  // a damaged file is still sniffed by what it gave
    filled += *got;
  }
  head.resize(filled);
  if (head.starts_with("\xEF\xBB\xBF")) head.erase(0, 3);
  return DetectFormat(head, path, settings);
}

}  // namespace fiducia

#include "sources/email_mime.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <mutex>

#include "common/strings.h"
#include "text/email_text.h"

namespace fiducia::mail {
namespace {

struct GObjectUnref {
  void operator()(gpointer object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// A part nested deeper than this is not looked at: no real mail nests its text that deep.
constexpr int kMaxPartDepth = 32;
// Recipients beyond these are not needed to tell who the customer is.
constexpr size_t kMaxRecipients = 200;
// A References header longer than this keeps its first id (the thread's root) and its last ones.
constexpr int kMaxReferences = 100;
// Ids longer than any real one are cut, so that a hostile header cannot bloat the thread index.
constexpr size_t kMaxIdBytes = 512;
// Thread-Index: 22 bytes of header (a FILETIME and a GUID) name the conversation.
constexpr size_t kThreadIndexHeaderBytes = 22;

std::string_view Header(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_header(object, name);
  return value ? TrimAsciiSpace(value) : std::string_view();
}

std::string Id(std::string_view id) {
  return std::string(CutUtf8(TrimAsciiSpace(id), kMaxIdBytes));
}

void AppendMailboxes(InternetAddressList* list, int depth, std::vector<Mailbox>& out) {
  if (list == nullptr || depth > 2) return;  // groups do not nest, but a parser might say so
  const int count = internet_address_list_length(list);
  for (int i = 0; i < count && out.size() < kMaxRecipients; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      AppendMailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)),
                      depth + 1, out);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) continue;
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
    if (addr == nullptr || TrimAsciiSpace(addr).empty()) continue;
    const char* name = internet_address_get_name(address);
    out.push_back({ToValidUtf8(name ? name : "", true),
                   ToValidUtf8(std::string(TrimAsciiSpace(addr)), true)});
  }
}

std::vector<std::string> ParseIds(GMimeParserOptions* options, std::string_view header) {
  std::vector<std::string> ids;
  if (header.empty()) return ids;
  GMimeReferences* refs = g_mime_references_parse(options, std::string(header).c_str());
  if (refs == nullptr) return ids;
  const int count = g_mime_references_length(refs);
  for (int i = 0; i < count; ++i) {
    if (i > 0 && i < count - (kMaxReferences - 1)) continue;  // keep the root and the latest
    const char* id = g_mime_references_get_message_id(refs, i);
    if (id != nullptr && !TrimAsciiSpace(id).empty()) ids.push_back(Id(id));
  }
  g_mime_references_free(refs);
  return ids;
}

std::string ThreadIndexKey(std::string_view header) {
  if (header.empty()) return {};
  gsize length = 0;
  guchar* bytes = g_base64_decode(std::string(header).c_str(), &length);
  std::string key;
  if (bytes != nullptr && length >= kThreadIndexHeaderBytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (size_t i = 0; i < kThreadIndexHeaderBytes; ++i) {
      key += kHex[bytes[i] >> 4];
      key += kHex[bytes[i] & 0x0F];
    }
  }
  g_free(bytes);
  return key;
}

// A Date GMime could read, within the years an audit can mean (a "3609" is a broken clock).
std::optional<Timestamp> MessageDate(GMimeMessage* message) {
  GDateTime* date = g_mime_message_get_date(message);  // owned by the message
  if (date == nullptr) return std::nullopt;
  const int year = g_date_time_get_year(date);
  if (year < 1970 || year >= 2100) return std::nullopt;
  Timestamp stamp;
  stamp.at = Instant(std::chrono::seconds(g_date_time_to_unix(date)));
  stamp.offset = std::chrono::minutes(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE);
  return stamp;
}

bool HeaderSaysYes(std::string_view value) {
  const std::string token = AsciiLower(TrimAsciiSpace(value.substr(0, value.find(';'))));
  return !token.empty() && token != "no" && token != "false" && token != "0";
}

// Thunderbird keeps a deleted message in the folder's mbox, flagged 0x0008 (expunged) in
// X-Mozilla-Status, until the folder is compacted.
bool IsExpunged(GMimeObject* object) {
  const std::string flags(Header(object, "X-Mozilla-Status"));
  constexpr unsigned long kExpunged = 0x0008;
  return !flags.empty() && (std::strtoul(flags.c_str(), nullptr, 16) & kExpunged) != 0;
}

bool IsReport(GMimeObject* top) {
  GMimeContentType* type = g_mime_object_get_content_type(top);
  return type != nullptr && g_mime_content_type_is_type(type, "multipart", "report");
}

bool HasAutoHeaders(GMimeObject* object, GMimeObject* top) {
  const std::string precedence = AsciiLower(Header(object, "Precedence"));
  return HeaderSaysYes(Header(object, "Auto-Submitted")) ||
         HeaderSaysYes(Header(object, "X-Autoreply")) ||
         HeaderSaysYes(Header(object, "X-Autorespond")) ||
         AsciiLower(Header(object, "X-Autogenerated")).find("reply") != std::string::npos ||
         precedence == "auto_reply" || (top != nullptr && IsReport(top));
}

GMimeObject* FindTextPart(GMimeObject* object, const char* subtype, int depth) {
  if (object == nullptr || depth > kMaxPartDepth) return nullptr;
  if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart* multipart = GMIME_MULTIPART(object);
    const int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
      GMimeObject* found =
          FindTextPart(g_mime_multipart_get_part(multipart, i), subtype, depth + 1);
      if (found != nullptr) return found;
    }
    return nullptr;
  }
  // A message/rfc822 part is a forwarded mail: history, not the author's words.
  if (!GMIME_IS_PART(object) || g_mime_part_is_attachment(GMIME_PART(object))) return nullptr;
  GMimeContentType* type = g_mime_object_get_content_type(object);
  return type != nullptr && g_mime_content_type_is_type(type, "text", subtype) ? object : nullptr;
}

bool IsUtf8OrAscii(std::string_view charset) {
  const std::string lower = AsciiLower(charset);
  return lower == "utf-8" || lower == "utf8" || lower == "us-ascii" || lower == "ascii";
}

// `bytes` converted from `charset` to UTF-8 by GMime's iconv filter (which knows the aliases
// mailers write); nullopt when iconv does not know the charset.
std::optional<std::string> Convert(std::string& bytes, const char* charset) {
  GMimeFilter* filter = g_mime_filter_charset_new(charset, "UTF-8");
  if (filter == nullptr) return std::nullopt;
  char* out = nullptr;
  size_t out_length = 0, out_prespace = 0;
  g_mime_filter_complete(filter, bytes.data(), bytes.size(), 0, &out, &out_length, &out_prespace);
  std::string converted(out ? out : "", out ? out_length : 0);  // out belongs to the filter
  g_object_unref(filter);
  return converted;
}

// Text in UTF-8 whatever its charset said. Bytes that already are UTF-8 (and not plain ASCII)
// stay as they are: a declared 8-bit charset over UTF-8 bytes is a mislabel, common in spam and
// in webmail. No charset, or one iconv does not know: Windows-1252 where not UTF-8.
std::string ToUtf8(std::string bytes, const char* charset) {
  if (charset == nullptr || IsUtf8OrAscii(charset) || LooksLikeUtf8(bytes)) {
    const bool legacy = charset == nullptr || AsciiLower(charset) != "utf-8";
    return ToValidUtf8(std::move(bytes), legacy);
  }
  std::optional<std::string> converted = Convert(bytes, charset);
  if (!converted) return ToValidUtf8(std::move(bytes), true);
  return ToValidUtf8(std::move(*converted), false);
}

// The part's content with its transfer encoding undone (base64, quoted-printable, uuencode).
std::string DecodedContent(GMimeObject* object) {
  GMimeDataWrapper* content = g_mime_part_get_content(GMIME_PART(object));
  if (content == nullptr) return {};
  GObjectPtr<GMimeStream> memory(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, memory.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
  const std::string_view text(reinterpret_cast<const char*>(bytes->data), bytes->len);
  return std::string(text.substr(0, kMaxBodyBytes));
}

std::string PartText(GMimeObject* object) {
  const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
  const std::string text = ToUtf8(DecodedContent(object), charset);
  return std::string(CutUtf8(text, kMaxBodyBytes));
}

std::string BodyText(GMimeMessage* message) {
  GMimeObject* top = g_mime_message_get_mime_part(message);
  if (GMimeObject* plain = FindTextPart(top, "plain", 0)) return PartText(plain);
  if (GMimeObject* html = FindTextPart(top, "html", 0)) return HtmlToText(PartText(html));
  return {};
}

void ReadAddresses(GMimeMessage* message, ParsedMail& mail) {
  std::vector<Mailbox> from;
  AppendMailboxes(g_mime_message_get_from(message), 0, from);
  if (from.empty()) AppendMailboxes(g_mime_message_get_sender(message), 0, from);
  if (!from.empty()) mail.from = std::move(from.front());
  AppendMailboxes(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO), 0, mail.recipients);
  AppendMailboxes(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_CC), 0, mail.recipients);
  AppendMailboxes(g_mime_message_get_reply_to(message), 0, mail.reply_to);
}

void ReadThreading(GMimeParserOptions* options, GMimeMessage* message, ParsedMail& mail) {
  GMimeObject* object = GMIME_OBJECT(message);
  const char* id = g_mime_message_get_message_id(message);
  mail.message_id = id ? Id(ToValidUtf8(id, true)) : std::string();
  mail.references = ParseIds(options, Header(object, "References"));
  const std::vector<std::string> parents = ParseIds(options, Header(object, "In-Reply-To"));
  if (!parents.empty()) mail.in_reply_to = parents.front();
  mail.thread_index = ThreadIndexKey(Header(object, "Thread-Index"));
  mail.gmail_thread = Id(Header(object, "X-GM-THRID"));
}

}  // namespace

struct MimeParser::Options {
  GMimeParserOptions* parser = nullptr;
};

MimeParser::MimeParser() : options_(std::make_unique<Options>()) {
  // GMime's types and charset tables are process-wide; it is never shut down (other readers of
  // the same process may still use it).
  static std::once_flag init;
  std::call_once(init, [] { g_mime_init(); });
  options_->parser = g_mime_parser_options_new();
  // NOLINTNEXTLINE(readability-identifier-naming): a constant, but GMime takes a non-const array
  static const char* kFallbackCharsets[] = {"UTF-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options_->parser, kFallbackCharsets);
  g_mime_parser_options_set_rfc2047_compliance_mode(options_->parser, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options_->parser, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options_->parser, GMIME_RFC_COMPLIANCE_LOOSE);
}

MimeParser::~MimeParser() { g_mime_parser_options_free(options_->parser); }

Result<ParsedMail> MimeParser::Parse(std::string_view bytes) const {
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  // The stream is this message's own copy in memory: parts can point into it instead of copying.
  g_mime_parser_set_persist_stream(parser.get(), TRUE);
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options_->parser));
  if (!message) return Status::InvalidInput("not an e-mail message");
  ParsedMail mail;
  GMimeObject* object = GMIME_OBJECT(message.get());
  ReadThreading(options_->parser, message.get(), mail);
  mail.date = MessageDate(message.get());
  mail.raw_date = std::string(Header(object, "Date"));
  ReadAddresses(message.get(), mail);
  const char* subject = g_mime_message_get_subject(message.get());
  mail.subject = ToValidUtf8(subject ? subject : "", true);
  mail.auto_headers = HasAutoHeaders(object, g_mime_message_get_mime_part(message.get()));
  mail.expunged = IsExpunged(object);
  mail.body = BodyText(message.get());
  return mail;
}

}  // namespace fiducia::mail

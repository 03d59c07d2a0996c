#include "sources/helpdesk_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <utility>

#include "common/strings.h"
#include "common/terminal.h"
#include "common/utf8.h"
#include "model/handle.h"

namespace fiducia {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where a bare scalar (or stray text) at the top level ends.
bool EndsScalar(char c) {
  return IsJsonSpace(c) || c == ',' || c == ']' || c == '}' || c == '[' || c == '{' || c == '"';
}

}  // namespace

// --- JsonChunker -------------------------------------------------------------------------------

namespace {

// Small files (most API pages) never need more; larger values grow the buffer.
constexpr size_t kInitialBuffer = size_t{64} << 10;

}  // namespace

JsonChunker::JsonChunker(ByteSource& source, size_t chunk_size, size_t max_value)
    : source_(source),
      chunk_size_(std::max<size_t>(chunk_size, 1)),
      max_value_(max_value),
      buffer_(std::min(chunk_size_, kInitialBuffer) + kLinePadding) {}

bool JsonChunker::Next(JsonChunk& chunk) {
  if (!status_.ok()) return false;
  if (!started_) {
    started_ = true;
    while (end_ - pos_ < 3 && ReadMore()) {
    }
    if (end_ - pos_ >= 3 && std::memcmp(buffer_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }
  if (!SkipSeparators()) return false;
  return ScanValue(chunk);
}

// Moves past white space (and, inside the top-level array, commas and its closing bracket) to the
// first byte of the next value; false when the data ends first.
bool JsonChunker::SkipSeparators() {
  for (;;) {
    for (; pos_ < end_; ++pos_) {
      const char c = buffer_[pos_];
      if (IsJsonSpace(c) || (in_array_ && c == ',')) continue;
      if (in_array_ && c == ']') {
        in_array_ = false;
      } else if (!in_array_ && c == '[') {
        in_array_ = true;  // a page that is a list: each element is cut out on its own
      } else {
        begin_ = pos_;
        return true;
      }
    }
    begin_ = pos_;  // nothing before here is kept
    if (!ReadMore()) return false;
  }
}

bool JsonChunker::ScanValue(JsonChunk& chunk) {
  chunk = JsonChunk{};
  chunk.offset = base_ + begin_;
  dropping_ = false;
  StartValue(buffer_[pos_]);
  while (!ScanAvailable()) {
    if (pos_ - begin_ > max_value_) dropping_ = true;
    if (dropping_) DropScanned();
    if (!ReadMore()) break;  // the data ends inside the value: it is cut there, and fails to parse
  }
  if (!status_.ok()) return false;
  if (dropping_ || pos_ - begin_ > max_value_) {
    chunk.overlong = true;
  } else {
    chunk.text = std::string_view(buffer_.data() + begin_, pos_ - begin_);
    chunk.capacity = buffer_.size() - begin_;
  }
  if (first_value_) {
    first_value_ = false;
    // Only for values outside an array: one object per line is a sequence, never a list.
    one_per_line_ =
        !in_array_ && !chunk.overlong && !garbage_ && chunk.text.find('\n') == std::string::npos;
  }
  begin_ = pos_;
  return true;
}

// The scanner's state for a value that starts with `first`, which it moves past.
void JsonChunker::StartValue(char first) {
  depth_ = first == '{' || first == '[' ? 1 : 0;
  in_string_ = first == '"';
  escaped_ = false;
  scalar_ = depth_ == 0 && !in_string_;
  // Outside an array only objects and arrays make sense: anything else (a text file, a line of
  // prose between JSON lines) is one bad value up to the next line that starts with '{' or '['.
  garbage_ = scalar_ && !in_array_;
  line_start_ = false;
  ++pos_;
  // A stray separator (",", "}") in an array is a value of its own: the parse reports it.
  if (scalar_ && !garbage_ && EndsScalar(first)) scalar_ = false;
}

// Scans the bytes read so far; true when the value ended (pos_ is then just past it).
bool JsonChunker::ScanAvailable() {
  if (depth_ == 0 && !in_string_ && !scalar_) return true;  // a one-byte value
  for (; pos_ < end_; ++pos_) {
    const char c = buffer_[pos_];
    if (one_per_line_ && c == '\n' && !garbage_) return true;  // a line cut short: it ends here
    if (garbage_) {
      if (line_start_ && (c == '{' || c == '[')) return true;
      if (c == '\n') line_start_ = true;
      if (!IsJsonSpace(c)) line_start_ = false;
    } else if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
        if (depth_ == 0) return ++pos_, true;
      }
    } else if (scalar_) {
      if (EndsScalar(c)) return true;
    } else if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if ((c == '}' || c == ']') && --depth_ == 0) {
      return ++pos_, true;
    }
  }
  return false;
}

std::optional<uint64_t> JsonChunker::ResumeInside(const JsonChunk& chunk) {
  const std::string_view text = chunk.text;
  for (size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) {
    if (at + 1 < text.size() && (text[at + 1] == '{' || text[at + 1] == '[')) {
      pos_ = static_cast<size_t>(text.data() - buffer_.data()) + at + 1;
      begin_ = pos_;
      return base_ + pos_;
    }
  }
  return std::nullopt;
}

// An overlong value's bytes are not kept: the scan goes on to find where it ends.
void JsonChunker::DropScanned() { begin_ = pos_; }

// Reads more data after end_, first moving what is kept to the front; false at the end of the
// data or on a read error.
bool JsonChunker::ReadMore() {
  if (at_eof_ || !status_.ok()) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    base_ += begin_;
    pos_ -= begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  // A value being cut grows the buffer, by half at a time (amortised copies and zeroing).
  if (buffer_.size() <= end_ + kLinePadding) {
    buffer_.resize(buffer_.size() + std::max(chunk_size_, buffer_.size() / 2));
  }
  const size_t room = buffer_.size() - kLinePadding - end_;
  auto got = source_.Read(buffer_.data() + end_, std::min(room, chunk_size_));
  if (!got.ok()) {
    status_ = got.status();
    return false;
  }
  if (*got == 0) {
    at_eof_ = true;
    return false;
  }
  end_ += *got;
  bytes_read_ += *got;
  return true;
}

// --- Reading a file's values -------------------------------------------------------------------

namespace {

Status ParseAndVisit(const JsonChunk& chunk, JsonChunker& chunker, dom::parser& parser,
                     IngestSink& sink, std::string_view file, const JsonValueVisitor& visit) {
  if (chunk.overlong) {
    return RejectIn(sink, file,
                    fmt::format("byte {}: a JSON value longer than {} MiB: skipped", chunk.offset,
                                JsonChunker::kDefaultMaxValue >> 20));
  }
  dom::element value;
  const auto error = parser.parse(chunk.text.data(), chunk.text.size(), false).get(value);
  if (error == simdjson::SUCCESS) return visit(value, chunk.offset);
  const auto resumed = chunker.ResumeInside(chunk);
  return RejectIn(sink, file,
                  fmt::format("byte {}: malformed JSON, skipped{}: {}", chunk.offset,
                              resumed ? fmt::format(" up to byte {}", *resumed) : "",
                              simdjson::error_message(error)));
}

}  // namespace

Status ReadJsonValues(ByteSource& source, IngestSink& sink, const JsonValueVisitor& visit) {
  ++sink.report().files;
  JsonChunker chunker(source);
  dom::parser parser(JsonChunker::kDefaultMaxValue);
  Status status;
  for (JsonChunk chunk; status.ok() && chunker.Next(chunk);) {
    status = ParseAndVisit(chunk, chunker, parser, sink, source.name(), visit);
  }
  sink.report().bytes += chunker.bytes_read();
  if (!status.ok()) return status;
  if (!chunker.status().ok()) return chunker.status();
  if (chunker.unterminated_array()) {
    return RejectIn(sink, source.name(), "the data ends inside its top-level array (cut short?)");
  }
  return Status::Ok();
}

Status ReadFileWith(const std::filesystem::path& path,
                    const std::function<Status(ByteSource&)>& read) {
  auto source = ByteSource::OpenFile(path.string());
  if (!source.ok()) return source.status();
  return read(**source);
}

// --- Typed access ------------------------------------------------------------------------------

namespace {

std::optional<uint64_t> DigitsValue(std::string_view text) {
  uint64_t id = 0;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, id);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return id;
}

}  // namespace

std::optional<uint64_t> IdOf(dom::element value) {
  int64_t signed_id = 0;
  uint64_t id = 0;
  std::string_view text;
  switch (value.type()) {
    case dom::element_type::INT64:
      if (value.get_int64().get(signed_id) != simdjson::SUCCESS) return std::nullopt;
      return signed_id < 0 ? 0 : static_cast<uint64_t>(signed_id);
    case dom::element_type::UINT64:
      if (value.get_uint64().get(id) != simdjson::SUCCESS) return std::nullopt;
      return id;
    case dom::element_type::STRING:
      if (value.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
      return DigitsValue(text);
    default:
      return std::nullopt;
  }
}

bool Fields::Has(std::string_view key) const { return Value(key).has_value(); }

std::optional<dom::element> Fields::Value(std::string_view key) const {
  dom::element value;
  if (object_.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

void Fields::Wrong(std::string_view key, std::string_view what) {
  if (status_.ok()) status_ = Status::InvalidInput(fmt::format("\"{}\" {}", key, what));
}

std::optional<uint64_t> Fields::Id(std::string_view key) {
  const auto value = Value(key);
  if (!value) return std::nullopt;
  const auto id = IdOf(*value);
  if (!id) Wrong(key, "is not an id (an integer or a string of digits)");
  return id;
}

std::optional<int64_t> Fields::Int(std::string_view key) {
  const auto value = Value(key);
  int64_t number = 0;
  if (!value) return std::nullopt;
  if (value->get_int64().get(number) != simdjson::SUCCESS) {
    Wrong(key, "is not an integer");
    return std::nullopt;
  }
  return number;
}

std::optional<bool> Fields::Bool(std::string_view key) {
  const auto value = Value(key);
  bool flag = false;
  if (!value) return std::nullopt;
  if (value->get_bool().get(flag) != simdjson::SUCCESS) {
    Wrong(key, "is not true or false");
    return std::nullopt;
  }
  return flag;
}

std::optional<std::string_view> Fields::String(std::string_view key) {
  const auto value = Value(key);
  std::string_view text;
  if (!value) return std::nullopt;
  if (value->get_string().get(text) != simdjson::SUCCESS) {
    Wrong(key, "is not a string");
    return std::nullopt;
  }
  return text;
}

std::optional<Timestamp> Fields::Time(std::string_view key) {
  const auto text = String(key);
  if (!text) return std::nullopt;
  auto at = ParseRfc3339(*text);
  if (!at.ok()) {
    Wrong(key, fmt::format("is not an RFC 3339 timestamp: {}", Shown(*text)));
    return std::nullopt;
  }
  return *at;
}

std::optional<dom::object> Fields::Object(std::string_view key) {
  const auto value = Value(key);
  dom::object object;
  if (!value) return std::nullopt;
  if (value->get_object().get(object) != simdjson::SUCCESS) {
    Wrong(key, "is not an object");
    return std::nullopt;
  }
  return object;
}

std::optional<dom::array> Fields::Array(std::string_view key) {
  const auto value = Value(key);
  dom::array array;
  if (!value) return std::nullopt;
  if (value->get_array().get(array) != simdjson::SUCCESS) {
    Wrong(key, "is not an array");
    return std::nullopt;
  }
  return array;
}

std::vector<std::string_view> Fields::Strings(std::string_view key) {
  std::vector<std::string_view> out;
  const auto array = Array(key);
  if (!array) return out;
  for (dom::element item : *array) {
    std::string_view text;
    if (item.get_string().get(text) != simdjson::SUCCESS) {
      Wrong(key, "is not an array of strings");
      return {};
    }
    out.push_back(text);
  }
  return out;
}

// --- HTML to text ------------------------------------------------------------------------------

namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }

// The named references helpdesk editors write; the rest of HTML's list is rare in bodies.
// clang-format off
constexpr std::array<std::pair<std::string_view, uint32_t>, 24> kNamedReferences = {{
  {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
  {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
  {"rdquo", 0x201D}, {"ndash", 0x2013}, {"mdash", 0x2014}, {"euro", 0x20AC}, {"laquo", 0xAB},
  {"raquo", 0xBB}, {"agrave", 0xE0}, {"egrave", 0xE8}, {"eacute", 0xE9}, {"igrave", 0xEC},
  {"ograve", 0xF2}, {"ugrave", 0xF9}, {"Egrave", 0xC8}, {"copy", 0xA9},
}};
// clang-format on

std::optional<uint32_t> NumericReference(std::string_view name) {
  uint32_t cp = 0;
  const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
  const std::string_view digits = name.substr(hex ? 2 : 1);
  const char* end = digits.data() + digits.size();
  const auto [stop, error] = std::from_chars(digits.data(), end, cp, hex ? 16 : 10);
  if (digits.empty() || error != std::errc() || stop != end) return std::nullopt;
  return cp;
}

// Decodes the reference at html[i] ('&'); returns where the text goes on.
size_t DecodeReference(std::string_view html, size_t i, std::string& out) {
  constexpr size_t kLongestName = 10;
  const size_t semicolon = html.find(';', i + 1);
  if (semicolon != std::string_view::npos && semicolon - i - 1 <= kLongestName) {
    const std::string_view name = html.substr(i + 1, semicolon - i - 1);
    std::optional<uint32_t> cp;
    if (name.starts_with('#')) cp = NumericReference(name);
    for (const auto& [known, value] : kNamedReferences) {
      if (name == known) cp = value;
    }
    if (cp) {
      AppendUtf8(out, *cp == 0 ? char32_t{0xFFFD} : char32_t{*cp});
      return semicolon + 1;
    }
  }
  out += '&';
  return i + 1;
}

// The end of the tag that starts at html[i] ('<'): past its '>', quotes in attributes respected.
size_t TagEnd(std::string_view html, size_t i) {
  char quote = 0;
  for (size_t j = i + 1; j < html.size(); ++j) {
    const char c = html[j];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return j + 1;
    }
  }
  return html.size();
}

bool BreaksLine(std::string_view name, bool closing) {
  static constexpr std::array<std::string_view, 13> kBlocks = {
      "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol"};
  if (name == "br") return true;
  return closing && std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

// Skips the tag (or comment) at html[i] ('<'); returns where the text goes on.
size_t SkipTag(std::string_view html, size_t i, std::string& out) {
  if (html.substr(i).starts_with("<!--")) {
    const size_t end = html.find("-->", i + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  const bool closing = i + 1 < html.size() && html[i + 1] == '/';
  size_t name_end = i + (closing ? 2 : 1);
  if (name_end >= html.size() || !(IsAsciiAlpha(html[name_end]) || html[name_end] == '!')) {
    out += '<';  // "a < b": not a tag
    return i + 1;
  }
  const size_t name_start = name_end;
  while (name_end < html.size() && IsAsciiAlnum(html[name_end])) ++name_end;
  const std::string name = AsciiLower(html.substr(name_start, name_end - name_start));
  size_t next = TagEnd(html, i);
  if (!closing && (name == "style" || name == "script")) {
    const size_t close = AsciiLower(html.substr(next)).find("</" + name);
    next = close == std::string::npos ? html.size() : TagEnd(html, next + close);
  }
  if (BreaksLine(name, closing)) out += '\n';
  return next;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    if (html[i] == '<') {
      i = SkipTag(html, i, out);
    } else if (html[i] == '&') {
      i = DecodeReference(html, i, out);
    } else {
      out += html[i++];
    }
  }
  return std::string(TrimAsciiSpace(out));
}

std::string_view AddressIn(std::string_view from) {
  const size_t open = from.rfind('<');
  if (open != std::string_view::npos) {
    const size_t close = from.find('>', open);
    if (close != std::string_view::npos)
      return TrimAsciiSpace(from.substr(open + 1, close - open - 1));
  }
  return TrimAsciiSpace(from);
}

// --- Who is who --------------------------------------------------------------------------------

bool CompanyMatcher::IsCompanyAddress(std::string_view address) const {
  const std::string lowered = AsciiLower(TrimAsciiSpace(address));
  if (lowered.empty()) return false;
  for (const std::string& handle : directory_.handles) {
    if (AsciiLower(handle) == lowered) return true;
  }
  const size_t at = lowered.rfind('@');
  if (at == std::string::npos) return false;
  const std::string_view domain = std::string_view(lowered).substr(at + 1);
  for (const std::string& raw : directory_.domains) {
    const std::string company = AsciiLower(raw);
    if (company.empty()) continue;
    if (domain == company) return true;
    if (domain.size() > company.size() && domain.ends_with(company) &&
        domain[domain.size() - company.size() - 1] == '.') {
      return true;  // a subdomain: mail.acme.it for acme.it
    }
  }
  return false;
}

bool CompanyMatcher::IsCompanyName(std::string_view name) const {
  const std::string lowered = AsciiLower(TrimAsciiSpace(name));
  if (lowered.empty()) return false;
  for (const std::string& company : directory_.names) {
    if (AsciiLower(company) == lowered) return true;
  }
  return false;
}

namespace {

void AddHandle(std::vector<std::string>& list, std::string handle, size_t total) {
  if (handle.empty() || total >= PersonHandles::kMaxHandles) return;
  if (std::find(list.begin(), list.end(), handle) == list.end()) list.push_back(std::move(handle));
}

}  // namespace

void PersonHandles::AddEmail(std::string_view raw) {
  const std::string_view address = AddressIn(raw);
  if (ClassifyHandle(address) != HandleKind::kEmail) return;
  AddHandle(emails, std::string(address), emails.size() + phones.size() + socials.size());
}

void PersonHandles::AddPhone(std::string_view raw) {
  const std::string_view number = TrimAsciiSpace(raw);
  if (ClassifyHandle(number) != HandleKind::kPhone) return;  // "1234": an extension, not a phone
  AddHandle(phones, std::string(number), emails.size() + phones.size() + socials.size());
}

void PersonHandles::AddSocial(std::string_view raw) {
  std::string_view name = TrimAsciiSpace(raw);
  if (name.starts_with('@')) name.remove_prefix(1);
  if (name.empty() || name.find_first_of(" \t@") != std::string_view::npos) return;
  std::string handle = "@";
  handle += name;
  AddHandle(socials, handle, emails.size() + phones.size() + socials.size());
}

CustomerHandles ResolveCustomer(const PersonHandles* person, std::string_view fallback,
                                IngestSink& sink) {
  CustomerHandles out;
  const auto add = [&](std::string_view raw) {
    auto handle = sink.Handle(raw);
    if (!handle.ok()) return;  // a number libphonenumber refuses: the other handles still join
    if (out.customer == kNoSymbol) {
      out.customer = *handle;
    } else if (*handle != out.customer &&
               std::find(out.aliases.begin(), out.aliases.end(), *handle) == out.aliases.end()) {
      out.aliases.push_back(*handle);
    }
  };
  if (person != nullptr) {
    for (const auto* list : {&person->emails, &person->phones, &person->socials}) {
      for (const std::string& raw : *list) add(raw);
    }
  }
  add(fallback);
  return out;
}

// --- Pending messages --------------------------------------------------------------------------

namespace {

size_t SizeOf(const PendingMessage& m) {
  return sizeof(PendingMessage) + m.id.size() + m.text.size() + m.file.size() + m.where.size() +
         sizeof(Symbol) * m.event.tags.size();
}

}  // namespace

bool PendingMessages::Keep(uint64_t ticket, PendingMessage message) {
  const size_t size = SizeOf(message);
  if (bytes_ + size > kMaxBytes) return false;
  bytes_ += size;
  by_ticket_[ticket].push_back(std::move(message));
  return true;
}

std::vector<PendingMessage> PendingMessages::Take(uint64_t ticket) {
  auto it = by_ticket_.find(ticket);
  if (it == by_ticket_.end()) return {};
  std::vector<PendingMessage> messages = std::move(it->second);
  by_ticket_.erase(it);
  for (const PendingMessage& m : messages) bytes_ -= std::min(bytes_, SizeOf(m));
  return messages;
}

std::vector<PendingMessage> PendingMessages::TakeAll() {
  std::vector<uint64_t> tickets;
  for (const auto& [ticket, messages] : by_ticket_) tickets.push_back(ticket);
  std::sort(tickets.begin(), tickets.end());  // the same order of errors on every run
  std::vector<PendingMessage> all;
  for (const uint64_t ticket : tickets) {
    for (PendingMessage& m : Take(ticket)) all.push_back(std::move(m));
  }
  return all;
}

Status TicketMessages::Deliver(uint64_t ticket, PendingMessage message, IngestSink& sink) {
  const uint64_t requester = directory_.RequesterOf(ticket);
  if (!message.direction_known) {
    if (const auto direction = directory_.DirectionOf(message.author, requester)) {
      message.event.direction = *direction;
      message.direction_known = true;
    }
  }
  const bool by_customer = message.direction_known && message.event.direction == Direction::kIn;
  const uint64_t customer = requester != 0 ? requester : (by_customer ? message.author : 0);
  if (message.direction_known && customer != 0) {
    Emit(message, customer, sink);
    return Status::Ok();
  }
  const std::string file = message.file, where = message.where;
  if (pending_.Keep(ticket, std::move(message))) return Status::Ok();
  return RejectIn(sink, file,
                  fmt::format("{}: the ticket's requester is not known yet and too much waits "
                              "for it (read {})",
                              where, read_first_));
}

Status TicketMessages::Release(uint64_t ticket, IngestSink& sink) {
  if (pending_.empty() || directory_.RequesterOf(ticket) == 0) return Status::Ok();
  const std::optional<Channel> channel = directory_.ChannelOf(ticket);
  for (PendingMessage& message : pending_.Take(ticket)) {
    if (!message.channel_known && channel) message.event.channel = *channel;
    if (Status s = Deliver(ticket, std::move(message), sink); !s.ok()) return s;
  }
  return Status::Ok();
}

void TicketMessages::Emit(PendingMessage& message, uint64_t customer, IngestSink& sink) const {
  CustomerHandles handles = directory_.CustomerOf(customer, sink);
  message.event.customer = handles.customer;
  message.event.aliases = handles.aliases;
  if (message.event.direction != Direction::kIn) {
    message.event.agent = sink.Intern(directory_.AgentName(message.author));
  }
  sink.Add(message.id, std::move(message.event), message.text);
}

Status TicketMessages::Finish(IngestSink& sink) {
  for (const PendingMessage& message : pending_.TakeAll()) {
    if (Status s = RejectIn(sink, message.file, fmt::format("{}: {}", message.where, never_known_));
        !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

// --- Small shared pieces -----------------------------------------------------------------------

Event MessageAt(const Timestamp& at, Channel channel, Direction direction, Symbol conversation) {
  Event e;
  e.type = EventType::kMessage;
  e.at = at.at;
  e.offset_minutes = static_cast<int16_t>(at.offset.count());
  e.channel = channel;
  e.direction = direction;
  e.conversation = conversation;
  return e;
}

Event StatusAt(const Timestamp& at, TicketStatus status, Symbol conversation) {
  Event e;
  e.type = EventType::kStatus;
  e.at = at.at;
  e.offset_minutes = static_cast<int16_t>(at.offset.count());
  e.status = status;
  e.conversation = conversation;
  return e;
}

std::optional<Event> TagsAt(const Timestamp& at, const std::vector<std::string_view>& tags,
                            Symbol conversation, IngestSink& sink) {
  Event e;
  e.type = EventType::kTag;
  e.at = at.at;
  e.offset_minutes = static_cast<int16_t>(at.offset.count());
  e.conversation = conversation;
  for (const std::string_view tag : tags) {
    const Symbol symbol = sink.Intern(TrimAsciiSpace(tag));
    if (symbol != kNoSymbol) e.tags.push_back(symbol);
  }
  if (e.tags.empty()) return std::nullopt;
  return e;
}

bool StartsLikeJson(std::string_view head) {
  const size_t first = head.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (head[first] == '{' || head[first] == '[');
}

bool HasJsonKey(std::string_view head, std::string_view key) {
  const std::string quoted = fmt::format("\"{}\"", key);
  for (size_t at = head.find(quoted); at != std::string_view::npos;
       at = head.find(quoted, at + 1)) {
    const size_t next = head.find_first_not_of(" \t\r\n", at + quoted.size());
    if (next != std::string_view::npos && head[next] == ':') return true;
  }
  return false;
}

Status RejectIn(IngestSink& sink, std::string_view file, std::string what) {
  return sink.Reject(InputError{std::string(file), 0, std::move(what)});
}

}  // namespace fiducia

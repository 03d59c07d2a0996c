#include "ingest/event_reader.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <array>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "common/terminal.h"
#include "common/time_text.h"
#include "common/utf8.h"
#include "ingest/byte_source.h"
#include "model/handle.h"

namespace fiducia {
namespace {

namespace ondemand = simdjson::ondemand;
using JsonType = ondemand::json_type;

// The fields of spec/events.md; kFieldNames holds their JSON keys in the same order.
// clang-format off
enum class Field : uint8_t {
  kId, kType, kAt, kChannel, kDirection, kCustomer, kAliases, kAgent, kConversation, kInReplyTo,
  kText, kAuto, kDuration, kStatus, kTags, kUnknown
};
constexpr std::array<std::string_view, 15> kFieldNames = {
  "id", "type", "at", "channel", "direction", "customer", "customer_aliases", "agent",
  "conversation", "in_reply_to", "text", "auto", "duration_s", "status", "tags"};
// clang-format on
static_assert(kFieldNames.size() == static_cast<size_t>(Field::kUnknown));

Field FieldOf(std::string_view key) {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == key) return static_cast<Field>(i);
  }
  return Field::kUnknown;  // read by a newer writer: ignored
}

std::string_view NameOf(Field f) { return kFieldNames[static_cast<size_t>(f)]; }

// What one line says, before the rules between fields are checked and its strings interned, so
// that a bad line leaves nothing behind in the symbol table.
struct Draft {
  uint32_t given = 0;  // a bit per Field present with a non-null value
  Event event;
  std::string_view id, customer, agent, conversation, in_reply_to, text;
  std::vector<std::string_view> aliases, tags;
  std::string customer_handle;             // customer, normalised
  std::vector<std::string> alias_handles;  // aliases, normalised

  bool Has(Field f) const { return (given & (1u << static_cast<unsigned>(f))) != 0; }
  void Mark(Field f) { given |= 1u << static_cast<unsigned>(f); }
};

Status Invalid(const std::string& message) { return Status::InvalidInput(message); }

Status InvalidJson(simdjson::error_code error) {
  return Invalid(fmt::format("invalid JSON: {}", simdjson::error_message(error)));
}

Status MustBe(Field f, std::string_view what) {
  return Invalid(fmt::format("\"{}\" must be {}", NameOf(f), what));
}

Status Missing(Field f) { return Invalid(fmt::format("missing required field \"{}\"", NameOf(f))); }

Status ReadString(ondemand::value& value, JsonType type, Field f, std::string_view& out) {
  if (type != JsonType::string) return MustBe(f, "a string");
  if (auto error = value.get_string().get(out)) return InvalidJson(error);
  return Status::Ok();
}

Status ReadStrings(ondemand::value& value, JsonType type, Field f,
                   std::vector<std::string_view>& out) {
  ondemand::array array;
  if (type != JsonType::array) return MustBe(f, "an array of strings");
  if (auto error = value.get_array().get(array)) return InvalidJson(error);
  for (auto element : array) {
    ondemand::value item;
    JsonType item_type;
    if (auto error = element.get(item)) return InvalidJson(error);
    if (auto error = item.type().get(item_type)) return InvalidJson(error);
    std::string_view text;
    if (Status s = ReadString(item, item_type, f, text); !s.ok()) {
      return MustBe(f, "an array of strings");
    }
    out.push_back(text);
  }
  return Status::Ok();
}

template <typename E>
struct EnumSpec {
  std::optional<E> (*parse)(std::string_view);
  E first;
  E last;
};
constexpr EnumSpec<EventType> kEventTypes{ParseEventType, EventType::kMessage, EventType::kTag};
constexpr EnumSpec<Channel> kChannels{ParseChannel, Channel::kEmail, Channel::kOther};
constexpr EnumSpec<Direction> kDirections{ParseDirection, Direction::kIn, Direction::kNote};
constexpr EnumSpec<TicketStatus> kStatuses{ParseTicketStatus, TicketStatus::kOpen,
                                           TicketStatus::kClosed};

template <typename E>
std::string Choices(const EnumSpec<E>& spec) {
  std::string out;
  for (auto i = static_cast<int>(spec.first); i <= static_cast<int>(spec.last); ++i) {
    if (!out.empty()) out += ", ";
    out += ToString(static_cast<E>(i));
  }
  return out;
}

template <typename E>
Status ReadEnum(ondemand::value& value, JsonType type, Field f, const EnumSpec<E>& spec, E& out) {
  std::string_view text;
  if (Status s = ReadString(value, type, f, text); !s.ok()) return s;
  const std::optional<E> parsed = spec.parse(text);
  if (!parsed) return MustBe(f, fmt::format("one of {} (got {})", Choices(spec), Shown(text)));
  out = *parsed;
  return Status::Ok();
}

bool IsPrintableAscii(std::string_view s) {
  for (const char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

Status ReadTimestamp(ondemand::value& value, JsonType type, Event& event) {
  constexpr size_t kLongestTimestamp = 64;  // far more than any RFC 3339 text needs
  std::string_view text;
  if (Status s = ReadString(value, type, Field::kAt, text); !s.ok()) return s;
  // ParseRfc3339 quotes its input verbatim; anything it could not read anyway is shown escaped.
  if (text.size() > kLongestTimestamp || !IsPrintableAscii(text)) {
    return Invalid(fmt::format("\"at\": {} is not an RFC 3339 timestamp", Shown(text)));
  }
  auto timestamp = ParseRfc3339(text);
  if (!timestamp.ok()) return Invalid(fmt::format("\"at\": {}", timestamp.status().message()));
  event.at = timestamp->at;
  event.offset_minutes = static_cast<int16_t>(timestamp->offset.count());
  return Status::Ok();
}

Status ReadBool(ondemand::value& value, JsonType type, Field f, bool& out) {
  if (type != JsonType::boolean) return MustBe(f, "true or false");
  if (auto error = value.get_bool().get(out)) return InvalidJson(error);
  return Status::Ok();
}

Status ReadDuration(ondemand::value& value, JsonType type, int32_t& out) {
  constexpr double kLongest = 2147483647.0;  // what Event::duration_s holds
  double seconds = -1;
  if (type != JsonType::number || value.get_double().get(seconds) || !(seconds >= 0)) {
    return MustBe(Field::kDuration, "a number ≥ 0");
  }
  if (seconds > kLongest) return MustBe(Field::kDuration, "at most 2147483647 (seconds)");
  out = static_cast<int32_t>(seconds);  // a fraction of a second is dropped
  return Status::Ok();
}

// A null value is taken as the field left out: exporters write null for what they do not know.
Status SkipNull(ondemand::value& value) {
  bool is_null = false;
  if (auto error = value.is_null().get(is_null)) return InvalidJson(error);
  return is_null ? Status::Ok() : InvalidJson(simdjson::N_ATOM_ERROR);
}

Status ReadValue(Field f, ondemand::value& value, JsonType type, Draft& d) {
  switch (f) {
    case Field::kId:
      return ReadString(value, type, f, d.id);
    case Field::kType:
      return ReadEnum(value, type, f, kEventTypes, d.event.type);
    case Field::kAt:
      return ReadTimestamp(value, type, d.event);
    case Field::kChannel:
      return ReadEnum(value, type, f, kChannels, d.event.channel);
    case Field::kDirection:
      return ReadEnum(value, type, f, kDirections, d.event.direction);
    case Field::kCustomer:
      return ReadString(value, type, f, d.customer);
    case Field::kAliases:
      return ReadStrings(value, type, f, d.aliases);
    case Field::kAgent:
      return ReadString(value, type, f, d.agent);
    case Field::kConversation:
      return ReadString(value, type, f, d.conversation);
    case Field::kInReplyTo:
      return ReadString(value, type, f, d.in_reply_to);
    case Field::kText:
      return ReadString(value, type, f, d.text);  // analysed by IngestSink::Add, never kept
    case Field::kAuto:
      return ReadBool(value, type, f, d.event.is_auto);
    case Field::kDuration:
      return ReadDuration(value, type, d.event.duration_s);
    case Field::kStatus:
      return ReadEnum(value, type, f, kStatuses, d.event.status);
    case Field::kTags:
      return ReadStrings(value, type, f, d.tags);
    case Field::kUnknown:
      break;
  }
  return Status::Ok();
}

Status ReadField(std::string_view key, ondemand::value& value, Draft& draft) {
  const Field f = FieldOf(key);
  // Unknown keys come from newer writers; a repeated key keeps its first value.
  if (f == Field::kUnknown || draft.Has(f)) return Status::Ok();
  JsonType type;
  if (auto error = value.type().get(type)) return InvalidJson(error);
  if (type == JsonType::null) return SkipNull(value);
  draft.Mark(f);
  return ReadValue(f, value, type, draft);
}

Status ReadObject(ondemand::document& doc, Draft& draft) {
  JsonType type;
  if (auto error = doc.type().get(type)) return InvalidJson(error);
  if (type != JsonType::object) return Invalid("not a JSON object");
  ondemand::object object;
  if (auto error = doc.get_object().get(object)) return InvalidJson(error);
  for (auto member : object) {
    ondemand::field field;
    std::string_view key;
    if (auto error = std::move(member).get(field)) return InvalidJson(error);
    if (auto error = field.unescaped_key().get(key)) return InvalidJson(error);
    if (Status s = ReadField(key, field.value(), draft); !s.ok()) return s;
  }
  // simdjson stops at the end of the object; whatever follows it on the line is an error.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) {
    return Invalid("invalid JSON: more after the object");
  }
  return Status::Ok();
}

Status CheckMessage(const Draft& d) {
  for (const Field f : {Field::kChannel, Field::kDirection, Field::kCustomer}) {
    if (!d.Has(f)) return Missing(f);
  }
  if (d.event.direction == Direction::kIn) return Status::Ok();
  if (!d.Has(Field::kAgent)) {
    return Invalid(fmt::format("missing required field \"agent\" (direction is {})",
                               ToString(d.event.direction)));
  }
  return d.agent.empty() ? MustBe(Field::kAgent, "a non-empty string") : Status::Ok();
}

Status CheckRequired(const Draft& d) {
  if (!d.Has(Field::kId)) return Missing(Field::kId);
  if (d.id.empty()) return MustBe(Field::kId, "a non-empty string");
  if (!d.Has(Field::kAt)) return Missing(Field::kAt);
  switch (d.event.type) {
    case EventType::kMessage:
      return CheckMessage(d);
    case EventType::kStatus:
      if (!d.Has(Field::kStatus)) return Missing(Field::kStatus);
      if (d.conversation.empty() && d.customer.empty()) {
        return Invalid("a status event needs \"conversation\" or \"customer\"");
      }
      return Status::Ok();
    case EventType::kTag:
      if (!d.Has(Field::kTags)) return Missing(Field::kTags);
      return d.tags.empty() ? Invalid("a tag event needs at least one tag") : Status::Ok();
  }
  return Status::Ok();
}

Result<std::string> Normalised(Field f, std::string_view raw, HandleNormaliser& handles) {
  auto handle = handles.Normalise(raw);
  if (!handle.ok()) return Invalid(fmt::format("\"{}\": {}", NameOf(f), handle.status().message()));
  return handle;
}

Status NormaliseHandles(Draft& d, HandleNormaliser& handles) {
  if (d.Has(Field::kCustomer)) {
    auto handle = Normalised(Field::kCustomer, d.customer, handles);
    if (!handle.ok()) return handle.status();
    d.customer_handle = std::move(*handle);
  }
  for (const std::string_view alias : d.aliases) {
    auto handle = Normalised(Field::kAliases, alias, handles);
    if (!handle.ok()) return handle.status();
    d.alias_handles.push_back(std::move(*handle));
  }
  return Status::Ok();
}

// Empty optional strings are taken as not given.
Symbol InternOptional(SymbolTable& symbols, HashedName name) {
  return name.text.empty() ? kNoSymbol : symbols.Intern(name);
}

void Reset(Draft& d) {
  d.given = 0;
  d.event = Event();
  d.id = d.customer = d.agent = d.conversation = d.in_reply_to = d.text = {};
  d.aliases.clear();
  d.tags.clear();
  d.customer_handle.clear();
  d.alias_handles.clear();
}

}  // namespace

Event InternEvent(const ParsedEvent& parsed, SymbolTable& symbols) {
  Event e = parsed.event;
  e.customer = InternOptional(symbols, parsed.Name(1));
  e.agent = InternOptional(symbols, parsed.Name(2));
  e.conversation = InternOptional(symbols, parsed.Name(3));
  e.in_reply_to = InternOptional(symbols, parsed.Name(4));
  for (const std::string_view alias : parsed.aliases) e.aliases.push_back(symbols.Intern(alias));
  for (const std::string_view tag : parsed.tags) e.tags.push_back(symbols.Intern(tag));
  return e;
}

struct EventReader::Workspace {
  Workspace(std::string region, InputLimits input_limits)
      : handles(std::move(region)), limits(input_limits) {}

  simdjson::ondemand::parser json;
  std::vector<char> copy;      // padded room for lines that come without padding
  std::vector<char> repaired;  // padded room for a line repaired to valid UTF-8
  HandleNormaliser handles;
  Draft draft;  // reused from line to line: no allocation once its vectors have grown
  ParsedEvent parsed;
  InputLimits limits;
};

EventReader::EventReader(std::string default_region, InputLimits limits)
    : workspace_(std::make_unique<Workspace>(std::move(default_region), limits)) {}

EventReader::~EventReader() = default;

Result<const ParsedEvent*> EventReader::ParsePadded(std::string_view line, size_t capacity) {
  ondemand::document doc;
  auto error = workspace_->json.iterate(line, capacity).get(doc);
  if (error == simdjson::UTF8_ERROR) {
    // A line that is not valid UTF-8 is read as every other reader reads such text: its bad bytes
    // as U+FFFD (common/utf8.h), rather than losing the whole event. Valid lines never come here.
    std::vector<char>& repaired = workspace_->repaired;
    const std::string text = RepairedUtf8(line);
    if (repaired.size() < text.size() + kLinePadding) repaired.resize(text.size() + kLinePadding);
    std::memcpy(repaired.data(), text.data(), text.size());
    line = {repaired.data(), text.size()};
    error = workspace_->json.iterate(line, repaired.size()).get(doc);
  }
  if (error) return InvalidJson(error);
  Draft& draft = workspace_->draft;
  Reset(draft);
  if (Status s = ReadObject(doc, draft); !s.ok()) return s;
  if (Status s = CheckRequired(draft); !s.ok()) return s;
  if (Status s = workspace_->limits.CheckInWindow("\"at\"", draft.event.at); !s.ok()) return s;
  if (Status s = NormaliseHandles(draft, workspace_->handles); !s.ok()) return s;
  ParsedEvent& p = workspace_->parsed;
  p.id = draft.id;
  p.text = draft.text;
  p.customer = draft.customer_handle;
  p.agent = draft.agent;
  p.conversation = draft.conversation;
  p.in_reply_to = draft.in_reply_to;
  p.aliases.assign(draft.alias_handles.begin(), draft.alias_handles.end());
  p.tags = draft.tags;
  p.event = draft.event;
  return &p;
}

Result<EventRecord> EventReader::ReadPadded(std::string_view line, size_t capacity,
                                            SymbolTable& symbols) {
  auto parsed = ParsePadded(line, capacity);
  if (!parsed.ok()) return parsed.status();
  return EventRecord{(*parsed)->id, (*parsed)->text, InternEvent(**parsed, symbols)};
}

Result<EventRecord> EventReader::Read(std::string_view line, SymbolTable& symbols) {
  auto parsed = Parse(line);
  if (!parsed.ok()) return parsed.status();
  return EventRecord{(*parsed)->id, (*parsed)->text, InternEvent(**parsed, symbols)};
}

Result<const ParsedEvent*> EventReader::Parse(std::string_view line) {
  std::vector<char>& copy = workspace_->copy;
  if (copy.size() < line.size() + kLinePadding) copy.resize(line.size() + kLinePadding);
  if (!line.empty()) std::memcpy(copy.data(), line.data(), line.size());
  return ParsePadded({copy.data(), line.size()}, copy.size());
}

}  // namespace fiducia

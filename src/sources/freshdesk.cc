// Freshdesk API v2 JSON to canonical events.
//
// A file holds a page (an array of tickets or of conversations, as GET /api/v2/tickets and
// /api/v2/tickets/{id}/conversations return them), one object (a ticket, with "conversations" when
// asked with include=conversations), search results {"results": [...]}, or contacts and agents
// (they say whose address is whose). API v1's {"helpdesk_ticket": {..., "notes": [...]}} is read
// too.
//
// Mapping (docs/sources/freshdesk.md says the same for users):
// - conversation "fd-<ticket id>" (v1: its display_id, the number v2 calls id); the description is
//   the first message "fd-t-<ticket id>", `in` from the requester (source 10, outbound e-mail:
//   `out` from the responder); conversations "fd-c-<id>": private → note, else incoming → in, else
//   out (agent: the agent's name when an agents page was read, else "fd-user-<user_id>").
// - source → channel: 1 email, 2 portal web, 3 phone, 4 forum web, 5 twitter and 6 facebook
//   social, 7 chat, 8 mobihelp chat, 9 feedback widget web, 10 outbound email, 12 bot chat,
//   13 whatsapp; else other. A conversation takes its ticket's channel.
// - status → status event "fd-s-<ticket>-<status>-<updated_at>": 2 open, 3 pending, 4 resolved →
//   solved, 5 closed, 6 and 7 (the default custom statuses "Waiting on Customer/Third Party") →
//   pending; other custom statuses add none. Tags: tag event "fd-g-<ticket>-<updated_at>". A ticket
//   version older than one already read adds neither; spam and deleted tickets add nothing, nor
//   do their conversations.
// - text: body_text / description_text, else the HTML body as text.
// - customer: the requester's e-mail, else phone, else mobile, else twitter id (from
//   include=requester, contacts, or the from_email of their incoming messages), else
//   "fd-user-<requester_id>", which is an alias whenever a better handle is known.
#include "sources/freshdesk.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sources/helpdesk_json.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

struct FreshdeskUser {
  static constexpr size_t kLongestName = 200;
  std::string name;
  PersonHandles handles;
};

struct TicketState {
  uint64_t requester = 0;          // 0: not known yet
  std::optional<Channel> channel;  // from the ticket's source
  std::optional<Instant> version;  // updated_at of the newest ticket object read
  bool dropped = false;            // spam or deleted: its conversations are dropped too
};

struct Place {
  IngestSink& sink;
  std::string_view file;
  uint64_t offset = 0;
};

Channel ChannelOfSource(int64_t source) {
  switch (source) {
    case 1:
    case 10:
      return Channel::kEmail;
    case 2:
    case 4:
    case 9:
      return Channel::kWeb;
    case 3:
      return Channel::kPhone;
    case 5:
    case 6:
      return Channel::kSocial;
    case 7:
    case 8:
    case 12:
      return Channel::kChat;
    case 13:
      return Channel::kWhatsapp;
    default:
      return Channel::kOther;
  }
}

// A conversation's own source when its ticket is unknown: 0 reply, 2 note, 3 tweet, 5 facebook,
// 6 forwarded e-mail, 7 phone.
Channel ChannelOfConversationSource(int64_t source) {
  switch (source) {
    case 0:
    case 6:
      return Channel::kEmail;
    case 3:
    case 5:
      return Channel::kSocial;
    case 7:
      return Channel::kPhone;
    default:
      return Channel::kOther;
  }
}

std::optional<TicketStatus> StatusOfCode(int64_t status) {
  switch (status) {
    case 2:
      return TicketStatus::kOpen;
    case 3:
    case 6:
    case 7:
      return TicketStatus::kPending;
    case 4:
      return TicketStatus::kSolved;
    case 5:
      return TicketStatus::kClosed;
    default:
      return std::nullopt;
  }
}

constexpr int64_t kOutboundEmail = 10;

std::string ConversationOf(uint64_t ticket) { return fmt::format("fd-{}", ticket); }
std::string UserHandle(uint64_t user) { return fmt::format("fd-user-{}", user); }

Status Bad(const Place& place, std::string what) {
  return RejectIn(place.sink, place.file, std::move(what));
}

// A phone number as Freshdesk writes it: a string, or sometimes a bare integer.
std::string PhoneText(Fields& f, std::string_view key) {
  const auto value = f.Value(key);
  int64_t number = 0;
  std::string_view text;
  if (!value) return "";
  if (value->get_string().get(text) == simdjson::SUCCESS) return std::string(text);
  if (value->get_int64().get(number) == simdjson::SUCCESS) return std::to_string(number);
  return "";
}

// What a ticket (or, with "requester", a contact) says of a person.
void AddPersonHandles(Fields& f, FreshdeskUser& user) {
  if (auto name = f.String("name")) user.name = name->substr(0, FreshdeskUser::kLongestName);
  if (auto email = f.String("email")) user.handles.AddEmail(*email);
  for (const std::string_view email : f.Strings("other_emails")) user.handles.AddEmail(email);
  user.handles.AddPhone(PhoneText(f, "phone"));
  user.handles.AddPhone(PhoneText(f, "mobile"));
  if (auto twitter = f.String("twitter_id")) user.handles.AddSocial(*twitter);
}

// The description: "description_text" (v2), else "description" when "description_html" is next
// to it (v1: the plain one), else "description" as HTML.
std::string DescriptionText(Fields& f) {
  if (auto text = f.String("description_text")) return std::string(*text);
  if (f.Has("description_html")) return std::string(f.String("description").value_or(""));
  return HtmlToText(f.String("description").value_or(""));
}

std::string BodyText(Fields& f) {
  if (auto text = f.String("body_text")) return std::string(*text);
  if (f.Has("body_html")) return std::string(f.String("body").value_or(""));  // v1 notes
  return HtmlToText(f.String("body").value_or(""));
}

struct TicketFacts {
  uint64_t id = 0, requester = 0, responder = 0;
  int64_t source = 0, status = 0;
  std::optional<Timestamp> created, updated;
  std::string_view updated_text;
  std::string text;
  std::vector<std::string_view> tags;
  bool dropped = false;  // spam or deleted
};

TicketFacts ReadTicketFacts(Fields& f, uint64_t id) {
  TicketFacts t;
  t.id = id;
  t.requester = f.Id("requester_id").value_or(0);
  t.responder = f.Id("responder_id").value_or(0);
  t.source = f.Int("source").value_or(0);
  t.status = f.Int("status").value_or(0);
  t.created = f.Time("created_at");
  t.updated = f.Time("updated_at");
  t.updated_text = f.String("updated_at").value_or("");
  t.text = DescriptionText(f);
  t.tags = f.Strings("tags");
  t.dropped = f.Bool("spam").value_or(false) || f.Bool("deleted").value_or(false);
  return t;
}

struct ConversationFacts {
  std::optional<uint64_t> id, ticket;
  bool incoming = false, is_private = false;
  uint64_t author = 0;
  int64_t source = -1;
  std::optional<Timestamp> at;
  std::optional<std::string_view> from;
  std::string text;
};

ConversationFacts ReadConversationFacts(Fields& f, std::optional<uint64_t> ticket) {
  ConversationFacts c;
  c.id = f.Id("id");
  c.ticket = ticket ? ticket : f.Id("ticket_id");
  c.incoming = f.Bool("incoming").value_or(false);
  c.is_private = f.Bool("private").value_or(false);
  c.author = f.Id("user_id").value_or(0);
  c.source = f.Int("source").value_or(-1);
  c.at = f.Time("created_at");
  c.from = f.String("from_email");
  c.text = BodyText(f);
  return c;
}

class FreshdeskExportReader final : public FreshdeskReader, private HelpdeskDirectory {
 public:
  FreshdeskExportReader() = default;

  Status Read(const fs::path& path, IngestSink& sink) override {
    return ReadFileWith(path, [&](ByteSource& source) { return ReadSource(source, sink); });
  }

  Status ReadSource(ByteSource& source, IngestSink& sink) override {
    const std::string file = source.name();
    return ReadJsonValues(source, sink, [&](dom::element value, uint64_t offset) {
      const Place place{sink, file, offset};
      return ReadValue(value, place, true);
    });
  }

  Status Finish(IngestSink& sink) override;

 private:
  Status ReadValue(dom::element value, const Place& place, bool outermost);
  Status ReadObject(dom::object object, const Place& place);
  Status ReadTicket(dom::object object, const Place& place);
  Status ReadTicketContent(const TicketFacts& t, Fields& f, const Place& place);
  void AddOpening(const TicketFacts& t, const Place& place);
  void AddSnapshot(const TicketFacts& t, const Place& place);
  Status ReadEmbedded(Fields& f, uint64_t ticket, const Place& place);
  Status ReadConversation(dom::object object, std::optional<uint64_t> ticket, const Place& place);
  Status AddConversation(ConversationFacts& c, const std::string& where, const Place& place);
  Status ReadContact(dom::object object, const Place& place);
  Status ReadAgent(dom::object object, const Place& place);

  // HelpdeskDirectory, for messages_.
  uint64_t RequesterOf(uint64_t ticket) const override;
  std::optional<Channel> ChannelOf(uint64_t ticket) const override;
  // A conversation says its direction (incoming, private) itself.
  std::optional<Direction> DirectionOf(uint64_t, uint64_t) const override { return std::nullopt; }
  std::string AgentName(uint64_t user) const override;
  CustomerHandles CustomerOf(uint64_t user, IngestSink& sink) const override;

  std::unordered_map<uint64_t, FreshdeskUser> users_;
  std::unordered_map<uint64_t, TicketState> tickets_;
  TicketMessages messages_{*this, "tickets before conversations",
                           "its ticket was not read, so its customer is not known: skipped"};
};

Status FreshdeskExportReader::ReadValue(dom::element value, const Place& place, bool outermost) {
  dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return Bad(place, fmt::format("byte {}: not a JSON object", place.offset));
  }
  Fields f(object);
  if (auto v1 = f.Object("helpdesk_ticket")) return ReadTicket(*v1, place);
  if (auto results = f.Array("results"); results && outermost) {  // search results
    for (dom::element item : *results) {
      if (Status s = ReadValue(item, place, false); !s.ok()) return s;
    }
    return Status::Ok();
  }
  return ReadObject(object, place);
}

Status FreshdeskExportReader::ReadObject(dom::object object, const Place& place) {
  Fields f(object);
  if (f.Has("ticket_id") && (f.Has("incoming") || f.Has("private") || f.Has("body_text"))) {
    return ReadConversation(object, std::nullopt, place);
  }
  if (f.Has("requester_id")) return ReadTicket(object, place);
  if (f.Has("ticket_scope") && f.Has("contact")) return ReadAgent(object, place);
  if (f.Has("id") && (f.Has("email") || f.Has("phone") || f.Has("mobile"))) {
    return ReadContact(object, place);
  }
  return Bad(place, fmt::format("byte {}: not a Freshdesk ticket, conversation, contact or agent",
                                place.offset));
}

// --- Tickets -----------------------------------------------------------------------------------

Status FreshdeskExportReader::ReadTicket(dom::object object, const Place& place) {
  if (!place.sink.CountRecord(place.file)) return place.sink.RecordLimitReached(place.file, 0);
  Fields f(object);
  const auto id = f.Has("display_id") ? f.Id("display_id") : f.Id("id");  // v1: display_id
  if (!id || *id == 0) {
    return Bad(place, fmt::format("byte {}: a ticket without an id", place.offset));
  }
  const TicketFacts t = ReadTicketFacts(f, *id);
  if (auto requester = f.Object("requester")) {  // include=requester
    Fields requester_fields(*requester);
    const uint64_t person = requester_fields.Id("id").value_or(t.requester);
    if (person != 0) AddPersonHandles(requester_fields, users_[person]);
  }
  if (!f.status().ok()) return Bad(place, fmt::format("ticket {}: {}", *id, f.status().message()));
  if (!t.created) return Bad(place, fmt::format("ticket {}: no \"created_at\"", *id));
  TicketState& state = tickets_[*id];
  if (t.requester != 0) state.requester = t.requester;
  if (!state.channel) state.channel = ChannelOfSource(t.source);
  if (t.dropped) {  // spam and deleted tickets are no conversation to audit
    state.dropped = true;
    messages_.Drop(*id);
    return Status::Ok();
  }
  return ReadTicketContent(t, f, place);
}

Status FreshdeskExportReader::ReadTicketContent(const TicketFacts& t, Fields& f,
                                                const Place& place) {
  if (Status s = ReadEmbedded(f, t.id, place); !s.ok()) return s;
  if (Status s = messages_.Release(t.id, place.sink); !s.ok()) return s;
  if (t.requester == 0) {
    return Bad(place,
               fmt::format("ticket {}: no \"requester_id\": its description is skipped", t.id));
  }
  AddOpening(t, place);
  AddSnapshot(t, place);
  return Status::Ok();
}

// include=conversations (v2) or "notes" (v1, each {"note": {...}}).
Status FreshdeskExportReader::ReadEmbedded(Fields& f, uint64_t ticket, const Place& place) {
  for (const std::string_view key : {"conversations", "notes"}) {
    const auto array = f.Array(key);
    if (!array) continue;
    for (dom::element item : *array) {
      dom::object object;
      if (item.get_object().get(object) != simdjson::SUCCESS) {
        if (Status s = Bad(
                place, fmt::format("ticket {}: a \"{}\" item that is not an object", ticket, key));
            !s.ok()) {
          return s;
        }
        continue;
      }
      if (auto note = Fields(object).Object("note")) object = *note;
      if (Status s = ReadConversation(object, ticket, place); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

void FreshdeskExportReader::AddOpening(const TicketFacts& t, const Place& place) {
  const bool outbound = t.source == kOutboundEmail;  // the company wrote first
  PendingMessage m{fmt::format("fd-t-{}", t.id),
                   MessageAt(*t.created, tickets_[t.id].channel.value_or(Channel::kOther),
                             outbound ? Direction::kOut : Direction::kIn,
                             place.sink.Intern(ConversationOf(t.id))),
                   outbound ? t.responder : t.requester,
                   true,
                   true,
                   t.text,
                   std::string(place.file),
                   fmt::format("ticket {}", t.id)};
  messages_.Emit(m, t.requester, place.sink);
}

void FreshdeskExportReader::AddSnapshot(const TicketFacts& t, const Place& place) {
  TicketState& state = tickets_[t.id];
  if (!t.updated || (state.version && t.updated->at < *state.version)) return;
  state.version = t.updated->at;
  const Symbol conversation = place.sink.Intern(ConversationOf(t.id));
  if (auto status = StatusOfCode(t.status)) {
    place.sink.Add(fmt::format("fd-s-{}-{}-{}", t.id, t.status, t.updated_text),
                   StatusAt(*t.updated, *status, conversation), "");
  }
  if (auto tags = TagsAt(*t.updated, t.tags, conversation, place.sink)) {
    place.sink.Add(fmt::format("fd-g-{}-{}", t.id, t.updated_text), std::move(*tags), "");
  }
}

// --- Conversations -----------------------------------------------------------------------------

Status FreshdeskExportReader::ReadConversation(dom::object object, std::optional<uint64_t> ticket,
                                               const Place& place) {
  if (!place.sink.CountRecord(place.file)) return place.sink.RecordLimitReached(place.file, 0);
  Fields f(object);
  ConversationFacts c = ReadConversationFacts(f, ticket);
  if (!c.id || !c.ticket) {
    return Bad(place,
               fmt::format("byte {}: a conversation without an id or ticket_id", place.offset));
  }
  const std::string where = fmt::format("ticket {}, conversation {}", *c.ticket, *c.id);
  if (!f.status().ok()) return Bad(place, fmt::format("{}: {}", where, f.status().message()));
  if (!c.at) return Bad(place, where + ": no \"created_at\"");
  return AddConversation(c, where, place);
}

Status FreshdeskExportReader::AddConversation(ConversationFacts& c, const std::string& where,
                                              const Place& place) {
  if (c.incoming && !c.is_private && c.from && c.author != 0) {
    users_[c.author].handles.AddEmail(*c.from);  // the customer's address, as they wrote from it
  }
  const Direction direction =
      c.is_private ? Direction::kNote : (c.incoming ? Direction::kIn : Direction::kOut);
  if (tickets_[*c.ticket].dropped) return Status::Ok();
  const std::optional<Channel> ticket_channel = tickets_[*c.ticket].channel;
  const Channel channel = ticket_channel.value_or(ChannelOfConversationSource(c.source));
  PendingMessage m{
      fmt::format("fd-c-{}", *c.id),
      MessageAt(*c.at, channel, direction, place.sink.Intern(ConversationOf(*c.ticket))),
      c.author,
      true,
      ticket_channel.has_value(),
      std::move(c.text),
      std::string(place.file),
      where};
  return messages_.Deliver(*c.ticket, std::move(m), place.sink);
}

Status FreshdeskExportReader::Finish(IngestSink& sink) { return messages_.Finish(sink); }

uint64_t FreshdeskExportReader::RequesterOf(uint64_t ticket) const {
  const auto it = tickets_.find(ticket);
  return it == tickets_.end() ? 0 : it->second.requester;
}

std::optional<Channel> FreshdeskExportReader::ChannelOf(uint64_t ticket) const {
  const auto it = tickets_.find(ticket);
  return it == tickets_.end() ? std::nullopt : it->second.channel;
}

CustomerHandles FreshdeskExportReader::CustomerOf(uint64_t user, IngestSink& sink) const {
  const auto it = users_.find(user);
  return ResolveCustomer(it == users_.end() ? nullptr : &it->second.handles, UserHandle(user),
                         sink);
}

std::string FreshdeskExportReader::AgentName(uint64_t user) const {
  if (user == 0) return "freshdesk";
  if (auto it = users_.find(user); it != users_.end() && !it->second.name.empty()) {
    return it->second.name;
  }
  return UserHandle(user);
}

// --- Contacts and agents -----------------------------------------------------------------------

Status FreshdeskExportReader::ReadContact(dom::object object, const Place& place) {
  Fields f(object);
  const auto id = f.Id("id");
  if (!id) return Bad(place, fmt::format("byte {}: a contact without an id", place.offset));
  AddPersonHandles(f, users_[*id]);
  if (f.status().ok()) return Status::Ok();
  return Bad(place, fmt::format("contact {}: {}", *id, f.status().message()));
}

Status FreshdeskExportReader::ReadAgent(dom::object object, const Place& place) {
  Fields f(object);
  const auto id = f.Id("id");
  const auto contact = f.Object("contact");
  if (!id || !contact) {
    return Bad(place, fmt::format("byte {}: an agent without an id or contact", place.offset));
  }
  Fields contact_fields(*contact);
  AddPersonHandles(contact_fields, users_[*id]);
  if (f.status().ok() && contact_fields.status().ok()) return Status::Ok();
  return Bad(place, fmt::format("agent {}: {}{}", *id, f.status().message(),
                                contact_fields.status().message()));
}

// Whether `key` appears with a number as its value ("source": 2).
bool HasNumberKey(std::string_view head, std::string_view key) {
  const std::string quoted = fmt::format("\"{}\"", key);
  for (size_t at = head.find(quoted); at != std::string_view::npos;
       at = head.find(quoted, at + 1)) {
    const size_t colon = head.find_first_not_of(" \t\r\n", at + quoted.size());
    if (colon == std::string_view::npos || head[colon] != ':') continue;
    const size_t value = head.find_first_not_of(" \t\r\n", colon + 1);
    if (value != std::string_view::npos && head[value] >= '0' && head[value] <= '9') return true;
  }
  return false;
}

}  // namespace

bool LooksLikeFreshdeskExport(std::string_view head, const SourceSettings& settings) {
  (void)settings;
  if (!StartsLikeJson(head)) return false;
  const auto any = [&](std::initializer_list<std::string_view> keys) {
    return std::any_of(keys.begin(), keys.end(), [&](auto key) { return HasJsonKey(head, key); });
  };
  if (any({"fr_escalated", "fr_due_by", "frDueBy", "helpdesk_ticket"})) return true;
  if (any({"requester_id"}) && HasNumberKey(head, "source") && !any({"via"})) return true;
  if (any({"incoming"}) && any({"private"}) && any({"body_text"})) return true;
  // Contacts and agents: they say whose addresses are whose.
  return any({"helpdesk_agent"}) || (any({"ticket_scope"}) && any({"contact"}));
}

std::unique_ptr<SourceReader> MakeFreshdeskReader(const SourceSettings& settings) {
  return MakeFreshdeskSourceReader(settings);
}

std::unique_ptr<FreshdeskReader> MakeFreshdeskSourceReader(const SourceSettings& settings) {
  (void)settings;  // Freshdesk says who is who: `incoming`, `private`
  return std::make_unique<FreshdeskExportReader>();
}

}  // namespace fiducia

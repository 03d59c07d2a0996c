// Zendesk API JSON to canonical events.
//
// A file holds one page (an object, or an array of them) or one ticket per line (the admin JSON
// export); a recorded HTTP exchange {"request", "status", "body"} is read as its body. Pages:
// tickets (the ticket and incremental exports, with or without embedded "comments"), audits,
// ticket_events (the incremental event export with include=comment_events), comments (of one
// ticket: its id comes from the page's links or request, else the file name), users and
// identities (sideloads or their own pages), in that order within a page.
//
// Mapping (docs/sources/zendesk.md says the same for users):
// - conversation "zd-<ticket id>"; comment "zd-c-<comment id>"; the ticket's description
//   "zd-t-<ticket id>", added only when no comment of the ticket has been read (it is the first
//   comment: when the comment comes after the description, it gets the description's id and counts
//   as a duplicate); status "zd-s-<ticket>-<status>-<updated_at>" from a ticket object, and
//   "zd-e-<event id>" from an audit's or ticket event's Create/Change of "status"; tags
//   "zd-g-<ticket>-<updated_at>" or "zd-g-<event id>".
// - public false: note. A public comment is `in` when its author is the customer, `out` when the
//   company: the company is a user whose role is agent or admin, whose name or address the config's
//   [company] lists, or, failing those, anyone but the ticket's requester. A comment whose side
//   cannot be told yet (no requester known) waits for its ticket, until Finish.
// - customer: the requester's e-mail, else phone, else twitter handle (users and identities read
//   so far), else "zd-user-<requester id>", which is an alias whenever a better handle is known.
// - channel: the ticket's via.channel (the creating audit's), else the comment's own via.
// - ticket versions older than one already read (overlapping pages) add no status or tags;
//   deleted tickets add nothing, nor do their comments read after them.
#include "sources/zendesk.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "sources/helpdesk_json.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

enum class Role : uint8_t { kUnknown, kEndUser, kAgent };
enum class Side : uint8_t { kUnknown, kCustomer, kCompany };

struct ZendeskUser {
  static constexpr size_t kLongestName = 200;
  std::string name;
  Role role = Role::kUnknown;
  PersonHandles handles;
};

// What the reader remembers of a ticket across pages and files.
struct TicketState {
  uint64_t requester = 0;            // 0: not known yet
  std::optional<Instant> created;    // when the ticket (and its first comment) was created
  std::optional<Instant> version;    // updated_at of the newest ticket object read
  std::optional<Channel> channel;    // the ticket's via, or its creating audit's
  bool comments_seen = false;        // its description is one of its comments: not added again
  bool opening_from_ticket = false;  // its description was added as "zd-t-<id>"
  bool deleted = false;              // not a conversation to audit: its comments are dropped
};

// Where a value comes from: for errors, and for comments pages, whose comments do not name their
// ticket.
struct Place {
  IngestSink& sink;
  std::string_view file;
  uint64_t offset = 0;
  std::optional<uint64_t> ticket;
};

struct Via {
  Channel channel = Channel::kOther;
  bool automatic = false;    // made by a trigger or the system: never an answer
  std::string_view address;  // via.source.from.address: who sent an e-mail
};

// What a comment takes from the audit or ticket event it belongs to.
struct CommentContext {
  uint64_t ticket = 0;
  std::optional<Timestamp> at;
  std::optional<dom::element> via;
  uint64_t author = 0;
};

// --- Mapping tables ----------------------------------------------------------------------------

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A messaging channel's service (via.source.rel of native_messaging): WhatsApp, SMS, social.
Channel ChannelOfService(std::string_view service) {
  const std::string s = AsciiLower(service);
  if (Contains(s, "whatsapp")) return Channel::kWhatsapp;
  if (Contains(s, "sms") || Contains(s, "twilio") || Contains(s, "messagebird")) {
    return Channel::kSms;
  }
  for (const std::string_view social : {"messenger", "facebook", "instagram", "twitter"}) {
    if (Contains(s, social)) return Channel::kSocial;
  }
  return Channel::kChat;
}

// via.channel ("email", "native_messaging") or a ticket event's via name ("Web form", "Mail").
Channel ChannelOfVia(std::string_view via, std::string_view service) {
  std::string name = AsciiLower(via);
  std::replace(name.begin(), name.end(), ' ', '_');
  if (name == "native_messaging" || name == "messaging" || name.starts_with("sunshine")) {
    return ChannelOfService(service);
  }
  if (Contains(name, "whatsapp")) return Channel::kWhatsapp;
  if (Contains(name, "sms") || name == "text") return Channel::kSms;
  for (const std::string_view social : {"twitter", "facebook", "instagram"}) {
    if (Contains(name, social)) return Channel::kSocial;
  }
  if (Contains(name, "voice") || Contains(name, "phone")) return Channel::kPhone;
  if (Contains(name, "chat")) return Channel::kChat;
  if (Contains(name, "mail")) return Channel::kEmail;
  if (name == "api" || name.starts_with("web") || name == "help_center" ||
      name.starts_with("mobile")) {
    return Channel::kWeb;
  }
  return Channel::kOther;
}

std::optional<TicketStatus> StatusOfName(std::string_view name) {
  if (name == "new" || name == "open") return TicketStatus::kOpen;
  if (name == "pending" || name == "hold") return TicketStatus::kPending;
  if (name == "solved") return TicketStatus::kSolved;
  if (name == "closed") return TicketStatus::kClosed;
  return std::nullopt;  // "deleted", custom statuses
}

// A via as an object ({"channel", "source": {"rel", "from": {"address"}}}) or a name.
Via ViaOf(std::optional<dom::element> value) {
  Via via;
  std::string_view text;
  dom::object object;
  if (!value) return via;
  if (value->get_string().get(text) == simdjson::SUCCESS) {
    via.channel = ChannelOfVia(text, "");
  } else if (value->get_object().get(object) == simdjson::SUCCESS) {
    Fields fields(object);
    text = fields.String("channel").value_or("");
    std::string_view service;
    if (auto source = fields.Object("source")) {
      Fields source_fields(*source);
      service = source_fields.String("rel").value_or("");
      if (auto from = source_fields.Object("from")) {
        via.address = Fields(*from).String("address").value_or("");
      }
    }
    via.channel = ChannelOfVia(text, service);
  }
  via.automatic = text == "rule" || text == "system" || text == "automation";
  return via;
}

// A ticket id in a URL of a comments page: ".../tickets/33/comments.json?...".
std::optional<uint64_t> TicketInUrl(std::string_view url) {
  constexpr std::string_view kTickets = "/tickets/";
  const size_t at = url.find(kTickets);
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view rest = url.substr(at + kTickets.size());
  const size_t digits = std::min(rest.find_first_not_of("0123456789"), rest.size());
  uint64_t id = 0;
  const auto [stop, error] = std::from_chars(rest.data(), rest.data() + digits, id);
  if (digits == 0 || error != std::errc() || !rest.substr(digits).starts_with("/comments")) {
    return std::nullopt;
  }
  return id;
}

// A ticket id in a file name such as "ticket-33-comments.json" (the docs suggest the layout).
std::optional<uint64_t> TicketInFileName(std::string_view path) {
  const std::string name = AsciiLower(fs::path(path).filename().string());
  const size_t at = name.find("ticket");
  if (at == std::string::npos || !Contains(name, "comments")) return std::nullopt;
  size_t start = at + 6;
  if (start < name.size() && name[start] == 's') ++start;
  if (start < name.size() && (name[start] == '-' || name[start] == '_')) ++start;
  const size_t end = std::min(name.find_first_not_of("0123456789", start), name.size());
  uint64_t id = 0;
  const auto [stop, error] = std::from_chars(name.data() + start, name.data() + end, id);
  if (end == start || error != std::errc()) return std::nullopt;
  return id;
}

std::string ConversationOf(uint64_t ticket) { return fmt::format("zd-{}", ticket); }
std::string UserHandle(uint64_t user) { return fmt::format("zd-user-{}", user); }

// --- The reader --------------------------------------------------------------------------------

// The parts of a ticket object the events need.
struct TicketFacts {
  uint64_t id = 0, requester = 0, submitter = 0;
  std::optional<Timestamp> created, updated;
  std::string_view updated_text, status, description;
  std::optional<dom::element> via;
  std::vector<std::string_view> tags;
};

struct CommentFacts {
  uint64_t id = 0, ticket = 0, author = 0;
  bool is_public = true;
  bool voice = false;
  std::optional<Timestamp> at;
  std::string text;
  Via via;
};

class ZendeskExportReader final : public ZendeskReader, private HelpdeskDirectory {
 public:
  explicit ZendeskExportReader(const SourceSettings& settings) : company_(settings.company) {}

  Status Read(const fs::path& path, IngestSink& sink) override {
    return ReadFileWith(path, [&](ByteSource& source) { return ReadSource(source, sink); });
  }

  Status ReadSource(ByteSource& source, IngestSink& sink) override {
    const std::string file = source.name();
    return ReadJsonValues(source, sink, [&](dom::element value, uint64_t offset) {
      Place place{sink, file, offset, std::nullopt};
      return ReadValue(value, place);
    });
  }

  Status Finish(IngestSink& sink) override;

 private:
  Status ReadValue(dom::element value, Place& place);
  Status ReadObject(dom::object object, Place& place);
  Status ReadPage(dom::object object, Place& place);
  Status ReadPageRecords(Fields& page, Place& place);
  Status ReadUser(dom::object object, Place& place);
  Status ReadIdentity(dom::object object, Place& place);
  Status ReadTicket(dom::object object, Place& place);
  Status ReadTicketContent(const TicketFacts& t, Fields& fields, Place& place);
  Status AddOpening(const TicketFacts& t, Place& place);
  void AddSnapshot(const TicketFacts& t, Place& place);
  Status ReadAudit(dom::object object, Place& place);
  void LearnFromAudit(uint64_t ticket, dom::array events, const Timestamp& at,
                      std::optional<dom::element> via);
  Status ReadAuditEvent(dom::object event, const CommentContext& audit, Place& place);
  Status ReadFieldChange(Fields& event, uint64_t id, const CommentContext& audit, Place& place);
  Status ReadTicketEvent(dom::object object, Place& place);
  Status ReadChildEvent(dom::object child, const CommentContext& parent, Place& place);
  Status ReadComment(dom::object object, const CommentContext& context, Place& place);
  Status AddComment(const CommentFacts& c, Place& place);
  void LearnTicket(uint64_t ticket, uint64_t requester, std::optional<Instant> created,
                   std::optional<Channel> channel);

  Side SideOf(uint64_t author, uint64_t requester) const;

  // HelpdeskDirectory, for messages_.
  uint64_t RequesterOf(uint64_t ticket) const override;
  std::optional<Channel> ChannelOf(uint64_t ticket) const override;
  std::optional<Direction> DirectionOf(uint64_t author, uint64_t requester) const override;
  std::string AgentName(uint64_t author) const override;
  CustomerHandles CustomerOf(uint64_t user, IngestSink& sink) const override;

  CompanyMatcher company_;
  std::unordered_map<uint64_t, ZendeskUser> users_;
  std::unordered_map<uint64_t, TicketState> tickets_;
  TicketMessages messages_{*this, "tickets or audits before comments",
                           "no ticket, audit or users page says who the customer is: skipped"};
};

Status Bad(const Place& place, std::string what) {
  return RejectIn(place.sink, place.file, std::move(what));
}

template <typename Read>
Status ForEachObject(Fields& page, std::string_view plural, std::string_view singular,
                     const Place& place, Read&& read) {
  if (auto array = page.Array(plural)) {
    size_t index = 0;
    for (dom::element item : *array) {
      dom::object object;
      Status s = item.get_object().get(object) == simdjson::SUCCESS
                     ? read(object)
                     : Bad(place, fmt::format("byte {}: \"{}\" item {} is not an object",
                                              place.offset, plural, index));
      if (!s.ok()) return s;
      ++index;
    }
  }
  if (singular.empty()) return Status::Ok();
  if (auto object = page.Object(singular)) return read(*object);
  return Status::Ok();
}

Status ZendeskExportReader::ReadValue(dom::element value, Place& place) {
  dom::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) {
    return Bad(place, fmt::format("byte {}: not a JSON object", place.offset));
  }
  Fields fields(object);
  if (auto request = fields.Object("request"); request && fields.Has("body")) {
    // A recorded HTTP exchange: the body is the page, the request's URL may name the ticket.
    place.ticket = TicketInUrl(Fields(*request).String("uri").value_or(""));
    if (auto body = fields.Object("body")) return ReadObject(*body, place);
    return Bad(place, fmt::format("byte {}: the response body is not a JSON object", place.offset));
  }
  return ReadObject(object, place);
}

Status ZendeskExportReader::ReadObject(dom::object object, Place& place) {
  Fields fields(object);
  if (fields.Has("id")) {
    if (fields.Has("events") && fields.Has("ticket_id")) return ReadAudit(object, place);
    if (fields.Has("child_events")) return ReadTicketEvent(object, place);
    if (fields.Has("requester_id") || fields.Has("status")) return ReadTicket(object, place);
  }
  for (const std::string_view key : {"tickets", "ticket", "audits", "audit", "ticket_events",
                                     "comments", "users", "user", "identities", "identity"}) {
    if (fields.Has(key)) return ReadPage(object, place);
  }
  return Bad(place, fmt::format("byte {}: no Zendesk tickets, audits, comments or users in it",
                                place.offset));
}

Status ZendeskExportReader::ReadPage(dom::object object, Place& place) {
  Fields page(object);
  if (!place.ticket) {
    for (const std::string_view key : {"next_page", "previous_page", "after_url", "before_url"}) {
      if (!place.ticket) place.ticket = TicketInUrl(page.String(key).value_or(""));
    }
    if (auto links = page.Object("links"); links && !place.ticket) {
      Fields link_fields(*links);
      place.ticket = TicketInUrl(link_fields.String("next").value_or(""));
      if (!place.ticket) place.ticket = TicketInUrl(link_fields.String("prev").value_or(""));
    }
  }
  if (!place.ticket) place.ticket = TicketInFileName(place.file);
  if (Status s = ReadPageRecords(page, place); !s.ok()) return s;
  if (!page.status().ok()) {
    return Bad(place, fmt::format("byte {}: {}", place.offset, page.status().message()));
  }
  return Status::Ok();
}

// Sideloads first (they say who is who), then what refers to tickets, then the tickets (their
// descriptions are added only when no comment of theirs came before).
Status ZendeskExportReader::ReadPageRecords(Fields& page, Place& place) {
  const auto user = [&](dom::object o) { return ReadUser(o, place); };
  const auto identity = [&](dom::object o) { return ReadIdentity(o, place); };
  const auto audit = [&](dom::object o) { return ReadAudit(o, place); };
  const auto ticket_event = [&](dom::object o) { return ReadTicketEvent(o, place); };
  const auto ticket = [&](dom::object o) { return ReadTicket(o, place); };
  const auto comment = [&](dom::object o) {
    return ReadComment(o, CommentContext{place.ticket.value_or(0), {}, {}, 0}, place);
  };
  Status s = ForEachObject(page, "users", "user", place, user);
  if (s.ok()) s = ForEachObject(page, "identities", "identity", place, identity);
  if (s.ok()) s = ForEachObject(page, "audits", "audit", place, audit);
  if (s.ok()) s = ForEachObject(page, "ticket_events", "ticket_event", place, ticket_event);
  if (s.ok() && !place.ticket && (page.Has("comments") || page.Has("comment"))) {
    s = Bad(place, fmt::format("byte {}: a comments page that names no ticket: skipped (name the "
                               "file ticket-<id>-comments.json)",
                               place.offset));
  } else if (s.ok()) {
    s = ForEachObject(page, "comments", "comment", place, comment);
  }
  if (s.ok()) s = ForEachObject(page, "tickets", "ticket", place, ticket);
  return s;
}

// --- Users -------------------------------------------------------------------------------------

Status ZendeskExportReader::ReadUser(dom::object object, Place& place) {
  Fields f(object);
  const auto id = f.Id("id");
  if (!id) return Bad(place, fmt::format("byte {}: a user without an id", place.offset));
  ZendeskUser& user = users_[*id];
  if (auto name = f.String("name")) user.name = name->substr(0, ZendeskUser::kLongestName);
  if (auto role = f.String("role")) {
    user.role = *role == "end-user" ? Role::kEndUser : Role::kAgent;  // agent, admin
  }
  if (auto email = f.String("email")) user.handles.AddEmail(*email);
  if (auto phone = f.String("phone")) user.handles.AddPhone(*phone);
  if (!f.status().ok()) return Bad(place, fmt::format("user {}: {}", *id, f.status().message()));
  return Status::Ok();
}

Status ZendeskExportReader::ReadIdentity(dom::object object, Place& place) {
  Fields f(object);
  const auto user = f.Id("user_id");
  const auto type = f.String("type");
  const auto value = f.String("value");
  if (!user || !f.status().ok()) {
    return Bad(place, fmt::format("byte {}: an identity without a user_id", place.offset));
  }
  if (!type || !value) return Status::Ok();
  PersonHandles& handles = users_[*user].handles;
  if (*type == "email") handles.AddEmail(*value);
  if (*type == "phone_number") handles.AddPhone(*value);
  if (*type == "twitter") handles.AddSocial(*value);
  return Status::Ok();  // facebook, google, sdk…: no handle fiducia can join on
}

// --- Tickets -----------------------------------------------------------------------------------

TicketFacts ReadTicketFacts(Fields& f, uint64_t id) {
  TicketFacts t;
  t.id = id;
  t.requester = f.Id("requester_id").value_or(0);
  t.submitter = f.Id("submitter_id").value_or(0);
  t.created = f.Time("created_at");
  t.updated = f.Time("updated_at");
  t.updated_text = f.String("updated_at").value_or("");
  t.status = f.String("status").value_or("");
  t.description = f.String("description").value_or("");
  t.via = f.Value("via");
  t.tags = f.Strings("tags");
  return t;
}

Status ZendeskExportReader::ReadTicket(dom::object object, Place& place) {
  if (!place.sink.CountRecord(place.file)) return place.sink.RecordLimitReached(place.file, 0);
  Fields f(object);
  const auto id = f.Id("id");
  if (!id || *id == 0) {
    return Bad(place, fmt::format("byte {}: a ticket without an id", place.offset));
  }
  const TicketFacts t = ReadTicketFacts(f, *id);
  if (!f.status().ok()) return Bad(place, fmt::format("ticket {}: {}", *id, f.status().message()));
  if (!t.created) return Bad(place, fmt::format("ticket {}: no \"created_at\"", *id));
  LearnTicket(*id, t.requester, t.created->at, ViaOf(t.via).channel);
  if (t.status == "deleted") {
    tickets_[*id].deleted = true;
    messages_.Drop(*id);
    return Status::Ok();
  }
  return ReadTicketContent(t, f, place);
}

Status ZendeskExportReader::ReadTicketContent(const TicketFacts& t, Fields& f, Place& place) {
  const CommentContext context{t.id, {}, t.via, 0};
  const auto comment = [&](dom::object o) { return ReadComment(o, context, place); };
  if (Status s = ForEachObject(f, "comments", "", place, comment); !s.ok()) return s;
  if (Status s = messages_.Release(t.id, place.sink); !s.ok()) return s;
  if (Status s = AddOpening(t, place); !s.ok()) return s;
  AddSnapshot(t, place);
  return Status::Ok();
}

void ZendeskExportReader::LearnTicket(uint64_t ticket, uint64_t requester,
                                      std::optional<Instant> created,
                                      std::optional<Channel> channel) {
  TicketState& state = tickets_[ticket];
  if (requester != 0) state.requester = requester;
  if (created && !state.created) state.created = created;
  if (channel && !state.channel) state.channel = channel;
}

// The description as the ticket's first message, unless a comment of the ticket already was.
Status ZendeskExportReader::AddOpening(const TicketFacts& t, Place& place) {
  TicketState& state = tickets_[t.id];
  if (state.comments_seen || t.description.empty()) return Status::Ok();
  if (t.requester == 0) {
    return Bad(place,
               fmt::format("ticket {}: no \"requester_id\": its description is skipped", t.id));
  }
  // Created on the requester's behalf (submitter_id differs): the company wrote to them.
  const bool by_company = t.submitter != 0 && t.submitter != t.requester &&
                          SideOf(t.submitter, t.requester) != Side::kCustomer;
  const Via via = ViaOf(t.via);
  PendingMessage m{fmt::format("zd-t-{}", t.id),
                   MessageAt(*t.created, state.channel.value_or(via.channel),
                             by_company ? Direction::kOut : Direction::kIn,
                             place.sink.Intern(ConversationOf(t.id))),
                   by_company ? t.submitter : t.requester,
                   true,
                   true,
                   std::string(t.description),
                   std::string(place.file),
                   fmt::format("ticket {}", t.id)};
  state.opening_from_ticket = true;
  messages_.Emit(m, t.requester, place.sink);
  return Status::Ok();
}

// The ticket's status and tags as of its updated_at, unless a newer copy was read already.
void ZendeskExportReader::AddSnapshot(const TicketFacts& t, Place& place) {
  TicketState& state = tickets_[t.id];
  if (!t.updated || (state.version && t.updated->at < *state.version)) return;
  state.version = t.updated->at;
  const Symbol conversation = place.sink.Intern(ConversationOf(t.id));
  if (auto status = StatusOfName(t.status)) {
    place.sink.Add(fmt::format("zd-s-{}-{}-{}", t.id, t.status, t.updated_text),
                   StatusAt(*t.updated, *status, conversation), "");
  }
  if (auto tags = TagsAt(*t.updated, t.tags, conversation, place.sink)) {
    place.sink.Add(fmt::format("zd-g-{}-{}", t.id, t.updated_text), std::move(*tags), "");
  }
}

// --- Audits and ticket events ------------------------------------------------------------------

Status ZendeskExportReader::ReadAudit(dom::object object, Place& place) {
  if (!place.sink.CountRecord(place.file)) return place.sink.RecordLimitReached(place.file, 0);
  Fields f(object);
  const auto id = f.Id("id").value_or(0);
  const auto ticket = f.Id("ticket_id");
  const auto at = f.Time("created_at");
  const auto events = f.Array("events");
  CommentContext audit{ticket.value_or(0), at, f.Value("via"), f.Id("author_id").value_or(0)};
  if (!ticket)
    return Bad(place, fmt::format("byte {}: audit {} names no ticket", place.offset, id));
  const std::string where = fmt::format("ticket {}, audit {}", *ticket, id);
  if (!f.status().ok()) return Bad(place, fmt::format("{}: {}", where, f.status().message()));
  if (!at || !events) return Bad(place, where + ": no \"created_at\" or \"events\"");
  LearnFromAudit(*ticket, *events, *at, audit.via);
  for (dom::element item : *events) {
    dom::object event;
    Status s = item.get_object().get(event) == simdjson::SUCCESS
                   ? ReadAuditEvent(event, audit, place)
                   : Bad(place, where + ": an event that is not an object");
    if (!s.ok()) return s;
  }
  return messages_.Release(*ticket, place.sink);
}

// The requester, and for the creating audit the ticket's time and channel, before the comments.
void ZendeskExportReader::LearnFromAudit(uint64_t ticket, dom::array events, const Timestamp& at,
                                         std::optional<dom::element> via) {
  bool creates = false;
  uint64_t requester = 0;
  for (dom::element item : events) {
    dom::object event;
    if (item.get_object().get(event) != simdjson::SUCCESS) continue;
    Fields f(event);
    const auto type = f.String("type").value_or("");
    creates = creates || type == "Create";
    if ((type == "Create" || type == "Change") && f.String("field_name") == "requester_id") {
      if (auto value = f.Value("value")) requester = IdOf(*value).value_or(requester);
    }
  }
  LearnTicket(ticket, requester, creates ? std::optional(at.at) : std::nullopt,
              creates ? std::optional(ViaOf(via).channel) : std::nullopt);
}

Status ZendeskExportReader::ReadAuditEvent(dom::object event, const CommentContext& audit,
                                           Place& place) {
  Fields f(event);
  const auto type = f.String("type").value_or("");
  if (type == "Comment" || type == "VoiceComment") return ReadComment(event, audit, place);
  if (type != "Create" && type != "Change") return Status::Ok();  // notifications, metadata…
  const auto id = f.Id("id");
  if (!id) return Bad(place, fmt::format("ticket {}: an audit event without an id", audit.ticket));
  return ReadFieldChange(f, *id, audit, place);
}

// A Create or Change of the ticket's status or tags ("value" is the new one).
Status ZendeskExportReader::ReadFieldChange(Fields& event, uint64_t id, const CommentContext& audit,
                                            Place& place) {
  const auto field = event.String("field_name").value_or("");
  const Symbol conversation = place.sink.Intern(ConversationOf(audit.ticket));
  if (field == "status") {
    if (auto status = StatusOfName(event.String("value").value_or(""))) {
      place.sink.Add(fmt::format("zd-e-{}", id), StatusAt(*audit.at, *status, conversation), "");
    }
  } else if (field == "tags") {
    if (auto tags = TagsAt(*audit.at, event.Strings("value"), conversation, place.sink)) {
      place.sink.Add(fmt::format("zd-g-{}", id), std::move(*tags), "");
    }
  }
  if (!event.status().ok()) {
    return Bad(place,
               fmt::format("ticket {}, event {}: {}", audit.ticket, id, event.status().message()));
  }
  return Status::Ok();
}

// When a ticket event happened: "created_at", else "timestamp" (epoch seconds).
std::optional<Timestamp> TicketEventTime(Fields& f) {
  if (f.Has("created_at")) return f.Time("created_at");
  const auto epoch = f.Int("timestamp");
  constexpr int64_t kYear9999 = 253402300799;
  if (!epoch || *epoch < 0 || *epoch > kYear9999) return std::nullopt;
  return Timestamp{Instant(std::chrono::seconds(*epoch))};
}

// One audit of the incremental ticket event export: child events carry the changed fields as
// keys ("status": "solved"), comments (include=comment_events) as event_type "Comment".
Status ZendeskExportReader::ReadTicketEvent(dom::object object, Place& place) {
  if (!place.sink.CountRecord(place.file)) return place.sink.RecordLimitReached(place.file, 0);
  Fields f(object);
  const auto ticket = f.Id("ticket_id");
  const auto at = TicketEventTime(f);
  const auto children = f.Array("child_events");
  const CommentContext parent{ticket.value_or(0), at, f.Value("via"),
                              f.Id("updater_id").value_or(0)};
  const std::string where =
      fmt::format("ticket {}, event {}", parent.ticket, f.Id("id").value_or(0));
  if (!ticket || !at || !children || !f.status().ok()) {
    return Bad(place, fmt::format("{}: needs \"ticket_id\", \"created_at\" or \"timestamp\", and "
                                  "\"child_events\" {}",
                                  where, f.status().message()));
  }
  for (dom::element item : *children) {
    dom::object child;
    Status s = item.get_object().get(child) == simdjson::SUCCESS
                   ? ReadChildEvent(child, parent, place)
                   : Bad(place, where + ": a child event that is not an object");
    if (!s.ok()) return s;
  }
  return messages_.Release(*ticket, place.sink);
}

Status ZendeskExportReader::ReadChildEvent(dom::object child, const CommentContext& parent,
                                           Place& place) {
  Fields f(child);
  const auto kind = f.String("event_type").value_or(f.String("type").value_or(""));
  if (kind == "Comment" || kind == "VoiceComment") return ReadComment(child, parent, place);
  const auto id = f.Id("id");
  if (!id) return Bad(place, fmt::format("ticket {}: a child event without an id", parent.ticket));
  const bool creates = kind == "Create";
  const auto via = f.Value("via") ? f.Value("via") : parent.via;
  LearnTicket(parent.ticket, f.Id("requester_id").value_or(0),
              creates ? std::optional(parent.at->at) : std::nullopt,
              creates ? std::optional(ViaOf(via).channel) : std::nullopt);
  const Symbol conversation = place.sink.Intern(ConversationOf(parent.ticket));
  if (auto status = StatusOfName(f.String("status").value_or(""))) {
    place.sink.Add(fmt::format("zd-e-{}", *id), StatusAt(*parent.at, *status, conversation), "");
  }
  if (auto tags = TagsAt(*parent.at, f.Strings("tags"), conversation, place.sink)) {
    place.sink.Add(fmt::format("zd-g-{}", *id), std::move(*tags), "");
  }
  if (f.status().ok()) return Status::Ok();
  return Bad(place,
             fmt::format("ticket {}, event {}: {}", parent.ticket, *id, f.status().message()));
}

// --- Comments ----------------------------------------------------------------------------------

// The comment's text: Zendesk's plain "body", else "plain_body", else the HTML one as text.
std::string CommentText(Fields& f) {
  if (auto body = f.String("body")) return std::string(*body);
  if (auto plain = f.String("plain_body")) return std::string(*plain);
  return HtmlToText(f.String("html_body").value_or(""));
}

Status ZendeskExportReader::ReadComment(dom::object object, const CommentContext& context,
                                        Place& place) {
  if (!place.sink.CountRecord(place.file)) return place.sink.RecordLimitReached(place.file, 0);
  Fields f(object);
  CommentFacts c;
  const auto id = f.Id("id");
  c.ticket = context.ticket;
  c.author = f.Id("author_id").value_or(context.author);
  c.is_public = f.Bool("public").value_or(true);
  c.voice = f.String("type") == "VoiceComment";
  c.at = f.Has("created_at") ? f.Time("created_at") : context.at;
  c.text = CommentText(f);
  c.via = ViaOf(f.Has("via") ? f.Value("via") : context.via);
  if (!id) {
    return Bad(place, fmt::format("ticket {}: a comment without an id {}", c.ticket,
                                  f.status().message()));
  }
  c.id = *id;
  if (!f.status().ok() || !c.at) {
    return Bad(place, fmt::format("ticket {}, comment {}: {}", c.ticket, c.id,
                                  c.at ? f.status().message() : "no \"created_at\""));
  }
  return AddComment(c, place);
}

Status ZendeskExportReader::AddComment(const CommentFacts& c, Place& place) {
  TicketState& state = tickets_[c.ticket];
  if (state.deleted) return Status::Ok();
  // The description, added from the ticket before its comments were read: the same message.
  const bool opening_again = state.opening_from_ticket && state.created == c.at->at;
  state.comments_seen = true;
  const Channel channel = c.voice ? Channel::kPhone : state.channel.value_or(c.via.channel);
  PendingMessage m{
      opening_again ? fmt::format("zd-t-{}", c.ticket) : fmt::format("zd-c-{}", c.id),
      MessageAt(*c.at, channel, Direction::kIn, place.sink.Intern(ConversationOf(c.ticket))),
      c.author,
      false,
      false,
      c.text,
      std::string(place.file),
      fmt::format("ticket {}, comment {}", c.ticket, c.id)};
  m.channel_known = c.voice || state.channel.has_value();
  m.event.is_auto = c.via.automatic;
  if (!c.is_public || company_.IsCompanyAddress(c.via.address)) {
    m.event.direction = c.is_public ? Direction::kOut : Direction::kNote;
    m.direction_known = true;
  }
  return messages_.Deliver(c.ticket, std::move(m), place.sink);
}

Status ZendeskExportReader::Finish(IngestSink& sink) { return messages_.Finish(sink); }

// --- Who is who --------------------------------------------------------------------------------

Side ZendeskExportReader::SideOf(uint64_t author, uint64_t requester) const {
  if (author == 0) return Side::kCompany;  // the system (-1): triggers, automations
  if (auto it = users_.find(author); it != users_.end()) {
    const ZendeskUser& user = it->second;
    bool listed = company_.IsCompanyName(user.name);
    for (const std::string& email : user.handles.emails) {
      listed = listed || company_.IsCompanyAddress(email);
    }
    if (listed || user.role == Role::kAgent) return Side::kCompany;
    if (user.role == Role::kEndUser) return Side::kCustomer;
  }
  if (requester == 0) return Side::kUnknown;
  return author == requester ? Side::kCustomer : Side::kCompany;
}

std::string ZendeskExportReader::AgentName(uint64_t author) const {
  if (author == 0) return "zendesk";
  if (auto it = users_.find(author); it != users_.end() && !it->second.name.empty()) {
    return it->second.name;
  }
  return UserHandle(author);
}

uint64_t ZendeskExportReader::RequesterOf(uint64_t ticket) const {
  const auto it = tickets_.find(ticket);
  return it == tickets_.end() ? 0 : it->second.requester;
}

std::optional<Channel> ZendeskExportReader::ChannelOf(uint64_t ticket) const {
  const auto it = tickets_.find(ticket);
  return it == tickets_.end() ? std::nullopt : it->second.channel;
}

std::optional<Direction> ZendeskExportReader::DirectionOf(uint64_t author,
                                                          uint64_t requester) const {
  switch (SideOf(author, requester)) {
    case Side::kCompany:
      return Direction::kOut;
    case Side::kCustomer:
      return Direction::kIn;
    case Side::kUnknown:
      break;
  }
  return std::nullopt;
}

CustomerHandles ZendeskExportReader::CustomerOf(uint64_t user, IngestSink& sink) const {
  const auto it = users_.find(user);
  return ResolveCustomer(it == users_.end() ? nullptr : &it->second.handles, UserHandle(user),
                         sink);
}

}  // namespace

bool LooksLikeZendeskExport(std::string_view head, const SourceSettings& settings) {
  (void)settings;
  if (!StartsLikeJson(head)) return false;
  const auto any = [&](std::initializer_list<std::string_view> keys) {
    return std::any_of(keys.begin(), keys.end(), [&](auto key) { return HasJsonKey(head, key); });
  };
  if (any({"fr_escalated", "fr_due_by", "frDueBy", "helpdesk_ticket", "body_text"})) return false;
  const bool pages = any(
      {"tickets", "ticket", "audits", "audit", "comments", "ticket_events", "users", "identities"});
  const bool zendesk =
      any({"via", "requester_id", "end_time", "after_cursor", "end_of_stream", "html_body",
           "plain_body", "audit_id", "child_events", "ticket_restriction", "shared_agent"}) ||
      Contains(head, "zendesk.com/api/v2/");
  // One ticket per line (the admin JSON export) has no page key around it.
  return (pages && zendesk) || (any({"requester_id"}) && any({"submitter_id"}) && any({"via"}));
}

std::unique_ptr<SourceReader> MakeZendeskReader(const SourceSettings& settings) {
  return MakeZendeskSourceReader(settings);
}

std::unique_ptr<ZendeskReader> MakeZendeskSourceReader(const SourceSettings& settings) {
  return std::make_unique<ZendeskExportReader>(settings);
}

Channel ZendeskChannelOf(std::string_view via) { return ChannelOfVia(via, ""); }

}  // namespace fiducia

#include "server/webhooks.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>

#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time_text.h"
#include "ingest/event_writer.h"
#include "ingest/ingest.h"
#include "sources/zendesk.h"
#include "text/email_text.h"

namespace fiducia {
namespace {

namespace dom = simdjson::dom;

// One canonical event, written with the spec's keys.
struct Draft {
  std::string id;
  std::string type = "message";
  Instant at;
  std::string channel = "whatsapp";
  std::string direction = "in";
  std::string customer;
  std::vector<std::string> aliases;
  std::string agent, conversation, text, status;
};

std::string Canonical(const Draft& d) {
  JsonWriter w(false);
  w.BeginObject().Key("id").String(d.id);
  if (d.type != "message") w.Key("type").String(d.type);
  w.Key("at").String(FormatRfc3339(d.at, std::chrono::minutes(0)));
  if (d.type == "status") {
    w.Key("conversation").String(d.conversation).Key("status").String(d.status);
    return w.EndObject().Take();
  }
  w.Key("channel").String(d.channel).Key("direction").String(d.direction);
  w.Key("customer").String(d.customer);
  if (!d.aliases.empty()) {
    w.Key("customer_aliases").BeginArray();
    for (const auto& a : d.aliases) w.String(a);
    w.EndArray();
  }
  if (!d.agent.empty()) w.Key("agent").String(d.agent);
  if (!d.conversation.empty()) w.Key("conversation").String(d.conversation);
  if (!d.text.empty()) w.Key("text").String(d.text);
  return w.EndObject().Take();
}

std::string_view StringAt(dom::element e, std::string_view key) {
  std::string_view s;
  if (e[key].get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

// A number written as digits, in a JSON string or as a JSON integer.
std::optional<uint64_t> Digits(dom::element e, std::string_view key) {
  uint64_t n = 0;
  if (e[key].get_uint64().get(n) == simdjson::SUCCESS) return n;
  const std::string_view s = StringAt(e, key);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.size() <= 20 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// WhatsApp numbers come as digits with the country code, without '+'.
std::optional<std::string> WhatsappNumber(std::string_view digits) {
  if (!AllDigits(digits)) return std::nullopt;
  return "+" + std::string(digits);
}

std::string Shown(std::string_view s) { return std::string(mail::CutUtf8(s, 80)); }

// --- WhatsApp Cloud API ------------------------------------------------------------------------

// What the customer wrote in a message of `type`, where WhatsApp puts it.
std::string WhatsappText(dom::element m, std::string_view type) {
  dom::element part;
  if (m[type].get(part) != simdjson::SUCCESS) return "";
  if (type == "text") return std::string(StringAt(part, "body"));
  if (type == "button") return std::string(StringAt(part, "text"));
  if (type == "order") return std::string(StringAt(part, "text"));
  if (type == "interactive") {
    for (const char* reply : {"button_reply", "list_reply"}) {
      dom::element r;
      if (part[reply].get(r) == simdjson::SUCCESS) return std::string(StringAt(r, "title"));
    }
    return "";
  }
  return std::string(StringAt(part, "caption"));  // image, video, document
}

class WhatsappReader {
 public:
  WebhookEvents Read(dom::element root) {
    dom::array entries;
    if (root["entry"].get_array().get(entries) != simdjson::SUCCESS) {
      out_.rejected.push_back("no \"entry\" array");
      return std::move(out_);
    }
    for (dom::element entry : entries) {
      dom::array changes;
      if (entry["changes"].get_array().get(changes) != simdjson::SUCCESS) continue;
      for (dom::element change : changes) ReadChange(change);
    }
    return std::move(out_);
  }

 private:
  void ReadChange(dom::element change) {
    const std::string_view field = StringAt(change, "field");
    dom::element value;
    if (change["value"].get(value) != simdjson::SUCCESS) {
      out_.rejected.push_back(fmt::format("a change of \"{}\" without a value", Shown(field)));
      return;
    }
    bool any = false;
    dom::array items;
    if (value["messages"].get_array().get(items) == simdjson::SUCCESS) {
      any = true;
      for (dom::element m : items) ReadMessage(m, value);
    }
    if (value["message_echoes"].get_array().get(items) == simdjson::SUCCESS) {
      any = true;
      for (dom::element m : items) ReadEcho(m);
    }
    if (value["statuses"].get_array().get(items) == simdjson::SUCCESS) {
      any = true;
      for (dom::element s : items) ReadStatus(s);
    }
    if (value["errors"].get_array().get(items) == simdjson::SUCCESS) {
      any = true;
      out_.ignored.push_back("errors: about the account, not a conversation");
    }
    if (!any) {
      out_.ignored.push_back(
          fmt::format("field \"{}\": not a conversation's message or status", Shown(field)));
    }
  }

  std::optional<Instant> At(dom::element item, std::string_view what) {
    const auto seconds = Digits(item, "timestamp");
    if (!seconds || *seconds > 253402300799u) {  // year 9999
      out_.rejected.push_back(fmt::format("{}: no timestamp in epoch seconds", what));
      return std::nullopt;
    }
    return Instant(std::chrono::seconds(static_cast<int64_t>(*seconds)));
  }

  void ReadMessage(dom::element m, dom::element value) {
    const std::string id(StringAt(m, "id"));
    const std::string_view type = StringAt(m, "type");
    const std::string what = fmt::format("message {}", Shown(id));
    if (type == "reaction" || type == "edit" || type == "revoke" || type == "system") {
      out_.ignored.push_back(fmt::format("{}: a {} ({})", what, type,
                                         type == "reaction" ? "asks nothing"
                                         : type == "system"
                                             ? "WhatsApp's own notice"
                                             : "the message keeps its first moment"));
      return;
    }
    auto customer = WhatsappNumber(StringAt(m, "from"));
    dom::array contacts;
    if (!customer && value["contacts"].get_array().get(contacts) == simdjson::SUCCESS &&
        contacts.size() == 1) {
      customer = WhatsappNumber(StringAt(contacts.at(0).value_unsafe(), "wa_id"));
    }
    if (id.empty() || !customer) {
      out_.rejected.push_back(fmt::format("{}: no message id or sender number", what));
      return;
    }
    const auto at = At(m, what);
    if (!at) return;
    Draft d;
    d.id = id;
    d.at = *at;
    d.customer = *customer;
    d.text = WhatsappText(m, type);
    out_.events.push_back(Canonical(d));
  }

  void ReadEcho(dom::element m) {
    const std::string id(StringAt(m, "id"));
    const std::string_view type = StringAt(m, "type");
    const std::string what = fmt::format("echo {}", Shown(id));
    if (type == "edit" || type == "revoke") {
      out_.ignored.push_back(fmt::format("{}: an {} of a message already sent", what, type));
      return;
    }
    const auto customer = WhatsappNumber(StringAt(m, "to"));
    if (id.empty() || !customer) {
      out_.rejected.push_back(fmt::format("{}: no message id or recipient number", what));
      return;
    }
    const auto at = At(m, what);
    if (!at) return;
    Draft d;
    d.id = id;
    d.at = *at;
    d.direction = "out";
    d.customer = *customer;
    d.agent = "whatsapp-business-app";
    d.text = WhatsappText(m, type);
    out_.events.push_back(Canonical(d));
  }

  void ReadStatus(dom::element s) {
    const std::string id(StringAt(s, "id"));
    const std::string_view status = StringAt(s, "status");
    const std::string what = fmt::format("status {} of {}", Shown(status), Shown(id));
    if (StringAt(s, "recipient_type") == "group") {
      out_.ignored.push_back(what + ": a group message, not a customer's conversation");
      return;
    }
    const bool reached = status == "delivered" || status == "read" || status == "played";
    if (!reached && status != "failed") {
      out_.ignored.push_back(what + (status == "sent" ? ": not an answer until delivered"
                                                      : ": not a conversation event"));
      return;
    }
    const auto customer = WhatsappNumber(StringAt(s, "recipient_id"));
    if (id.empty() || !customer) {
      out_.rejected.push_back(what + ": no message id or recipient number");
      return;
    }
    const auto at = At(s, what);
    if (!at) return;
    Draft d;
    d.id = reached ? id : id + ":failed";
    d.at = *at;
    d.direction = reached ? "out" : "note";
    d.customer = *customer;
    d.agent = "whatsapp-cloud-api";
    if (!reached) {
      dom::array errors;
      std::string why = "no reason given";
      if (s["errors"].get_array().get(errors) == simdjson::SUCCESS && errors.size() > 0) {
        const dom::element e = errors.at(0).value_unsafe();
        why = fmt::format("{} ({})", StringAt(e, "title"), Digits(e, "code").value_or(0));
      }
      d.text = fmt::format("WhatsApp could not deliver message {}: {}", id, why);
    }
    out_.events.push_back(Canonical(d));
  }

  WebhookEvents out_;
};

// --- Twilio ------------------------------------------------------------------------------------

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string FormDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

std::string Param(const FormParams& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) return value;
  }
  return "";
}

// "whatsapp:+39333…" -> ("whatsapp", "+39333…"); "+39333…" -> ("sms", "+39333…").
std::pair<std::string, std::string> TwilioAddress(std::string_view address) {
  if (address.starts_with("whatsapp:")) return {"whatsapp", std::string(address.substr(9))};
  return {"sms", std::string(address)};
}

// --- Zendesk -----------------------------------------------------------------------------------

// A value a trigger's placeholders may render as a string: "true", "123".
std::optional<bool> Flag(dom::element e, std::string_view key) {
  bool b = false;
  if (e[key].get_bool().get(b) == simdjson::SUCCESS) return b;
  const std::string_view s = StringAt(e, key);
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

std::string ZendeskStatus(std::string_view name) {
  const std::string lowered = AsciiLower(name);  // placeholders render "Open"
  name = lowered;
  if (name == "new" || name == "open") return "open";
  if (name == "pending" || name == "hold") return "pending";
  if (name == "solved" || name == "closed") return std::string(name);
  return "";
}

// The body of a Zendesk trigger (docs/serve.md): one comment with its ticket and requester.
WebhookEvents ZendeskTriggerEvents(dom::element root, Instant received) {
  WebhookEvents out;
  // Plain numbers, 0 for none (GCC 12 takes optionals inside fmt for maybe uninitialised).
  const uint64_t comment = Digits(root, "comment_id").value_or(0);
  const uint64_t ticket = Digits(root, "ticket_id").value_or(0);
  if (comment == 0 || ticket == 0) {
    out.rejected.push_back("comment_id and ticket_id must be numbers");
    return out;
  }
  dom::element requester, author;
  const bool has_requester = root["requester"].get(requester) == simdjson::SUCCESS;
  const bool has_author = root["author"].get(author) == simdjson::SUCCESS;
  const uint64_t requester_id = has_requester ? Digits(requester, "id").value_or(0) : 0;
  const uint64_t author_id = has_author ? Digits(author, "id").value_or(0) : 0;
  Draft d;
  d.id = fmt::format("zd-c-{}", comment);
  d.conversation = fmt::format("zd-{}", ticket);
  d.at = received;
  if (auto at = ParseRfc3339(StringAt(root, "created_at")); at.ok()) d.at = at->at;
  d.channel = ToString(ZendeskChannelOf(StringAt(root, "channel")));
  const std::string_view role = has_author ? StringAt(author, "role") : "";
  const bool by_customer = role.empty()
                               ? (author_id != 0 && author_id == requester_id)
                               : AsciiLower(role) == "end-user" || AsciiLower(role) == "end_user";
  const bool is_public = Flag(root, "public").value_or(true);
  d.direction = !is_public ? "note" : by_customer ? "in" : "out";
  std::vector<std::string> handles;
  if (has_requester) {
    for (const char* key : {"email", "phone"}) {
      if (!StringAt(requester, key).empty()) handles.emplace_back(StringAt(requester, key));
    }
  }
  if (requester_id != 0) handles.push_back(fmt::format("zd-user-{}", requester_id));
  if (handles.empty()) {
    out.rejected.push_back(fmt::format("comment {}: no requester email, phone or id", comment));
    return out;
  }
  d.customer = handles.front();
  d.aliases.assign(handles.begin() + 1, handles.end());
  if (d.direction != "in") {
    const std::string_view name = has_author ? StringAt(author, "name") : "";
    d.agent = !name.empty()    ? std::string(name)
              : author_id != 0 ? fmt::format("zd-user-{}", author_id)
                               : "zendesk";
  }
  d.text = std::string(StringAt(root, "body"));
  out.events.push_back(Canonical(d));
  if (const std::string status = ZendeskStatus(StringAt(root, "status")); !status.empty()) {
    Draft s;
    s.type = "status";
    s.id = fmt::format("zd-s-{}-{}-c{}", ticket, status, comment);
    s.at = d.at;
    s.conversation = d.conversation;
    s.status = status;
    out.events.push_back(Canonical(s));
  }
  return out;
}

// The API's audits, tickets and comments: the export reader, into a corpus of this body alone.
// Whether a body has what the Zendesk export reader reads (sources/zendesk.cc, ReadValue and
// ReadObject): a page of tickets, audits, comments or users, one audit, ticket event or ticket, or
// a recorded HTTP exchange; or an array of those. Anything else signed with the Zendesk secret is
// still not Zendesk's, and is refused (400) rather than answered 200 with nothing taken.
bool LooksLikeZendeskApi(dom::element root) {
  dom::array array;
  if (root.get_array().get(array) == simdjson::SUCCESS) {  // the reader takes each element
    bool any = false;
    for (dom::element item : array) {
      if (!LooksLikeZendeskApi(item)) return false;
      any = true;
    }
    return any;
  }
  dom::object object;
  if (root.get_object().get(object) != simdjson::SUCCESS) return false;
  const auto has = [&](std::string_view key) { return object[key].error() == simdjson::SUCCESS; };
  if (has("request") && has("body")) return true;
  if (has("id") && ((has("events") && has("ticket_id")) || has("child_events") ||
                    has("requester_id") || has("status"))) {
    return true;
  }
  for (std::string_view key : {"tickets", "ticket", "audits", "audit", "ticket_events", "comments",
                               "comment", "users", "user", "identities", "identity"}) {
    if (has(key)) return true;
  }
  return false;
}

Result<WebhookEvents> ZendeskApiEvents(std::string_view body, const SourceSettings& settings,
                                       const std::string& phone_region) {
  IngestOptions options;
  options.keep_text = true;
  options.default_region = phone_region;
  Corpus corpus;
  IngestReport report;
  IngestSink sink(options, corpus, report);
  auto source = ByteSource::FromMemory(body, "zendesk-webhook");
  if (!source.ok()) return source.status();
  auto reader = MakeZendeskSourceReader(settings);
  if (Status s = reader->ReadSource(**source, sink); !s.ok()) return s;
  if (Status s = reader->Finish(sink); !s.ok()) return s;
  WebhookEvents out;
  for (size_t i = 0; i < corpus.events().size(); ++i) {
    std::string line = CanonicalJsonLine(corpus, i);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    out.events.push_back(std::move(line));
  }
  for (const InputError& e : report.errors) out.rejected.push_back(e.what);
  return out;
}

}  // namespace

Result<WebhookEvents> WhatsappCloudEvents(std::string_view body) {
  dom::parser parser;
  dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    return Status::InvalidInput("the body is not JSON");
  }
  if (StringAt(root, "object") != "whatsapp_business_account") {
    return Status::InvalidInput("not a WhatsApp Business Account webhook (object)");
  }
  return WhatsappReader().Read(root);
}

FormParams ParseForm(std::string_view body) {
  FormParams out;
  while (!body.empty()) {
    const size_t amp = std::min(body.find('&'), body.size());
    const std::string_view pair = body.substr(0, amp);
    const size_t eq = pair.find('=');
    if (!pair.empty()) {
      out.emplace_back(FormDecode(pair.substr(0, eq)),
                       eq == std::string_view::npos ? "" : FormDecode(pair.substr(eq + 1)));
    }
    body.remove_prefix(std::min(amp + 1, body.size()));
  }
  return out;
}

Result<WebhookEvents> TwilioEvents(const FormParams& form, Instant received) {
  std::string sid = Param(form, "MessageSid");
  if (sid.empty()) sid = Param(form, "SmsMessageSid");
  if (sid.empty()) return Status::InvalidInput("no MessageSid: not a Twilio message webhook");
  WebhookEvents out;
  const std::string inbound = Param(form, "SmsStatus");
  const std::string status = Param(form, "MessageStatus");
  Draft d;
  d.at = received;
  if (status.empty() && (inbound == "received" || inbound.empty())) {
    auto [channel, customer] = TwilioAddress(Param(form, "From"));
    d.id = sid;
    d.channel = channel;
    d.customer = customer;
    d.text = Param(form, "Body");
  } else if (status == "delivered" || status == "read" || status == "failed" ||
             status == "undelivered") {
    auto [channel, customer] = TwilioAddress(Param(form, "To"));
    const bool reached = status == "delivered" || status == "read";
    d.id = reached ? sid : sid + ":failed";
    d.channel = channel;
    d.customer = customer;
    d.direction = reached ? "out" : "note";
    d.agent = "twilio";
    if (!reached) {
      d.text = fmt::format("Twilio could not deliver message {}: {} (error {})", sid, status,
                           Param(form, "ErrorCode"));
    }
  } else {
    out.ignored.push_back(fmt::format("message {}: status {}: not a conversation event", sid,
                                      Shown(status.empty() ? inbound : status)));
    return out;
  }
  if (d.customer.empty()) {
    out.rejected.push_back(fmt::format("message {}: no From/To number", sid));
    return out;
  }
  out.events.push_back(Canonical(d));
  return out;
}

Result<WebhookEvents> ZendeskEvents(std::string_view body, const SourceSettings& settings,
                                    const std::string& phone_region, Instant received) {
  dom::parser parser;
  dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    return Status::InvalidInput("the body is not JSON");
  }
  dom::element comment_id;
  if (root["comment_id"].get(comment_id) == simdjson::SUCCESS) {
    return ZendeskTriggerEvents(root, received);
  }
  if (!LooksLikeZendeskApi(root)) {
    return Status::InvalidInput(
        "not a Zendesk webhook: neither a trigger body (comment_id) nor the API's tickets, "
        "audits, comments or users");
  }
  return ZendeskApiEvents(body, settings, phone_region);
}

}  // namespace fiducia

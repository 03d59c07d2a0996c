// The webhook adapters against every body of ../shared/realdata/webhooks (pywa's WhatsApp Cloud API
// fixtures, captured Twilio form bodies) and the Zendesk API shapes of ../shared/realdata/zendesk.
#include "server/webhooks.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "common/time_text.h"
#include "ingest/event_reader.h"
#include "model/symbols.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
const fs::path kRealdata = fs::path(FIDUCIA_SHARED_DIR) / "realdata";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// An event as the canonical reader sees it, and its fields as JSON.
struct Seen {
  std::string id, direction, customer, text, agent, at, type, channel, conversation, status;
};

Seen Parse(const std::string& line) {
  SymbolTable symbols;
  EventReader reader;
  auto record = reader.Read(line, symbols);
  EXPECT_TRUE(record.ok()) << line << ": " << record.status().message();
  simdjson::dom::parser parser;
  simdjson::dom::element e = parser.parse(line).value();
  auto field = [&](const char* key) {
    std::string_view s;
    return e[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
  };
  return {field("id"),           field("direction"), field("customer"), field("text"),
          field("agent"),        field("at"),        field("type"),     field("channel"),
          field("conversation"), field("status")};
}

// name -> body, for each test case of one pywa file.
std::map<std::string, std::string> PywaBodies(const std::string& file) {
  const std::string text =
      ReadFile(kRealdata / "webhooks/pywa/tests/data/updates" / (file + ".json"));
  simdjson::dom::parser parser;
  std::map<std::string, std::string> out;
  const simdjson::dom::object cases = parser.parse(text).get_object().value();
  for (auto [key, value] : cases) {
    out[std::string(key)] = simdjson::minify(value);
  }
  return out;
}

WebhookEvents Whatsapp(const std::string& file, const std::string& name) {
  auto events = WhatsappCloudEvents(PywaBodies(file).at(name));
  EXPECT_TRUE(events.ok()) << file << "/" << name;
  return events.ok() ? *events : WebhookEvents{};
}

TEST(WhatsappWebhookTest, EveryPywaBodyIsReadAndEachItemAccountedFor) {
  size_t bodies = 0, events = 0, ignored = 0, rejected = 0;
  for (const auto& entry : fs::directory_iterator(kRealdata / "webhooks/pywa/tests/data/updates")) {
    const std::string file = entry.path().stem().string();
    for (const auto& [name, body] : PywaBodies(file)) {
      ++bodies;
      auto out = WhatsappCloudEvents(body);
      ASSERT_TRUE(out.ok()) << file << "/" << name << ": " << out.status().message();
      EXPECT_FALSE(out->events.empty() && out->ignored.empty() && out->rejected.empty())
          << file << "/" << name << " came to nothing said";
      for (const std::string& line : out->events) {
        const Seen e = Parse(line);  // every event is one the canonical reader takes
        EXPECT_EQ(e.channel, "whatsapp");
        EXPECT_TRUE(e.customer.starts_with("+")) << line;
      }
      events += out->events.size();
      ignored += out->ignored.size();
      rejected += out->rejected.size();
    }
  }
  EXPECT_GE(bodies, 60u);
  EXPECT_GT(events, 20u);
  EXPECT_GT(ignored, 20u);
  // Only the bodies whose numbers are placeholders ("<WHATSAPP_USER_PHONE_NUMBER>") are refused.
  EXPECT_LE(rejected, 6u);
}

TEST(WhatsappWebhookTest, ATextMessageIsTheCustomersRequest) {
  const WebhookEvents out = Whatsapp("message", "text");
  ASSERT_EQ(out.events.size(), 1u);
  const Seen e = Parse(out.events[0]);
  EXPECT_EQ(e.id, "wamid.xyzxyz");
  EXPECT_EQ(e.direction, "in");
  EXPECT_EQ(e.customer, "+972987654321");
  EXPECT_EQ(e.text, "Body Text");
  EXPECT_EQ(e.at, "2023-10-11T16:53:43+00:00");  // "timestamp": "1697043223"
}

TEST(WhatsappWebhookTest, MediaWithoutCaptionIsStillAMessage) {
  const WebhookEvents out = Whatsapp("message", "image");
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(Parse(out.events[0]).direction, "in");
  EXPECT_EQ(Parse(out.events[0]).text, "");
}

TEST(WhatsappWebhookTest, ReactionsEditsAndDeletionsAreNotRequests) {
  for (const auto& [file, name] :
       std::vector<std::pair<std::string, std::string>>{{"message", "reaction"},
                                                        {"message", "unreaction_empty"},
                                                        {"edited_message", "image"},
                                                        {"deleted_message", "revoke"},
                                                        {"outgoing_message", "edit"}}) {
    const WebhookEvents out = Whatsapp(file, name);
    EXPECT_TRUE(out.events.empty()) << file << "/" << name;
    EXPECT_EQ(out.ignored.size(), 1u) << file << "/" << name;
  }
}

TEST(WhatsappWebhookTest, DeliveredIsTheAnswerSentIsNotYetFailedIsANote) {
  for (const char* reached : {"delivered", "read", "played"}) {
    const WebhookEvents out = Whatsapp("message_status", reached);
    ASSERT_EQ(out.events.size(), 1u) << reached;
    const Seen e = Parse(out.events[0]);
    EXPECT_EQ(e.direction, "out") << reached;
    EXPECT_EQ(e.agent, "whatsapp-cloud-api");
    EXPECT_EQ(e.customer, "+972987654321");
  }
  // Each status of one message is the same event: the later ones are duplicates in the store.
  EXPECT_EQ(Parse(Whatsapp("message_status", "delivered").events[0]).id,
            Parse(Whatsapp("message_status", "read").events[0]).id);
  EXPECT_TRUE(Whatsapp("message_status", "sent").events.empty());
  EXPECT_TRUE(Whatsapp("message_status", "group").events.empty());
  const WebhookEvents failed = Whatsapp("message_status", "failed");
  ASSERT_EQ(failed.events.size(), 1u);
  const Seen e = Parse(failed.events[0]);
  EXPECT_EQ(e.direction, "note");
  EXPECT_EQ(e.id, "wamid.xyzxyz:failed");
  EXPECT_NE(e.text.find("130472"), std::string::npos) << e.text;
}

TEST(WhatsappWebhookTest, AccountAndTemplateUpdatesAreNoConversation) {
  for (const char* file : {"account_update", "template_status_update", "call_status"}) {
    for (const auto& [name, body] : PywaBodies(file)) {
      auto out = WhatsappCloudEvents(body);
      ASSERT_TRUE(out.ok());
      EXPECT_TRUE(out->events.empty()) << file << "/" << name;
    }
  }
}

TEST(WhatsappWebhookTest, PlaceholdersAndNonWebhooksAreRefused) {
  const WebhookEvents out = Whatsapp("outgoing_message", "text");  // "to": "<WHATSAPP_USER_…>"
  EXPECT_TRUE(out.events.empty());
  EXPECT_EQ(out.rejected.size(), 1u);
  EXPECT_FALSE(WhatsappCloudEvents("{\"object\":\"page\",\"entry\":[]}").ok());
  EXPECT_FALSE(WhatsappCloudEvents("not json").ok());
}

// An id shown in a rejection is cut to 80 bytes, never inside a UTF-8 sequence: the answer stays
// valid JSON text.
TEST(WhatsappWebhookTest, ALongIdInARejectionIsCutOnACharacter) {
  const std::string id = std::string(79, 'x') + "\u00e8\u00e8";
  const std::string body =
      R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"id":")" +
      id + R"(","timestamp":"1772438400","type":"text","text":{"body":"ciao"}}]}}]}]})";
  auto out = WhatsappCloudEvents(body);
  ASSERT_TRUE(out.ok()) << out.status().message();
  ASSERT_EQ(out->rejected.size(), 1u);
  EXPECT_TRUE(simdjson::validate_utf8(out->rejected[0].data(), out->rejected[0].size()))
      << out->rejected[0];
  EXPECT_NE(out->rejected[0].find(std::string(79, 'x')), std::string::npos);
}

TEST(WhatsappWebhookTest, HostileTextStaysText) {
  const std::string body =
      R"({"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"messages":[{"from":"393331234567","id":"wamid.h\"1","timestamp":"1772438400","type":"text","text":{"body":"<img src=x onerror=alert(1)>\"}\n"}}]}}]}]})";
  auto out = WhatsappCloudEvents(body);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->events.size(), 1u);
  const Seen e = Parse(out->events[0]);
  EXPECT_EQ(e.text, "<img src=x onerror=alert(1)>\"}\n");
  EXPECT_EQ(e.id, "wamid.h\"1");
}

TEST(TwilioWebhookTest, EveryCapturedInboundBodyIsACustomerMessage) {
  std::istringstream lines(
      ReadFile(kRealdata / "webhooks/twilio/DERIVED_twilio_whatsapp_inbound_form_bodies.txt"));
  const Instant received = ParseRfc3339("2026-03-02T10:00:00+01:00")->at;
  size_t count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const FormParams form = ParseForm(line);
    auto out = TwilioEvents(form, received);
    ASSERT_TRUE(out.ok()) << line;
    ASSERT_EQ(out->events.size(), 1u) << line;
    const Seen e = Parse(out->events[0]);
    EXPECT_EQ(e.direction, "in");
    EXPECT_EQ(e.channel, "whatsapp");
    EXPECT_TRUE(e.customer.starts_with("+55")) << e.customer;
    EXPECT_EQ(e.at, "2026-03-02T09:00:00+00:00");
    EXPECT_TRUE(e.id.starts_with("SM")) << e.id;
    ++count;
  }
  EXPECT_EQ(count, 23u);
}

TEST(TwilioWebhookTest, FormDecodingAndStatusCallbacks) {
  const FormParams form = ParseForm("Body=Ol%C3%A1+tudo&Body2=Jhonata Augusto&Empty=&Bare");
  ASSERT_EQ(form.size(), 4u);
  EXPECT_EQ(form[0].second, "Olá tudo");
  EXPECT_EQ(form[1].second, "Jhonata Augusto");  // an unencoded space, as captured
  EXPECT_EQ(form[3].first, "Bare");
  const Instant now = ParseRfc3339("2026-03-02T10:00:00+01:00")->at;
  auto delivered = TwilioEvents(
      ParseForm("MessageSid=SM1&MessageStatus=delivered&From=whatsapp%3A%2B14155238886&To="
                "whatsapp%3A%2B393331234567"),
      now);
  ASSERT_TRUE(delivered.ok());
  ASSERT_EQ(delivered->events.size(), 1u);
  EXPECT_EQ(Parse(delivered->events[0]).direction, "out");
  EXPECT_EQ(Parse(delivered->events[0]).customer, "+393331234567");
  auto failed = TwilioEvents(
      ParseForm("MessageSid=SM1&MessageStatus=undelivered&ErrorCode=63016&To=%2B393331234567"),
      now);
  ASSERT_EQ(failed->events.size(), 1u);
  EXPECT_EQ(Parse(failed->events[0]).direction, "note");
  EXPECT_EQ(Parse(failed->events[0]).channel, "sms");
  auto queued = TwilioEvents(ParseForm("MessageSid=SM1&MessageStatus=queued"), now);
  EXPECT_TRUE(queued->events.empty());
  EXPECT_FALSE(TwilioEvents(ParseForm("Body=hi"), now).ok());
}

// --- Zendesk -----------------------------------------------------------------------------------

const Instant kReceived = ParseRfc3339("2026-03-02T10:00:00+01:00")->at;

WebhookEvents Zendesk(const std::string& body) {
  auto out = ZendeskEvents(body, SourceSettings{}, "IT", kReceived);
  EXPECT_TRUE(out.ok()) << out.status().message();
  return out.ok() ? *out : WebhookEvents{};
}

TEST(ZendeskWebhookTest, TheTriggerBodyOfACustomerComment) {
  const WebhookEvents out = Zendesk(R"({
    "ticket_id": "881", "comment_id": "5001", "created_at": "2026-03-02T09:14:00+01:00",
    "public": "true", "channel": "Mail", "status": "Open",
    "author": {"id": "9", "role": "end-user", "name": "Mario Rossi"},
    "requester": {"id": "9", "email": "Mario.Rossi@example.it", "phone": "", "name": "Mario"},
    "body": "Buongiorno, la fattura è sbagliata."})");
  ASSERT_EQ(out.events.size(), 2u);
  const Seen e = Parse(out.events[0]);
  EXPECT_EQ(e.id, "zd-c-5001");  // the export reader's id: the same comment imported later is one
  EXPECT_EQ(e.direction, "in");
  EXPECT_EQ(e.customer, "Mario.Rossi@example.it");
  EXPECT_EQ(e.conversation, "zd-881");
  EXPECT_EQ(e.channel, "email");
  EXPECT_EQ(e.agent, "");
  EXPECT_EQ(e.at, "2026-03-02T08:14:00+00:00");
  EXPECT_NE(out.events[0].find("\"customer_aliases\":[\"zd-user-9\"]"), std::string::npos);
  const Seen status = Parse(out.events[1]);
  EXPECT_EQ(status.type, "status");
  EXPECT_EQ(status.status, "open");
}

TEST(ZendeskWebhookTest, AnAgentsPublicReplyAndAnInternalNote) {
  const std::string agent_reply =
      R"({"ticket_id": 881, "comment_id": 5002, "public": true,
          "author": {"id": 7, "role": "agent", "name": "Giulia"},
          "requester": {"id": 9, "email": "mario.rossi@example.it"}, "body": "Verifico."})";
  const Seen reply = Parse(Zendesk(agent_reply).events.at(0));
  EXPECT_EQ(reply.direction, "out");
  EXPECT_EQ(reply.agent, "Giulia");
  EXPECT_EQ(reply.at, "2026-03-02T09:00:00+00:00");  // no created_at: when it was received
  std::string note = agent_reply;
  note.replace(note.find("\"public\": true"), 14, "\"public\": false");
  const Seen internal = Parse(Zendesk(note).events.at(0));
  EXPECT_EQ(internal.direction, "note");  // an internal note never answers the customer
  // Without a role, the requester writing is the customer.
  const Seen by_requester = Parse(Zendesk(R"({"ticket_id": 1, "comment_id": 2, "author": {"id": 9},
                  "requester": {"id": 9, "phone": "+39 333 1234567"}})")
                                      .events.at(0));
  EXPECT_EQ(by_requester.direction, "in");
  EXPECT_EQ(by_requester.customer, "+39 333 1234567");  // as given: the store normalises handles
  EXPECT_FALSE(Zendesk(R"({"comment_id": "x", "ticket_id": 1})").rejected.empty());
  EXPECT_FALSE(Zendesk(R"({"comment_id": 3, "ticket_id": 1})").rejected.empty());
}

// The audits of the recorded Zendesk API responses, as a webhook would carry them: every comment
// becomes an event under the export reader's id, the private ones as notes.
TEST(ZendeskWebhookTest, TicketAuditsOfTheRecordedApi) {
  size_t comments = 0;
  for (const auto& entry : fs::directory_iterator(kRealdata / "zendesk/decoded_responses")) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("TestTicketAudits")) continue;
    simdjson::dom::parser parser;
    const simdjson::dom::element body = parser.load(entry.path().string())["body"].value();
    const WebhookEvents out = Zendesk(simdjson::minify(body));
    std::map<std::string, Seen> by_id;
    for (const std::string& line : out.events) {
      const Seen e = Parse(line);
      by_id[e.id] = e;
    }
    const simdjson::dom::array audits = body["audits"].get_array().value();
    for (simdjson::dom::element audit : audits) {
      const simdjson::dom::array audit_events = audit["events"].get_array().value();
      for (simdjson::dom::element event : audit_events) {
        std::string_view type;
        if (event["type"].get_string().get(type) != simdjson::SUCCESS || type != "Comment") {
          continue;
        }
        const std::string id = "zd-c-" + std::to_string(event["id"].get_uint64().value());
        const auto it = by_id.find(id);
        ASSERT_NE(it, by_id.end()) << name << ": " << id;
        EXPECT_EQ(it->second.direction == "note", !event["public"].get_bool().value()) << id;
        EXPECT_EQ(it->second.conversation,
                  "zd-" + std::to_string(audit["ticket_id"].get_uint64().value()));
        ++comments;
      }
    }
  }
  EXPECT_GT(comments, 10u);
}

// Every recorded Zendesk API body (tickets, incremental pages, comments, calls) as a webhook body:
// read without error, and every event one the canonical reader takes. The few with nothing the
// reader takes (a custom role, an upload, an attachment, a call, a bare comment) are refused as
// not a webhook, rather than answered 200 with nothing stored.
TEST(ZendeskWebhookTest, EveryRecordedApiBody) {
  size_t files = 0, events = 0, refused = 0;
  for (const auto& entry : fs::directory_iterator(kRealdata / "zendesk/decoded_responses")) {
    simdjson::dom::parser parser;
    simdjson::dom::element body;
    if (parser.load(entry.path().string())["body"].get(body) != simdjson::SUCCESS) continue;
    auto out = ZendeskEvents(simdjson::minify(body), SourceSettings{}, "IT", kReceived);
    ++files;
    if (!out.ok()) {
      EXPECT_EQ(out.status().code(), StatusCode::kInvalidInput) << entry.path();
      EXPECT_EQ(out.status().message().rfind("not a Zendesk webhook", 0), 0u) << entry.path();
      ++refused;
      continue;
    }
    SymbolTable symbols;
    EventReader reader;
    for (const std::string& line : out->events) {
      EXPECT_TRUE(reader.Read(line, symbols).ok()) << entry.path() << ": " << line;
    }
    events += out->events.size();
  }
  EXPECT_GT(files, 100u);
  EXPECT_GT(events, 1000u);
  EXPECT_LE(refused, 6u);
}

TEST(ZendeskWebhookTest, NotZendeskIsRefused) {
  EXPECT_FALSE(ZendeskEvents("nope", SourceSettings{}, "IT", kReceived).ok());
  // JSON that is not Zendesk's is refused (400 on the route), not taken with nothing in it.
  for (const char* body : {R"({"hello": 1})", "[]", "[{\"id\": 1}]", "42", R"({"id": 7})",
                           R"([{"id": 1}, {"tickets": []}])"}) {
    auto other = ZendeskEvents(body, SourceSettings{}, "IT", kReceived);
    ASSERT_FALSE(other.ok()) << body;
    EXPECT_EQ(other.status().code(), StatusCode::kInvalidInput) << body;
  }
}

}  // namespace
}  // namespace fiducia

#include "sources/freshdesk.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/time_text.h"
#include "ingest/byte_source.h"
#include "sources/format.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(FIDUCIA_SOURCE_DIR) / "tests/data/freshdesk";
const fs::path kReal = fs::path(FIDUCIA_SHARED_DIR) / "realdata/freshdesk";

class FreshdeskTest : public testing::Test {
 protected:
  FreshdeskTest()
      : sink_(options_, corpus_, report_), reader_(MakeFreshdeskSourceReader(settings_)) {
    options_.keep_text = true;
  }

  // Reads the files (directories recursively, in name order, as `fiducia` walks them), then
  // Finish.
  Status ReadPaths(const std::vector<fs::path>& paths) {
    for (const fs::path& path : paths) {
      std::vector<fs::path> files = {path};
      if (fs::is_directory(path)) {
        files.clear();
        for (const auto& entry : fs::recursive_directory_iterator(path)) {
          if (entry.is_regular_file()) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
      }
      for (const fs::path& file : files) {
        if (Status s = reader_->Read(file, sink_); !s.ok()) return s;
      }
    }
    return reader_->Finish(sink_);
  }

  // Reads `json` as the content of a file called `name` (the memory entry point).
  Status ReadText(std::string_view json, std::string name = "page.json") {
    auto source = ByteSource::FromMemory(json, std::move(name));
    if (!source.ok()) return source.status();
    return reader_->ReadSource(**source, sink_);
  }

  const Event* Find(std::string_view id) const {
    for (const Event& e : corpus_.events()) {
      if (corpus_.IdOf(e) == id) return &e;
    }
    return nullptr;
  }

  Event Get(std::string_view id) const {
    const Event* e = Find(id);
    EXPECT_NE(e, nullptr) << "no event " << id;
    return e ? *e : Event{};
  }

  std::string_view Name(Symbol s) const { return corpus_.symbols().Name(s); }

  std::string TextOf(std::string_view id) const {
    for (size_t i = 0; i < corpus_.events().size(); ++i) {
      if (corpus_.IdOf(corpus_.events()[i]) == id) return std::string(corpus_.TextOf(i));
    }
    return "";
  }

  std::vector<std::string> Names(std::span<const Symbol> symbols) const {
    std::vector<std::string> out;
    for (Symbol s : symbols) out.emplace_back(Name(s));
    return out;
  }

  size_t Count(EventType type, std::optional<Direction> direction = std::nullopt) const {
    return static_cast<size_t>(
        std::count_if(corpus_.events().begin(), corpus_.events().end(), [&](const Event& e) {
          return e.type == type && (!direction || e.direction == *direction);
        }));
  }

  std::vector<std::string> Errors() const {
    std::vector<std::string> out;
    for (const InputError& e : report_.errors) out.push_back(e.ToString());
    return out;
  }

  static std::string At(const Event& e) {
    return FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes));
  }

  IngestOptions options_;
  Corpus corpus_;
  IngestReport report_;
  IngestSink sink_;
  SourceSettings settings_;
  std::unique_ptr<FreshdeskReader> reader_;
};

// --- The real samples (../shared/realdata/freshdesk) --------------------------------------------
// Counted with Python's json module over the same 44 files, independently of this reader: two are
// not JSON (SOURCE.txt, attachment.txt); 8 ticket objects (v1 all_tickets and helpdesk_ticket,
// v2 all_tickets, ticket_1, ticket_1_updated, outbound_email_1, and search_tickets' 2 results) and
// 5 conversations (1 v1 note, 2 in conversations.json, note_1, reply_1) = 13 records, all of
// ticket 1; 3 distinct conversation ids, one private; 38 objects that are neither tickets,
// conversations, contacts nor agents (companies, groups, roles, solutions, time entries, v1
// wrappers) + the 2 non-JSON files = 40 reported.
TEST_F(FreshdeskTest, EveryRealSampleIsReadWithoutACrash) {
  ASSERT_TRUE(ReadPaths({kReal}).ok());
  EXPECT_EQ(report_.files, 44u);
  EXPECT_EQ(report_.records, 13u);
  EXPECT_EQ(report_.skipped, 40u);
  // The description of ticket 1 once (fd-t-1), and its 3 distinct conversations.
  EXPECT_EQ(Count(EventType::kMessage), 4u);
  EXPECT_EQ(Count(EventType::kMessage, Direction::kNote), 1u);
  EXPECT_EQ(Count(EventType::kMessage, Direction::kOut), 2u);
  // Ticket 1's versions in name order: 2015 (v1), 2016 (outbound_email_1), then search_tickets'
  // 2015 copy (older: skipped) and 2020 one; ticket_1 and ticket_1_updated (2016) are older than
  // 2020 by then. Every status read is 2 (open), each version has tags.
  EXPECT_EQ(Count(EventType::kStatus), 3u);
  EXPECT_EQ(Count(EventType::kTag), 3u);
  EXPECT_EQ(Get("fd-s-1-2-2020-01-01T17:02:12+10:00").status, TicketStatus::kOpen);
  const Event opening = Get("fd-t-1");
  EXPECT_EQ(opening.direction, Direction::kIn);
  EXPECT_EQ(opening.channel, Channel::kWeb);  // source 2, portal
  EXPECT_EQ(At(opening), "2014-12-31T12:27:09+10:00");
  const Event note = Get("fd-c-1");
  EXPECT_EQ(note.direction, Direction::kNote);  // private: true
  EXPECT_EQ(TextOf("fd-c-1"), "This is a private note");
  EXPECT_EQ(Get("fd-c-5006713943").direction, Direction::kOut);  // the v1 note, public reply
  EXPECT_EQ(TextOf("fd-c-5006713943"), "This is a reply.");
}

TEST_F(FreshdeskTest, RealSamplesAreDetectedAsFreshdesk) {
  const fs::path v2 = kReal / "freshdesk/v2/tests/sample_json_data";
  for (const char* name : {"all_tickets.json", "ticket_1.json", "conversations.json",
                           "contacts.json", "agents.json"}) {
    auto format = DetectFileFormat(v2 / name, settings_);
    ASSERT_TRUE(format.ok());
    EXPECT_EQ(*format, SourceFormat::kFreshdesk) << name;
  }
  auto format = DetectFileFormat(v2 / "groups.json", settings_);
  ASSERT_TRUE(format.ok());
  EXPECT_NE(*format, SourceFormat::kFreshdesk);
}

// --- Fixtures written for the project (tests/data/freshdesk) -----------------------------------

TEST_F(FreshdeskTest, SourceIntegersMapToChannels) {
  ASSERT_TRUE(ReadPaths({kData / "3-tickets-page-1.json"}).ok());
  const std::vector<std::pair<std::string, Channel>> cases = {
      {"fd-t-9007199254740993", Channel::kEmail},  // 1
      {"fd-t-2", Channel::kWeb},                   // 2 portal
      {"fd-t-3", Channel::kPhone},                 // 3
      {"fd-t-4", Channel::kChat},                  // 7
      {"fd-t-5", Channel::kWeb},                   // 9 feedback widget
      {"fd-t-6", Channel::kEmail},                 // 10 outbound email
      {"fd-t-7", Channel::kSocial},                // 5 twitter
      {"fd-t-8", Channel::kSocial},                // 6 facebook
      {"fd-t-9", Channel::kWhatsapp},              // 13
      {"fd-t-10", Channel::kOther},                // 42: unknown
  };
  for (const auto& [id, channel] : cases) EXPECT_EQ(Get(id).channel, channel) << id;
  EXPECT_EQ(Find("fd-t-11"), nullptr);  // spam
}

TEST_F(FreshdeskTest, StatusIntegersMapToStatusEvents) {
  ASSERT_TRUE(ReadPaths({kData / "3-tickets-page-1.json"}).ok());
  const std::string at = "2026-03-02T12:00:00+01:00";
  EXPECT_EQ(Get("fd-s-9007199254740993-2-" + at).status, TicketStatus::kOpen);
  EXPECT_EQ(Get("fd-s-2-3-" + at).status, TicketStatus::kPending);
  EXPECT_EQ(Get("fd-s-3-4-" + at).status, TicketStatus::kSolved);  // resolved
  EXPECT_EQ(Get("fd-s-4-5-" + at).status, TicketStatus::kClosed);
  EXPECT_EQ(Get("fd-s-5-6-" + at).status, TicketStatus::kPending);  // waiting on customer
  EXPECT_EQ(Find("fd-s-7-99-" + at), nullptr);                      // a custom status
  EXPECT_EQ(Count(EventType::kStatus), 9u);
  const Event status = Get("fd-s-4-5-" + at);
  EXPECT_EQ(Name(status.conversation), "fd-4");
  EXPECT_EQ(At(status), at);
  EXPECT_EQ(Names(Get("fd-g-9007199254740993-" + at).tags),
            std::vector<std::string>{"complaint:disservice"});
}

TEST_F(FreshdeskTest, ContactsAgentsAndConversations) {
  ASSERT_TRUE(
      ReadPaths({kData / "1-agents.json", kData / "2-contacts.json",
                 kData / "3-tickets-page-1.json", kData / "4-conversations-9007199254740993.json"})
          .ok());
  EXPECT_EQ(report_.skipped, 0u) << testing::PrintToString(Errors());
  const Event opening = Get("fd-t-9007199254740993");
  EXPECT_EQ(opening.direction, Direction::kIn);
  EXPECT_EQ(Name(opening.conversation), "fd-9007199254740993");
  EXPECT_EQ(TextOf("fd-t-9007199254740993"), "Il pacco non è arrivato, sollecito.");
  EXPECT_TRUE(opening.Has(kCueReminder));
  // The contact's e-mail first; its other e-mail, mobile and twitter id as aliases ("1234" is an
  // extension, not a phone number), and the Freshdesk id.
  EXPECT_EQ(Name(opening.customer), "anna.rossi@example.it");
  EXPECT_EQ(Names(opening.aliases), (std::vector<std::string>{"anna@casa.example", "+393331234567",
                                                              "anna_r", "fd-user-77000000101"}));
  const Event in = Get("fd-c-9007199254740997");
  EXPECT_EQ(in.direction, Direction::kIn);
  EXPECT_EQ(in.channel, Channel::kEmail);
  const Event note = Get("fd-c-12");
  EXPECT_EQ(note.direction, Direction::kNote);
  EXPECT_EQ(Name(note.agent), "Giulia Verdi");  // from the agents page
  const Event reply = Get("fd-c-13");
  EXPECT_EQ(reply.direction, Direction::kOut);
  EXPECT_EQ(Name(reply.customer), "anna.rossi@example.it");
  EXPECT_EQ(TextOf("fd-c-13"), "Ci scusiamo per il ritardo: rimborso avviato.");  // HTML body
}

TEST_F(FreshdeskTest, DescriptionsAndOutboundEmail) {
  ASSERT_TRUE(ReadPaths({kData / "1-agents.json", kData / "3-tickets-page-1.json"}).ok());
  EXPECT_EQ(TextOf("fd-t-2"), "Vorrei il rimborso.\nGrazie & saluti");  // HTML only
  EXPECT_EQ(Name(Get("fd-t-2").customer), "marco@example.com");         // include=requester
  const Event outbound = Get("fd-t-6");  // source 10: the company wrote first
  EXPECT_EQ(outbound.direction, Direction::kOut);
  EXPECT_EQ(Name(outbound.agent), "Giulia Verdi");
  EXPECT_EQ(Name(outbound.customer), "fd-user-77000000101");  // the contacts were not read
}

TEST_F(FreshdeskTest, OverlappingPagesAreDeduplicated) {
  ASSERT_TRUE(ReadPaths({kData / "overlap"}).ok());
  EXPECT_EQ(report_.records, 6u);
  EXPECT_EQ(Count(EventType::kMessage), 3u);
  // 21 open; 22 open then resolved; 23 pending (its older copy in page 3 adds nothing).
  EXPECT_EQ(Count(EventType::kStatus), 4u);
  EXPECT_EQ(report_.duplicates, 4u);  // 21's description and status, 22's and 23's descriptions
  EXPECT_EQ(Get("fd-s-22-4-2026-03-02T12:00:00Z").status, TicketStatus::kSolved);
  EXPECT_EQ(Find("fd-s-23-2-2026-03-02T10:30:00Z"), nullptr);
}

TEST_F(FreshdeskTest, MalformedPageAndBadTicketsAreReportedAndTheRestIsRead) {
  ASSERT_TRUE(ReadPaths({kData / "errors"}).ok());
  const std::vector<std::string> errors = Errors();
  ASSERT_EQ(errors.size(), 5u) << testing::PrintToString(errors);
  const auto has = [&](std::string_view what) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](const std::string& e) { return e.find(what) != std::string::npos; });
  };
  // The page is an array: its first ticket is whole and read, the second is cut short.
  EXPECT_TRUE(has("1-malformed-page.json: byte 144: malformed JSON"));
  EXPECT_TRUE(has("1-malformed-page.json: the data ends inside its top-level array"));
  EXPECT_TRUE(has("2-bad-records.json: ticket 32: \"status\" is not an integer"));
  EXPECT_TRUE(has("2-bad-records.json: ticket 34: \"created_at\" is not an RFC 3339"));
  EXPECT_TRUE(has(": a ticket without an id"));
  EXPECT_NE(Find("fd-t-30"), nullptr);
  EXPECT_NE(Find("fd-t-31"), nullptr);
  EXPECT_EQ(Find("fd-t-35"), nullptr);
}

// --- Inline cases ------------------------------------------------------------------------------

TEST_F(FreshdeskTest, ConversationsReadBeforeTheirTicketWaitForIt) {
  ASSERT_TRUE(ReadText(R"([{"id":1,"ticket_id":40,"incoming":false,"private":false,"user_id":9,)"
                       R"("body_text":"Risolto","created_at":"2026-03-02T10:00:00Z"},)"
                       R"({"id":2,"ticket_id":41,"incoming":false,"private":false,"user_id":9,)"
                       R"("body_text":"Mai letto il ticket","created_at":"2026-03-02T10:00:00Z"}])")
                  .ok());
  EXPECT_TRUE(corpus_.events().empty());
  ASSERT_TRUE(ReadText(R"({"id":40,"requester_id":5,"source":7,"status":4,)"
                       R"("created_at":"2026-03-02T09:00:00Z","description_text":"Aiuto"})")
                  .ok());
  ASSERT_TRUE(reader_->Finish(sink_).ok());
  const Event reply = Get("fd-c-1");
  EXPECT_EQ(reply.direction, Direction::kOut);
  EXPECT_EQ(reply.channel, Channel::kChat);  // the ticket's, known once it was read
  EXPECT_EQ(Name(reply.customer), "fd-user-5");
  ASSERT_EQ(report_.errors.size(), 1u);  // ticket 41 never came
  EXPECT_NE(report_.errors[0].what.find("ticket 41, conversation 2: "), std::string::npos);
}

TEST_F(FreshdeskTest, IncomingConversationGivesItsAuthorsAddress) {
  ASSERT_TRUE(ReadText(R"({"id":50,"requester_id":5,"source":1,"status":2,)"
                       R"("created_at":"2026-03-02T09:00:00Z","description_text":"Aiuto",)"
                       R"("conversations":[{"id":3,"incoming":true,"private":false,"user_id":5,)"
                       R"("from_email":"Luca <luca@example.it>","body":"<p>Novit&agrave;?</p>",)"
                       R"("created_at":"2026-03-02T11:00:00Z"}]})")
                  .ok());
  const Event in = Get("fd-c-3");
  EXPECT_EQ(in.direction, Direction::kIn);
  EXPECT_EQ(Name(in.customer), "luca@example.it");
  EXPECT_EQ(TextOf("fd-c-3"), "Novità?");
}

TEST_F(FreshdeskTest, StrictStopsAtTheFirstBadRecord) {
  options_.strict = true;
  const Status s = ReadPaths({kData / "errors" / "2-bad-records.json"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("ticket 32"), std::string_view::npos) << s.message();
}

TEST(FreshdeskDetectTest, TellsFreshdeskFromZendeskAndOthers) {
  const SourceSettings settings;
  EXPECT_TRUE(LooksLikeFreshdeskExport(R"([{"id":1,"fr_escalated":false}])", settings));
  EXPECT_TRUE(LooksLikeFreshdeskExport(R"([{"id":1,"requester_id":2,"source": 2}])", settings));
  EXPECT_TRUE(LooksLikeFreshdeskExport(
      R"([{"body_text":"x","incoming":true,"private":false,"ticket_id":1}])", settings));
  EXPECT_FALSE(LooksLikeFreshdeskExport(
      R"({"tickets":[{"id":1,"requester_id":2,"via":{"source":{}}}]})", settings));
  EXPECT_FALSE(LooksLikeFreshdeskExport("fr_escalated, incoming, private", settings));
}

}  // namespace
}  // namespace fiducia

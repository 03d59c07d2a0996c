#include "sources/zendesk.h"

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
#include "sources/helpdesk_json.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(FIDUCIA_SOURCE_DIR) / "tests/data/zendesk";
const fs::path kReal = fs::path(FIDUCIA_SHARED_DIR) / "realdata/zendesk/decoded_responses";

class ZendeskTest : public testing::Test {
 protected:
  ZendeskTest() : sink_(options_, corpus_, report_) { options_.keep_text = true; }

  ZendeskReader& reader() {
    if (!reader_) reader_ = MakeZendeskSourceReader(settings_);
    return *reader_;
  }

  // Reads the files (a directory: its files in name order, as `fiducia` walks it), then Finish.
  Status ReadPaths(const std::vector<fs::path>& paths) {
    for (const fs::path& path : paths) {
      std::vector<fs::path> files = {path};
      if (fs::is_directory(path)) {
        files.clear();
        for (const auto& entry : fs::directory_iterator(path)) {
          if (entry.is_regular_file()) files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
      }
      for (const fs::path& file : files) {
        if (Status s = reader().Read(file, sink_); !s.ok()) return s;
      }
    }
    return reader().Finish(sink_);
  }

  // Reads `json` as the content of a file called `name` (the memory entry point).
  Status ReadText(std::string_view json, std::string name = "page.json") {
    auto source = ByteSource::FromMemory(json, std::move(name));
    if (!source.ok()) return source.status();
    return reader().ReadSource(**source, sink_);
  }

  const Event* Find(std::string_view id) const {
    for (const Event& e : corpus_.events()) {
      if (corpus_.IdOf(e) == id) return &e;
    }
    return nullptr;
  }

  // The event, or a failed test and an empty event.
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

  size_t CountWithPrefix(std::string_view prefix) const {
    return static_cast<size_t>(
        std::count_if(corpus_.events().begin(), corpus_.events().end(),
                      [&](const Event& e) { return corpus_.IdOf(e).starts_with(prefix); }));
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
  std::unique_ptr<ZendeskReader> reader_;
};

// --- The real recorded responses (../shared/realdata/zendesk) ----------------------------------
// Expected figures were counted with Python's json module over the same files, independently of
// this reader:
//   for f in sorted(glob('TicketsIncrementalTest*.json')): tickets += json.load(open(f))['body']
//   ['tickets'] → 117 files, 2204 ticket objects, 1001 distinct ids, of which 485 are not
//   "deleted" (1174 objects), each with exactly one updated_at (485 distinct (id, updated_at)).

TEST_F(ZendeskTest, RealIncrementalExportPagesAreDeduplicated) {
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(kReal)) {
    if (entry.path().filename().string().starts_with("TicketsIncrementalTest")) {
      pages.push_back(entry.path());
    }
  }
  std::sort(pages.begin(), pages.end());
  ASSERT_EQ(pages.size(), 117u);
  ASSERT_TRUE(ReadPaths(pages).ok());
  EXPECT_EQ(report_.files, 117u);
  EXPECT_EQ(report_.records, 2204u);  // every ticket object of every page
  EXPECT_EQ(report_.skipped, 0u) << testing::PrintToString(Errors());
  // Without comments, each live ticket is its description (`in`) and its status ("new": open).
  EXPECT_EQ(Count(EventType::kMessage, Direction::kIn), 485u);
  EXPECT_EQ(Count(EventType::kStatus), 485u);
  EXPECT_EQ(corpus_.events().size(), 970u);
  // The 1174 - 485 = 689 repeated live copies each repeat a description and a status.
  EXPECT_EQ(report_.duplicates, 2u * 689u);
  const Event opening = Get("zd-t-28");
  EXPECT_EQ(opening.channel, Channel::kWeb);  // via.channel "api"
  EXPECT_EQ(Name(opening.customer), "zd-user-6130907993114");
  EXPECT_EQ(Name(opening.conversation), "zd-28");
  EXPECT_EQ(At(opening), "2023-09-18T15:57:42+00:00");
  EXPECT_EQ(Get("zd-s-28-new-2023-09-18T15:57:42Z").status, TicketStatus::kOpen);
  EXPECT_EQ(Find("zd-t-465"), nullptr);  // deleted
}

// The 15 TestTicketAudits pages (python: audits = [a for f in files for a in
// body['audits']]) hold 393 audits (121 distinct ids: pages 000/001 and the values pages repeat
// each other) with 384 Comment events (118 distinct ids). Every ticket's creating audit is there
// (116 tickets, 116 with a Create event), whose "requester_id" Create tells the sides apart:
// 113 comments by the requester, 4 by someone else, 1 private (comment 6707063839514).
// Create/Change of "status": 118 distinct event ids, one of them to "deleted" (no status).
TEST_F(ZendeskTest, RealAuditPagesGiveCommentsAndStatusChanges) {
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(kReal)) {
    if (entry.path().filename().string().starts_with("TestTicketAudits")) {
      pages.push_back(entry.path());
    }
  }
  std::sort(pages.begin(), pages.end());
  ASSERT_EQ(pages.size(), 15u);
  ASSERT_TRUE(ReadPaths(pages).ok());
  EXPECT_EQ(report_.records, 393u + 384u);
  EXPECT_EQ(report_.skipped, 0u) << testing::PrintToString(Errors());
  EXPECT_EQ(CountWithPrefix("zd-c-"), 118u);
  EXPECT_EQ(Count(EventType::kMessage, Direction::kIn), 113u);
  EXPECT_EQ(Count(EventType::kMessage, Direction::kOut), 4u);
  EXPECT_EQ(Count(EventType::kMessage, Direction::kNote), 1u);
  EXPECT_EQ(Count(EventType::kStatus), 117u);
  const Event note = Get("zd-c-6707063839514");
  EXPECT_EQ(note.direction, Direction::kNote);
  EXPECT_FALSE(Name(note.agent).empty());
  // Ticket 1 is Zendesk's sample ticket (via "sample_ticket"), created with three tags.
  const Event sample = Get("zd-c-6130852545306");
  EXPECT_EQ(sample.channel, Channel::kOther);
  EXPECT_EQ(Name(sample.customer), "zd-user-6130869168922");
  EXPECT_EQ(Names(Get("zd-g-6130852545818").tags),
            (std::vector<std::string>{"sample", "support", "zendesk"}));
  EXPECT_EQ(Get("zd-e-6130852545946").status, TicketStatus::kOpen);
}

// Every recorded response: 143 files, 2208 ticket objects + 397 audits + 388 comments (387 in
// audits, 1 in a comments page) = 2993 records; 121 distinct comment ids and 414 live tickets with
// no comment anywhere = 535 messages; 488 ticket status versions (489 distinct live (id,
// updated_at), less ticket 33's 2023 copy, older than its 2024 copy read before) + 120 audit status
// events = 608; 2 tag events. Six responses hold no ticket, audit or comment (an upload, a call, a
// call comment, an attachment redaction, two custom roles): reported, not fatal.
TEST_F(ZendeskTest, EveryRealResponseIsReadWithoutACrash) {
  ASSERT_TRUE(ReadPaths({kReal}).ok());
  EXPECT_EQ(report_.files, 143u);
  EXPECT_EQ(report_.records, 2993u);
  EXPECT_EQ(Count(EventType::kMessage), 535u);
  EXPECT_EQ(CountWithPrefix("zd-c-"), 121u);
  EXPECT_EQ(CountWithPrefix("zd-t-"), 414u);
  EXPECT_EQ(Count(EventType::kStatus), 608u);
  EXPECT_EQ(Count(EventType::kTag), 2u);
  EXPECT_EQ(report_.skipped, 6u) << testing::PrintToString(Errors());
  // Ticket 33: its comments page names it only in the recorded request's URL.
  const Event comment = Get("zd-c-33144692244499");
  EXPECT_EQ(Name(comment.conversation), "zd-33");
  EXPECT_EQ(comment.direction, Direction::kIn);
  EXPECT_EQ(TextOf("zd-c-33144692244499"), "Some comment");
}

TEST_F(ZendeskTest, RealFilesAreDetectedAsZendesk) {
  for (const char* name : {"TicketsIncrementalTest.test_pagination__001.json",
                           "TestTicketAudits.test_pagination__003.json",
                           "TestAttachmentUpload.test_redact_attachment-upload-single__002.json"}) {
    auto format = DetectFileFormat(kReal / name, settings_);
    ASSERT_TRUE(format.ok());
    EXPECT_EQ(*format, SourceFormat::kZendesk) << name;
  }
}

// --- Fixtures written for the project (tests/data/zendesk) -------------------------------------

// Identities, then an incremental page with a users sideload, then comments of its first ticket.
TEST_F(ZendeskTest, UsersAndIdentitiesGiveCustomersAndAliases) {
  ASSERT_TRUE(ReadPaths({kData / "sideload"}).ok());
  EXPECT_EQ(report_.skipped, 0u) << testing::PrintToString(Errors());
  // A 64-bit id past 2^53 stays exact: read as an integer, never a double.
  const Event anna = Get("zd-t-9007199254740993");
  EXPECT_EQ(Name(anna.conversation), "zd-9007199254740993");
  EXPECT_EQ(anna.direction, Direction::kIn);
  EXPECT_EQ(anna.channel, Channel::kEmail);
  EXPECT_EQ(Name(anna.customer), "anna.rossi@example.it");
  EXPECT_EQ(Names(anna.aliases),
            (std::vector<std::string>{"+393331234567", "zd-user-9007199254740995"}));
  // Identities: e-mail first, the twitter handle and the Zendesk id as aliases; facebook has no
  // handle to join on.
  const Event mario = Get("zd-t-502");
  EXPECT_EQ(Name(mario.customer), "mario.bianchi@example.com");
  EXPECT_EQ(Names(mario.aliases), (std::vector<std::string>{"mario_b", "zd-user-603"}));
  EXPECT_EQ(Name(Get("zd-t-503").customer), "+393477654321");  // phone only
  const Event unknown = Get("zd-t-504");  // no user record: the Zendesk id alone
  EXPECT_EQ(Name(unknown.customer), "zd-user-605");
  EXPECT_TRUE(unknown.aliases.empty());
}

TEST_F(ZendeskTest, CommentsBecomeInOutAndNotes) {
  ASSERT_TRUE(ReadPaths({kData / "sideload"}).ok());
  // Comment 8001 is the description read from the ticket first: the same message, not a new one.
  EXPECT_EQ(Find("zd-c-8001"), nullptr);
  EXPECT_EQ(report_.duplicates, 1u);
  const Event note = Get("zd-c-8002");
  EXPECT_EQ(note.direction, Direction::kNote);  // public: false
  EXPECT_EQ(Name(note.agent), "Giulia Verdi");
  EXPECT_EQ(note.channel, Channel::kEmail);  // the ticket's channel, not the agent's web UI
  const Event reply = Get("zd-c-8003");
  EXPECT_EQ(reply.direction, Direction::kOut);  // role agent
  EXPECT_EQ(Name(reply.agent), "Giulia Verdi");
  EXPECT_EQ(Name(reply.customer), "anna.rossi@example.it");
  EXPECT_EQ(TextOf("zd-c-8003"), "Gentile Anna,\nci scusiamo & le rimborsiamo € 49,00.");
  const Event thanks = Get("zd-c-8004");
  EXPECT_EQ(thanks.direction, Direction::kIn);
  EXPECT_TRUE(thanks.Has(kCueClosing));
  EXPECT_TRUE(Get("zd-t-9007199254740993").Has(kCueReminder));
  // Created by an agent on the requester's behalf (submitter_id is the agent): the company wrote.
  const Event outbound = Get("zd-t-505");
  EXPECT_EQ(outbound.direction, Direction::kOut);
  EXPECT_EQ(Name(outbound.agent), "Giulia Verdi");
  EXPECT_EQ(Name(outbound.customer), "sara@example.org");
}

TEST_F(ZendeskTest, TicketStatusAndTags) {
  ASSERT_TRUE(ReadPaths({kData / "sideload"}).ok());
  const Event solved = Get("zd-s-9007199254740993-solved-2026-03-03T16:40:00Z");
  EXPECT_EQ(solved.type, EventType::kStatus);
  EXPECT_EQ(solved.status, TicketStatus::kSolved);
  EXPECT_EQ(At(solved), "2026-03-03T16:40:00+00:00");
  EXPECT_EQ(Name(solved.conversation), "zd-9007199254740993");
  EXPECT_EQ(Get("zd-s-503-pending-2026-03-02T09:20:00Z").status, TicketStatus::kPending);
  EXPECT_EQ(Get("zd-s-504-hold-2026-03-02T09:30:00Z").status, TicketStatus::kPending);
  EXPECT_EQ(Get("zd-s-502-open-2026-03-02T09:00:00Z").status, TicketStatus::kOpen);
  const Event tags = Get("zd-g-9007199254740993-2026-03-03T16:40:00Z");
  EXPECT_EQ(tags.type, EventType::kTag);
  EXPECT_EQ(Names(tags.tags), (std::vector<std::string>{"complaint:disservice", "spedizioni"}));
}

std::string TicketVia(int id, std::string_view via) {
  return fmt::format(R"({{"id":{},"via":{},"created_at":"2026-03-02T09:00:00Z",)"
                     R"("description":"Buongiorno","status":"open","requester_id":7}})",
                     id, via);
}

TEST_F(ZendeskTest, ViaChannelMapsToChannel) {
  const std::vector<std::pair<std::string, Channel>> cases = {
      {R"({"channel":"email"})", Channel::kEmail},
      {R"({"channel":"web"})", Channel::kWeb},
      {R"({"channel":"api"})", Channel::kWeb},
      {R"({"channel":"chat"})", Channel::kChat},
      {R"({"channel":"native_messaging","source":{"rel":"messenger"}})", Channel::kSocial},
      {R"({"channel":"native_messaging","source":{"rel":"whatsapp"}})", Channel::kWhatsapp},
      {R"({"channel":"native_messaging","source":{"rel":null}})", Channel::kChat},
      {R"({"channel":"voice"})", Channel::kPhone},
      {R"({"channel":"twitter"})", Channel::kSocial},
      {R"({"channel":"facebook"})", Channel::kSocial},
      {R"({"channel":"instagram_dm"})", Channel::kSocial},
      {R"({"channel":"whatsapp"})", Channel::kWhatsapp},
      {R"({"channel":"sms"})", Channel::kSms},
      {R"({"channel":"sample_ticket"})", Channel::kOther},
      {R"("Web form")", Channel::kWeb},
      {R"("Mail")", Channel::kEmail},
  };
  std::string page = R"({"tickets":[)";
  for (size_t i = 0; i < cases.size(); ++i) {
    page += (i ? "," : "") + TicketVia(static_cast<int>(i + 1), cases[i].first);
  }
  ASSERT_TRUE(ReadText(page + "]}").ok());
  EXPECT_EQ(report_.skipped, 0u) << testing::PrintToString(Errors());
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(Get(fmt::format("zd-t-{}", i + 1)).channel, cases[i].second) << cases[i].first;
  }
}

// Overlapping pages: 702 twice unchanged, 701 again newer (solved), 703 again older (stale).
TEST_F(ZendeskTest, OverlappingPagesAreDeduplicated) {
  ASSERT_TRUE(ReadPaths({kData / "overlap"}).ok());
  EXPECT_EQ(report_.records, 6u);
  EXPECT_EQ(Count(EventType::kMessage), 3u);
  EXPECT_EQ(Count(EventType::kStatus), 4u);
  // 702's description and status in page 2; 701's description in page 2; 703's in page 3.
  EXPECT_EQ(report_.duplicates, 4u);
  EXPECT_EQ(Get("zd-s-701-open-2026-03-02T10:00:00Z").status, TicketStatus::kOpen);
  EXPECT_EQ(Get("zd-s-701-solved-2026-03-02T12:00:00Z").status, TicketStatus::kSolved);
  EXPECT_EQ(Get("zd-s-703-pending-2026-03-02T11:00:00Z").status, TicketStatus::kPending);
  EXPECT_EQ(Find("zd-s-703-open-2026-03-02T10:30:00Z"), nullptr);  // older than what was read
}

TEST_F(ZendeskTest, TicketEventExportWithCommentEvents) {
  ASSERT_TRUE(ReadPaths({kData / "ticket-events.json"}).ok());
  EXPECT_EQ(report_.skipped, 0u) << testing::PrintToString(Errors());
  const Event first = Get("zd-c-100101");
  EXPECT_EQ(first.direction, Direction::kIn);  // the requester, told by a later child event
  EXPECT_EQ(first.channel, Channel::kWeb);     // "Web form"
  EXPECT_EQ(Name(first.customer), "zd-user-71");
  const Event answer = Get("zd-c-100201");
  EXPECT_EQ(answer.direction, Direction::kOut);
  EXPECT_EQ(Name(answer.agent), "zd-user-72");
  EXPECT_EQ(At(answer), "2026-03-02T11:00:00+00:00");  // from "timestamp" (epoch seconds)
  EXPECT_EQ(Get("zd-e-100103").status, TicketStatus::kOpen);
  EXPECT_EQ(Get("zd-e-100202").status, TicketStatus::kSolved);
  EXPECT_EQ(Names(Get("zd-g-100104").tags), std::vector<std::string>{"abbonamento"});
}

TEST_F(ZendeskTest, MalformedPageAndBadRecordsAreReportedAndTheRestIsRead) {
  ASSERT_TRUE(ReadPaths({kData / "errors"}).ok());
  const std::vector<std::string> errors = Errors();
  ASSERT_EQ(errors.size(), 6u) << testing::PrintToString(errors);
  const auto has = [&](std::string_view file, std::string_view what) {
    return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) {
      return e.find(file) != std::string::npos && e.find(what) != std::string::npos;
    });
  };
  EXPECT_TRUE(has("1-malformed-page.json", ": byte 0: malformed JSON"));
  EXPECT_TRUE(has("2-bad-records.json", ": ticket 912: a comment without an id"));
  EXPECT_TRUE(has("2-bad-records.json", ": ticket 912, comment 9521: \"public\" is not true"));
  EXPECT_TRUE(has("2-bad-records.json", ": ticket 911: \"created_at\" is not an RFC 3339"));
  EXPECT_TRUE(has("2-bad-records.json", ": byte 0: a ticket without an id"));
  // The cut line of the one-ticket-per-line export (line 2), not the lines after it.
  EXPECT_TRUE(has("3-admin-export.json", ": byte 541: malformed JSON"));
  EXPECT_EQ(report_.skipped, 6u);
  EXPECT_EQ(Find("zd-t-901"), nullptr);
  EXPECT_EQ(Get("zd-c-9522").direction, Direction::kIn);
  EXPECT_EQ(Get("zd-e-9523").status, TicketStatus::kOpen);
  // Admin export: comments embedded in each ticket; the ticket before and after the cut line.
  EXPECT_EQ(Get("zd-c-92102").direction, Direction::kOut);
  EXPECT_EQ(Get("zd-c-92302").direction, Direction::kOut);
  EXPECT_EQ(Get("zd-c-92301").channel, Channel::kChat);
  EXPECT_EQ(Get("zd-s-923-solved-2026-03-02T11:05:00Z").status, TicketStatus::kSolved);
  EXPECT_EQ(Find("zd-t-921"), nullptr);  // its first comment is its description
}

TEST_F(ZendeskTest, StrictStopsAtTheFirstBadRecord) {
  options_.strict = true;
  const Status s = ReadPaths({kData / "errors" / "2-bad-records.json"});
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("ticket 912: a comment without an id"), std::string_view::npos)
      << s.message();
  EXPECT_EQ(report_.skipped, 1u);
}

// --- Inline cases ------------------------------------------------------------------------------

TEST_F(ZendeskTest, CommentsReadBeforeTheirTicketWaitForIt) {
  ASSERT_TRUE(ReadText(R"({"comments":[
      {"id":11,"author_id":5,"body":"Ciao","public":true,"created_at":"2026-03-02T09:00:00Z"},
      {"id":12,"author_id":6,"body":"Salve","public":true,"created_at":"2026-03-02T09:05:00Z"}]})",
                       "ticket-77-comments.json")
                  .ok());
  EXPECT_TRUE(corpus_.events().empty());  // who is the customer? not known yet
  ASSERT_TRUE(ReadText(R"({"ticket":{"id":77,"via":{"channel":"email"},"requester_id":5,)"
                       R"("created_at":"2026-03-02T09:00:00Z","description":"Ciao",)"
                       R"("status":"open"}})")
                  .ok());
  ASSERT_TRUE(reader().Finish(sink_).ok());
  EXPECT_EQ(Get("zd-c-11").direction, Direction::kIn);
  EXPECT_EQ(Get("zd-c-12").direction, Direction::kOut);
  EXPECT_EQ(Get("zd-c-12").channel, Channel::kEmail);
  EXPECT_EQ(Find("zd-t-77"), nullptr);  // comment 11 is the description
  EXPECT_EQ(report_.skipped, 0u);
}

TEST_F(ZendeskTest, CommentsWhoseTicketNeverComesAreReportedAtFinish) {
  ASSERT_TRUE(
      ReadText(R"({"comments":[{"id":11,"author_id":5,"body":"Ciao","public":true,)"
               R"("created_at":"2026-03-02T09:00:00Z"}],)"
               R"("links":{"next":"https://x.zendesk.com/api/v2/tickets/88/comments.json"}})")
          .ok());
  ASSERT_TRUE(reader().Finish(sink_).ok());
  ASSERT_EQ(report_.errors.size(), 1u);
  EXPECT_NE(report_.errors[0].what.find("ticket 88, comment 11: "), std::string::npos);
}

TEST_F(ZendeskTest, ACommentsPageThatNamesNoTicketIsOneError) {
  ASSERT_TRUE(ReadText(R"({"comments":[
      {"id":1,"author_id":2,"body":"a","public":true,"created_at":"2026-03-02T09:00:00Z"},
      {"id":2,"author_id":3,"body":"b","public":true,"created_at":"2026-03-02T09:01:00Z"}]})")
                  .ok());
  ASSERT_EQ(Errors().size(), 1u);
  EXPECT_NE(Errors()[0].find("page.json: byte 0: a comments page that names no ticket"),
            std::string::npos);
  EXPECT_TRUE(corpus_.events().empty());
}

TEST_F(ZendeskTest, CompanyDomainsMakeAnAuthorTheCompany) {
  settings_.company.domains = {"acme.it"};
  ASSERT_TRUE(
      ReadText(R"({"ticket":{"id":5,"requester_id":9,"via":{"channel":"email"},)"
               R"("created_at":"2026-03-02T08:00:00Z","description":"Aiuto","status":"new"},)"
               R"("users":[{"id":6,"name":"Paolo","email":"paolo@mail.acme.it",)"
               R"("role":"end-user"}],"comments":[
      {"id":11,"author_id":6,"body":"Eccoci","public":true,"created_at":"2026-03-02T09:00:00Z"}]})",
               "ticket-5-comments.json")
          .ok());
  EXPECT_EQ(Get("zd-c-11").direction, Direction::kOut);  // a light agent, listed as an end-user
  EXPECT_EQ(Name(Get("zd-c-11").agent), "Paolo");
}

TEST_F(ZendeskTest, AnArrayOfPagesAndAutomaticComments) {
  ASSERT_TRUE(
      ReadText(R"([{"ticket":{"id":3,"requester_id":5,"via":{"channel":"web"},)"
               R"("created_at":"2026-03-02T09:00:00Z","description":"Aiuto","status":"new"}},
      {"audit":{"id":31,"ticket_id":3,"created_at":"2026-03-02T09:01:00Z","author_id":-1,
       "via":{"channel":"rule","source":{"rel":"trigger"}},
       "events":[{"id":311,"type":"Comment","author_id":-1,"body":"Abbiamo ricevuto",
                  "public":true}]}}])")
          .ok());
  const Event ack = Get("zd-c-311");
  EXPECT_TRUE(ack.is_auto);
  EXPECT_EQ(ack.direction, Direction::kOut);
  EXPECT_EQ(Name(ack.agent), "zendesk");
  EXPECT_EQ(ack.channel, Channel::kWeb);
}

TEST_F(ZendeskTest, GzipPagesAndNoiseDoNotCrash) {
  for (const std::string_view bytes :
       {std::string_view("\x1f\x8b\x08\x00", 4), std::string_view("[1,2,\"x\",null]"),
        std::string_view("{\"tickets\":{}}"), std::string_view("{\"tickets\":[[]]}"),
        std::string_view("{\"comments\":[{}]}"), std::string_view("[[[[")}) {
    (void)ReadText(bytes);
  }
  EXPECT_TRUE(corpus_.events().empty());
  EXPECT_GT(report_.skipped, 0u);
}

// --- The shared pieces (helpdesk_json) ---------------------------------------------------------

struct Cut {
  std::vector<std::string> values;  // "!" for an overlong one
  std::vector<uint64_t> offsets;
  bool unterminated = false;
};

Cut CutValues(std::string_view bytes, size_t chunk_size, size_t max_value = 1000) {
  Cut cut;
  auto source = ByteSource::FromMemory(bytes, "x");
  EXPECT_TRUE(source.ok());
  JsonChunker chunker(**source, chunk_size, max_value);
  for (JsonChunk chunk; chunker.Next(chunk);) {
    if (!chunk.overlong) {
      EXPECT_GE(chunk.capacity, chunk.text.size() + kLinePadding);
    }
    cut.values.push_back(chunk.overlong ? "!" : std::string(chunk.text));
    cut.offsets.push_back(chunk.offset);
  }
  cut.unterminated = chunker.unterminated_array();
  return cut;
}

TEST(JsonChunkerTest, CutsPagesArraysAndLinesWhateverTheChunkSize) {
  const std::string text =
      "\xEF\xBB\xBF{\"a\":\n \"}{[\\\"\"}\n[ {\"b\":[1,{}]}, {\"c\":2} ]\n{\"d\":\n 3}";
  for (size_t chunk_size : {1, 2, 3, 7, 64, 4096}) {
    const Cut cut = CutValues(text, chunk_size);
    EXPECT_EQ(cut.values, (std::vector<std::string>{"{\"a\":\n \"}{[\\\"\"}", "{\"b\":[1,{}]}",
                                                    "{\"c\":2}", "{\"d\":\n 3}"}))
        << chunk_size;
    EXPECT_EQ(cut.offsets, (std::vector<uint64_t>{3, 21, 35, 45})) << chunk_size;
    EXPECT_FALSE(cut.unterminated);
  }
}

TEST(JsonChunkerTest, OverlongValuesAreDroppedAndTheNextOneIsRead) {
  const std::string big = "{\"a\":\"" + std::string(5000, 'x') + "\"}";
  const Cut cut = CutValues(big + "\n{\"b\":1}", 16, 1000);
  EXPECT_EQ(cut.values, (std::vector<std::string>{"!", "{\"b\":1}"}));
  EXPECT_EQ(cut.offsets[1], big.size() + 1);
}

TEST(JsonChunkerTest, TextThatIsNotJsonIsOneValueUpToTheNextObject) {
  const Cut cut = CutValues("not json\nat all\n{\"a\":1}\n[1, x", 5);
  EXPECT_EQ(cut.values, (std::vector<std::string>{"not json\nat all\n", "{\"a\":1}", "1", "x"}));
  EXPECT_TRUE(cut.unterminated);
}

TEST(JsonChunkerTest, OneValuePerLineEndsACutLineAtItsLineBreak) {
  const Cut cut = CutValues("{\"a\":1}\n{\"b\":\"cut\n{\"c\":3}\n", 4);
  EXPECT_EQ(cut.values, (std::vector<std::string>{"{\"a\":1}", "{\"b\":\"cut", "{\"c\":3}"}));
  // Not in a list: its elements may be laid out any way.
  EXPECT_EQ(CutValues("[{\"a\":1},\n{\"b\":\n2}]", 4).values,
            (std::vector<std::string>{"{\"a\":1}", "{\"b\":\n2}"}));
}

TEST(HelpdeskJsonTest, IdsAreExactIntegersOrDigitStrings) {
  dom::parser parser;
  dom::element doc;
  ASSERT_EQ(parser
                .parse(std::string_view(R"([9007199254740993, 18446744073709551615, "42", -1,
                                            1.5, "4x", "", "99999999999999999999", null])"))
                .get(doc),
            simdjson::SUCCESS);
  std::vector<std::optional<uint64_t>> ids;
  dom::array array;
  ASSERT_EQ(doc.get_array().get(array), simdjson::SUCCESS);
  for (dom::element e : array) ids.push_back(IdOf(e));
  EXPECT_EQ(ids, (std::vector<std::optional<uint64_t>>{9007199254740993u, 18446744073709551615u,
                                                       42u, 0u, std::nullopt, std::nullopt,
                                                       std::nullopt, std::nullopt, std::nullopt}));
}

TEST(HelpdeskJsonTest, HtmlBodiesBecomeText) {
  EXPECT_EQ(HtmlToText("<div><p>Gentile&nbsp;cliente,</p><p>ci scusiamo.<br>A presto</p></div>"),
            "Gentile cliente,\nci scusiamo.\nA presto");
  EXPECT_EQ(HtmlToText("<style>p{color:red}</style><!-- x --><b>5 &lt; 6 &amp; 7 &gt; 3</b>"),
            "5 < 6 & 7 > 3");
  EXPECT_EQ(HtmlToText("Perch&eacute; &#232; &#xE0; &euro;&bogus; a < b"),
            "Perché è à €&bogus; a < b");
  EXPECT_EQ(HtmlToText("<a title=\"x>y\" href='z'>link</a>&#0;&#xD800;"), "link\uFFFD\uFFFD");
  EXPECT_EQ(AddressIn("Anna Rossi <anna@example.it>"), "anna@example.it");
}

TEST(ZendeskDetectTest, TellsZendeskFromFreshdeskAndOthers) {
  const SourceSettings settings;
  EXPECT_TRUE(
      LooksLikeZendeskExport(R"({"tickets":[{"id":1,"via":{"channel":"email"}}]})", settings));
  EXPECT_TRUE(LooksLikeZendeskExport(R"({"audits":[{"id":1,"events":[],"via":{}}]})", settings));
  EXPECT_TRUE(LooksLikeZendeskExport(R"({"id":1,"requester_id":2,"submitter_id":2,"via":{})",
                                     settings));  // a line of the admin export, cut short
  EXPECT_FALSE(LooksLikeZendeskExport(
      R"([{"id":1,"requester_id":2,"source":2,"fr_escalated":false}])", settings));
  EXPECT_FALSE(LooksLikeZendeskExport(R"({"id":"w1","at":"2026-03-02T09:14:00+01:00"})", settings));
  EXPECT_FALSE(LooksLikeZendeskExport("tickets via requester_id", settings));
}

}  // namespace
}  // namespace fiducia

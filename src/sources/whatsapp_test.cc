#include "sources/whatsapp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "common/time_text.h"
#include "ingest/byte_source.h"
#include "ingest/ingest.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

const fs::path kRealData = fs::path(FIDUCIA_SHARED_DIR) / "realdata" / "whatsapp";
const fs::path kFixtures = fs::path(FIDUCIA_SOURCE_DIR) / "tests" / "data" / "whatsapp";

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

SourceSettings Company(std::string name) {
  SourceSettings settings;
  settings.company_override = std::move(name);
  return settings;
}

// One event as a test looks at it.
struct Seen {
  std::string id;
  std::string at;  // RFC 3339 with the offset the event was written with
  std::string direction;
  std::string customer;
  std::string agent;
  std::string text;
  bool has_text = false;

  std::string Local() const { return at.substr(0, 19); }
  std::string Sender() const { return direction == "out" ? agent : customer; }
};

// A corpus that chats are read into, with texts kept so that tests can look at them.
class Reading {
 public:
  explicit Reading(SourceSettings settings, bool strict = false) : settings_(std::move(settings)) {
    options_.keep_text = true;
    options_.strict = strict;
  }

  Status Text(std::string_view bytes, const fs::path& name = "chat.txt") {
    return ReadWhatsappExport(bytes, name, settings_, sink_);
  }
  Status File(const fs::path& path) { return MakeWhatsappReader(settings_)->Read(path, sink_); }

  std::vector<Seen> Events() const {
    std::vector<Seen> seen;
    for (size_t i = 0; i < corpus_.events().size(); ++i) {
      const Event& e = corpus_.events()[i];
      EXPECT_EQ(e.channel, Channel::kWhatsapp);
      seen.push_back({std::string(corpus_.IdOf(e)),
                      FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)),
                      std::string(ToString(e.direction)),
                      std::string(corpus_.symbols().Name(e.customer)),
                      std::string(corpus_.symbols().Name(e.agent)), std::string(corpus_.TextOf(i)),
                      e.has_text});
    }
    return seen;
  }
  std::vector<std::string> Errors() const {
    std::vector<std::string> errors;
    for (const InputError& error : report_.errors) errors.push_back(error.ToString());
    return errors;
  }
  const IngestReport& report() const { return report_; }

 private:
  SourceSettings settings_;
  IngestOptions options_;
  Corpus corpus_;
  IngestReport report_;
  IngestSink sink_{options_, corpus_, report_};
};

// --- Real exports ------------------------------------------------------------------------------

struct Expected {
  std::string timestamp;
  std::string author;
  std::string message;
};

// chat-miner's target: the messages its parser finds (system lines and "John Doe:." left out),
// multi-line messages joined with a space.
std::vector<Expected> ChatMinerTarget() {
  const std::string json = Slurp(kRealData / "chat-miner" / "whatsapp_target.json");
  const std::regex entry(
      R"re("timestamp":\s*"([^"]*)",\s*"author":\s*"([^"]*)",\s*"message":\s*"([^"]*)")re");
  std::vector<Expected> expected;
  for (std::sregex_iterator it(json.begin(), json.end(), entry), end; it != end; ++it) {
    expected.push_back({(*it)[1], (*it)[2], (*it)[3]});
  }
  return expected;
}

std::string JoinLines(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

TEST(WhatsappRealDataTest, ChatMinerFilesGiveItsTargetMessages) {
  const std::vector<Expected> target = ChatMinerTarget();
  ASSERT_EQ(target.size(), 6u);
  for (const char* file : {"whatsapp_test_ddmmyy_24hrs.txt", "whatsapp_test_mmddyy_24hrs.txt",
                           "whatsapp_test_[mmddyy]_24hrs.txt", "whatsapp_test_mmddyyyy_12hrs.txt",
                           "whatsapp_test_yyyymmdd_24hrs.txt"}) {
    SCOPED_TRACE(file);
    Reading reading(Company("Jahn Doe"));  // writes third: every company message has a customer
    ASSERT_TRUE(reading.File(kRealData / "chat-miner" / file).ok());
    EXPECT_TRUE(reading.Errors().empty()) << reading.Errors()[0];
    const std::vector<Seen> events = reading.Events();
    ASSERT_EQ(events.size(), target.size());
    for (const Expected& want : target) {
      const auto found = std::find_if(events.begin(), events.end(),
                                      [&](const Seen& e) { return e.Local() == want.timestamp; });
      ASSERT_NE(found, events.end()) << want.timestamp;
      EXPECT_EQ(found->Sender(), want.author);
      EXPECT_EQ(JoinLines(found->text), want.message);
    }
  }
}

TEST(WhatsappRealDataTest, ChatParserRbMixedSampleGivesItsFiveAuthoredMessages) {
  Reading reading(Company("Bob"));
  ASSERT_TRUE(reading.File(kRealData / "whatsapp-chat-parser-rb" / "sample.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 5u);  // its spec: 7 records, the last 2 system lines
  EXPECT_EQ(events[0].Sender(), "John Doe");
  EXPECT_EQ(events[0].Local(), "2025-12-15T10:30:00");  // Android lines: month first
  EXPECT_EQ(events[1].text,
            "Hi John! This is another Android message.\nIt has multiple lines\nto test grouping.");
  EXPECT_EQ(events[2].Sender(), "Alice");
  EXPECT_EQ(events[2].Local(), "2025-12-15T10:32:03");  // iPhone lines: day first
  EXPECT_EQ(events[3].direction, "out");
  EXPECT_EQ(events[3].customer, "Alice");
  EXPECT_EQ(events[4].Sender(), "Charlie");
  EXPECT_EQ(events[4].Local(), "2025-12-15T10:34:00");
}

// Counts from the files themselves: lines "[date, time] Name: text" that are not system notices.
TEST(WhatsappRealDataTest, PusturChatAndItsZipGiveTheSameMessages) {
  Reading reading(Company("Loris"));
  ASSERT_TRUE(reading.File(kRealData / "pustur" / "_chat.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 48u);
  EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Seen& e) { return !e.has_text; }),
            4);  // <attached: …> photo, video, audio, zip
  EXPECT_EQ(events[0].Sender(), "John");
  EXPECT_EQ(events[0].at, "2019-06-20T15:58:53+02:00");
  EXPECT_EQ(events[1].direction, "out");
  EXPECT_EQ(events[1].customer, "John");

  // The zip holds the same _chat.txt (and __MACOSX/.__chat.txt, which is not the chat).
  ASSERT_TRUE(reading.File(kRealData / "pustur" / "whatsapp-chat-parser-example.zip").ok());
  EXPECT_TRUE(reading.Errors().empty());
  EXPECT_EQ(reading.report().events, 48u);
  EXPECT_EQ(reading.report().duplicates, 48u);
}

TEST(WhatsappRealDataTest, PusturOldExampleAndItsZipGiveTheSameMessages) {
  Reading reading(Company("Emily"));
  ASSERT_TRUE(reading.File(kRealData / "pustur" / "old_example" / "_chat.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  EXPECT_EQ(reading.Events().size(), 97u);
  ASSERT_TRUE(
      reading.File(kRealData / "pustur" / "00000004-whatsapp-chat-parser-example.zip").ok());
  EXPECT_TRUE(reading.Errors().empty());
  EXPECT_EQ(reading.report().events, 97u);
  EXPECT_EQ(reading.report().duplicates, 97u);
}

// Each row of pustur's parser test: one header line, read as a chat of its own.
TEST(WhatsappRealDataTest, PusturHeaderLinesGiveTheirTimestampAndSender) {
  std::ifstream tsv(kRealData / "pustur" / "format_lines_from_parser_test.tsv");
  size_t rows = 0;
  for (std::string row; std::getline(tsv, row);) {
    if (row.empty() || row.starts_with('#')) continue;
    std::string line = row.substr(row.find('\t') + 1);
    for (size_t at; (at = line.find("\\\\n")) != std::string::npos;) line.replace(at, 3, "\n");
    SCOPED_TRACE(line);
    ++rows;
    Reading reading(Company("a"));
    ASSERT_TRUE(reading.Text(line, "WhatsApp Chat with Cliente.txt").ok());
    EXPECT_TRUE(reading.Errors().empty());
    const std::vector<Seen> events = reading.Events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].agent, "a");
    EXPECT_EQ(events[0].customer, "Cliente");
    const bool evening =
        line.find("21:25") != std::string::npos || line.find("21.25") != std::string::npos;
    EXPECT_EQ(events[0].Local(), evening ? "2018-06-13T21:25:15" : "2018-06-03T13:55:00");
    if (rows <= 12) {
      EXPECT_EQ(events[0].text, "m");
    }
  }
  EXPECT_EQ(rows, 16u);
}

TEST(WhatsappRealDataTest, PusturAttachmentsAreMessagesWithoutWords) {
  std::ifstream tsv(kRealData / "pustur" / "format_lines_from_parser_test.tsv");
  std::vector<std::string> texts;
  std::vector<bool> has_text;
  for (std::string row; std::getline(tsv, row);) {
    if (row.empty() || row.starts_with('#')) continue;
    std::string line = row.substr(row.find('\t') + 1);
    for (size_t at; (at = line.find("\\\\n")) != std::string::npos;) line.replace(at, 3, "\n");
    Reading reading(Company("a"));
    ASSERT_TRUE(reading.Text(line, "WhatsApp Chat with Cliente.txt").ok());
    ASSERT_EQ(reading.Events().size(), 1u);
    texts.push_back(reading.Events()[0].text);
    has_text.push_back(reading.Events()[0].has_text);
  }
  ASSERT_EQ(texts.size(), 16u);
  EXPECT_EQ(has_text, std::vector<bool>({true, true, true, true, true, true, true, true, true, true,
                                         true, true, false, false, false, true}));
  EXPECT_EQ(texts[15], "Dir auch frohe Ostern.");  // the caption after the file
}

// --- Italian fixtures --------------------------------------------------------------------------

SourceSettings Assistenza() {
  SourceSettings settings;
  settings.company.names = {"Assistenza Fiducia", "Giulia", "Assistenza", "Support"};
  return settings;
}

TEST(WhatsappFixtureTest, AndroidItalianChat) {
  Reading reading(Assistenza());
  ASSERT_TRUE(reading.File(kFixtures / "Chat WhatsApp con Mario Rossi.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  // The encryption notice and the two deleted messages make no event.
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].at, "2026-03-02T09:14:00+01:00");
  EXPECT_EQ(events[0].direction, "in");
  EXPECT_EQ(events[0].customer, "Mario Rossi");
  EXPECT_EQ(events[0].text, "Buongiorno, avevo chiesto lo sconto sul rinnovo: novità?");
  EXPECT_FALSE(events[1].has_text);  // <Media omessi>
  EXPECT_EQ(events[2].direction, "out");
  EXPECT_EQ(events[2].agent, "Assistenza Fiducia");
  EXPECT_EQ(events[2].customer, "Mario Rossi");
  EXPECT_EQ(events[2].text,
            "Buongiorno Mario,\nstiamo verificando con il responsabile.\n\n"
            "Le rispondiamo entro domani.");
  EXPECT_EQ(events[3].at, "2026-03-13T18:30:00+01:00");  // 13/03: the file is day first
  EXPECT_EQ(events[4].text, "Il rinnovo è scontato del 10%: 49 euro invece di 54.");
  EXPECT_EQ(events[5].text, "ok, grazie mille");  // the last line, without a newline after it
}

TEST(WhatsappFixtureTest, IphoneItalianChatWithAPhoneNumber) {
  Reading reading(Assistenza());
  ASSERT_TRUE(reading.File(kFixtures / "_chat.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  // Left out: the encryption notice and the missed call, both written after a U+200E.
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].at, "2026-03-02T09:14:05+01:00");
  EXPECT_EQ(events[0].customer, "+393331234567");
  EXPECT_FALSE(events[1].has_text);  // ‎<allegato: 00000005-AUDIO-….opus>
  EXPECT_EQ(events[2].agent, "Giulia");
  EXPECT_EQ(events[2].customer, "+393331234567");
  EXPECT_FALSE(events[3].has_text);  // ‎immagine omessa
  EXPECT_EQ(events[4].text, "Ecco la ricevuta del reso");
  EXPECT_EQ(events[5].text, "Grazie!");  // without "<Questo messaggio è stato modificato>"
}

TEST(WhatsappFixtureTest, TwelveHourClockWithPM) {
  Reading reading(Assistenza());
  ASSERT_TRUE(reading.File(kFixtures / "chat_12h_p_m.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].Local(), "2026-03-02T09:14:00");  // a. m.
  EXPECT_EQ(events[1].Local(), "2026-03-02T13:05:00");  // p.<NBSP>m.
  EXPECT_EQ(events[1].direction, "out");
  EXPECT_EQ(events[2].Local(), "2026-03-14T12:30:00");  // <U+202F>p. m.: noon
  EXPECT_EQ(events[3].Local(), "2026-03-15T00:10:00");  // 12:10 a. m.: after midnight
}

TEST(WhatsappFixtureTest, MonthFirstUnitedStatesChat) {
  Reading reading(Assistenza());  // Europe/Rome: the file's own values say month first
  ASSERT_TRUE(reading.File(kFixtures / "WhatsApp Chat with John Smith.txt").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 3u);  // the notice and both deleted messages left out
  EXPECT_EQ(events[0].Local(), "2026-03-02T09:14:00");
  EXPECT_FALSE(events[1].has_text);  // <Media omitted>
  EXPECT_EQ(events[2].Local(), "2026-03-14T16:06:00");
  EXPECT_EQ(events[2].agent, "Support");
  EXPECT_EQ(events[2].customer, "John Smith");
}

TEST(WhatsappFixtureTest, IphoneZipWithMedia) {
  Reading reading(Assistenza());
  ASSERT_TRUE(reading.File(kFixtures / "WhatsApp Chat - Mario Rossi.zip").ok());
  EXPECT_TRUE(reading.Errors().empty());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 4u);
  // The company wrote first, in a chat whose only customer is Mario Rossi.
  EXPECT_EQ(events[0].direction, "out");
  EXPECT_EQ(events[0].customer, "Mario Rossi");
  EXPECT_FALSE(events[1].has_text);
  EXPECT_EQ(events[2].text, "Vi ho lasciato un vocale");
  EXPECT_EQ(reading.report().files, 1u);
}

// The progress line of an audit compares the bytes read with the inputs' size: a zip read by
// libarchive moves it too, by the compressed bytes read up to the end of its chat.
TEST(WhatsappFixtureTest, AZipReadFromAFileMovesTheProgressLine) {
  const fs::path zip = kRealData / "pustur" / "00000004-whatsapp-chat-parser-example.zip";
  Reading reading(Company("Emily"));
  const uint64_t before = FileBytesReadSoFar();
  ASSERT_TRUE(reading.File(zip).ok());
  ASSERT_EQ(reading.Events().size(), 97u);
  const uint64_t moved = FileBytesReadSoFar() - before;
  // Telling the format reads this small file once through a ByteSource (all of what moved before
  // libarchive's reads counted); the chat is then read twice through libarchive (its dates voted
  // on, then its events), each pass counting at most the file.
  EXPECT_GT(moved, fs::file_size(zip));
  EXPECT_LE(moved, 3 * fs::file_size(zip));
}

TEST(WhatsappFixtureTest, FixturesAreDetectedAsWhatsapp) {
  for (const char* file : {"Chat WhatsApp con Mario Rossi.txt", "_chat.txt", "chat_12h_p_m.txt",
                           "WhatsApp Chat with John Smith.txt"}) {
    EXPECT_TRUE(LooksLikeWhatsappChat(Slurp(kFixtures / file), SourceSettings{})) << file;
  }
}

// --- Lines and records -------------------------------------------------------------------------

TEST(WhatsappTest, ContinuationLinesBelongToThePreviousMessage) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:14 - Mario: prima riga\r\n"
                        "seconda riga\n"
                        "\r\n"
                        "02/03/26 è una data ma non un'intestazione\n"
                        "12/03/2026 10:00 presso la sede\n"
                        "02/03/26, 09:20 - Negozio: risposta")
                  .ok());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].text,
            "prima riga\nseconda riga\n\n02/03/26 è una data ma non un'intestazione\n"
            "12/03/2026 10:00 presso la sede");
  EXPECT_EQ(events[1].text, "risposta");
}

TEST(WhatsappTest, MarksAnywhereAreDropped) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("\xE2\x80\x8E[02/03/26, 09:14:05] \xE2\x80\x8FMario\xE2\x80\x8E: "
                        "ciao \xE2\x80\x8Etutti\n")
                  .ok());
  ASSERT_EQ(reading.Events().size(), 0u);  // Mario alone: no company
  ASSERT_EQ(reading.Errors().size(), 1u);
  EXPECT_NE(reading.Errors()[0].find("(participants: Mario)"), std::string::npos);

  Reading with_company(Company("Mario"));
  ASSERT_TRUE(with_company
                  .Text("\xE2\x80\x8E[02/03/26, 09:14:05] \xE2\x80\x8FMario\xE2\x80\x8E: "
                        "ciao \xE2\x80\x8Etutti\n",
                        "WhatsApp Chat with Luca.txt")
                  .ok());
  ASSERT_EQ(with_company.Events().size(), 1u);
  EXPECT_EQ(with_company.Events()[0].text, "ciao tutti");
  EXPECT_EQ(with_company.Events()[0].agent, "Mario");
}

TEST(WhatsappTest, SystemLinesAreSkippedNotErrors) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:00 - Negozio ha creato il gruppo \"Clienti\"\n"
                        "02/03/26, 09:00 - Negozio ha aggiunto Mario\n"
                        "02/03/26, 09:01 - Messages and calls are end-to-end encrypted.\n"
                        "[02/03/26, 09:02:00] Clienti: \xE2\x80\x8ENegozio ha aggiunto Luca\n"
                        "02/03/26, 09:03 - Mario: ciao\n"
                        "02/03/26, 09:04 - Negozio: benvenuto\n")
                  .ok());
  EXPECT_TRUE(reading.Errors().empty());
  ASSERT_EQ(reading.Events().size(), 2u);
  EXPECT_EQ(reading.report().records, 6u);
}

TEST(WhatsappTest, TextBeforeTheFirstMessageIsReportedOnce) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("intestazione copiata\naltra riga\n02/03/26, 09:03 - Mario: ciao\n"
                        "02/03/26, 09:04 - Negozio: benvenuto\n")
                  .ok());
  EXPECT_EQ(reading.Events().size(), 2u);
  ASSERT_EQ(reading.Errors().size(), 1u);
  EXPECT_EQ(reading.Errors()[0].substr(0, 11), "chat.txt:1:");
}

// --- Who is the company ------------------------------------------------------------------------

TEST(WhatsappTest, CompanyByConfigNameIgnoringCase) {
  SourceSettings settings;
  settings.company.names = {"assistenza fiducia"};
  Reading reading(settings);
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:14 - Mario Rossi: ciao\n"
                        "02/03/26, 09:20 - Assistenza Fiducia: buongiorno\n")
                  .ok());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].direction, "in");
  EXPECT_EQ(events[0].agent, "");
  EXPECT_EQ(events[1].direction, "out");
  EXPECT_EQ(events[1].agent, "Assistenza Fiducia");
  EXPECT_EQ(events[1].customer, "Mario Rossi");
}

TEST(WhatsappTest, CompanyByHandleNormalisedBothSides) {
  SourceSettings settings;
  settings.company.handles = {"+39 02 1234 5678"};
  Reading reading(settings);
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:14 - +39 333 123 4567: ciao\n"
                        "02/03/26, 09:20 - \xE2\x80\xAA+39 021 2345678\xE2\x80\xAC: buongiorno\n")
                  .ok());
  const std::vector<Seen> events = reading.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].customer, "+393331234567");
  EXPECT_EQ(events[1].direction, "out");
  EXPECT_EQ(events[1].agent, "+39 021 2345678");
  EXPECT_EQ(events[1].customer, "+393331234567");
}

TEST(WhatsappTest, CompanyOverrideWinsOverNames) {
  SourceSettings settings = Company("Luca");
  settings.company.names = {"Nessuno"};
  Reading reading(settings);
  ASSERT_TRUE(reading.Text("02/03/26, 09:14 - Mario: ciao\n02/03/26, 09:20 - Luca: eccomi\n").ok());
  ASSERT_EQ(reading.Events().size(), 2u);
  EXPECT_EQ(reading.Events()[1].agent, "Luca");
}

TEST(WhatsappTest, NoCompanyIsOneErrorForTheFile) {
  const std::string chat =
      "02/03/26, 09:14 - Mario: ciao\n02/03/26, 09:20 - Luca: eccomi\n02/03/26, 09:21 - Mario: "
      "ok\n";
  Reading reading(SourceSettings{});
  ASSERT_TRUE(reading.Text(chat).ok());
  EXPECT_TRUE(reading.Events().empty());
  EXPECT_EQ(reading.Errors(), std::vector<std::string>(
                                  {"chat.txt: no participant is the company: set company.names "
                                   "in the config or --company NAME (participants: Mario, Luca)"}));

  Reading strict(SourceSettings{}, /*strict=*/true);
  EXPECT_EQ(strict.Text(chat).code(), StatusCode::kInvalidInput);
}

TEST(WhatsappTest, CompanyFirstInAGroupTakesTheChatTitle) {
  const std::string chat =
      "02/03/26, 09:00 - Negozio: benvenuti nel gruppo\n"
      "02/03/26, 09:14 - Mario: ciao\n"
      "02/03/26, 09:15 - Luca: ciao a tutti\n"
      "02/03/26, 09:20 - Negozio: buongiorno\n";
  Reading titled(Company("Negozio"));
  ASSERT_TRUE(titled.Text(chat, "WhatsApp Chat with Clienti Centro.txt").ok());
  ASSERT_EQ(titled.Events().size(), 4u);
  EXPECT_EQ(titled.Events()[0].customer, "Clienti Centro");
  EXPECT_EQ(titled.Events()[3].customer, "Luca");  // the last customer who wrote

  Reading untitled(Company("Negozio"));
  ASSERT_TRUE(untitled.Text(chat, "export.txt").ok());
  EXPECT_EQ(untitled.Events().size(), 3u);
  ASSERT_EQ(untitled.Errors().size(), 1u);
  EXPECT_EQ(untitled.Errors()[0].substr(0, 13), "export.txt:1:");
}

TEST(WhatsappTest, CompanyFirstInAOneToOneChatIsForTheOtherParticipant) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:00 - Negozio: il suo ordine è pronto\n"
                        "02/03/26, 09:14 - +39 333 123 4567: grazie\n",
                        "export.txt")
                  .ok());
  ASSERT_EQ(reading.Events().size(), 2u);
  EXPECT_EQ(reading.Events()[0].customer, "+393331234567");
}

// --- Dates and times ---------------------------------------------------------------------------

TEST(WhatsappTest, BadTimestampIsReportedWithItsLineAndTheRestRead) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("14/03/26, 09:14 - Mario: ciao\n"
                        "14/13/26, 09:15 - Mario: mese tredici\n"
                        "con una seconda riga\n"
                        "14/03/26, 25:16 - Mario: ora venticinque\n"
                        "30/02/26, 09:17 - Mario: trenta febbraio\n"
                        "14/03/26, 09:20 - Negozio: risposta\n")
                  .ok());
  ASSERT_EQ(reading.Events().size(), 2u);
  EXPECT_EQ(reading.Events()[1].text, "risposta");
  EXPECT_EQ(reading.Errors(),
            std::vector<std::string>(
                {"chat.txt:2: not a valid timestamp: there is no month 13 (dates in this file are "
                 "day/month)",
                 "chat.txt:4: not a valid timestamp: there is no hour 25",
                 "chat.txt:5: not a valid timestamp: 2026-02 has no day 30 (dates in this file are "
                 "day/month)"}));
  EXPECT_EQ(reading.report().skipped, 3u);
}

TEST(WhatsappTest, MonthThirteenInAMonthFirstFile) {
  Reading reading(Company("Support"));
  ASSERT_TRUE(reading
                  .Text("3/14/26, 9:14 AM - John: hi\n"
                        "3/15/26, 9:15 AM - John: anyone?\n"
                        "13/2/26, 9:16 AM - John: typo\n"
                        "3/16/26, 9:20 AM - Support: hello\n")
                  .ok());
  EXPECT_EQ(reading.Events().size(), 3u);
  EXPECT_EQ(reading.Errors(), std::vector<std::string>({"chat.txt:3: not a valid timestamp: there "
                                                        "is no month 13 (dates in this file are "
                                                        "month/day)"}));
}

TEST(WhatsappTest, StrictStopsAtTheFirstBadRecord) {
  Reading reading(Company("Negozio"), /*strict=*/true);
  const Status status = reading.Text(
      "14/03/26, 09:14 - Mario: ciao\n"
      "14/03/26, 25:16 - Mario: ora venticinque\n"
      "14/03/26, 09:20 - Negozio: risposta\n");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(reading.Events().size(), 1u);
}

TEST(WhatsappTest, AmbiguousDatesAreDayFirst) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(
      reading.Text("02/03/26, 09:14 - Mario: ciao\n02/03/26, 09:15 - Negozio: salve\n").ok());
  EXPECT_EQ(reading.Events().at(0).Local(), "2026-03-02T09:14:00");
}

TEST(WhatsappTest, AmbiguousDatesAreMonthFirstInUnitedStatesZones) {
  SourceSettings settings = Company("Support");
  settings.time_zone = "America/New_York";
  Reading reading(settings);
  ASSERT_TRUE(reading.Text("2/3/26, 9:14 AM - John: hi\n2/3/26, 9:15 AM - Support: hello\n").ok());
  EXPECT_EQ(reading.Events().at(0).at, "2026-02-03T09:14:00-05:00");
}

TEST(WhatsappTest, IsoDatesAndTwoOrFourDigitYears) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("2026-03-02, 09:14 - Mario: iso\n"
                        "[2.3.2026, 09:15:30] Mario: quattro cifre\n"
                        "2026-03-02, 09:16 - Negozio: salve\n")
                  .ok());
  ASSERT_EQ(reading.Events().size(), 3u);
  EXPECT_EQ(reading.Events()[0].Local(), "2026-03-02T09:14:00");
  EXPECT_EQ(reading.Events()[1].Local(), "2026-03-02T09:15:30");
}

TEST(WhatsappTest, AutumnChangeHourIsTheEarlierInstant) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("25/10/26, 02:30 - Mario: alle due e mezza, la prima volta\n"
                        "25/10/26, 03:30 - Mario: un'ora dopo l'ultima\n"
                        "25/10/26, 09:00 - Negozio: buongiorno\n")
                  .ok());
  ASSERT_EQ(reading.Events().size(), 3u);
  EXPECT_EQ(reading.Events()[0].at, "2026-10-25T02:30:00+02:00");  // 00:30 UTC
  EXPECT_EQ(reading.Events()[1].at, "2026-10-25T03:30:00+01:00");  // 02:30 UTC
}

TEST(WhatsappTest, SpringGapHourIsNotLost) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("29/03/26, 02:30 - Mario: un'ora che non c'è\n"
                        "29/03/26, 09:00 - Negozio: buongiorno\n")
                  .ok());
  ASSERT_EQ(reading.Events().size(), 2u);
  EXPECT_EQ(reading.Events()[0].at, "2026-03-29T03:00:00+02:00");  // the change itself
}

TEST(WhatsappTest, UnknownTimeZoneIsAUsageError) {
  SourceSettings settings = Company("Negozio");
  settings.time_zone = "Europe/Atlantide";
  Reading reading(settings);
  EXPECT_EQ(reading.Text("02/03/26, 09:14 - Mario: ciao\n").code(), StatusCode::kUsage);
}

// --- Ids ---------------------------------------------------------------------------------------

TEST(WhatsappTest, TheSameChatReadTwiceGivesDuplicatesNotNewEvents) {
  const std::string chat =
      "02/03/26, 09:14 - Mario: ok\n"
      "02/03/26, 09:14 - Mario: ok\n"  // the same twice in a minute: two messages
      "02/03/26, 09:20 - Negozio: bene\n";
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading.Text(chat).ok());
  ASSERT_TRUE(reading.Text(chat).ok());
  EXPECT_EQ(reading.report().events, 3u);
  EXPECT_EQ(reading.report().duplicates, 3u);

  // A later export holds more: only what is new is added.
  ASSERT_TRUE(reading.Text("\xEF\xBB\xBF" + chat + "03/03/26, 10:00 - Mario: grazie\n").ok());
  EXPECT_EQ(reading.report().events, 4u);
  EXPECT_EQ(reading.Events()[0].id.substr(0, 3), "wa-");
  EXPECT_EQ(reading.Events()[0].id.size(), 19u);
}

TEST(WhatsappTest, TheSameAnswerToTwoCustomersIsTwoEvents) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:14 - Mario: ciao\n02/03/26, 09:20 - Negozio: Buongiorno!\n",
                        "WhatsApp Chat with Mario.txt")
                  .ok());
  ASSERT_TRUE(reading
                  .Text("02/03/26, 09:15 - Luca: ciao\n02/03/26, 09:20 - Negozio: Buongiorno!\n",
                        "WhatsApp Chat with Luca.txt")
                  .ok());
  EXPECT_EQ(reading.report().events, 4u);
  EXPECT_EQ(reading.report().duplicates, 0u);
}

// --- Zips --------------------------------------------------------------------------------------

TEST(WhatsappTest, ZipWithoutAChatIsOneError) {
  Reading reading(Company("Negozio"));
  ASSERT_TRUE(reading.File(kFixtures / "senza_chat.zip").ok());
  EXPECT_EQ(reading.Errors().size(), 1u);
  EXPECT_NE(reading.Errors()[0].find("senza_chat.zip: no chat in this zip"), std::string::npos);
}

TEST(WhatsappTest, ErrorsInAZipNameTheChatInside) {
  const std::string zip = Slurp(kRealData / "pustur" / "whatsapp-chat-parser-example.zip");
  Reading reading(Company("Negozio"));  // not one of its participants
  ASSERT_TRUE(reading.Text(zip, "esempio.zip").ok());
  ASSERT_EQ(reading.Errors().size(), 1u);
  EXPECT_EQ(reading.Errors()[0].substr(0, 44), "esempio.zip/_chat.txt: no participant is the");

  Reading damaged(Company("Loris"));
  const Status status = damaged.Text(std::string_view(zip).substr(0, 200), "rotto.zip");
  EXPECT_TRUE(status.ok() || status.code() == StatusCode::kIoError) << status.message();
}

TEST(WhatsappTest, GarbageAfterZipMagicIsAnIoErrorNotACrash) {
  Reading reading(Company("Negozio"));
  const Status status = reading.Text(std::string_view("PK\x03\x04garbage", 11), "x.zip");
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

// --- Detection ---------------------------------------------------------------------------------

TEST(WhatsappTest, DetectionByTheFirstLine) {
  const SourceSettings settings;
  EXPECT_TRUE(LooksLikeWhatsappChat("02/03/26, 09:14 - Mario: ciao\n", settings));
  EXPECT_TRUE(LooksLikeWhatsappChat("\xEF\xBB\xBF[02/03/26, 09:14:05] Mario: ciao\n", settings));
  EXPECT_TRUE(LooksLikeWhatsappChat("\xE2\x80\x8E[3/6/18 1:55:00 p. m.] a: m", settings));
  EXPECT_TRUE(LooksLikeWhatsappChat("3/6/18, 1:55\xE2\x80\xAFPM - Messages and calls", settings));
  EXPECT_FALSE(
      LooksLikeWhatsappChat("caller,agent,start\n+39333,giulia,2026-03-02 09:14\n", settings));
  EXPECT_FALSE(LooksLikeWhatsappChat("# Notes\n\n02/03/26, 09:14 - Mario: ciao\n", settings));
  EXPECT_FALSE(LooksLikeWhatsappChat("45/45/26, 09:14 - Mario: ciao\n", settings));
  EXPECT_FALSE(LooksLikeWhatsappChat("", settings));
}

}  // namespace
}  // namespace fiducia

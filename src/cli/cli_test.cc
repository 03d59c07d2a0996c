#include "cli/cli.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/progress.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string out, err;
};

CliRun Cli(const std::vector<std::string>& args, bool terminals = false) {
  std::ostringstream out, err;
  FakeClock clock(Instant{});
  CliRun r;
  r.code = RunCli(args, {std::cin, out, err, clock, "it_IT.UTF-8", terminals, terminals});
  r.out = out.str();
  r.err = err.str();
  return r;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per process and test: ctest runs the tests of this file at once, and two that
    // started in the same millisecond shared gtest's random seed (and one removed the other's).
    dir_ = fs::temp_directory_path() /
           fmt::format("fiducia-cli-{}-{}", getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // 1,000 events, lines 100, 500 and 900 broken in three different ways.
  std::string ThousandEventsThreeBroken() {
    const fs::path path = dir_ / "events.jsonl";
    std::ofstream out(path);
    for (int line = 1; line <= 1000; ++line) {
      if (line == 100) {
        out << "{\"id\":\"e100\",\"at\":\"not a time\"}\n";
      } else if (line == 500) {
        out << "{\"id\": \"e500\", \"at\": \"2026-03-02T09:00:00+01:00\"\n";
      } else if (line == 900) {
        out << fmt::format(R"({{"id":"e{}","at":"2026-03-02T09:00:00+01:00","channel":"fax",)"
                           R"("direction":"in","customer":"a@b.it"}})",
                           line)
            << "\n";
      } else {
        out << fmt::format(R"({{"id":"e{}","at":"2026-03-{:02}T{:02}:{:02}:00+01:00",)"
                           R"("channel":"email","direction":"{}","customer":"c{}@example.it",)"
                           R"("agent":"giulia","text":"Buongiorno, una domanda"}})",
                           line, 2 + line % 20, 9 + line % 8, line % 60, line % 3 ? "in" : "out",
                           line % 97)
            << "\n";
      }
    }
    return path.string();
  }

  fs::path dir_;
};

TEST_F(CliTest, HelpAndVersionExitZero) {
  EXPECT_EQ(Cli({"--help"}).code, 0);
  EXPECT_EQ(Cli({"audit", "--help"}).code, 0);
  EXPECT_NE(Cli({"audit", "--help"}).out.find("Exit codes"), std::string::npos);
  EXPECT_EQ(Cli({"--version"}).code, 0);
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Cli({}).code, 2);
  EXPECT_EQ(Cli({"audit"}).code, 2);
  EXPECT_EQ(Cli({"audit", "--bogus", "x"}).code, 2);
  EXPECT_EQ(Cli({"audit", "--lang", "fr", FIDUCIA_SOURCE_DIR "/data/samples"}).code, 2);
  EXPECT_EQ(Cli({"audit", "--as-of", "yesterday", FIDUCIA_SOURCE_DIR "/data/samples"}).code, 2);
  EXPECT_EQ(Cli({"audit", "--config", (dir_ / "none.toml").string(), "x"}).code, 2);
}

// Business time across millennia cost seconds per request: moments outside the date window are
// refused by name (limits.earliest, limits.latest).
TEST_F(CliTest, AsOfOutsideTheDateWindowIsAUsageError) {
  for (const char* as_of :
       {"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2100-01-01T00:00:00Z"}) {
    const CliRun r = Cli({"audit", "--as-of", as_of, FIDUCIA_SOURCE_DIR "/data/samples"});
    EXPECT_EQ(r.code, 2) << as_of;
    EXPECT_NE(r.err.find("--as-of"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1990-01-01 to 2100-01-01"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Cli({"audit", "--as-of", "2099-12-31T23:59:59Z", "--quiet",
                 FIDUCIA_SOURCE_DIR "/data/samples"})
                .code,
            0);  // judged
}

TEST_F(CliTest, MissingInputExitsFour) {
  const CliRun r = Cli({"audit", (dir_ / "missing.jsonl").string()});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("missing.jsonl"), std::string::npos) << r.err;
}

TEST_F(CliTest, BadLinesAreReportedAndTheRestIsRead) {
  const std::string input = ThousandEventsThreeBroken();
  const CliRun r = Cli({"audit", "--lang", "en", "--json", (dir_ / "out.json").string(), input});
  EXPECT_EQ(r.code, 0) << r.err;
  for (int line : {100, 500, 900}) {
    EXPECT_NE(r.err.find(fmt::format("events.jsonl:{}:", line)), std::string::npos) << r.err;
  }
  EXPECT_NE(r.out.find("997 messages"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 records skipped"), std::string::npos) << r.out;
  std::ifstream json(dir_ / "out.json");
  std::stringstream text;
  text << json.rdbuf();
  EXPECT_NE(text.str().find("\"messages\": 997"), std::string::npos);
  EXPECT_NE(text.str().find("\"skipped_records\": 3"), std::string::npos);
}

TEST_F(CliTest, StrictStopsAtTheFirstBadLineWithExitThree) {
  const CliRun r = Cli({"audit", "--strict", ThousandEventsThreeBroken()});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("events.jsonl:100:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("events.jsonl:500:"), std::string::npos) << r.err;
}

TEST_F(CliTest, JsonToStandardOutputKeepsTheSummaryOnStandardError) {
  const CliRun r = Cli({"audit", "--json", "-", FIDUCIA_SOURCE_DIR "/data/samples"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("{\n  \"format\": \"fiducia-audit/1\"", 0), 0u) << r.out.substr(0, 80);
  EXPECT_NE(r.err.find("Segnalazioni"), std::string::npos);  // Italian from the locale
}

TEST_F(CliTest, ImportedEventsAuditToTheSameFindings) {
  const std::string events = (dir_ / "events.jsonl").string();
  const CliRun imported = Cli({"import", FIDUCIA_SOURCE_DIR "/data/samples", "-o", events});
  ASSERT_EQ(imported.code, 0) << imported.err;
  EXPECT_NE(imported.err.find("179 events"), std::string::npos) << imported.err;
  const CliRun direct =
      Cli({"audit", "--quiet", "--json", "-", FIDUCIA_SOURCE_DIR "/data/samples"});
  const CliRun again = Cli({"audit", "--quiet", "--json", "-", events});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(direct.out, again.out);
  // Importing what import wrote gives the same bytes.
  const CliRun twice = Cli({"import", events});
  std::ifstream first(events);
  std::stringstream text;
  text << first.rdbuf();
  EXPECT_EQ(twice.out, text.str());
}

TEST_F(CliTest, FormatMustBeKnown) {
  EXPECT_EQ(Cli({"audit", "--format", "pdf", FIDUCIA_SOURCE_DIR "/data/samples"}).code, 2);
  EXPECT_EQ(Cli({"import", "--to", "csv", FIDUCIA_SOURCE_DIR "/data/samples"}).code, 2);
  const CliRun forced =
      Cli({"audit", "--format", "canonical", FIDUCIA_SOURCE_DIR "/data/samples/README.md"});
  EXPECT_EQ(forced.code, kExitNoEvents);  // every line bad: read, nothing to judge
  EXPECT_NE(forced.err.find("README.md:1:"), std::string::npos) << forced.err;
}

TEST_F(CliTest, AFileOfNoKnownFormatIsReportedNotFatal) {
  const CliRun r = Cli({"audit", "--lang", "en", FIDUCIA_SOURCE_DIR "/data/samples/README.md"});
  EXPECT_EQ(r.code, kExitNoEvents);  // reported and skipped; with no other input, nothing to judge
  EXPECT_NE(r.err.find("README.md: not a format fiducia reads"), std::string::npos) << r.err;
  EXPECT_EQ(Cli({"audit", "--strict", FIDUCIA_SOURCE_DIR "/data/samples/README.md"}).code, 3);
}

TEST_F(CliTest, CoachAnswersInTheDraftsLanguageWithExitOneOnProblems) {
  const CliRun it = Cli({"coach", "Scusi il ritardo, è colpa del corriere"});
  EXPECT_EQ(it.code, 1);
  EXPECT_NE(it.out.find("apology_wording: «scusi il» chiede scusa"), std::string::npos) << it.out;
  EXPECT_NE(it.out.find("blame_shifting"), std::string::npos) << it.out;
  const CliRun en = Cli({"coach", "--json", "We can't refund it."});
  EXPECT_EQ(en.code, 1);
  EXPECT_NE(en.out.find("\"lang\":\"en\""), std::string::npos) << en.out;
  EXPECT_EQ(Cli({"coach", "Mi dispiace per l'attesa, la richiamo entro le 16."}).code, 0);
  EXPECT_EQ(Cli({"coach"}).code, 2);
}

TEST_F(CliTest, PrintedDefaultsAreAValidConfig) {
  const CliRun printed = Cli({"config", "--print-defaults"});
  ASSERT_EQ(printed.code, 0);
  EXPECT_NE(printed.out.find("time_zone = \"Europe/Rome\""), std::string::npos);
  const fs::path path = dir_ / "fiducia.toml";
  std::ofstream(path) << printed.out;
  EXPECT_EQ(Cli({"config", "--check", path.string()}).code, 0);
  std::ofstream(path) << "[targets]\nemail = \"soon\"\n";
  const CliRun bad = Cli({"config", "--check", path.string()});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("fiducia.toml:2: targets.email"), std::string::npos) << bad.err;
}

TEST_F(CliTest, TerminalNeverReceivesEscapeSequencesFromInput) {
  const fs::path path = dir_ / "evil.jsonl";
  std::ofstream(path) << "{\"id\":\"x\",\"at\":\"\x1b[2J\"}\n";
  const CliRun r = Cli({"audit", path.string()});
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos);
}

TEST_F(CliTest, AuditWritesHtmlXlsxAndCsv) {
  const fs::path html = dir_ / "r.html", xlsx = dir_ / "r.xlsx", csv = dir_ / "csv";
  const CliRun r = Cli({"audit", "--html", html.string(), "--xlsx", xlsx.string(), "--csv",
                        csv.string(), FIDUCIA_SOURCE_DIR "/data/samples"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_GT(fs::file_size(html), 10000u);
  EXPECT_GT(fs::file_size(xlsx), 1000u);
  EXPECT_TRUE(fs::exists(csv / "summary.csv"));
  EXPECT_TRUE(fs::exists(csv / "findings_silence.csv"));
  EXPECT_NE(r.out.find("Rapporto HTML scritto in"), std::string::npos) << r.out;
  std::ifstream in(html);
  std::stringstream page;
  page << in.rdbuf();
  EXPECT_NE(page.str().find("<html lang=\"it\">"), std::string::npos);
}

TEST_F(CliTest, UnwritableReportIsExit4) {
  const CliRun r = Cli({"audit", "--quiet", "--html", (dir_ / "no" / "such" / "r.html").string(),
                        FIDUCIA_SOURCE_DIR "/data/samples"});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
}

TEST_F(CliTest, UnwritableJsonIsExit4) {
  const CliRun r = Cli({"audit", "--quiet", "--json", (dir_ / "no" / "such" / "a.json").string(),
                        FIDUCIA_SOURCE_DIR "/data/samples"});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("cannot write"), std::string::npos) << r.err;
}

TEST_F(CliTest, SummaryIsColouredOnlyOnATerminal) {
  const CliRun plain = Cli({"audit", FIDUCIA_SOURCE_DIR "/data/samples"});
  EXPECT_EQ(plain.out.find('\x1b'), std::string::npos);
  const CliRun coloured = Cli({"audit", FIDUCIA_SOURCE_DIR "/data/samples"}, true);
  EXPECT_NE(coloured.out.find("\x1b[1m"), std::string::npos);
  const CliRun quiet = Cli({"audit", "--quiet", FIDUCIA_SOURCE_DIR "/data/samples"}, true);
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");  // no progress line under --quiet
}

TEST(ProgressTest, TextSaysBytesRateAndTimeLeft) {
  using std::chrono::seconds;
  EXPECT_EQ(ProgressText(40'000'000, 120'000'000, seconds(2), Lang::kEn),
            "40.0 MB of 120.0 MB read · 20.0 MB/s · 4 s left");
  EXPECT_EQ(ProgressText(40'000'000, 120'000'000, seconds(2), Lang::kIt),
            "letti 40,0 MB di 120,0 MB · 20,0 MB/s · ancora 4 s");
  EXPECT_EQ(ProgressText(130, 120, seconds(1), Lang::kEn),
            "0.0 MB of 0.0 MB read · 0.0 MB/s · judging");
}

// A clock a second further on at every look: the progress line draws at its first tick.
class SteppingClock final : public Clock {
 public:
  Instant Now() const override { return Instant{}; }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(++ticks_));
  }

 private:
  mutable std::atomic<int64_t> ticks_{0};
};

TEST(ProgressTest, LineIsDrawnInPlaceAndClearedAtTheEnd) {
  std::ostringstream err;
  SteppingClock clock;
  {
    ProgressLine line(
        err, clock, 1000, [] { return uint64_t{500}; }, Lang::kEn);
    // Drawn at its first tick (200 ms); a loaded machine may take longer.
    for (int i = 0; i < 300 && !line.Shown(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    line.Print("a bad record");
  }
  const std::string text = err.str();
  EXPECT_NE(text.find("\r\x1b[Kfiducia: 0.0 MB of 0.0 MB read"), std::string::npos) << text;
  EXPECT_NE(text.find("\r\x1b[Ka bad record\n"), std::string::npos) << text;
}

TEST(ProgressTest, InputBytesWalksDirectories) {
  EXPECT_EQ(InputBytes({FIDUCIA_SOURCE_DIR "/data/samples"}),
            fs::file_size(FIDUCIA_SOURCE_DIR "/data/samples/acme-telco.jsonl") +
                fs::file_size(FIDUCIA_SOURCE_DIR "/data/samples/acme-chat-outage.jsonl") +
                fs::file_size(FIDUCIA_SOURCE_DIR "/data/samples/shopfast-en.jsonl") +
                fs::file_size(FIDUCIA_SOURCE_DIR "/data/samples/README.md"));
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

TEST(TokenCommandTest, IssuesATokenOnceByNameAndRole) {
  const std::string db = (std::filesystem::temp_directory_path() / "fiducia-token-cli.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  const CliRun issued = Cli({"token", "crm-sync", "--role", "agent", "--db", db});
  EXPECT_EQ(issued.code, kExitOk) << issued.err;
  EXPECT_EQ(issued.out.size(), 65u) << issued.out;  // 64 hex digits and a newline
  EXPECT_NE(issued.err.find("not shown again"), std::string::npos);
  EXPECT_EQ(Cli({"token", "crm-sync", "--db", db}).code, kExitUsage);  // the name is taken
  EXPECT_EQ(Cli({"token", "x", "--role", "root", "--db", db}).code, kExitUsage);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

// A name says whom a token is for; '' was issued (and shown in no listing one could tell apart).
TEST(TokenCommandTest, ABlankNameIsRefused) {
  const std::string db =
      (std::filesystem::temp_directory_path() / "fiducia-token-blank.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  for (const char* name : {"", "   ", "a\x1b[2Jb"}) {
    const CliRun r = Cli({"token", name, "--db", db});
    EXPECT_EQ(r.code, kExitUsage) << name;
    EXPECT_TRUE(r.out.empty()) << r.out;  // no token issued
    EXPECT_NE(r.err.find("NAME must say who or what the token is for"), std::string::npos) << r.err;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

TEST_F(CliTest, ConfigCheckOfADirectoryIsAUsageError) {
  const CliRun r = Cli({"config", "--check", dir_.string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(r.out.find(": ok"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("is not a file"), std::string::npos) << r.err;
  EXPECT_EQ(Cli({"audit", "--config", dir_.string(), dir_.string()}).code, kExitUsage);
}

// An empty folder reported "as of 1970-01-01" (the latest event of none).
TEST_F(CliTest, AnAuditWithoutEventsSaysSo) {
  const fs::path empty = dir_ / "empty";
  fs::create_directories(empty);
  const fs::path json = dir_ / "r.json";
  CliRun r = Cli({"audit", "--json", json.string(), empty.string()});
  EXPECT_EQ(r.code, kExitNoEvents) << r.err;
  EXPECT_NE(r.err.find("no events found in the inputs (files read: 0"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("1970"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(json));
  // Only bad records: read, but still nothing to judge.
  std::ofstream(empty / "bad.jsonl") << "{\"id\":\"x\",\"at\":\"not a time\"}\n";
  r = Cli({"audit", empty.string()});
  EXPECT_EQ(r.code, kExitNoEvents) << r.err;
  EXPECT_NE(r.err.find("(files read: 1, other files skipped: 0, bad records: 1)"),
            std::string::npos)
      << r.err;
}

// Trends (issue 20 item 3): --period, --compare with an earlier audit's JSON, --before/--after.
TEST_F(CliTest, PeriodCompareAndRangesAndTheirErrors) {
  const std::string samples = FIDUCIA_SOURCE_DIR "/data/samples";
  const std::string earlier = (dir_ / "earlier.json").string();
  CliRun r = Cli({"audit", "--quiet", "--period", "month", "--json", earlier, samples});
  ASSERT_EQ(r.code, 0) << r.err;
  std::stringstream json;
  json << std::ifstream(earlier).rdbuf();
  EXPECT_NE(json.str().find("\"period\": \"month\""), std::string::npos);
  // The week-by-week block and the side-by-side table on the terminal (it_IT: Italian).
  r = Cli({"audit", "--compare", earlier, samples});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Andamento settimana per settimana"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Prima e dopo"), std::string::npos) << r.out;
  r = Cli({"audit", "--before", "2026-03-02..2026-03-08", "--after", "2026-03-16..2026-03-20",
           "--json", "-", samples});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"comparison\""), std::string::npos);
  // A missing file cannot be read (4); a file that is not an audit's JSON is a usage error (2);
  // both name the file and say what is wrong.
  r = Cli({"audit", "--compare", (dir_ / "none.json").string(), samples});
  EXPECT_EQ(r.code, 4);
  EXPECT_NE(r.err.find("none.json"), std::string::npos) << r.err;
  const std::string bad = (dir_ / "bad.json").string();
  std::ofstream(bad) << "{\"format\": \"fiducia-audit/1\", \"summary\": {}}";
  r = Cli({"audit", "--compare", bad, samples});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no \"span\""), std::string::npos) << r.err;
  EXPECT_EQ(Cli({"audit", "--before", "2026-03-02..2026-03-08", samples}).code, 2);
  EXPECT_EQ(Cli({"audit", "--before", "2026-03-08..2026-03-02", "--after", "2026-03-16..2026-03-20",
                 samples})
                .code,
            2);
  EXPECT_EQ(Cli({"audit", "--period", "year", samples}).code, 2);
}

}  // namespace
}  // namespace fiducia

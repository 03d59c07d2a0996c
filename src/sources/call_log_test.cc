#include "sources/call_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "sources/csv_rows.h"
#include "sources/format.h"

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const std::string kData = std::string(FIDUCIA_SOURCE_DIR) + "/tests/data/call_log/";

Instant Utc(int y, unsigned m, unsigned d, hours h, minutes mi = minutes(0),
            seconds s = seconds(0)) {
  return Instant(std::chrono::sys_days(std::chrono::year(y) / m / d)) + h + mi + s;
}

// One run's ingest: a reader, its sink and what they fill.
struct Ingest {
  explicit Ingest(SourceSettings s = {}) : settings(std::move(s)), reader(settings) {
    options.keep_text = true;
  }

  Status ReadFile(const std::string& path) {
    if (Status s = reader.Read(path, sink); !s.ok()) return s;
    return reader.Finish(sink);
  }
  Status ReadText(std::string_view bytes, std::string name = "mem.csv") {
    auto source = ByteSource::FromMemory(bytes, std::move(name));
    if (!source.ok()) return source.status();
    return reader.ReadFrom(std::move(*source), sink);
  }

  // The events in the order of the file (each row is one event).
  const Event& At(size_t index) const { return corpus.events().at(index); }
  std::string_view Name(Symbol s) const { return corpus.symbols().Name(s); }
  std::string_view Text(size_t index) const { return corpus.TextOf(index); }
  std::vector<std::string> Errors() const {
    std::vector<std::string> out;
    for (const InputError& e : report.errors) out.push_back(e.ToString());
    return out;
  }

  SourceSettings settings;
  IngestOptions options;
  Corpus corpus;
  IngestReport report;
  IngestSink sink{options, corpus, report};
  CallLogReader reader;
};

SourceSettings ItalianMapping() {
  SourceSettings s;
  s.time_zone = "Europe/Rome";
  s.call_log.caller = "Chiamante";
  s.call_log.agent = "Operatore";
  s.call_log.start = "Data e ora";
  s.call_log.duration = "Durata";
  s.call_log.outcome = "Esito";
  s.call_log.notes = "Note";
  s.call_log.direction = "Direzione";
  return s;
}

// --- The English fixture: commas, default column names ----------------------------------------

TEST(CallLogTest, HandledCallsKeepAgentDurationAndNotes) {
  Ingest run;
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  const Event& e = run.At(0);
  EXPECT_EQ(e.channel, Channel::kPhone);
  EXPECT_EQ(e.direction, Direction::kIn);
  EXPECT_EQ(run.Name(e.customer), "+393331234567");
  EXPECT_EQ(run.Name(e.agent), "giulia");
  EXPECT_EQ(e.duration_s, 95);
  EXPECT_EQ(e.at, Utc(2026, 3, 2, hours(8), minutes(14)));
  EXPECT_EQ(e.offset_minutes, 60);
  EXPECT_TRUE(e.IsHandledCall());
  EXPECT_EQ(run.Text(0), "Asks about the refund, promised a call back by Friday");
}

TEST(CallLogTest, MissedByEmptyAgentByOutcomeAndByZeroSeconds) {
  Ingest run;
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  for (size_t i : {1u, 3u, 4u}) {  // empty agent; "No Answer"; 0 s
    const Event& e = run.At(i);
    EXPECT_TRUE(e.IsMissedCall()) << i;
    EXPECT_EQ(e.agent, kNoSymbol) << i;
    EXPECT_EQ(e.duration_s, 0) << i;
  }
  EXPECT_FALSE(run.At(2).IsMissedCall());
}

TEST(CallLogTest, LocalStartsInTheZoneAndDurationsInBothForms) {
  Ingest run;
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  const Event& local = run.At(2);  // 2026-03-02 11:30:00 in Europe/Rome, 0:04:10
  EXPECT_EQ(local.at, Utc(2026, 3, 2, hours(10), minutes(30)));
  EXPECT_EQ(local.offset_minutes, 60);
  EXPECT_EQ(local.duration_s, 250);
  EXPECT_EQ(run.Name(local.customer), "+390245678901");
  EXPECT_EQ(run.Text(2), "Billing question.\nSolved on the call.");
  EXPECT_EQ(run.At(4).at, Utc(2026, 3, 3, hours(15)));  // ...Z
  EXPECT_EQ(run.At(4).offset_minutes, 0);
  EXPECT_EQ(run.At(5).duration_s, 300);  // "300.0"
  EXPECT_EQ(run.At(6).duration_s, 45);
}

TEST(CallLogTest, OutboundCallsAreTheCompanysAnswers) {
  Ingest run;
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  const Event& e = run.At(5);
  EXPECT_EQ(e.direction, Direction::kOut);
  EXPECT_EQ(run.Name(e.agent), "anna");
  EXPECT_EQ(run.Name(e.customer), "+393351112233");
}

TEST(CallLogTest, BadRowsAreReportedWithTheirLineAndTheRestIsRead) {
  Ingest run;
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  EXPECT_EQ(run.report.records, 12u);
  EXPECT_EQ(run.report.events, 7u);
  const std::string f = kData + "calls_en.csv";
  EXPECT_EQ(run.Errors(),
            (std::vector<std::string>{
                f + ":9: start 'yesterday' is not a time: 2026-03-02T09:14:00+01:00, or local "
                    "2026-03-02 09:14[:SS] or 02/03/2026 09:14[:SS]",
                f + ":10: caller 'anonymous': a withheld number, no customer to call back",
                f + ":11: caller is empty",
                f + ":12: duration 'abc' is not seconds (95, 95.0) nor H:MM:SS or MM:SS",
                f + ":13: direction 'sideways' is neither in (inbound, entrata) nor out "
                    "(outbound, uscita)"}));
}

TEST(CallLogTest, ACompressedLogReadsTheSame) {
  Ingest plain, gzipped;
  ASSERT_TRUE(plain.ReadFile(kData + "calls_en.csv").ok());
  ASSERT_TRUE(gzipped.ReadFile(kData + "calls_en.csv.gz").ok());
  EXPECT_EQ(gzipped.report.events, plain.report.events);
  EXPECT_EQ(gzipped.report.bytes, plain.report.bytes);  // bytes after decompression
  ASSERT_EQ(gzipped.report.errors.size(), plain.report.errors.size());
  for (size_t i = 0; i < plain.report.errors.size(); ++i) {
    EXPECT_EQ(gzipped.report.errors[i].line, plain.report.errors[i].line);
  }
}

TEST(CallLogTest, ReadingTheSameLogTwiceGivesTheSameIds) {
  Ingest run;
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  ASSERT_TRUE(run.ReadFile(kData + "calls_en.csv").ok());
  EXPECT_EQ(run.report.events, 7u);
  EXPECT_EQ(run.report.duplicates, 7u);
  EXPECT_TRUE(run.corpus.IdOf(run.At(0)).starts_with("call-"));
  EXPECT_EQ(run.corpus.IdOf(run.At(0)).size(), 5u + 16u);
}

// --- The Italian fixture: semicolons, a BOM, CRLF, columns named in the config -----------------

TEST(CallLogTest, ItalianExportWithTheColumnMappingOfTheConfig) {
  Ingest run(ItalianMapping());
  ASSERT_TRUE(run.ReadFile(kData + "chiamate_it.csv").ok());
  EXPECT_TRUE(run.report.errors.empty()) << run.Errors().front();
  ASSERT_EQ(run.report.events, 6u);
  const Event& first = run.At(0);
  EXPECT_EQ(run.Name(first.customer), "+393331234567");
  EXPECT_EQ(run.Name(first.agent), "Giulia Rossi");
  EXPECT_EQ(first.duration_s, 95);  // 01:35 is MM:SS
  EXPECT_EQ(run.Text(0), "Chiede lo sconto; richiamare");
  EXPECT_TRUE(run.At(1).IsMissedCall());  // Persa
  EXPECT_EQ(run.At(2).duration_s, 95);    // "95,0"
  EXPECT_EQ(run.At(3).direction, Direction::kOut);
  EXPECT_EQ(run.At(3).duration_s, 120);
  EXPECT_TRUE(run.At(4).IsMissedCall());  // Senza risposta
  EXPECT_EQ(run.At(5).duration_s, 120);   // 2:00
}

TEST(CallLogTest, ItalianLocalTimesAcrossDaylightSavingTime) {
  Ingest run(ItalianMapping());
  ASSERT_TRUE(run.ReadFile(kData + "chiamate_it.csv").ok());
  ASSERT_EQ(run.report.events, 6u);
  EXPECT_EQ(run.At(0).at, Utc(2026, 3, 28, hours(9)));  // CET, +01:00
  EXPECT_EQ(run.At(0).offset_minutes, 60);
  // 29/03 02:30 does not exist (02:00 → 03:00): the instant the clocks change.
  EXPECT_EQ(run.At(1).at, Utc(2026, 3, 29, hours(1)));
  EXPECT_EQ(run.At(1).offset_minutes, 120);
  EXPECT_EQ(run.At(2).at, Utc(2026, 3, 30, hours(8), minutes(0), seconds(30)));  // CEST
  EXPECT_EQ(run.At(2).offset_minutes, 120);
  // 25/10 02:30 happens twice (03:00 → 02:00): the earlier, still CEST.
  EXPECT_EQ(run.At(3).at, Utc(2026, 10, 25, hours(0), minutes(30)));
  EXPECT_EQ(run.At(3).offset_minutes, 120);
  EXPECT_EQ(run.At(4).at, Utc(2026, 10, 26, hours(8)));  // CET again
  EXPECT_EQ(run.At(4).offset_minutes, 60);
}

TEST(CallLogTest, TheTimeZoneOfTheConfigIsTheOneUsed) {
  SourceSettings settings;
  settings.time_zone = "America/New_York";
  Ingest run(settings);
  ASSERT_TRUE(run.ReadText("caller,start\n+12125550100,2026-03-08 02:30\n"
                           "+12125550100,2026-07-01 09:00\n")
                  .ok());
  ASSERT_EQ(run.report.events, 2u);
  EXPECT_EQ(run.At(0).at, Utc(2026, 3, 8, hours(7)));  // skipped hour: 03:00 EDT
  EXPECT_EQ(run.At(1).at, Utc(2026, 7, 1, hours(13)));
  EXPECT_EQ(run.At(1).offset_minutes, -240);
}

TEST(CallLogTest, LocalTimeLayouts) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("caller,start\n"
                           "+393331234567,2026/03/02 09:14\n"
                           "+393331234567,2.3.2026 9:15:05\n"
                           "+393331234567,\"02-03-2026 09:16:05,250\"\n"
                           "+393331234567,2026-03-02T09:17:00\n"
                           "+393331234567,2026-03-02 09:18:00.5Z\n")
                  .ok());
  ASSERT_EQ(run.report.events, 5u) << run.Errors().front();
  EXPECT_EQ(run.At(0).at, Utc(2026, 3, 2, hours(8), minutes(14)));
  EXPECT_EQ(run.At(1).at, Utc(2026, 3, 2, hours(8), minutes(15), seconds(5)));
  EXPECT_EQ(run.At(2).at, Utc(2026, 3, 2, hours(8), minutes(16), seconds(5)));
  EXPECT_EQ(run.At(3).at, Utc(2026, 3, 2, hours(8), minutes(17)));
  EXPECT_EQ(run.At(4).at, Utc(2026, 3, 2, hours(9), minutes(18)) + std::chrono::milliseconds(500));
}

TEST(CallLogTest, DetectionUsesTheConfiguredNames) {
  const std::string head =
      "\xEF\xBB\xBF"
      "Chiamante;Operatore;Data e ora;Durata\r\n";
  EXPECT_TRUE(LooksLikeCallLog(head, ItalianMapping()));
  EXPECT_FALSE(LooksLikeCallLog(head, SourceSettings{}));
  EXPECT_TRUE(LooksLikeCallLog("Caller,Start,Agent\n", SourceSettings{}));
  EXPECT_FALSE(LooksLikeCallLog("caller,agent\n", SourceSettings{}));
  EXPECT_EQ(DetectFormat("caller,agent,start\n", "x.csv", SourceSettings{}),
            SourceFormat::kCallLog);
  const auto format = DetectFileFormat(kData + "chiamate_it.csv", ItalianMapping());
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(*format, SourceFormat::kCallLog);
}

// --- Columns beyond the mapping ----------------------------------------------------------------

TEST(CallLogTest, AnIdColumnNamesTheEvents) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("ID,caller,agent,start\nC-17,+393331234567,giulia,"
                           "2026-03-02T09:14:00+01:00\n")
                  .ok());
  EXPECT_EQ(run.corpus.IdOf(run.At(0)), "call-C-17");
}

TEST(CallLogTest, OutboundCallsTakeTheCustomerFromACalleeColumn) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("caller,callee,agent,start,direction\n"
                           "+390211111111,+393331234567,giulia,2026-03-02T09:14:00+01:00,out\n"
                           "+393339999999,+390211111111,giulia,2026-03-02T09:20:00+01:00,in\n")
                  .ok());
  EXPECT_EQ(run.Name(run.At(0).customer), "+393331234567");
  EXPECT_EQ(run.Name(run.At(1).customer), "+393339999999");
}

TEST(CallLogTest, ALogWithoutAgentsHasTheCompanyAnswer) {
  SourceSettings settings;
  settings.company.names = {"Acme"};
  Ingest run(settings);
  ASSERT_TRUE(run.ReadText("caller,start,duration,outcome\n"
                           "+393331234567,2026-03-02T09:14:00+01:00,60,answered\n"
                           "+393331234567,2026-03-02T10:14:00+01:00,0,\n"
                           "+393331234567,2026-03-02T11:14:00+01:00,,missed\n")
                  .ok());
  EXPECT_TRUE(run.At(0).IsHandledCall());
  EXPECT_EQ(run.Name(run.At(0).agent), "Acme");
  EXPECT_TRUE(run.At(1).IsMissedCall());
  EXPECT_TRUE(run.At(2).IsMissedCall());
}

TEST(CallLogTest, AnOutboundCallNobodyAnsweredIsNoAnswer) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("caller,agent,start,duration,outcome,direction\n"
                           "+393331234567,giulia,2026-03-02T09:14:00+01:00,25,no answer,uscita\n")
                  .ok());
  EXPECT_EQ(run.At(0).direction, Direction::kOut);
  EXPECT_EQ(run.Name(run.At(0).agent), "giulia");
  EXPECT_EQ(run.At(0).duration_s, 0);
}

TEST(CallLogTest, ValuesOutOfRangeAreReported) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("caller,start,duration\n"
                           "+393331234567,31/02/2026 09:00,\n"
                           "+393331234567,2026-03-02 24:00,\n"
                           "+393331234567,2026-03-02 09:00,1:75\n"
                           "+393331234567,2026-03-02 09:00,-5\n"
                           "+393331234567,2026-03-02 09:00,1:2:3:4\n"
                           "+393331234567,0001-03-02 09:00,\n"
                           "12,2026-03-02 09:00,\n"
                           "+393331234567,2026-03-02 09:00,99999999999\n"
                           "+393331234567,2026-03-02 09:14.5,\n"
                           "+393331234567,03/02/26 09:14,\n"
                           "+393331234567,2026-03-02 9:14 AM,\n")
                  .ok());
  EXPECT_EQ(run.report.events, 0u);
  EXPECT_EQ(run.report.skipped, 11u);
}

TEST(CallLogTest, AMissingRequiredColumnIsOneReport) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("caller,when\n+393331234567,2026-03-02 09:00\n").ok());
  EXPECT_EQ(run.Errors(), (std::vector<std::string>{
                              "mem.csv:1: the header has no column 'start' (set its name in "
                              "[sources.call_log] start)"}));
}

TEST(CallLogTest, AnUnknownTimeZoneIsAUsageError) {
  SourceSettings settings;
  settings.time_zone = "Europe/Roma";
  Ingest run(settings);
  EXPECT_EQ(run.ReadText("caller,start\n").code(), StatusCode::kUsage);
}

TEST(CallLogTest, StrictStopsAtTheFirstBadRow) {
  Ingest run;
  run.options.strict = true;
  EXPECT_EQ(run.ReadFile(kData + "calls_en.csv").code(), StatusCode::kInvalidInput);
  EXPECT_EQ(run.report.events, 6u);  // the rows before line 9
}

// --- The CSV rows underneath -------------------------------------------------------------------

struct Parsed {
  std::vector<std::vector<std::string>> rows;
  std::vector<uint64_t> lines;
  std::vector<bool> overlong;
  CsvDialect dialect;
};

Parsed Parse(std::string_view bytes, size_t chunk = CsvRowReader::kDefaultChunkSize,
             size_t max_record = CsvRowReader::kDefaultMaxRecord) {
  auto source = ByteSource::FromMemory(bytes, "mem");
  CsvRowReader reader(std::move(*source), chunk, max_record);
  Parsed out;
  for (CsvRecord r; reader.Next(r);) {
    out.rows.push_back(r.fields);
    out.lines.push_back(r.line);
    out.overlong.push_back(r.overlong);
  }
  EXPECT_TRUE(reader.status().ok());
  out.dialect = reader.dialect();
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvRowsTest, RecordsStartOnTheirPhysicalLineWhateverTheChunkSize) {
  const std::string text =
      "a,b\r\n\r\n\"x\ny\",\"say \"\"hi\"\"\"\r\n  \n c , d \r\nlast,\"no end of line\"";
  for (size_t chunk = 1; chunk <= 9; ++chunk) {
    const Parsed p = Parse(text, chunk);
    EXPECT_EQ(p.rows,
              (Rows{{"a", "b"}, {"x\ny", "say \"hi\""}, {"c", "d"}, {"last", "no end of line"}}))
        << chunk;
    EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 3, 6, 7})) << chunk;
  }
}

TEST(CsvRowsTest, TheDelimiterIsToldFromTheFirstLine) {
  EXPECT_EQ(Parse("\xEF\xBB\xBFnome;note\nMario;\"a, b; c\"\n").rows,
            (Rows{{"nome", "note"}, {"Mario", "a, b; c"}}));
  const Parsed tabbed = Parse("a\tb\n x \t y\n");
  EXPECT_EQ(tabbed.dialect.delimiter, '\t');
  EXPECT_EQ(tabbed.rows, (Rows{{"a", "b"}, {"x", "y"}}));
  EXPECT_EQ(SniffCsvDialect("\"a;b\",c\n").delimiter, ',');  // quoted ones do not count
}

TEST(CsvRowsTest, OldMacLineEndingsAndBareCrs) {
  const Parsed mac = Parse("a,b\r1,2\r3,4");
  EXPECT_EQ(mac.dialect.terminator, '\r');
  EXPECT_EQ(mac.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(mac.lines, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(Parse("a,b\n1\r2,3\n").rows, (Rows{{"a", "b"}, {"1\r2", "3"}}));
}

TEST(CsvRowsTest, AnOverlongRecordIsDroppedAndReadingGoesOn) {
  // The limit counts the bytes fed and, for each field, its bytes and a string.
  const std::string text = "a,b\n\"" + std::string(300, 'x') + "\nmore\n1,2\n";
  const Parsed p = Parse(text, 7, 200);
  // Reading goes on from the line after the one where the record grew too long.
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {}, {"more"}, {"1", "2"}}));
  EXPECT_EQ(p.overlong, (std::vector<bool>{false, true, false, false}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2, 3, 4}));
  // A line of delimiters counts its fields against the limit too.
  EXPECT_EQ(Parse(std::string(1000, ',') + "\nz\n", 1 << 20, 1000).overlong,
            (std::vector<bool>{true, false}));
}

TEST(CsvRowsTest, AQuoteLeftOpenRunsToTheEnd) {
  const Parsed p = Parse("a,b\n\"open,1\n2,3\n");
  EXPECT_EQ(p.rows, (Rows{{"a", "b"}, {"open,1\n2,3\n"}}));
  EXPECT_EQ(p.lines, (std::vector<uint64_t>{1, 2}));
}

TEST(CsvRowsTest, NothingToRead) {
  EXPECT_TRUE(Parse("").rows.empty());
  EXPECT_TRUE(Parse("\xEF\xBB\xBF").rows.empty());
  EXPECT_TRUE(Parse("\n\r\n  \n").rows.empty());
  EXPECT_TRUE(ReadCsvHeader("").empty());
}

TEST(CsvRowsTest, ColumnsAreFoundIgnoringCaseAndSpaces) {
  const std::vector<std::string> header = {"", "Tweet_ID", " Caller "};
  EXPECT_EQ(FindCsvColumn(header, "tweet_id"), 1u);
  EXPECT_EQ(FindCsvColumn(header, "caller"), 2u);
  EXPECT_EQ(FindCsvColumn(header, ""), std::nullopt);
  EXPECT_EQ(FindCsvColumn(header, "agent"), std::nullopt);
}

}  // namespace
}  // namespace fiducia

#include "ingest/event_writer.h"

#include <gtest/gtest.h>

#include "ingest/event_reader.h"
#include "ingest/ingest.h"

namespace fiducia {
namespace {

// Reads `line` as the ingest does (text kept) and writes it back.
std::string RoundTrip(const std::string& line) {
  Corpus corpus;
  IngestReport report;
  IngestOptions options;
  options.keep_text = true;
  IngestSink sink(options, corpus, report);
  EventReader reader;
  auto record = reader.Read(line, corpus.symbols());
  EXPECT_TRUE(record.ok()) << record.status().message();
  if (!record.ok()) return "";
  sink.Add(record->id, std::move(record->event), record->text);
  return CanonicalJsonLine(corpus, 0);
}

TEST(EventWriterTest, WritesBackWhatItReadKeysInSpecOrder) {
  for (
      const std::string line : {
          R"({"id":"w1","at":"2026-03-02T09:14:00+01:00","channel":"whatsapp","direction":"in","customer":"+393331234567","conversation":"T-881","text":"Buongiorno, avevo chiesto lo sconto sul rinnovo: novità?"})",
          R"({"id":"c1","at":"2026-03-02T09:14:00.500-05:00","channel":"phone","direction":"in","customer":"+12125550100","customer_aliases":["a@b.com"],"agent":"giulia","text":"Cliente \"arrabbiato\"\n\u003cb\u003e","duration_s":640,"tags":["complaint:disservice"]})",
          R"({"id":"a1","at":"2026-03-02T09:14:00+00:00","channel":"email","direction":"out","customer":"a@b.com","agent":"bot","in_reply_to":"w1","auto":true})",
          R"({"id":"s1","type":"status","at":"2026-03-06T17:40:00+01:00","conversation":"T-881","status":"solved"})",
      }) {
    EXPECT_EQ(RoundTrip(line), line + "\n");
  }
}

TEST(EventWriterTest, HandlesComeOutNormalised) {
  EXPECT_EQ(
      RoundTrip(
          R"({"id":"x","at":"2026-03-02T09:14:00Z","channel":"sms","direction":"in","customer":"333 123 4567"})"),
      R"({"id":"x","at":"2026-03-02T09:14:00+00:00","channel":"sms","direction":"in","customer":"+393331234567"})"
      "\n");
}

}  // namespace
}  // namespace fiducia

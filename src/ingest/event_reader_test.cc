#include "ingest/event_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "common/time_text.h"
#include "text/analyser.h"

namespace fiducia {
namespace {

class EventReaderTest : public testing::Test {
 protected:
  // The event, or a failed test.
  Event Read(std::string_view line) {
    auto record = reader_.Read(line, symbols_);
    EXPECT_TRUE(record.ok()) << line.substr(0, 200) << "\n" << record.status().message();
    if (!record.ok()) return {};
    last_id_ = std::string(record->id);
    last_text_ = std::string(record->text);
    Event e = record->event;  // what IngestSink::Add does with the text
    e.has_text = !record->text.empty();
    e.cues = text_.Analyse(record->text).cues;
    return e;
  }

  // The message for a bad line.
  std::string Error(std::string_view line) {
    auto record = reader_.Read(line, symbols_);
    EXPECT_FALSE(record.ok()) << line.substr(0, 200);
    if (record.ok()) return "";
    EXPECT_EQ(record.status().code(), StatusCode::kInvalidInput);
    return std::string(record.status().message());
  }

  std::string_view Name(Symbol s) const { return symbols_.Name(s); }
  std::string last_text_;
  TextAnalyser text_;

  EventReader reader_;
  SymbolTable symbols_;
  std::string last_id_;
};

// A valid inbound message from `customer`; `extra` is spliced in before the closing brace.
std::string From(std::string_view customer, std::string_view extra = "") {
  return std::string(R"({"id":"w1","at":"2026-03-02T09:14:00+01:00","channel":"whatsapp",)") +
         R"("direction":"in","customer":")" + std::string(customer) + "\"" + std::string(extra) +
         "}";
}

std::string In(std::string_view extra = "") { return From("+393331234567", extra); }

TEST_F(EventReaderTest, ReadsTheSpecExample) {
  const Event in =
      Read(R"({"id":"w1","at":"2026-03-02T09:14:00+01:00","channel":"whatsapp","direction":"in",)"
           R"("customer":"+393331234567","conversation":"T-881",)"
           R"("text":"Buongiorno, avevo chiesto lo sconto sul rinnovo: novità?"})");
  EXPECT_EQ(last_id_, "w1");
  EXPECT_EQ(in.type, EventType::kMessage);
  EXPECT_EQ(in.at, ParseRfc3339("2026-03-02T08:14:00Z")->at);
  EXPECT_EQ(in.offset_minutes, 60);
  EXPECT_EQ(in.channel, Channel::kWhatsapp);
  EXPECT_EQ(in.direction, Direction::kIn);
  EXPECT_EQ(Name(in.customer), "+393331234567");
  EXPECT_EQ(Name(in.conversation), "T-881");
  EXPECT_TRUE(in.has_text);
  EXPECT_EQ(in.agent, kNoSymbol);

  const Event note =
      Read(R"({"id":"n1","at":"2026-03-02T11:02:00+01:00","channel":"whatsapp","direction":"note",)"
           R"("customer":"+393331234567","conversation":"T-881","agent":"giulia",)"
           R"("text":"Il responsabile ha rifiutato lo sconto."})");
  EXPECT_EQ(note.direction, Direction::kNote);
  EXPECT_EQ(Name(note.agent), "giulia");
  EXPECT_EQ(note.conversation, in.conversation);

  const Event status =
      Read(R"({"id":"s1","type":"status","at":"2026-03-06T17:40:00+01:00","conversation":"T-881",)"
           R"("status":"solved"})");
  EXPECT_EQ(status.type, EventType::kStatus);
  EXPECT_EQ(status.status, TicketStatus::kSolved);
  EXPECT_EQ(status.customer, kNoSymbol);
}

// The contract's own example must stay readable.
TEST_F(EventReaderTest, ReadsTheExampleInTheSpec) {
  std::ifstream spec(FIDUCIA_SHARED_DIR "/spec/events.md");
  if (!spec) GTEST_SKIP() << "no shared/spec beside the checkout";
  std::string line;
  while (std::getline(spec, line) && line != "```json") {
  }
  int events = 0;
  while (std::getline(spec, line) && line != "```") {
    Read(line);
    ++events;
  }
  EXPECT_GE(events, 3);
}

TEST_F(EventReaderTest, DatesOutsideTheWindowAreBadRecords) {
  const std::string before =
      R"({"id":"y1","at":"0001-01-01T00:00:00Z","channel":"email","direction":"in",)"
      R"("customer":"a@b.it","text":"x"})";
  const std::string error = Error(before);
  EXPECT_NE(error.find("\"at\" 0001-01-01T00:00:00+00:00 is outside"), std::string::npos) << error;
  EXPECT_NE(error.find("1990-01-01 to 2100-01-01"), std::string::npos) << error;
  Error(R"({"id":"y2","at":"2100-01-01T00:00:00Z","channel":"email","direction":"in",)"
        R"("customer":"a@b.it"})");
  Read(R"({"id":"y3","at":"2099-12-31T23:59:59Z","channel":"email","direction":"in",)"
       R"("customer":"a@b.it"})");
  // The window is the config's.
  InputLimits wide;
  wide.earliest = Instant{std::chrono::sys_days{std::chrono::year{1970} / 1 / 1}};
  EventReader reader("IT", wide);
  EXPECT_TRUE(reader
                  .Read(R"({"id":"y4","at":"1975-05-01T10:00:00+01:00","channel":"email",)"
                        R"("direction":"in","customer":"a@b.it"})",
                        symbols_)
                  .ok());
}

TEST_F(EventReaderTest, ReadsEveryField) {
  const Event e = Read(
      R"({"id":"c9","type":"message","at":"2026-03-02T09:14:00.250Z","channel":"phone",)"
      R"("direction":"in","customer":"333 123 4567",)"
      R"("customer_aliases":["Mario@Rossi.IT","@Mario"],)"
      R"("agent":"luca","conversation":"T-1","in_reply_to":"w0","text":"sollecito","auto":true,)"
      R"("duration_s":95.9,"status":"pending","tags":["complaint:disservice","vip"]})");
  EXPECT_EQ(e.at, ParseRfc3339("2026-03-02T09:14:00.250Z")->at);
  EXPECT_EQ(e.offset_minutes, 0);
  EXPECT_EQ(e.channel, Channel::kPhone);
  EXPECT_EQ(Name(e.customer), "+393331234567");
  ASSERT_EQ(e.aliases.size(), 2u);
  EXPECT_EQ(Name(e.aliases[0]), "mario@rossi.it");
  EXPECT_EQ(Name(e.aliases[1]), "mario");
  EXPECT_EQ(Name(e.agent), "luca");
  EXPECT_EQ(Name(e.in_reply_to), "w0");
  EXPECT_TRUE(e.is_auto);
  EXPECT_EQ(e.duration_s, 95);  // truncated
  EXPECT_EQ(e.status, TicketStatus::kPending);
  ASSERT_EQ(e.tags.size(), 2u);
  EXPECT_EQ(Name(e.tags[0]), "complaint:disservice");
  EXPECT_EQ(Name(e.tags[1]), "vip");
  EXPECT_EQ(e.cues, TextAnalyser().Analyse("sollecito").cues);
  EXPECT_TRUE(e.IsHandledCall());
}

TEST_F(EventReaderTest, Defaults) {
  const Event e = Read(In());
  EXPECT_EQ(e.type, EventType::kMessage);
  EXPECT_EQ(e.duration_s, -1);
  EXPECT_FALSE(e.is_auto);
  EXPECT_FALSE(e.has_text);
  EXPECT_EQ(e.cues, kCueNone);
  EXPECT_EQ(e.status, TicketStatus::kNone);
  EXPECT_TRUE(e.aliases.empty());
  EXPECT_TRUE(e.tags.empty());
  EXPECT_EQ(e.conversation, kNoSymbol);
  EXPECT_EQ(e.in_reply_to, kNoSymbol);
}

TEST_F(EventReaderTest, NegativeOffsetAndEscapes) {
  const Event e =
      Read(R"({"id":"w\u00e9","at":"2026-03-02T09:14:00-05:30","channel":"email","direction":"in",)"
           R"("customer":"A@B.it","conversation":"T\u00e9 \"1\""})");
  EXPECT_EQ(last_id_, "wé");
  EXPECT_EQ(e.offset_minutes, -330);
  EXPECT_EQ(Name(e.conversation), "Té \"1\"");
}

TEST_F(EventReaderTest, MissingRequiredFields) {
  EXPECT_EQ(Error(R"({"at":"2026-03-02T09:14:00Z"})"), R"(missing required field "id")");
  EXPECT_EQ(Error(R"({"id":"a","channel":"sms"})"), R"(missing required field "at")");
  EXPECT_EQ(Error(R"({"id":"a","at":"2026-03-02T09:14:00Z","direction":"in","customer":"x"})"),
            R"(missing required field "channel")");
  EXPECT_EQ(Error(R"({"id":"a","at":"2026-03-02T09:14:00Z","channel":"sms","customer":"x"})"),
            R"(missing required field "direction")");
  EXPECT_EQ(Error(R"({"id":"a","at":"2026-03-02T09:14:00Z","channel":"sms","direction":"in"})"),
            R"(missing required field "customer")");
  EXPECT_EQ(Error(R"({"id":"","at":"2026-03-02T09:14:00Z"})"),
            R"("id" must be a non-empty string)");
}

TEST_F(EventReaderTest, AgentRequiredForOutAndNote) {
  const std::string out =
      R"({"id":"o","at":"2026-03-02T09:14:00Z","channel":"sms","customer":"x",)";
  EXPECT_EQ(Error(out + R"("direction":"out"})"),
            R"(missing required field "agent" (direction is out))");
  EXPECT_EQ(Error(out + R"("direction":"note"})"),
            R"(missing required field "agent" (direction is note))");
  EXPECT_EQ(Error(out + R"("direction":"out","agent":""})"),
            R"("agent" must be a non-empty string)");
  EXPECT_EQ(Name(Read(out + R"("direction":"out","agent":"anna"})").agent), "anna");
}

TEST_F(EventReaderTest, EnumValues) {
  EXPECT_EQ(Error(R"({"id":"a","at":"2026-03-02T09:14:00Z","channel":"sms","direction":"inbound",)"
                  R"("customer":"x"})"),
            R"("direction" must be one of in, out, note (got "inbound"))");
  EXPECT_EQ(Error(R"({"id":"a","at":"2026-03-02T09:14:00Z","channel":"fax"})"),
            R"("channel" must be one of email, whatsapp, phone, chat, sms, social, web, other )"
            R"((got "fax"))");
  EXPECT_EQ(Error(R"({"id":"a","type":"call","at":"2026-03-02T09:14:00Z"})"),
            R"("type" must be one of message, status, tag (got "call"))");
  EXPECT_EQ(Error(R"({"id":"a","type":"status","status":"done"})"),
            R"("status" must be one of open, pending, solved, closed (got "done"))");
  EXPECT_EQ(Error(R"({"id":"a","channel":"Email"})"),
            R"("channel" must be one of email, whatsapp, phone, chat, sms, social, web, other )"
            R"((got "Email"))");
}

TEST_F(EventReaderTest, GotValuesAreEscapedAndCut) {
  EXPECT_EQ(Error(R"({"id":"a","direction":"\u001b[31mred\n"})"),
            R"("direction" must be one of in, out, note (got "\u001b[31mred\u000a"))");
  EXPECT_EQ(Error(R"({"id":"a","direction":"àààààààààààààààààààààààààààààààààààà"})"),
            R"("direction" must be one of in, out, note (got "àààààààààààààààààààà…"))");
}

TEST_F(EventReaderTest, BadTimestamps) {
  const std::string bad_date = Error(R"({"id":"a","at":"2026-13-01T10:00:00Z"})");
  EXPECT_TRUE(bad_date.starts_with(R"("at": '2026-13-01T10:00:00Z' is not an RFC 3339 timestamp)"))
      << bad_date;
  EXPECT_TRUE(Error(R"({"id":"a","at":"2026-03-02 09:14"})").starts_with(R"("at": ')"));
  EXPECT_TRUE(Error(R"({"id":"a","at":"2026-03-02T09:14:00"})").starts_with(R"("at": ')"));
  EXPECT_EQ(Error(R"({"id":"a","at":"\u001b]0;x"})"),
            R"("at": "\u001b]0;x" is not an RFC 3339 timestamp)");
  EXPECT_EQ(Error(R"({"id":"a","at":1772441640})"), R"("at" must be a string)");
}

TEST_F(EventReaderTest, WrongTypes) {
  EXPECT_EQ(Error(R"({"id":7,"at":"2026-03-02T09:14:00Z"})"), R"("id" must be a string)");
  EXPECT_EQ(Error(In(R"(,"auto":"yes")")), R"("auto" must be true or false)");
  EXPECT_EQ(Error(In(R"(,"tags":"vip")")), R"("tags" must be an array of strings)");
  EXPECT_EQ(Error(In(R"(,"tags":["vip",3])")), R"("tags" must be an array of strings)");
  EXPECT_EQ(Error(In(R"(,"customer_aliases":[{"a":1}])")),
            R"("customer_aliases" must be an array of strings)");
  EXPECT_EQ(Error(In(R"(,"text":["a"])")), R"("text" must be a string)");
  EXPECT_EQ(Error(In(R"(,"conversation":{"id":"T-1"})")), R"("conversation" must be a string)");
}

TEST_F(EventReaderTest, Durations) {
  EXPECT_EQ(Read(In(R"(,"duration_s":0)")).duration_s, 0);
  EXPECT_EQ(Read(In(R"(,"duration_s":12.9)")).duration_s, 12);
  EXPECT_EQ(Read(In(R"(,"duration_s":1e3)")).duration_s, 1000);
  EXPECT_EQ(Error(In(R"(,"duration_s":-1)")), R"("duration_s" must be a number ≥ 0)");
  EXPECT_EQ(Error(In(R"(,"duration_s":"30")")), R"("duration_s" must be a number ≥ 0)");
  EXPECT_EQ(Error(In(R"(,"duration_s":1e400)")), R"("duration_s" must be a number ≥ 0)");
  EXPECT_EQ(Error(In(R"(,"duration_s":99999999999999999999999)")),
            R"("duration_s" must be at most 2147483647 (seconds))");
}

TEST_F(EventReaderTest, NotAnObject) {
  EXPECT_EQ(Error("[1,2]"), "not a JSON object");
  EXPECT_EQ(Error(R"("w1")"), "not a JSON object");
  EXPECT_EQ(Error("42"), "not a JSON object");
  EXPECT_EQ(Error("null"), "not a JSON object");
}

TEST_F(EventReaderTest, InvalidJson) {
  for (const std::string_view line :
       {R"({"id":)", R"({"id":"a")", R"({"id":"a",})", R"({"id" "a"})", "{'id':'a'}", "{", "hello",
        "\xff\xfe{}", R"({"id":"a\x"})", R"({"id":"a","auto":tru})"}) {
    EXPECT_TRUE(Error(line).starts_with("invalid JSON: ")) << line;
  }
}

TEST_F(EventReaderTest, InvalidUtf8IsRepairedNotRejected) {
  // As every other reader does: the bad bytes become U+FFFD and the event is kept.
  Read(In(",\"text\":\"rotto \xff qui \xc0\xaf fine\xe2\x82\""));
  EXPECT_EQ(last_text_, "rotto \xEF\xBF\xBD qui \xEF\xBF\xBD\xEF\xBF\xBD fine\xEF\xBF\xBD");
  const Event e =
      Read(In(",\"agent\":\"ann\xed\xa0\x80"
              "a\",\"tags\":[\"t\xff\"]"));
  EXPECT_EQ(Name(e.agent),
            "ann\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "a");
  ASSERT_EQ(e.tags.size(), 1u);
  EXPECT_EQ(Name(e.tags[0]), "t\xEF\xBF\xBD");
  // Escaped control characters are text like any other (the writers escape them).
  Read(In(R"(,"text":"\u001b[31m\u202e")"));
  EXPECT_EQ(last_text_, "\x1b[31m\xE2\x80\xAE");
}

TEST_F(EventReaderTest, TrailingContentIsAnError) {
  EXPECT_EQ(Error(In() + In()), "invalid JSON: more after the object");
  EXPECT_EQ(Error(In() + R"({"id":"w2"})"), "invalid JSON: more after the object");
  EXPECT_TRUE(Error(In() + " x").starts_with("invalid JSON: "));
  EXPECT_TRUE(Error(In() + "}").starts_with("invalid JSON: "));
  EXPECT_TRUE(Error(In() + "]").starts_with("invalid JSON: "));
  Read(In() + " \t\r");  // whitespace is fine
}

TEST_F(EventReaderTest, StatusEvents) {
  const std::string status = R"({"id":"s","type":"status","at":"2026-03-02T09:14:00Z")";
  EXPECT_EQ(Error(status + R"(,"conversation":"T-1"})"), R"(missing required field "status")");
  EXPECT_EQ(Error(status + R"(,"status":"open"})"),
            R"(a status event needs "conversation" or "customer")");
  EXPECT_EQ(Name(Read(status + R"(,"status":"open","customer":"@Anna"})").customer), "anna");
}

TEST_F(EventReaderTest, TagEvents) {
  const std::string tag = R"({"id":"t","type":"tag","at":"2026-03-02T09:14:00Z")";
  EXPECT_EQ(Error(tag + "}"), R"(missing required field "tags")");
  EXPECT_EQ(Error(tag + R"(,"tags":[]})"), "a tag event needs at least one tag");
  const Event e = Read(tag + R"(,"tags":["request:unreasonable-possible"],"conversation":"T-1"})");
  ASSERT_EQ(e.tags.size(), 1u);
  EXPECT_EQ(Name(e.tags[0]), "request:unreasonable-possible");
}

TEST_F(EventReaderTest, HandlesAreNormalised) {
  EXPECT_EQ(Name(Read(From("+39 333 123 4567")).customer), "+393331234567");
  EXPECT_EQ(Name(Read(From("0039 333 123 4567")).customer), "+393331234567");
  EXPECT_EQ(Name(Read(From("Anna.Bianchi@Mail.COM ")).customer), "anna.bianchi@mail.com");
  EXPECT_EQ(Error(From("+39 123456789012345678")),
            R"("customer": '+39 123456789012345678' is not a valid phone number)");
  EXPECT_EQ(Error(In(R"(,"customer_aliases":["a@b.it","  "])")),
            R"("customer_aliases": the handle is empty)");
}

TEST_F(EventReaderTest, RepeatedPhonesGiveTheSameAnswer) {  // the reader caches phone numbers
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Name(Read(From("333 123 4567")).customer), "+393331234567");
    EXPECT_EQ(Error(From("+39 123456789012345678")),
              R"("customer": '+39 123456789012345678' is not a valid phone number)");
  }
}

TEST_F(EventReaderTest, RegionFromOptions) {
  EventReader us_reader("US");
  auto record = us_reader.Read(From("(212) 555-0100"), symbols_);
  ASSERT_TRUE(record.ok()) << record.status().message();
  EXPECT_EQ(Name(record->event.customer), "+12125550100");
}

TEST_F(EventReaderTest, UnknownKeysAndNullsAreIgnored) {
  const Event e = Read(In(R"(,"x-source":{"deep":[1,{"a":[true,null]}]},"conversation":null,)"
                          R"("text":null,"future":1e999)"));
  EXPECT_EQ(e.conversation, kNoSymbol);
  EXPECT_FALSE(e.has_text);
  EXPECT_EQ(Error(R"({"id":"a","at":null})"), R"(missing required field "at")");
}

TEST_F(EventReaderTest, RepeatedKeyKeepsTheFirstValue) {
  const Event e = Read(In(R"(,"conversation":"first","conversation":"second")"));
  EXPECT_EQ(Name(e.conversation), "first");
  EXPECT_EQ(symbols_.Find("second"), kNoSymbol);
}

TEST_F(EventReaderTest, BadLineInternsNothing) {
  const size_t before = symbols_.size();
  Error(R"({"id":"a","at":"2026-03-02T09:14:00Z","channel":"sms","direction":"out",)"
        R"("customer":"+393331234567","conversation":"T-99","tags":["x"]})");
  EXPECT_EQ(symbols_.size(), before);
}

TEST_F(EventReaderTest, TextIsHandedOnNotInterned) {
  const Event e = Read(In(R"(,"text":"grazie mille")"));
  EXPECT_EQ(last_text_, "grazie mille");
  EXPECT_TRUE(e.has_text);
  EXPECT_EQ(e.cues, TextAnalyser().Analyse("grazie mille").cues);
  EXPECT_EQ(symbols_.Find("grazie mille"), kNoSymbol);
  EXPECT_FALSE(Read(In(R"(,"text":"")")).has_text);
}

TEST_F(EventReaderTest, PaddedAndUnpaddedAgree) {
  const std::string line = In(R"(,"conversation":"T-5")");
  std::string padded = line + std::string(64, '}');  // the padding may hold anything
  auto record = reader_.ReadPadded({padded.data(), line.size()}, padded.size(), symbols_);
  ASSERT_TRUE(record.ok()) << record.status().message();
  EXPECT_EQ(record->id, "w1");
  EXPECT_EQ(Name(record->event.conversation), "T-5");
}

TEST_F(EventReaderTest, DeepAndHugeInputs) {
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  Read(In(R"(,"x-unknown":)" + deep));  // unknown: skipped without a look inside
  EXPECT_EQ(Error(In(R"(,"tags":)" + deep)), R"("tags" must be an array of strings)");
  EXPECT_EQ(Error(deep), "not a JSON object");
  EXPECT_TRUE(Error(std::string(5000, '{')).starts_with("invalid JSON: "));
  const std::string long_text(5 << 20, 'a');
  EXPECT_TRUE(Read(In(R"(,"text":")" + long_text + "\"")).has_text);
}

}  // namespace
}  // namespace fiducia

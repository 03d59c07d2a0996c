#include "common/json_writer.h"

#include <gtest/gtest.h>

#include <sstream>

namespace fiducia {
namespace {

TEST(JsonWriterTest, WritesNestedValuesCompactly) {
  JsonWriter w(false);
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x").Null().Bool(true).EndArray();
  w.Key("c").BeginObject().EndObject().EndObject();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",null,true],"c":{}})");
}

TEST(JsonWriterTest, CustomerTextStaysInert) {
  EXPECT_EQ(JsonQuote("\"><script>alert(1)</script>"),
            R"("\"\u003e\u003cscript\u003ealert(1)\u003c/script\u003e")");
  EXPECT_EQ(JsonQuote("a\\b\nc\x01"), R"("a\\b\nc\u0001")");
  EXPECT_EQ(JsonQuote("line\xE2\x80\xA8sep"), R"("line\u2028sep")");
  EXPECT_EQ(JsonQuote("perché €"), "\"perché €\"");
}

TEST(JsonWriterTest, C1ControlsAreEscapedAndInvalidUtf8Repaired) {
  EXPECT_EQ(JsonQuote("csi\xC2\x9B"
                      "2J nel\xC2\x85"),
            R"("csi\u009b2J nel\u0085")");
  EXPECT_EQ(JsonQuote("esc\x1b[31m del\x7f"), R"("esc\u001b[31m del\u007f")");
  EXPECT_EQ(JsonQuote("bad\xFF end\xC3"), "\"bad\xEF\xBF\xBD end\xEF\xBF\xBD\"");
  EXPECT_EQ(JsonQuote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  // Valid multibyte text around them is written as it is.
  EXPECT_EQ(JsonQuote("é\xFF€\xE2\x80\xA9😀"), "\"é\xEF\xBF\xBD€\\u2029😀\"");
}

TEST(JsonWriterTest, PrettyOutputIsIndented) {
  JsonWriter w(true);
  w.BeginObject().Key("k").BeginArray().Int(1).Int(2).EndArray().EndObject();
  EXPECT_EQ(w.str(), "{\n  \"k\": [\n    1,\n    2\n  ]\n}\n");
}

// Writes a document several times kFlushBytes long, with strings that need escaping.
void WriteLongDocument(JsonWriter& w) {
  w.BeginObject().Key("rows").BeginArray();
  for (int i = 0; i < 60000; ++i) {
    w.BeginObject().Key("n").Int(i - 30000).Key("text").String("<b>\"a\"</b>\tperché\u2028");
    w.Key("share").Fixed(i / 7.0, 3).Key("ok").Bool(i % 2 == 0).EndObject();
  }
  w.EndArray().EndObject();
}

TEST(JsonWriterTest, StreamingWritesTheSameBytesAsInMemory) {
  JsonWriter in_memory(true);
  WriteLongDocument(in_memory);
  std::ostringstream sink;
  JsonWriter streamed(true, sink);
  WriteLongDocument(streamed);
  EXPECT_LT(streamed.str().size(), 2 * JsonWriter::kFlushBytes);  // never held whole
  streamed.Finish();
  EXPECT_TRUE(streamed.str().empty());
  ASSERT_GT(in_memory.str().size(), 3 * JsonWriter::kFlushBytes);
  EXPECT_EQ(sink.str(), in_memory.str());
}

// Elements written apart in runs (some empty, the first included) and spliced back give the bytes
// of writing them in one go, pretty or compact.
TEST(JsonWriterTest, RunsOfElementsWrittenApartSpliceBackToTheSameBytes) {
  for (const bool pretty : {true, false}) {
    auto element = [](JsonWriter& w, int i) {
      w.BeginObject().Key("n").Int(i).Key("s").String("<" + std::to_string(i) + ">").EndObject();
    };
    JsonWriter whole(pretty);
    whole.BeginObject().Key("a").BeginArray();
    for (int i = 0; i < 10; ++i) element(whole, i);
    whole.EndArray().Key("b").Int(1).EndObject();

    JsonWriter spliced(pretty);
    spliced.BeginObject().Key("a").BeginArray();
    for (const auto& [from, to] : {std::pair{0, 0}, {0, 3}, {3, 3}, {3, 9}, {9, 10}}) {
      JsonWriter run = JsonWriter::ElementsOf(spliced);
      for (int i = from; i < to; ++i) element(run, i);
      spliced.Append(run);
    }
    spliced.EndArray().Key("b").Int(1).EndObject();
    EXPECT_EQ(spliced.str(), whole.str()) << pretty;
  }
}

}  // namespace
}  // namespace fiducia

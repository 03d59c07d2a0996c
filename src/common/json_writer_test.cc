#include "common/json_writer.h"

#include <gtest/gtest.h>

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

TEST(JsonWriterTest, PrettyOutputIsIndented) {
  JsonWriter w(true);
  w.BeginObject().Key("k").BeginArray().Int(1).Int(2).EndArray().EndObject();
  EXPECT_EQ(w.str(), "{\n  \"k\": [\n    1,\n    2\n  ]\n}\n");
}

}  // namespace
}  // namespace fiducia

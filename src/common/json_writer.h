// A small streaming JSON writer for deterministic output: keys in the order written, integers and fixed decimals,
// every string escaped (control characters, quotes, and <, >, &, U+2028/U+2029 so that customer
// text stays inert even when the JSON is pasted into a web page).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fiducia {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  // A number with a fixed count of decimals ("0.250"), the same bytes on every machine.
  JsonWriter& Fixed(double v, int decimals);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void BeforeValue();
  void Newline();

  struct Level {
    bool is_object;
    bool empty = true;
  };
  bool pretty_;
  bool after_key_ = false;
  std::vector<Level> stack_;
  std::string out_;
};

// `s` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view s);

}  // namespace fiducia

// A small streaming JSON writer for deterministic output: keys in the order written, integers and
// fixed decimals, every string escaped (control characters C0, DEL and C1, quotes, and <, >, &,
// U+2028/U+2029 so that customer text stays inert even when the JSON is pasted into a web page) and
// invalid UTF-8 written as U+FFFD, so that a strict parser reads every document written.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace fiducia {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}
  // Streams to `sink`: whenever about kFlushBytes are waiting they are written out, so a report of
  // any size holds one buffer in memory. Finish() writes the rest; the caller checks the stream.
  JsonWriter(bool pretty, std::ostream& sink) : pretty_(pretty), sink_(&sink) {
    out_.reserve(kFlushBytes + kFlushBytes / 4);
  }
  static constexpr size_t kFlushBytes = size_t{1} << 20;

  // A writer for a run of elements of the array `parent` is in now, to be written apart (on
  // another thread) and spliced back in order with Append: the bytes are those `parent` would
  // have written itself.
  static JsonWriter ElementsOf(const JsonWriter& parent);
  // Splices in what a writer made by ElementsOf(*this) wrote (nothing when it wrote nothing).
  JsonWriter& Append(const JsonWriter& elements);

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

  // What has not been written to the sink (without a sink: everything written so far).
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }
  // Writes what is waiting to the sink, if there is one.
  void Finish();

 private:
  void BeforeValue();
  void Newline();
  void MaybeFlush() {
    if (sink_ && out_.size() >= kFlushBytes) Finish();
  }

  struct Level {
    bool is_object;
    bool empty = true;
  };
  bool pretty_;
  bool after_key_ = false;
  std::vector<Level> stack_;
  std::ostream* sink_ = nullptr;
  std::string out_;
};

// `s` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view s);

}  // namespace fiducia

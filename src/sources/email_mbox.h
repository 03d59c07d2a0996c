// The messages of a file, one at a time: an mbox (the file starts with a "From " line) is split on
// its "From " lines, anything else is one message (.eml, a Maildir file). Memory stays bounded by
// the largest message (itself capped), whatever the size of the file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "common/time_text.h"
#include "ingest/byte_source.h"

namespace fiducia::mail {

struct RawMessage {
  std::string bytes;  // headers and body, "From " line left out, ">From " unescaped, LF endings
  uint64_t line = 0;  // the "From " line's number in an mbox; 0 for a single-message file
  std::optional<Timestamp> envelope_date;  // the date on the "From " line, when readable
  bool truncated = false;                  // longer than the cap: only its first bytes are here
};

class MessageSplitter {
 public:
  // Beyond this a message keeps only its first bytes (its text comes first; the rest is
  // attachments), so that one hostile message cannot take the memory of the machine.
  static constexpr size_t kDefaultMaxMessage = size_t{32} << 20;

  explicit MessageSplitter(std::unique_ptr<ByteSource> source,
                           size_t max_message = kDefaultMaxMessage);

  // The next message, false at the end of the data or on a read error (then status() says which).
  bool Next(RawMessage& message);

  bool is_mbox() const { return mbox_; }
  const Status& status() const { return lines_.status(); }
  uint64_t bytes_read() const { return lines_.bytes_read(); }

 private:
  bool Start(RawMessage& message);
  void Append(RawMessage& message, const Line& line);

  LineReader lines_;
  size_t max_message_;
  bool started_ = false;
  bool mbox_ = false;
  bool done_ = false;
  std::string separator_;  // the "From " line that starts the next message
  uint64_t separator_line_ = 0;
};

// The date of an mbox "From " line ("From sender Tue Mar  4 03:33:20 2003", asctime layout, UTC
// unless a "+hhmm" offset follows); nullopt when it has none ("From -").
std::optional<Timestamp> ParseEnvelopeDate(std::string_view from_line);

}  // namespace fiducia::mail

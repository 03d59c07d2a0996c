// One message's bytes parsed with GMime into what a `message` event needs: ids for threading, the
// date, the addresses, the automatic-reply signs and the body as UTF-8 text. GMime stays behind
// this header.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time_text.h"

namespace fiducia::mail {

struct Mailbox {
  std::string name;     // display name, UTF-8; may be empty
  std::string address;  // "local@domain" as written (not lower-cased)
};

struct ParsedMail {
  std::string message_id;  // without <>; empty when the message has none
  std::optional<Timestamp> date;
  std::string raw_date;  // the Date header as written (for the id of a message without one)
  std::optional<Mailbox> from;
  std::vector<Mailbox> recipients;  // To, then Cc, groups flattened
  std::vector<Mailbox> reply_to;
  std::vector<std::string> references;  // References ids, oldest first
  std::string in_reply_to;              // the first In-Reply-To id
  std::string thread_index;   // Outlook's conversation (first 22 bytes of Thread-Index), in hex
  std::string gmail_thread;   // X-GM-THRID of a Gmail Takeout mbox
  std::string subject;        // decoded, UTF-8
  bool auto_headers = false;  // Auto-Submitted, X-Autoreply, Precedence: auto_reply, a report…
  bool expunged = false;      // deleted in Thunderbird, still in the folder until it is compacted
  std::string body;  // the text/plain part (or the text/html part as text), UTF-8, not yet cleaned
};

// GMime and its parser options, initialised once per process.
class MimeParser {
 public:
  MimeParser();
  ~MimeParser();
  MimeParser(const MimeParser&) = delete;
  MimeParser& operator=(const MimeParser&) = delete;

  // Parses one message (headers and body, no mbox "From " line). InvalidInput when GMime finds no
  // message in the bytes at all; a message with broken parts still parses.
  Result<ParsedMail> Parse(std::string_view bytes) const;

 private:
  struct Options;
  std::unique_ptr<Options> options_;
};

// A message body longer than this (after decoding) is analysed from its first bytes only: nobody
// writes more new words than that in one mail, and a hostile one must not take the memory.
inline constexpr size_t kMaxBodyBytes = size_t{1} << 20;

}  // namespace fiducia::mail

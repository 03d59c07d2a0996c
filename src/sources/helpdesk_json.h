// What the Zendesk and Freshdesk readers share: API pages cut out of the byte stream one JSON value
// at a time (so memory holds one page, whatever the file's size), typed access to simdjson DOM
// values with errors as values, HTML bodies reduced to text, the company directory, customers'
// handles, and messages that wait for the ticket that names their customer.
// Internal to src/sources: it includes simdjson, which the public headers do not.
#pragma once

#include "common/terminal.h"

// simdjson's parser changes layout with SIMDJSON_THREADS_ENABLED, which simdjson's CMake target
// defines only for the files of what links it (fiducia_sources, privately). Tests and fuzz targets
// that include this header must see the same classes, or one program holds two layouts of
// dom::parser (a crash under libFuzzer).
#ifndef SIMDJSON_THREADS_ENABLED
#define SIMDJSON_THREADS_ENABLED 1
#endif
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time_text.h"
#include "ingest/byte_source.h"
#include "ingest/ingest.h"
#include "model/event.h"
#include "sources/settings.h"

namespace fiducia {

// --- JSON values out of a byte stream ----------------------------------------------------------

// One JSON value of an export file, before parsing.
struct JsonChunk {
  std::string_view text;  // readable up to text.data() + capacity (padding for simdjson)
  size_t capacity = 0;
  uint64_t offset = 0;    // of its first byte in the (decompressed) file
  bool overlong = false;  // longer than the limit: its bytes were dropped and text is empty
};

// Cuts a stream into its top-level JSON values (one page object, concatenated or newline-separated
// objects) and a top-level array into its elements (a page that is a list of tickets), by counting
// brackets outside strings. Parsing is left to simdjson: a broken value is still cut out (up to
// where its brackets balance, or the end of the data) so that the caller can report it and go on.
class JsonChunker {
 public:
  static constexpr size_t kDefaultChunkSize = size_t{1} << 20;
  // No API page comes near this; a hostile file's one huge value must not take the machine's
  // memory.
  static constexpr size_t kDefaultMaxValue = size_t{64} << 20;

  // Reads `source` `chunk_size` bytes at a time (tests use tiny chunks, so that values straddle
  // them).
  explicit JsonChunker(ByteSource& source, size_t chunk_size = kDefaultChunkSize,
                       size_t max_value = kDefaultMaxValue);

  // The next value, valid until the next call; false at the end of the data or on a read error
  // (then status() says which). A UTF-8 byte-order mark at the start is dropped.
  bool Next(JsonChunk& chunk);

  // After `chunk` (the last one Next gave) failed to parse: goes back to the first line inside it
  // that starts with '{' or '[' (one object per line, one of them broken, would otherwise take
  // the lines after it along); returns the offset reading resumes at, or nullopt.
  std::optional<uint64_t> ResumeInside(const JsonChunk& chunk);

  const Status& status() const { return status_; }
  uint64_t bytes_read() const { return bytes_read_; }
  // After the end: whether the data stopped inside its top-level array (a truncated download).
  bool unterminated_array() const { return in_array_; }

 private:
  bool SkipSeparators();
  bool ScanValue(JsonChunk& chunk);
  bool ScanAvailable();
  void StartValue(char first);
  bool ReadMore();
  void DropScanned();

  ByteSource& source_;
  size_t chunk_size_;
  size_t max_value_;
  std::vector<char> buffer_;  // data in [begin_, end_), then at least kLinePadding spare bytes
  size_t begin_ = 0;          // start of the value being cut (or of unread data)
  size_t pos_ = 0;            // scanned up to here
  size_t end_ = 0;
  uint64_t base_ = 0;  // file offset of buffer_[0]
  uint64_t bytes_read_ = 0;
  bool at_eof_ = false;
  bool started_ = false;
  bool in_array_ = false;
  bool first_value_ = true;
  // The first value, outside an array, fitted on its line: one value per line (the admin export),
  // so a line break ends a value, and a line cut short cannot take the lines after it along.
  bool one_per_line_ = false;
  // The scanner inside one value.
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
  bool scalar_ = false;
  bool garbage_ = false;     // not JSON at the top level: runs to a line that starts a value
  bool line_start_ = false;  // garbage_: only white space since the last line break
  bool dropping_ = false;
  Status status_;
};

namespace dom = simdjson::dom;

// Called with each parsed value of a file and the byte offset where it starts.
using JsonValueVisitor = std::function<Status(dom::element value, uint64_t offset)>;

// Every value of `source` (see JsonChunker), parsed, to `visit`; a value that is not JSON, or too
// long, is reported through sink.Reject with its byte offset and skipped. Counts the file and its
// bytes in the sink's report. Returns what `visit` or Reject returned to stop, or a read error.
Status ReadJsonValues(ByteSource& source, IngestSink& sink, const JsonValueVisitor& visit);

// Opens `path` (plain, gzip or zstd) and calls `read` on its bytes.
Status ReadFileWith(const std::filesystem::path& path,
                    const std::function<Status(ByteSource&)>& read);

// --- Typed access to DOM values ----------------------------------------------------------------

// An id as JSON APIs write them: an integer (never through a double, ids pass 2^53) or a string of
// digits; a negative integer (Zendesk's -1, "the system") is 0. nullopt for anything else.
std::optional<uint64_t> IdOf(dom::element value);

// The members of one object read by name, with the first wrong value remembered: absent and null
// members are nullopt, a member of the wrong type is nullopt too and makes status() an error that
// names it.
class Fields {
 public:
  explicit Fields(dom::object object) : object_(object) {}

  bool Has(std::string_view key) const;  // present and not null
  std::optional<dom::element> Value(std::string_view key) const;
  std::optional<uint64_t> Id(std::string_view key);
  std::optional<int64_t> Int(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  std::optional<std::string_view> String(std::string_view key);
  std::optional<Timestamp> Time(std::string_view key);  // RFC 3339 text
  std::optional<dom::object> Object(std::string_view key);
  std::optional<dom::array> Array(std::string_view key);
  // An array of strings (tags); a non-string element is an error.
  std::vector<std::string_view> Strings(std::string_view key);

  const Status& status() const { return status_; }

 private:
  void Wrong(std::string_view key, std::string_view what);

  dom::object object_;
  Status status_;
};

// Error messages quote input values with Shown() from common/terminal.h.

// --- Text ---------------------------------------------------------------------------------------

// The text of an HTML body: tags dropped (<br> and the ends of blocks become line breaks), <style>
// and <script> content and comments dropped, character references decoded.
std::string HtmlToText(std::string_view html);

// The address in "Name <address>" (or the text itself).
std::string_view AddressIn(std::string_view from);

// --- Who is who --------------------------------------------------------------------------------

// The company's names, handles and e-mail domains from the config, compared ignoring ASCII case.
class CompanyMatcher {
 public:
  explicit CompanyMatcher(CompanyDirectory directory) : directory_(std::move(directory)) {}
  // An address in one of the company's domains (or their subdomains), or one of its handles.
  bool IsCompanyAddress(std::string_view address) const;
  bool IsCompanyName(std::string_view name) const;

 private:
  CompanyDirectory directory_;  // a copy: the reader may outlive the settings it was made from
};

// A helpdesk user's handles as the source gives them (e-mail, phone, "@twitter"), best first.
struct PersonHandles {
  static constexpr size_t kMaxHandles = 16;  // a bound whatever the input
  std::vector<std::string> emails, phones, socials;
  void AddEmail(std::string_view raw);
  void AddPhone(std::string_view raw);
  void AddSocial(std::string_view raw);  // with or without '@'
};

// A customer as events carry it: the best handle, the others as aliases.
struct CustomerHandles {
  Symbol customer = kNoSymbol;
  std::vector<Symbol> aliases;
};

// The customer for a helpdesk user: e-mail, else phone, else social handle, else `fallback` (the
// source's user id, "zd-user-123"), which is always among the aliases otherwise, so that events
// read before and after the user's address was known join into one person. Handles that do not
// normalise (a broken phone number) are left out.
CustomerHandles ResolveCustomer(const PersonHandles* person, std::string_view fallback,
                                IngestSink& sink);

// --- Messages waiting for their ticket ---------------------------------------------------------

// A message read before the ticket that says who its customer is (comments read before their
// ticket, files in name order): kept until then, or until Finish, within a bound on memory.
struct PendingMessage {
  std::string id;
  Event event;          // all but the customer (and the direction, when !direction_known)
  uint64_t author = 0;  // the source's user id of who wrote it
  bool direction_known = false;
  bool channel_known = false;  // else the ticket's channel replaces it once known
  std::string text;
  std::string file;   // where it was read, for errors
  std::string where;  // "ticket 12, comment 34", for errors
};

class PendingMessages {
 public:
  static constexpr size_t kMaxBytes = size_t{64} << 20;
  // Keeps `message` for `ticket`; false (nothing kept) when the bound would be passed.
  bool Keep(uint64_t ticket, PendingMessage message);
  // The messages kept for `ticket`, in the order they came, removed from here.
  std::vector<PendingMessage> Take(uint64_t ticket);
  // Every message still kept, by ticket (in no particular order), removed from here.
  std::vector<PendingMessage> TakeAll();
  bool empty() const { return by_ticket_.empty(); }

 private:
  std::unordered_map<uint64_t, std::vector<PendingMessage>> by_ticket_;
  size_t bytes_ = 0;
};

// What a helpdesk reader knows of its tickets and people, for the messages TicketMessages
// delivers. Each reader answers from what it has read so far.
class HelpdeskDirectory {
 public:
  virtual ~HelpdeskDirectory() = default;
  // The ticket's requester (the source's user id), 0 while not known.
  virtual uint64_t RequesterOf(uint64_t ticket) const = 0;
  // The ticket's channel, once a ticket or audit said it.
  virtual std::optional<Channel> ChannelOf(uint64_t ticket) const = 0;
  // The direction of a message by `author` on a ticket with `requester` (0: not known) that does
  // not say it itself; nullopt while it cannot be told.
  virtual std::optional<Direction> DirectionOf(uint64_t author, uint64_t requester) const = 0;
  virtual CustomerHandles CustomerOf(uint64_t user, IngestSink& sink) const = 0;
  // The agent's name for a company message by `user`.
  virtual std::string AgentName(uint64_t user) const = 0;
};

// The messages of a helpdesk export on their way to the sink, shared by the Zendesk and Freshdesk
// readers: a message is added once its direction and customer can be told (the ticket's
// requester; for a customer's message, else its author), else kept for its ticket until Release
// (after the ticket is read), and what is still kept at Finish is rejected.
class TicketMessages {
 public:
  // `read_first`: what to read first when too much waits ("tickets before conversations");
  // `never_known`: why a message still kept at Finish is skipped.
  TicketMessages(const HelpdeskDirectory& directory, std::string_view read_first,
                 std::string_view never_known)
      : directory_(directory), read_first_(read_first), never_known_(never_known) {}

  Status Deliver(uint64_t ticket, PendingMessage message, IngestSink& sink);
  // Delivers what waits for `ticket`, now that its requester may be known.
  Status Release(uint64_t ticket, IngestSink& sink);
  // Adds `message` for `customer` (its direction known).
  void Emit(PendingMessage& message, uint64_t customer, IngestSink& sink) const;
  // Forgets what waits for a ticket that is not a conversation (deleted, spam).
  void Drop(uint64_t ticket) { (void)pending_.Take(ticket); }
  Status Finish(IngestSink& sink);

 private:
  const HelpdeskDirectory& directory_;
  std::string read_first_, never_known_;
  PendingMessages pending_;
};

// --- Small shared pieces -----------------------------------------------------------------------

// A message event at `at` (its offset kept), with what every helpdesk message has.
Event MessageAt(const Timestamp& at, Channel channel, Direction direction, Symbol conversation);
// A status event: the ticket's status from `at` on.
Event StatusAt(const Timestamp& at, TicketStatus status, Symbol conversation);
// A tag event with the tags (interned, empty ones left out); nullopt when none is left.
std::optional<Event> TagsAt(const Timestamp& at, const std::vector<std::string_view>& tags,
                            Symbol conversation, IngestSink& sink);

// For format detection on a file's first bytes: whether they start like JSON (an object or an
// array), and whether `key` appears in them as a key ("key" then a colon).
bool StartsLikeJson(std::string_view head);
bool HasJsonKey(std::string_view head, std::string_view key);

// sink.Reject with the file and `what` (line 0: the record is named in `what`).
Status RejectIn(IngestSink& sink, std::string_view file, std::string what);

}  // namespace fiducia

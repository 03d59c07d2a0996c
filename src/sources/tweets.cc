#include "sources/tweets.h"

#include <date/date.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "common/time_text.h"
#include "common/utf8.h"
#include "sources/csv_rows.h"
#include "text/analyser.h"

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using TweetId = uint64_t;

constexpr std::string_view kEventPrefix = "tw-";
// Author ids become handles under this prefix. The dataset's customers are anonymised numbers: a
// bare "115712" would be taken for a phone number, and "@115712" would be written out by `fiducia
// import` as the handle "115712" and read back as one.
constexpr std::string_view kHandlePrefix = "twitter:";
// Values quoted in error messages are cut here: a message stays short whatever the input.
constexpr size_t kMaxQuoted = 40;

std::string EventId(TweetId id) { return fmt::format("{}{}", kEventPrefix, id); }

std::string Quoted(std::string_view value) {
  if (value.size() <= kMaxQuoted) return fmt::format("'{}'", value);
  size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // whole chars
  return fmt::format("'{}…'", value.substr(0, cut));
}

// --- Values ------------------------------------------------------------------------------------

// "3", or "3.0" as pandas writes an id column that has empty cells (a float column).
std::optional<TweetId> ParseTweetId(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view digits = text.substr(0, dot);
  if (dot != std::string_view::npos &&
      (dot + 1 == text.size() || text.find_first_not_of('0', dot + 1) != std::string_view::npos)) {
    return std::nullopt;
  }
  TweetId id = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return id;
}

// pandas writes True/False, Excel TRUE/FALSE.
std::optional<bool> ParseInbound(std::string_view text) {
  if (EqualsIgnoringAsciiCase(text, "true") || text == "1") return true;
  if (EqualsIgnoringAsciiCase(text, "false") || text == "0") return false;
  return std::nullopt;
}

bool ReadNumber(std::string_view s, size_t pos, size_t n, int& out) {
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

template <size_t N>
std::optional<unsigned> IndexOf(const std::array<std::string_view, N>& names, std::string_view s) {
  const auto it = std::find(names.begin(), names.end(), s);
  if (it == names.end()) return std::nullopt;
  return static_cast<unsigned>(it - names.begin());
}

// "Tue Oct 31": the date, checked against its weekday (a mismatch means a damaged value).
std::optional<date::sys_days> ParseTwitterDate(std::string_view s, int year) {
  static constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                                "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto weekday = IndexOf(kWeekdays, s.substr(0, 3));
  const auto month = IndexOf(kMonths, s.substr(4, 3));
  int day = 0;
  if (!weekday || !month || !ReadNumber(s, 8, 2, day)) return std::nullopt;
  const date::year_month_day ymd{date::year(year), date::month(*month + 1),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || date::weekday(date::sys_days(ymd)).c_encoding() != *weekday) {
    return std::nullopt;
  }
  return date::sys_days(ymd);
}

// "Tue Oct 31 22:10:47 +0000 2017": created_at as Twitter's API wrote it.
std::optional<Timestamp> ParseTwitterTime(std::string_view s) {
  int year = 0, h = 0, m = 0, sec = 0, off_h = 0, off_m = 0;
  if (s.size() != 30 || s[3] != ' ' || s[7] != ' ' || s[10] != ' ' || s[13] != ':' ||
      s[16] != ':' || s[19] != ' ' || (s[20] != '+' && s[20] != '-') || s[25] != ' ' ||
      !ReadNumber(s, 26, 4, year) || !ReadNumber(s, 11, 2, h) || !ReadNumber(s, 14, 2, m) ||
      !ReadNumber(s, 17, 2, sec) || !ReadNumber(s, 21, 2, off_h) || !ReadNumber(s, 23, 2, off_m)) {
    return std::nullopt;
  }
  const auto day = ParseTwitterDate(s, year);
  if (!day || h > 23 || m > 59 || sec > 60 || off_h > 23 || off_m > 59) return std::nullopt;
  const minutes offset = minutes(off_h * 60 + off_m) * (s[20] == '-' ? -1 : 1);
  const auto local = *day + hours(h) + minutes(m) + seconds(std::min(sec, 59));  // leap second
  return Timestamp{Instant(local - offset), offset};
}

// Twitter's layout, or RFC 3339 as re-exports write it ("2017-10-31 22:10:47+00:00").
Result<Timestamp> ParseCreatedAt(std::string_view text) {
  if (auto at = ParseTwitterTime(text)) return *at;
  if (auto at = ParseRfc3339(text); at.ok()) return *at;
  return Status::InvalidInput(fmt::format(
      "created_at {} is not a time like 'Tue Oct 31 22:10:47 +0000 2017'", Quoted(text)));
}

// "39" or "x27": a Unicode scalar value; none for NUL, surrogates and what is past U+10FFFF.
std::optional<uint32_t> CodePoint(std::string_view digits) {
  int base = 10;
  if (!digits.empty() && (digits.front() == 'x' || digits.front() == 'X')) {
    base = 16;
    digits.remove_prefix(1);
  }
  uint32_t c = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), c, base);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || c == 0 ||
      c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    return std::nullopt;
  }
  return c;
}

// At an '&': appends the character the entity stands for and returns the entity's length; 0 for
// text that is no entity decoded here. Twitter escaped &amp; &lt; &gt; in texts; HTML re-exports
// add &quot;, &#39; and other numeric ones.
size_t DecodeEntity(std::string_view s, std::string& out) {
  static constexpr std::array<std::pair<std::string_view, char>, 5> kNamed = {
      {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}}};
  const size_t semicolon = s.substr(0, 12).find(';');
  if (semicolon == std::string_view::npos || semicolon < 2) return 0;
  const std::string_view name = s.substr(1, semicolon - 1);
  if (name.front() == '#') {
    const auto c = CodePoint(name.substr(1));
    if (!c) return 0;
    AppendUtf8(out, *c);
    return semicolon + 1;
  }
  for (const auto& [entity, c] : kNamed) {
    if (entity == name) {
      out += c;
      return semicolon + 1;
    }
  }
  return 0;
}

// Entities are decoded once, left to right: "&amp;lt;" is "&lt;", as the tweet's author wrote it.
std::string DecodeHtmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t length = text[i] == '&' ? DecodeEntity(text.substr(i), out) : 0;
    if (length == 0) out += text[i];
    i += length == 0 ? 1 : length;
  }
  return out;
}

// The handles "@name" a tweet names, lower case, in order; the first `leading` of them open it
// (WithoutLeadingHandles): they address the tweet, the others are named in its words.
struct Mentions {
  std::vector<std::string> handles;
  size_t leading = 0;
};

// A greeting before handles still opens the tweet with them: "Dear @Tesco I found…", "Ciao
// @TIMofficial…" speak to those handles as "@Tesco I found…" does.
constexpr std::array<std::string_view, 10> kGreetings = {
    "dear", "hi", "hey", "hello", "ciao", "salve", "gentile", "gentili", "buongiorno", "buonasera"};

// Where the tweet's own words begin: after its leading handles, a greeting before them included.
size_t WordsFrom(std::string_view text) {
  const std::string_view rest = WithoutLeadingHandles(text);
  size_t end = 0;
  while (end < rest.size() && std::isalpha(static_cast<unsigned char>(rest[end]))) ++end;
  const std::string greeting = AsciiLower(rest.substr(0, end));
  const std::string_view after = rest.substr(end);
  const std::string_view words = WithoutLeadingHandles(after);
  const bool handles_follow =
      after.substr(0, after.size() - words.size()).find('@') != std::string_view::npos;
  if (!handles_follow ||
      std::find(kGreetings.begin(), kGreetings.end(), greeting) == kGreetings.end()) {
    return text.size() - rest.size();
  }
  return text.size() - words.size();
}

Mentions MentionsOf(std::string_view text) {
  Mentions out;
  const size_t words_from = WordsFrom(text);
  for (size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    size_t end = at + 1;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
      ++end;
    }
    if (end == at + 1) continue;
    out.handles.push_back(AsciiLower(text.substr(at + 1, end - at - 1)));
    out.leading += at < words_from ? 1 : 0;
  }
  return out;
}

// --- Rows --------------------------------------------------------------------------------------

struct TweetColumns {
  size_t id = 0;
  size_t author = 0;
  size_t inbound = 0;
  size_t created_at = 0;
  size_t text = 0;
  std::optional<size_t> replies;  // response_tweet_id
  std::optional<size_t> parent;   // in_response_to_tweet_id
  size_t count = 0;
};

Result<TweetColumns> MapColumns(const std::vector<std::string>& header) {
  TweetColumns c;
  c.count = header.size();
  const std::array<std::pair<std::string_view, size_t*>, 5> required = {
      {{"tweet_id", &c.id},
       {"author_id", &c.author},
       {"inbound", &c.inbound},
       {"created_at", &c.created_at},
       {"text", &c.text}}};
  for (const auto& [name, index] : required) {
    const auto found = FindCsvColumn(header, name);
    if (!found) return Status::InvalidInput(fmt::format("the header has no column '{}'", name));
    *index = *found;
  }
  c.replies = FindCsvColumn(header, "response_tweet_id");
  c.parent = FindCsvColumn(header, "in_response_to_tweet_id");
  return c;
}

struct Tweet {
  TweetId id = 0;
  std::optional<TweetId> parent;
  std::string_view author;
  bool inbound = false;
  Timestamp at;
};

Status BadValue(std::string_view column, std::string_view value, std::string_view want) {
  return Status::InvalidInput(fmt::format("{} {} is not {}", column, Quoted(value), want));
}

Result<std::optional<TweetId>> ParseParent(const CsvRecord& record, const TweetColumns& columns) {
  if (!columns.parent || record.fields[*columns.parent].empty()) return std::optional<TweetId>();
  const std::string_view text = record.fields[*columns.parent];
  const auto parent = ParseTweetId(text);
  if (!parent) return BadValue("in_response_to_tweet_id", text, "a tweet id");
  return std::optional<TweetId>(*parent);
}

Result<Tweet> ParseTweet(const CsvRecord& record, const TweetColumns& columns) {
  const auto& f = record.fields;
  if (f.size() != columns.count) {
    return Status::InvalidInput(
        fmt::format("{} fields where the header has {}", f.size(), columns.count));
  }
  Tweet tweet;
  tweet.author = f[columns.author];
  const auto id = ParseTweetId(f[columns.id]);
  if (!id) return BadValue("tweet_id", f[columns.id], "a tweet id");
  tweet.id = *id;
  if (tweet.author.empty()) return Status::InvalidInput("author_id is empty");
  const auto inbound = ParseInbound(f[columns.inbound]);
  if (!inbound) return BadValue("inbound", f[columns.inbound], "True or False");
  tweet.inbound = *inbound;
  auto at = ParseCreatedAt(f[columns.created_at]);
  if (!at.ok()) return at.status();
  tweet.at = *at;
  auto parent = ParseParent(record, columns);
  if (!parent.ok()) return parent.status();
  tweet.parent = *parent;
  return tweet;
}

// "155,157": the replies a tweet got, by their ids.
std::optional<std::vector<TweetId>> ParseReplyIds(std::string_view list) {
  std::vector<TweetId> ids;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto id = ParseTweetId(item);
    if (!id) return std::nullopt;
    ids.push_back(*id);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return ids;
}

constexpr std::string_view kOverlong =
    "a record longer than 16 MiB (a quote left open?): skipped to the end of its line";

// --- Threads -----------------------------------------------------------------------------------

// What is known of a tweet read (or replied to).
struct Link {
  TweetId parent = 0;
  bool has_parent = false;
  bool threaded = false;  // root and customer known (a company tweet may have no customer)
  bool absent = false;    // replied to but never read: made at Finish, the root of its replies
  bool company = false;   // written by the company (inbound False)
  // The company's own post: it answers no tweet and opens with no handle (a promotion, a question
  // to its followers), unlike reaching out to someone ("@115712 we saw your tweet…").
  bool post = false;
  TweetId root = 0;
  Symbol customer = kNoSymbol;
};

// A tweet's event before its thread is known.
struct Draft {
  Event event;
  std::string text;
  bool inbound = false;
  Symbol author = kNoSymbol;  // the customer's handle, for an inbound tweet
  Mentions mentions;          // the @handles an inbound tweet names
  uint32_t file = 0;
  uint64_t line = 0;
};

// A tweet that lists, in response_tweet_id, a reply that was not read yet.
struct Claim {
  TweetId lister = 0;
  uint32_t file = 0;
  uint64_t line = 0;
};

Result<Draft> MakeDraft(const CsvRecord& record, const TweetColumns& columns, const Tweet& tweet,
                        IngestSink& sink) {
  Draft draft;
  draft.inbound = tweet.inbound;
  draft.line = record.line;
  if (tweet.inbound) {
    auto handle = sink.Handle(fmt::format("{}{}", kHandlePrefix, AsciiLower(tweet.author)));
    if (!handle.ok()) return handle.status();
    draft.author = *handle;
  }
  Event& e = draft.event;
  e.at = tweet.at.at;
  e.offset_minutes = static_cast<int16_t>(tweet.at.offset.count());
  e.type = EventType::kMessage;
  e.channel = Channel::kSocial;
  e.direction = tweet.inbound ? Direction::kIn : Direction::kOut;
  if (!tweet.inbound) e.agent = sink.Intern(tweet.author);  // the brand: one company per author
  if (tweet.parent) e.in_reply_to = sink.Intern(EventId(*tweet.parent));
  draft.text = DecodeHtmlEntities(record.fields[columns.text]);
  if (tweet.inbound) draft.mentions = MentionsOf(draft.text);
  return draft;
}

// A customer's public tweet waiting to learn whether it is addressed to the company: it replies to
// no company tweet, so it is when it names a company's handle (known once every file is read).
struct Unaddressed {
  uint32_t event = 0;  // index into Corpus::events()
  Mentions mentions;
  bool to_someone_else = false;  // it replies to another person's tweet
  bool to_post = false;          // it replies to a company's post that answered no one
};

// A tweet that opens with more handles than this talks to a crowd, the company one among many.
constexpr size_t kMaxAddressees = 3;

}  // namespace

// The thread of every tweet read, whatever order the rows come in (the dataset lists a reply before
// the tweet it answers): a customer's tweet is its own customer's, a company's tweet its parent's;
// the conversation is named after the first tweet of the chain. A tweet whose parent has not been
// threaded yet waits, with its event, until it is, or until Finish.
class TweetsReader::Threads {
 public:
  // The company's handles of the config (company.handles) are the company's besides the authors
  // of its tweets: "@AcmeHelp" and "AcmeHelp" alike.
  explicit Threads(const CompanyDirectory& company) {
    for (const std::string& handle : company.handles) {
      const std::string_view name = std::string_view(handle).substr(handle.starts_with('@'));
      if (!name.empty()) company_authors_.insert(AsciiLower(name));
    }
  }
  Status Read(CsvRowReader& rows, const std::string& name, IngestSink& sink);
  Status Finish(IngestSink& sink);

 private:
  Status Row(const CsvRecord& record, const TweetColumns& columns, uint32_t file, IngestSink& sink);
  Status CheckReplyList(const CsvRecord& record, const TweetColumns& columns, TweetId id,
                        uint32_t file, IngestSink& sink);
  Status CheckClaim(const Claim& claim, TweetId reply, const Link& link, IngestSink& sink);
  Status SettleClaims(TweetId id, IngestSink& sink);
  Status Place(TweetId id, Draft draft, IngestSink& sink);
  Status Attach(TweetId id, Draft draft, TweetId root, Symbol customer, IngestSink& sink);
  Status Release(TweetId first, IngestSink& sink);
  Status RejectLoops(IngestSink& sink);
  void MarkUnaddressed(IngestSink& sink);
  std::string NoCustomer(TweetId id) const;

  std::vector<std::string> files_;  // names, for messages about tweets that waited
  std::unordered_map<TweetId, Link> links_;
  std::unordered_map<TweetId, Draft> waiting_;
  std::unordered_map<TweetId, std::vector<TweetId>> children_;  // parent → replies waiting for it
  std::unordered_multimap<TweetId, Claim> claims_;              // reply → tweets listing it
  std::unordered_set<std::string> company_authors_;             // lower case
  std::vector<Unaddressed> unaddressed_;
};

Status TweetsReader::Threads::Read(CsvRowReader& rows, const std::string& name, IngestSink& sink) {
  const auto file = static_cast<uint32_t>(files_.size());
  files_.push_back(name);
  CsvRecord header;
  if (!rows.Next(header)) return rows.status();  // an empty file holds no tweets
  const auto columns = MapColumns(header.fields);
  if (!columns.ok()) {
    return sink.Reject({name, header.line, std::string(columns.status().message())});
  }
  Status status;
  for (CsvRecord record; status.ok() && rows.Next(record);) {
    if (!sink.CountRecord(name)) return sink.RecordLimitReached(name, record.line);
    status = Row(record, *columns, file, sink);
  }
  return status.ok() ? rows.status() : status;
}

Status TweetsReader::Threads::Row(const CsvRecord& record, const TweetColumns& columns,
                                  uint32_t file, IngestSink& sink) {
  const auto reject = [&](std::string_view what) {
    return sink.Reject({files_[file], record.line, std::string(what)});
  };
  if (record.overlong) return reject(kOverlong);
  const auto tweet = ParseTweet(record, columns);
  if (!tweet.ok()) return reject(tweet.status().message());
  if (links_.contains(tweet->id)) {  // the same tweet in another file (or twice in one)
    ++sink.report().duplicates;
    return Status::Ok();
  }
  auto draft = MakeDraft(record, columns, *tweet, sink);
  if (!draft.ok()) return reject(draft.status().message());
  draft->file = file;
  if (!tweet->inbound) company_authors_.insert(AsciiLower(tweet->author));
  Link& link = links_[tweet->id];
  link.company = !tweet->inbound;
  link.parent = tweet->parent.value_or(0);
  link.has_parent = tweet->parent.has_value();
  link.post = link.company && !link.has_parent && MentionsOf(draft->text).leading == 0;
  if (Status s = CheckReplyList(record, columns, tweet->id, file, sink); !s.ok()) return s;
  if (Status s = SettleClaims(tweet->id, sink); !s.ok()) return s;
  return Place(tweet->id, std::move(*draft), sink);
}

// response_tweet_id says from the parent's side what in_response_to_tweet_id says from the reply's,
// and only the latter is used. Excel re-saves the list "155,157" as the number 155157 shown
// "1,55,157": the list then names tweets that answer other tweets. Such a list is reported; the
// tweet is kept, its own columns being sound.
Status TweetsReader::Threads::CheckReplyList(const CsvRecord& record, const TweetColumns& columns,
                                             TweetId id, uint32_t file, IngestSink& sink) {
  if (!columns.replies) return Status::Ok();
  const std::string_view list = record.fields[*columns.replies];
  const auto replies = ParseReplyIds(list);
  if (!replies) {
    return sink.Reject({files_[file], record.line,
                        fmt::format("tweet {}: response_tweet_id {} is not a list of tweet ids "
                                    "(the tweet is kept)",
                                    id, Quoted(list))});
  }
  for (const TweetId reply : *replies) {
    const Claim claim{id, file, record.line};
    const auto it = links_.find(reply);
    if (it == links_.end()) {
      claims_.emplace(reply, claim);  // checked when the reply comes
    } else if (Status s = CheckClaim(claim, reply, it->second, sink); !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

Status TweetsReader::Threads::CheckClaim(const Claim& claim, TweetId reply, const Link& link,
                                         IngestSink& sink) {
  if (link.has_parent && link.parent == claim.lister) return Status::Ok();
  const std::string answers =
      link.has_parent ? fmt::format("replies to tweet {}", link.parent) : "replies to no tweet";
  return sink.Reject({files_[claim.file], claim.line,
                      fmt::format("tweet {}: response_tweet_id names tweet {}, which {}: a damaged "
                                  "id list (re-saved by a spreadsheet?); the tweet is kept",
                                  claim.lister, reply, answers)});
}

// The tweets that listed `id` as a reply before it came.
Status TweetsReader::Threads::SettleClaims(TweetId id, IngestSink& sink) {
  const auto [first, last] = claims_.equal_range(id);
  const Link& link = links_.find(id)->second;
  Status status;
  for (auto it = first; status.ok() && it != last; ++it) {
    status = CheckClaim(it->second, id, link, sink);
  }
  claims_.erase(first, last);
  return status;
}

Status TweetsReader::Threads::Place(TweetId id, Draft draft, IngestSink& sink) {
  const Link self = links_.find(id)->second;
  if (!self.has_parent) {  // the first tweet of a chain
    const Status attached = Attach(id, std::move(draft), id, kNoSymbol, sink);
    return attached.ok() ? Release(id, sink) : attached;
  }
  const auto parent = links_.find(self.parent);
  if (parent == links_.end() || !parent->second.threaded) {
    children_[self.parent].push_back(id);
    waiting_.emplace(id, std::move(draft));
    return Status::Ok();
  }
  const Link thread = parent->second;  // copied: Attach may insert into links_
  const Status attached = Attach(id, std::move(draft), thread.root, thread.customer, sink);
  return attached.ok() ? Release(id, sink) : attached;
}

// Gives tweet `id` its thread and adds its event; a company tweet whose customer is not known is
// reported instead (messages need a customer).
Status TweetsReader::Threads::Attach(TweetId id, Draft draft, TweetId root, Symbol customer,
                                     IngestSink& sink) {
  Link& link = links_.find(id)->second;
  link.threaded = true;
  link.root = root;
  link.customer = draft.inbound ? draft.author : customer;
  if (link.customer == kNoSymbol) {
    return sink.Reject({files_[draft.file], draft.line, NoCustomer(id)});
  }
  draft.event.customer = link.customer;
  draft.event.conversation = sink.Intern(EventId(root));
  // A reply to a company tweet is addressed to the company; a reply to a tweet never read may be.
  const auto parent = link.has_parent ? links_.find(link.parent) : links_.end();
  const bool to_company = link.has_parent && (parent == links_.end() || parent->second.absent ||
                                              parent->second.company);
  const size_t before = sink.corpus().events().size();
  sink.Add(EventId(id), std::move(draft.event), draft.text);
  // A tweet to a crowd of handles is weighed too, even in a company's thread.
  const bool to_crowd = draft.mentions.leading > kMaxAddressees;
  // Replying to the company's own post is talking with the brand, not asking its service.
  const bool to_post = to_company && parent != links_.end() && parent->second.post;
  if (draft.inbound && (!to_company || to_crowd || to_post) &&
      sink.corpus().events().size() > before) {
    const bool to_someone_else = link.has_parent && parent != links_.end() && !to_post &&
                                 parent->second.customer != link.customer;
    unaddressed_.push_back(
        {static_cast<uint32_t>(before), std::move(draft.mentions), to_someone_else, to_post});
  }
  return Status::Ok();
}

// Threads the replies that waited for `first`, theirs in turn, and so on (a loop, not recursion:
// a chain may be as long as the file).
Status TweetsReader::Threads::Release(TweetId first, IngestSink& sink) {
  std::vector<TweetId> threaded{first};
  while (!threaded.empty()) {
    const TweetId parent = threaded.back();
    threaded.pop_back();
    auto replies = children_.extract(parent);
    if (replies.empty()) continue;
    const Link thread = links_.find(parent)->second;
    for (const TweetId reply : replies.mapped()) {
      auto draft = waiting_.extract(reply);
      if (draft.empty()) continue;
      Status s = Attach(reply, std::move(draft.mapped()), thread.root, thread.customer, sink);
      if (!s.ok()) return s;
      threaded.push_back(reply);
    }
  }
  return Status::Ok();
}

// A public tweet that neither replies to the company nor names a company's handle is not addressed
// to it (../shared/spec/findings.md, Request): it needs no answer. One that names the company
// without speaking to it is not addressed to it either unless it carries a need (a question, a
// failure, a request: kCueNeed): a post about the company ("Shout out to @SouthwestAir"), a reply
// to someone else's tweet that copies the company in, a tweet to a crowd of handles. A tweet speaks
// to the company when it opens with the company's handle among at most kMaxAddressees; one that
// opens with more talks to a crowd (a contest among brands and fans), even in a company's thread,
// and is not addressed to the company whatever it asks. A reply to the company's own post (one that
// answers no tweet: a promotion, a question to its followers) is talk with the brand: not addressed
// unless it carries a need. A need is a word of its own: contrast or negation alone ("so I won't
// miss the game") is none (kCueNeed). The corpus hands its events out read-only; the events patched
// here are this reader's own, and the corpus object is not const.
void TweetsReader::Threads::MarkUnaddressed(IngestSink& sink) {
  const auto is_company = [this](const std::string& h) { return company_authors_.contains(h); };
  for (const Unaddressed& u : unaddressed_) {
    const auto& handles = u.mentions.handles;
    auto& event = const_cast<Event&>(sink.corpus().events()[u.event]);
    if (std::none_of(handles.begin(), handles.end(), is_company)) {
      event.act = Act::kNotAddressed;
      continue;
    }
    const size_t leading = u.mentions.leading;
    if (leading > kMaxAddressees) {  // a crowd: whatever it asks, it asks of all of them
      if (event.act == Act::kNeedsAnswer) event.act = Act::kNotAddressed;
      continue;
    }
    const bool spoken_to = !u.to_someone_else && !u.to_post && leading > 0 &&
                           leading <= kMaxAddressees &&
                           std::any_of(handles.begin(), handles.begin() + leading, is_company);
    if (!spoken_to && event.act == Act::kNeedsAnswer && !event.Has(kCueNeed)) {
      event.act = Act::kNotAddressed;
    }
  }
  unaddressed_.clear();
}

std::string TweetsReader::Threads::NoCustomer(TweetId id) const {
  const Link& link = links_.find(id)->second;
  if (!link.has_parent) {
    return fmt::format("tweet {}: a company tweet that answers no tweet: no customer to give it to",
                       id);
  }
  const auto parent = links_.find(link.parent);
  if (parent == links_.end() || parent->second.absent) {
    return fmt::format("tweet {}: replies to tweet {}, which is not in the input", id, link.parent);
  }
  return fmt::format("tweet {}: replies to tweet {}, whose customer is not known", id, link.parent);
}

// Replies to tweets that were never read are threaded under them (the conversation keeps the
// absent tweet's id); what waits after that answers a loop of replies ("a → b → a").
Status TweetsReader::Threads::Finish(IngestSink& sink) {
  std::vector<TweetId> absent;
  for (const auto& entry : children_) {
    if (!links_.contains(entry.first)) absent.push_back(entry.first);
  }
  std::sort(absent.begin(), absent.end());  // the same order, and the same messages, every run
  for (const TweetId id : absent) {
    Link& link = links_[id];
    link.threaded = link.absent = true;
    link.root = id;
    if (Status s = Release(id, sink); !s.ok()) return s;
  }
  MarkUnaddressed(sink);
  return RejectLoops(sink);
}

Status TweetsReader::Threads::RejectLoops(IngestSink& sink) {
  std::vector<TweetId> looped;
  for (const auto& entry : waiting_) looped.push_back(entry.first);
  std::sort(looped.begin(), looped.end());
  Status status;
  for (size_t i = 0; status.ok() && i < looped.size(); ++i) {
    const Draft& draft = waiting_.find(looped[i])->second;
    status = sink.Reject(
        {files_[draft.file], draft.line,
         fmt::format("tweet {}: its chain of replies loops back on itself", looped[i])});
  }
  waiting_.clear();
  children_.clear();
  claims_.clear();  // replies listed but never read: outside the input, not wrong
  return status;
}

// --- The reader --------------------------------------------------------------------------------

TweetsReader::TweetsReader(const CompanyDirectory& company)
    : threads_(std::make_unique<Threads>(company)) {}
TweetsReader::~TweetsReader() = default;

Status TweetsReader::Read(const std::filesystem::path& path, IngestSink& sink) {
  auto source = ByteSource::OpenFile(path.string());
  if (!source.ok()) return source.status();
  return ReadFrom(std::move(*source), sink);
}

Status TweetsReader::ReadFrom(std::unique_ptr<ByteSource> source, IngestSink& sink) {
  const std::string name = source->name();
  ++sink.report().files;
  CsvRowReader rows(std::move(source));
  Status status = threads_->Read(rows, name, sink);
  sink.report().bytes += rows.bytes_read();
  return status;
}

Status TweetsReader::Finish(IngestSink& sink) { return threads_->Finish(sink); }

bool LooksLikeTweetsCsv(std::string_view head, const SourceSettings& settings) {
  (void)settings;
  const std::vector<std::string> header = ReadCsvHeader(head);
  return FindCsvColumn(header, "tweet_id") && FindCsvColumn(header, "author_id") &&
         FindCsvColumn(header, "inbound");
}

std::unique_ptr<SourceReader> MakeTweetsReader(const SourceSettings& settings) {
  return std::make_unique<TweetsReader>(settings.company);
}

}  // namespace fiducia

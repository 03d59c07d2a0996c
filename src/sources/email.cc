#include "sources/email.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/strings.h"
#include "ingest/byte_source.h"
#include "sources/agent_name.h"
#include "sources/email_mbox.h"
#include "sources/email_mime.h"
#include "sources/email_thread.h"
#include "text/email_text.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using mail::ParsedMail;
using mail::RawMessage;

// Who the company is, for mail: its own addresses (`[company] handles`) and every address at one
// of its domains or their subdomains (`[company] domains`: "acme.it" covers "help.acme.it").
class CompanyAddresses {
 public:
  explicit CompanyAddresses(const CompanyDirectory& company) {
    for (const std::string& handle : company.handles)
      handles_.push_back(AsciiLower(TrimAsciiSpace(handle)));
    for (const std::string& domain : company.domains) {
      std::string_view d = TrimAsciiSpace(domain);
      if (d.starts_with('@')) d.remove_prefix(1);
      if (!d.empty()) domains_.push_back(AsciiLower(d));
    }
  }

  bool Contains(std::string_view address) const {
    const std::string lower = AsciiLower(TrimAsciiSpace(address));
    if (std::find(handles_.begin(), handles_.end(), lower) != handles_.end()) return true;
    const size_t at = lower.rfind('@');
    if (at == std::string::npos) return false;
    const std::string_view domain = std::string_view(lower).substr(at + 1);
    return std::any_of(domains_.begin(), domains_.end(), [domain](const std::string& d) {
      return domain == d || (domain.size() > d.size() && domain.ends_with(d) &&
                             domain[domain.size() - d.size() - 1] == '.');
    });
  }

 private:
  std::vector<std::string> handles_;
  std::vector<std::string> domains_;
};

// A stable hash (FNV-1a), so that a message without a Message-ID gets the same id on every run.
std::string MessageId(const ParsedMail& mail) {
  if (!mail.message_id.empty()) return mail.message_id;
  const std::string_view from = mail.from ? std::string_view(mail.from->address) : "";
  return fmt::format("mail-{:016x}", Fnv1aOfParts({from, mail.raw_date, mail.subject, mail.body}));
}

// What the sink analyses: the subject without its reply prefixes, then the new words; but not
// the subject of a customer's reply ("Re: Ordine 123"): it repeats the thread's and, kept, would
// make "Grazie mille!" a request instead of a closing. A company reply keeps it: it names what
// the reply is about (its facts' subject).
std::string EventText(const ParsedMail& mail, Direction direction) {
  const std::string_view subject = mail::FoldSubject(mail.subject);
  std::string body = mail::NewWords(mail.body);
  if (body.empty()) return std::string(subject);
  const bool customer_reply = direction == Direction::kIn && mail::IsReplySubject(mail.subject);
  if (subject.empty() || customer_reply) return body;
  return fmt::format("{}\n\n{}", subject, body);
}

// Corpus hands its events out read-only; this reader patches the conversation of events it added
// itself once every file is read, because a thread can span files. The corpus object is not
// const, so writing through the reference is well defined.
Event& AddedEvent(Corpus& corpus, uint32_t index) {
  return const_cast<Event&>(corpus.events()[index]);
}

// A Maildir's tmp/ holds messages still being delivered: they show up again in new/.
bool IsMaildirTmp(const fs::path& path) {
  const fs::path dir = path.parent_path();
  if (dir.filename() != "tmp") return false;
  std::error_code error;
  return fs::is_directory(dir.parent_path() / "cur", error) ||
         fs::is_directory(dir.parent_path() / "new", error);
}

// One mail of the thread index: an event already in the corpus, or a held note.
struct Member {
  uint32_t node = 0;       // its Message-ID
  uint32_t candidate = 0;  // what it names as its thread's root
};

struct AddedMail {
  uint32_t event = 0;  // index into Corpus::events()
  Member member;
};

// A mail between company addresses: an internal note on the thread of some customer, who is known
// only when the thread is (in Finish).
struct HeldNote {
  std::string id;
  Event event;
  std::string text;
  Member member;
};

// The earliest mail of a thread names it (the root's id as its first reference has it) and gives
// its customer to the notes.
struct ThreadHead {
  Instant at = Instant::max();
  std::string_view id;
  uint32_t candidate = 0;
  Symbol customer = kNoSymbol;
  Instant customer_at = Instant::max();
};

class EmailReader final : public SourceReader {
 public:
  explicit EmailReader(const SourceSettings& settings)
      : company_(settings.company), namer_(MakeNamer(settings)) {}

  Status Read(const fs::path& path, IngestSink& sink) override {
    if (IsMaildirTmp(path)) {
      ++sink.report().files_skipped;
      return Status::Ok();
    }
    auto source = ByteSource::OpenFile(path.string());
    if (!source.ok()) return source.status();
    return ReadSource(std::move(*source), sink);
  }

  Status ReadSource(std::unique_ptr<ByteSource> source, IngestSink& sink) {
    ++sink.report().files;
    const std::string file = source->name();
    mail::MessageSplitter messages(std::move(source));
    Status status;
    for (RawMessage raw; status.ok() && messages.Next(raw);) {
      if (!sink.CountRecord(file)) {
        status = sink.RecordLimitReached(file, raw.line);
        break;
      }
      status = ReadMessage(raw, file, sink);
    }
    sink.report().bytes += messages.bytes_read();
    return status.ok() ? messages.status() : status;
  }

  Status Finish(IngestSink& sink) override {
    const std::unordered_map<uint32_t, ThreadHead> heads = ThreadHeads(sink.corpus());
    for (const AddedMail& added : added_) {
      const ThreadHead& head = heads.at(threads_.Root(added.member.node));
      AddedEvent(sink.corpus(), added.event).conversation =
          sink.Intern(threads_.Key(head.candidate));
    }
    AddHeldNotes(heads, sink);
    added_.clear();
    notes_.clear();
    return Status::Ok();
  }

 private:
  Status ReadMessage(const RawMessage& raw, const std::string& file, IngestSink& sink) {
    auto parsed = parser_.Parse(raw.bytes);
    if (!parsed.ok()) {
      return sink.Reject({file, raw.line, "not a readable e-mail message: skipped"});
    }
    if (parsed->expunged) return Status::Ok();  // deleted: not a message of the mailbox
    const std::string id = MessageId(*parsed);
    const Member member = Thread(*parsed, id);  // a mail skipped below still links its thread
    auto event = MakeEvent(*parsed, id, raw.envelope_date, sink);
    if (!event.ok()) return sink.Reject({file, raw.line, std::string(event.status().message())});
    event->conversation = sink.Intern(threads_.Key(member.candidate));  // settled in Finish
    const std::string text = EventText(*parsed, event->direction);
    return Add(id, std::move(*event), text, member, sink);
  }

  Result<Event> MakeEvent(const ParsedMail& mail, const std::string& id,
                          const std::optional<Timestamp>& envelope_date, IngestSink& sink) {
    const std::optional<Timestamp> date = mail.date ? mail.date : envelope_date;
    if (!date) return Status::InvalidInput(fmt::format("message {}: no readable Date", id));
    if (!mail.from) return Status::InvalidInput(fmt::format("message {}: no sender address", id));
    Event event;
    event.at = date->at;
    event.offset_minutes = static_cast<int16_t>(date->offset.count());
    event.channel = Channel::kEmail;
    event.is_auto = mail.auto_headers || mail::IsAutoReplySubject(mail.subject);
    event.in_reply_to = sink.Intern(mail.in_reply_to);
    if (Status status = SetParties(mail, event, sink); !status.ok()) {
      return Status::InvalidInput(fmt::format("message {}: {}", id, status.message()));
    }
    return event;
  }

  // Direction, customer and agent. A mail from the company to nobody outside it is a note, held
  // until Finish gives it the customer of its thread, unless it answers to someone outside (a
  // web form or a shared tool writing from a company address with Reply-To the customer): then it
  // is that customer's request.
  Status SetParties(const ParsedMail& mail, Event& event, IngestSink& sink) {
    std::string_view customer = mail.from->address;
    if (company_.Contains(mail.from->address)) {
      const mail::Mailbox* outside = FirstOutside(mail.recipients);
      const mail::Mailbox* reply_to = FirstOutside(mail.reply_to);
      if (outside != nullptr) {
        event.direction = Direction::kOut;
        customer = outside->address;
      } else if (reply_to != nullptr) {
        customer = reply_to->address;
      } else {
        event.direction = Direction::kNote;
      }
      if (event.direction != Direction::kIn) event.agent = sink.Intern(AgentOf(*mail.from));
      if (event.direction == Direction::kNote) return Status::Ok();
    }
    auto handle = sink.Handle(customer);
    if (!handle.ok()) return handle.status();
    event.customer = *handle;
    return Status::Ok();
  }

  // The person who wrote a company mail: the display name's person, else the address.
  std::string AgentOf(const mail::Mailbox& from) const {
    if (namer_) {
      std::string person = namer_->PersonOf(from.name);
      if (!person.empty()) return person;
    }
    return AsciiLower(from.address);
  }

  // The config checked the pattern; a bad one here only loses the names, never the mail.
  static std::optional<AgentNamer> MakeNamer(const SourceSettings& settings) {
    auto namer = AgentNamer::Create(settings.email, settings.company.names);
    if (!namer.ok()) return std::nullopt;
    return std::move(*namer);
  }

  const mail::Mailbox* FirstOutside(const std::vector<mail::Mailbox>& mailboxes) const {
    const auto it =
        std::find_if(mailboxes.begin(), mailboxes.end(),
                     [this](const mail::Mailbox& m) { return !company_.Contains(m.address); });
    return it == mailboxes.end() ? nullptr : &*it;
  }

  // Joins the mail into its thread; returns its node and the root it names: the first References
  // id, else the In-Reply-To id, else itself.
  Member Thread(const ParsedMail& mail, const std::string& id) {
    Member member;
    member.node = threads_.Node(id);
    for (const std::string& reference : mail.references) {
      threads_.Join(member.node, threads_.Node(reference));
    }
    if (!mail.in_reply_to.empty()) threads_.Join(member.node, threads_.Node(mail.in_reply_to));
    const bool linked = !mail.references.empty() || !mail.in_reply_to.empty();
    if (!linked && !mail.thread_index.empty()) {
      threads_.Join(member.node, threads_.Node("outlook-thread:" + mail.thread_index));
    }
    if (!mail.gmail_thread.empty()) {
      threads_.Join(member.node, threads_.Node("gmail-thread:" + mail.gmail_thread));
    }
    member.candidate = !mail.references.empty()    ? threads_.Node(mail.references.front())
                       : !mail.in_reply_to.empty() ? threads_.Node(mail.in_reply_to)
                                                   : member.node;
    return member;
  }

  Status Add(const std::string& id, Event event, const std::string& text, const Member& member,
             IngestSink& sink) {
    if (event.direction == Direction::kNote) {
      notes_.push_back(
          {id, std::move(event), std::string(mail::CutUtf8(text, kMaxNoteText)), member});
      return Status::Ok();
    }
    const size_t before = sink.corpus().events().size();
    sink.Add(id, std::move(event), text);
    if (sink.corpus().events().size() > before) {
      added_.push_back({static_cast<uint32_t>(before), member});
    }
    return Status::Ok();
  }

  void Consider(ThreadHead& head, Instant at, std::string_view id, uint32_t candidate) {
    if (at < head.at || (at == head.at && id < head.id)) {
      head.at = at;
      head.id = id;
      head.candidate = candidate;
    }
  }

  std::unordered_map<uint32_t, ThreadHead> ThreadHeads(const Corpus& corpus) {
    std::unordered_map<uint32_t, ThreadHead> heads;
    for (const AddedMail& added : added_) {
      const Event& event = corpus.events()[added.event];
      ThreadHead& head = heads[threads_.Root(added.member.node)];
      Consider(head, event.at, corpus.IdOf(event), added.member.candidate);
      if (event.at < head.customer_at) {
        head.customer_at = event.at;
        head.customer = event.customer;
      }
    }
    for (const HeldNote& note : notes_) {
      Consider(heads[threads_.Root(note.member.node)], note.event.at, note.id,
               note.member.candidate);
    }
    return heads;
  }

  // Notes whose thread has a customer join it; mail among colleagues only is no customer's
  // conversation and is left out.
  void AddHeldNotes(const std::unordered_map<uint32_t, ThreadHead>& heads, IngestSink& sink) {
    for (HeldNote& note : notes_) {
      const ThreadHead& head = heads.at(threads_.Root(note.member.node));
      if (head.customer == kNoSymbol) continue;
      note.event.customer = head.customer;
      note.event.conversation = sink.Intern(threads_.Key(head.candidate));
      sink.Add(note.id, std::move(note.event), note.text);
    }
  }

  // The text of a held note is kept until Finish; internal mail needs no more to be analysed.
  static constexpr size_t kMaxNoteText = size_t{64} << 10;

  CompanyAddresses company_;
  std::optional<AgentNamer> namer_;  // null only when the config was not checked
  mail::MimeParser parser_;
  mail::ThreadIndex threads_;
  std::vector<AddedMail> added_;
  std::vector<HeldNote> notes_;
};

// --- Detection ---------------------------------------------------------------------------------

bool IsHeaderName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](char c) { return c > ' ' && c < 127 && c != ':'; });
}

bool IsMailHeader(std::string_view name) {
  static constexpr std::string_view kNames[] = {"received",
                                                "from",
                                                "to",
                                                "cc",
                                                "subject",
                                                "date",
                                                "message-id",
                                                "mime-version",
                                                "return-path",
                                                "delivered-to",
                                                "reply-to",
                                                "in-reply-to",
                                                "references",
                                                "content-type",
                                                "sender",
                                                "thread-index",
                                                "thread-topic",
                                                "dkim-signature",
                                                "authentication-results",
                                                "user-agent"};
  const std::string lower = AsciiLower(name);
  return lower.starts_with("x-") ||
         std::find(std::begin(kNames), std::end(kNames), lower) != std::end(kNames);
}

// Header lines at the top, up to this many, are enough to tell.
constexpr int kMaxSniffedFields = 50;

}  // namespace

bool LooksLikeEmail(std::string_view head, const SourceSettings& settings) {
  (void)settings;
  int fields = 0, known = 0;
  while (!head.empty() && fields < kMaxSniffedFields) {
    const size_t end = head.find('\n');
    std::string_view line = head.substr(0, end);
    head.remove_prefix(end == std::string_view::npos ? head.size() : end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) break;  // the end of the header block
    if (line.front() == ' ' || line.front() == '\t') {
      if (fields == 0) return false;  // a continuation needs a field before it
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsHeaderName(line.substr(0, colon))) return false;
    ++fields;
    if (IsMailHeader(line.substr(0, colon))) ++known;
  }
  return known >= 2;
}

std::unique_ptr<SourceReader> MakeEmailReader(const SourceSettings& settings) {
  return std::make_unique<EmailReader>(settings);
}

Status ReadEmailBytes(std::string_view bytes, std::string_view name, const SourceSettings& settings,
                      IngestSink& sink) {
  auto source = ByteSource::FromMemory(bytes, std::string(name));
  if (!source.ok()) return source.status();
  EmailReader reader(settings);
  if (Status status = reader.ReadSource(std::move(*source), sink); !status.ok()) return status;
  return reader.Finish(sink);
}

}  // namespace fiducia

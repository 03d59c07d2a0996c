#include "gen/writers.h"

#include <date/date.h>
#include <fmt/format.h>

#include <system_error>

#include "calendar/business_calendar.h"
#include "common/json_writer.h"
#include "common/time_text.h"

namespace fiducia::gen {
namespace {

namespace fs = std::filesystem;
using std::chrono::minutes;

constexpr size_t kFlushBytes = size_t{1} << 20;

const BusinessCalendar& Rome() {
  static const BusinessCalendar kCalendar = BusinessCalendar::Default();
  return kCalendar;
}

std::string CompanyName(Lang lang) {
  return lang == Lang::kIt ? "Acme Assistenza" : "ShopFast Support";
}
std::string CompanyAddress(Lang lang) {
  return lang == Lang::kIt ? "assistenza@acme.it" : "support@shopfast.co.uk";
}

void Field(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  out += JsonQuote(value);
}

void Strings(std::string& out, std::string_view key, const std::vector<std::string>& values) {
  out += ",\"";
  out += key;
  out += "\":[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += JsonQuote(values[i]);
  }
  out += ']';
}

// Local wall time in Europe/Rome, the way exports write it.
date::local_time<std::chrono::seconds> Local(Instant at) {
  const auto local = at + Rome().OffsetAt(at);
  return date::local_time<std::chrono::seconds>(
      std::chrono::floor<std::chrono::seconds>(local.time_since_epoch()));
}

}  // namespace

// --- OutFile ------------------------------------------------------------------------------------

Result<std::unique_ptr<OutFile>> OutFile::Open(const fs::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError(fmt::format("cannot write '{}'", path.string()));
  return std::unique_ptr<OutFile>(new OutFile(f, path.string()));
}

OutFile::~OutFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void OutFile::Write(std::string_view bytes) {
  buffer_ += bytes;
  if (buffer_.size() < kFlushBytes) return;
  std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  buffer_.clear();
}

Status OutFile::Close() {
  if (file_ == nullptr) return Status::Ok();
  std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  buffer_.clear();
  const bool failed = std::ferror(file_) != 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed || !closed) return Status::IoError(fmt::format("cannot write '{}'", name_));
  return Status::Ok();
}

// --- Canonical events and labels
// ------------------------------------------------------------------

std::string EventJsonLine(const GenCustomer& customer, const GenEvent& e) {
  std::string out = "{\"id\":" + JsonQuote(e.id);
  if (e.type == EventType::kTag) Field(out, "type", "tag");
  Field(out, "at", FormatRfc3339(e.at, Rome().OffsetAt(e.at)));
  if (e.type == EventType::kMessage) {
    Field(out, "channel", ToString(e.channel));
    Field(out, "direction", ToString(e.direction));
    Field(out, "customer", customer.HandleOf(e));
    if (!e.aliases.empty()) Strings(out, "customer_aliases", e.aliases);
  }
  if (!e.agent.empty()) Field(out, "agent", e.agent);
  Field(out, "conversation", e.conversation);
  if (!e.in_reply_to.empty()) Field(out, "in_reply_to", e.in_reply_to);
  if (!e.text.empty()) Field(out, "text", e.text);
  if (e.is_auto) out += ",\"auto\":true";
  if (e.duration_s >= 0) out += fmt::format(",\"duration_s\":{}", e.duration_s);
  if (!e.tags.empty()) Strings(out, "tags", e.tags);
  out += "}\n";
  return out;
}

std::string LabelJsonLine(const Label& label) {
  std::string out = "{\"rule\":" + JsonQuote(ToString(label.rule));
  Field(out, "customer", label.customer);
  Field(out, "anchor", label.anchor);
  out += "}\n";
  return out;
}

Status JsonlOutput::Customer(const GenCustomer& customer) {
  for (const GenEvent& e : customer.events) file_->Write(EventJsonLine(customer, e));
  return Status::Ok();
}

Status LabelOutput::Planted(const Label& label) {
  file_->Write(LabelJsonLine(label));
  return Status::Ok();
}

// --- WhatsApp -----------------------------------------------------------------------------------

std::string WhatsappChat(const GenCustomer& customer) {
  std::string chat;
  bool company = false;  // a chat where the company never spoke cannot be told from a private one
  for (const GenEvent& e : customer.events) {
    if (e.type != EventType::kMessage || e.channel != Channel::kWhatsapp || e.is_auto ||
        e.direction == Direction::kNote) {
      continue;
    }
    const std::string& who =
        e.direction == Direction::kIn ? customer.phone : CompanyName(customer.lang);
    chat += date::format("%d/%m/%y, %H:%M - ", Local(e.at));
    chat += who;
    chat += ": ";
    chat += e.text;
    chat += '\n';
    company |= e.direction == Direction::kOut;
  }
  return company ? chat : std::string();
}

Status WhatsappOutput::Customer(const GenCustomer& customer) {
  const std::string chat = WhatsappChat(customer);
  if (chat.empty()) return Status::Ok();
  const fs::path dir = dir_ / fmt::format("{:05}", chats_++ / 1000);
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return Status::IoError(fmt::format("cannot create '{}'", dir.string()));
  auto file = OutFile::Open(dir / fmt::format("WhatsApp Chat with {}.txt", customer.phone));
  if (!file.ok()) return file.status();
  (*file)->Write(chat);
  return (*file)->Close();
}

// --- mbox
// -----------------------------------------------------------------------------------------

Status MboxOutput::Customer(const GenCustomer& customer) {
  const std::string customer_from = fmt::format("{} <{}>", customer.name, customer.email);
  const std::string company_from =
      fmt::format("{} <{}>", CompanyName(customer.lang), CompanyAddress(customer.lang));
  std::string previous;  // the last e-mail's Message-ID in the conversation
  std::string conversation;
  for (const GenEvent& e : customer.events) {
    if (e.type != EventType::kMessage || e.channel != Channel::kEmail ||
        e.direction == Direction::kNote) {
      continue;
    }
    if (e.conversation != conversation) previous.clear();
    conversation = e.conversation;
    const bool in = e.direction == Direction::kIn;
    const auto offset = Rome().OffsetAt(e.at);
    const auto local = Local(e.at);
    std::string m = fmt::format(
        "From {} {}\n", in ? customer.email : CompanyAddress(customer.lang),
        date::format("%a %b %d %H:%M:%S %Y", std::chrono::floor<std::chrono::seconds>(e.at)));
    // The team answers from one shared address; the display name names the agent, as real
    // mailboxes do ("giulia - Acme Assistenza").
    const std::string agent_from =
        e.agent.empty() ? company_from
                        : fmt::format("{} - {} <{}>", e.agent, CompanyName(customer.lang),
                                      CompanyAddress(customer.lang));
    m += fmt::format("From: {}\nTo: {}\n", in ? customer_from : agent_from,
                     in ? company_from : customer_from);
    m += fmt::format("Subject: {}{} {}\n", previous.empty() ? "" : "Re: ",
                     customer.lang == Lang::kIt ? "Richiesta" : "Request", e.conversation);
    m += date::format("Date: %a, %d %b %Y %H:%M:%S ", local);
    m += fmt::format("{}{:02}{:02}\n", offset.count() < 0 ? '-' : '+',
                     std::abs(offset.count()) / 60, std::abs(offset.count()) % 60);
    m += fmt::format("Message-ID: <{}@gen.fiducia.test>\n", e.id);
    if (!previous.empty())
      m += fmt::format("In-Reply-To: {}\nReferences: {}\n", previous, previous);
    if (e.is_auto) m += "Auto-Submitted: auto-replied\n";
    m += "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n";
    m += "Content-Transfer-Encoding: 8bit\n\n";
    m += e.text;
    m += "\n\n";
    file_->Write(m);
    previous = fmt::format("<{}@gen.fiducia.test>", e.id);
  }
  return Status::Ok();
}

std::string CompanyToml() {
  return "# The company of the generated corpus (fiducia-gen), for reading its exports.\n"
         "[company]\n"
         "names = [\"Acme Assistenza\", \"ShopFast Support\"]\n"
         "domains = [\"acme.it\", \"shopfast.co.uk\"]\n";
}

}  // namespace fiducia::gen

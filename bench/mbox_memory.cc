// Peak memory of an audit over a big mailbox. Writes a synthetic mbox of support mail (threads of
// customer requests and agent replies, quoted history, HTML-only mails, base64 bodies and
// attachments) to a temporary directory, runs the whole audit on it and prints the messages read,
// the time, the throughput and the peak resident memory against the 300 MB target.
//   mbox_memory [--mb N] [--dir PATH] [--keep]     (default: 1024 MB in the system temp dir)
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "audit/audit_policy.h"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCompanyDomain = "assistenza-acme.it";
constexpr double kTargetMb = 300;

struct Args {
  uint64_t megabytes = 1024;
  fs::path dir;
  bool keep = false;
};

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports kilobytes
}

const std::vector<std::string_view> kRequests = {
    "ho restituito il prodotto il 20 febbraio ma il rimborso di 49,00 euro non è ancora arrivato.",
    "il modem non si accende da ieri sera, ho già provato a riavviarlo due volte.",
    "la fattura di marzo riporta un importo diverso da quello del contratto.",
    "avevo chiesto lo sconto sul rinnovo: ci sono novità?",
    "il pacco risulta consegnato ma non l'ho mai ricevuto.",
    "vorrei disdire il contratto entro la fine del mese, come devo fare?",
    "the replacement still has not shipped, any update on the order?",
    "la linea è attiva ma la velocità è molto più bassa di quella promessa.",
};

const std::vector<std::string_view> kAnswers = {
    "abbiamo verificato: il rimborso è partito oggi e lo vedrà entro 5 giorni lavorativi.",
    "le spediamo un modem nuovo, arriverà entro domani.",
    "ci scusiamo per il disagio, correggiamo la fattura entro venerdì.",
    "purtroppo lo sconto non è applicabile al suo profilo, possiamo però offrirle un mese gratis.",
    "abbiamo aperto una segnalazione al corriere, la richiamiamo entro le 16.",
    "la disdetta è stata registrata, riceverà conferma scritta.",
};

class MboxWriter {
 public:
  MboxWriter(const fs::path& path, uint64_t target_bytes)
      : out_(path, std::ios::binary), target_(target_bytes), rng_(20260302) {
    std::string block(18 * 1024, '\0');
    for (char& c : block) c = static_cast<char>(rng_() & 0xFF);
    attachment_ = Base64(block);
  }

  bool ok() const { return static_cast<bool>(out_); }
  uint64_t written() const { return written_; }
  uint64_t messages() const { return messages_; }

  void WriteAll() {
    while (written_ < target_ && out_) Thread(thread_count_++);
    out_.flush();
  }

 private:
  static std::string Base64(std::string_view bytes) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
      uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
      if (i + 1 < bytes.size())
        n |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
      if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
      out += kAlphabet[(n >> 18) & 63];
      out += kAlphabet[(n >> 12) & 63];
      out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
      out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
      if (out.size() % 77 == 76) out += '\n';
    }
    return out + "\n";
  }

  template <typename T>
  const T& Pick(const std::vector<T>& pool) {
    return pool[rng_() % pool.size()];
  }

  // Minutes since 2026-03-02 09:00 +01:00 as an RFC 5322 date (thirty-day months suffice here).
  static std::string Date(uint64_t minutes) {
    static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const uint64_t day = minutes / 1440, in_day = minutes % 1440 + 9 * 60;
    char text[64];
    std::snprintf(text, sizeof text, "%s, %d Mar 2026 %02d:%02d:00 +0100", kDays[day % 7].data(),
                  static_cast<int>(1 + day % 28), static_cast<int>(in_day / 60 % 24),
                  static_cast<int>(in_day % 60));
    return text;
  }

  void Emit(const std::string& mail) {
    out_ << mail;
    written_ += mail.size();
    ++messages_;
  }

  std::string Headers(const std::string& id, const std::string& from, const std::string& to,
                      const std::string& subject, uint64_t minute, const std::string& refs) {
    std::string h = "From " + from + " Mon Mar  2 09:00:00 2026\n";
    h += "Return-Path: <" + from + ">\nReceived: from mx.example.net by mx." +
         std::string(kCompanyDomain) + "; " + Date(minute) + "\n";
    h += "Message-ID: <" + id + ">\nDate: " + Date(minute) + "\nFrom: <" + from + ">\nTo: <" + to +
         ">\nSubject: " + subject + "\nMIME-Version: 1.0\n";
    if (!refs.empty())
      h += "In-Reply-To: <" + refs.substr(refs.rfind('<') + 1) + "\nReferences: " + refs + "\n";
    return h;
  }

  // One support thread: the customer's request, the agent's answer (base64, quoting the request,
  // a PDF attached) and the customer's HTML-only reminder quoting the answer.
  struct ThreadMails {
    std::string customer, agent, subject, root, reply, again, request, answer;
    uint64_t start = 0;  // minute of the request
  };

  // prefix, n, suffix: appended rather than `"c" + std::to_string(n)`, on which GCC 12 at -O2
  // warns a false -Wrestrict.
  static std::string Join(std::string_view prefix, uint64_t n, std::string_view suffix) {
    std::string out(prefix);
    out += std::to_string(n);
    out += suffix;
    return out;
  }

  void Thread(uint64_t n) {
    const std::string company(kCompanyDomain);
    ThreadMails t{Join("cliente", n % 50000, "@example.it"),
                  Join("operatore", n % 40, "@" + company),
                  Join("Pratica ", 10000 + n, ""),
                  Join("c", n, "@mail.example.it"),
                  Join("a", n, "@" + company),
                  Join("d", n, "@mail.example.it"),
                  std::string(Pick(kRequests)),
                  std::string(Pick(kAnswers)),
                  n / 8};  // eight threads open a minute
    Emit(Headers(t.root, t.customer, "assistenza@" + company, t.subject, t.start, "") +
         "Content-Type: text/plain; charset=utf-8\n\nBuongiorno,\n" + t.request +
         "\nGrazie\nMario\n\n");
    Answer(t);
    Reminder(t);
  }

  void Answer(const ThreadMails& t) {
    const std::string quoted = "Il giorno lun 2 mar 2026 alle ore 09:00 <" + t.customer +
                               "> ha scritto:\n> Buongiorno,\n> " + t.request + "\n";
    Emit(
        Headers(t.reply, t.agent, t.customer, "R: " + t.subject, t.start + 90, "<" + t.root + ">") +
        "Content-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain; "
        "charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
        Base64("Gentile cliente,\n" + t.answer + "\n\nCordiali saluti\nServizio clienti\n\n" +
               quoted) +
        "--b1\nContent-Type: application/pdf\nContent-Disposition: attachment; "
        "filename=\"ricevuta.pdf\"\nContent-Transfer-Encoding: base64\n\n" +
        attachment_ + "--b1--\n\n");
  }

  void Reminder(const ThreadMails& t) {
    Emit(Headers(t.again, t.customer, t.agent, "Re: R: " + t.subject, t.start + 1500,
                 "<" + t.root + "> <" + t.reply + ">") +
         "Content-Type: text/html; charset=utf-8\n\n<html><head><style>p{color:red}</style>"
         "</head><body><p>Sollecito: ancora nessuna novit&agrave;?</p><div class=\"gmail_quote\">"
         "Il giorno lun 2 mar 2026 alle ore 10:30 &lt;" +
         t.agent + "&gt; ha scritto:<blockquote>" + t.answer +
         "</blockquote></div></body></html>\n\n");
  }

  std::ofstream out_;
  uint64_t target_;
  std::mt19937_64 rng_;
  std::string attachment_;
  uint64_t written_ = 0, messages_ = 0, thread_count_ = 0;
};

bool ParseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--mb" && i + 1 < argc) {
      args.megabytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--dir" && i + 1 < argc) {
      args.dir = argv[++i];
    } else if (arg == "--keep") {
      args.keep = true;
    } else {
      std::fprintf(stderr, "usage: mbox_memory [--mb N] [--dir PATH] [--keep]\n");
      return false;
    }
  }
  return args.megabytes > 0;
}

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int Audit(const fs::path& mbox, uint64_t bytes) {
  fiducia::AuditOptions options;
  options.inputs = {mbox.string()};
  fiducia::AuditPolicy config;
  config.sources.company.domains = {std::string(kCompanyDomain)};
  const auto start = Clock::now();
  auto result = fiducia::RunAudit(options, config);
  const double seconds = Seconds(start);
  if (!result.ok()) {
    std::fprintf(stderr, "audit failed: %s\n", std::string(result.status().message()).c_str());
    return 1;
  }
  const double peak = PeakRssMb();
  const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
  std::printf("audit: %llu messages read, %llu events, %llu rejected, %zu findings\n",
              static_cast<unsigned long long>((*result)->ingest.records),
              static_cast<unsigned long long>((*result)->ingest.events),
              static_cast<unsigned long long>((*result)->ingest.skipped),
              (*result)->findings.size());
  std::printf("audit: %.1f s, %.1f MB/s, peak RSS %.1f MB: %s %.0f MB\n", seconds, mb / seconds,
              peak, peak < kTargetMb ? "under" : "OVER", kTargetMb);
  return peak < kTargetMb ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, args)) return 64;
  const bool own_dir = args.dir.empty();
  if (own_dir) args.dir = fs::temp_directory_path() / ("fiducia-mbox-" + std::to_string(getpid()));
  fs::create_directories(args.dir);
  const fs::path mbox = args.dir / "support.mbox";
  const auto start = Clock::now();
  MboxWriter writer(mbox, args.megabytes << 20);
  writer.WriteAll();
  if (!writer.ok()) {
    std::fprintf(stderr, "cannot write %s\n", mbox.c_str());
    return 1;
  }
  std::printf("generate: %llu messages, %.1f MB in %.1f s, peak RSS %.1f MB (reference)\n",
              static_cast<unsigned long long>(writer.messages()),
              static_cast<double>(writer.written()) / (1024.0 * 1024.0), Seconds(start),
              PeakRssMb());
  const int status = Audit(mbox, writer.written());
  if (!args.keep) fs::remove_all(own_dir ? args.dir : mbox);
  return status;
}

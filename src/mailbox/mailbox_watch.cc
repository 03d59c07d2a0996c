#include "mailbox/mailbox_watch.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace fiducia {

struct MailboxWatcher::Folder {
  std::string folder;
  FolderSync sync;
  int wake_fd = -1;  // an eventfd: Wake() and Stop() write it
  std::thread thread;
  FolderStats stats;  // under stats_mu_
};

namespace {

// A Prometheus label value: backslash, quote and newline escaped.
std::string LabelValue(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? 'n' : c;
  }
  return out;
}

SourceSettings WithMailboxAddress(SourceSettings sources, const MailboxSettings& settings) {
  std::string address = settings.address;
  if (address.empty() && settings.user.find('@') != std::string::npos) address = settings.user;
  if (!address.empty()) sources.company.handles.push_back(address);
  return sources;
}

}  // namespace

Result<std::unique_ptr<MailboxWatcher>> MailboxWatcher::Create(
    const MailboxSettings& settings, const SourceSettings& sources, const IngestOptions& ingest,
    EventStore& store, DeliverEvents deliver, LogLine log, WatchOptions options) {
  const std::string name = settings.Name();
  auto endpoint = ParseImapUrl(settings.url);
  if (!endpoint.ok()) {
    return Status::Usage(fmt::format("mailbox '{}': {}", name, endpoint.status().message()));
  }
  if (!settings.ca_file.empty()) {
    // Checked here, so that serve stops at the start with this rather than retrying for ever.
    if (!endpoint->tls) {
      return Status::Usage(
          fmt::format("mailbox '{}': ca_file is for imaps:// (this URL has no TLS)", name));
    }
    if (access(settings.ca_file.c_str(), R_OK) != 0) {
      return Status::Usage(
          fmt::format("mailbox '{}': cannot read ca_file {}", name, settings.ca_file));
    }
    endpoint->ca_file = settings.ca_file;
  }
  if (settings.user.empty()) return Status::Usage(fmt::format("mailbox '{}': no user", name));
  if (settings.inbox.empty() && settings.sent.empty()) {
    return Status::Usage(fmt::format("mailbox '{}': neither inbox nor sent folder", name));
  }
  std::string password = settings.password;
  if (!settings.password_env.empty()) {
    const char* value = std::getenv(settings.password_env.c_str());
    if (value == nullptr || *value == '\0') {
      return Status::Usage(fmt::format("mailbox '{}': the environment variable {} is not set", name,
                                       settings.password_env));
    }
    password = value;
  }
  if (password.empty()) return Status::Usage(fmt::format("mailbox '{}': no password", name));
  return std::unique_ptr<MailboxWatcher>(
      new MailboxWatcher(settings, std::move(password), std::move(*endpoint), sources, ingest,
                         store, std::move(deliver), std::move(log), options));
}

MailboxWatcher::MailboxWatcher(const MailboxSettings& settings, std::string password,
                               ImapEndpoint endpoint, const SourceSettings& sources,
                               const IngestOptions& ingest, EventStore& store,
                               DeliverEvents deliver, LogLine log, WatchOptions options)
    : settings_(settings),
      name_(settings.Name()),
      password_(std::move(password)),
      endpoint_(std::move(endpoint)),
      reader_(WithMailboxAddress(sources, settings), ingest),
      store_(store),
      deliver_(std::move(deliver)),
      log_(std::move(log)),
      options_(options) {
  for (const std::string& folder : {settings.inbox, settings.sent}) {
    if (folder.empty()) continue;
    const std::string key =
        fmt::format("imap:{}@{}:{}/{}", settings.user, endpoint_.host, endpoint_.port, folder);
    // Folder is an aggregate, and clang 14 has no parenthesised aggregate initialisation for
    // make_unique to use.
    // NOLINTNEXTLINE(modernize-make-unique)
    folders_.push_back(std::unique_ptr<Folder>(
        new Folder{folder, FolderSync(settings.workspace, key, folder, reader_, store_, deliver_),
                   eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK), std::thread(), FolderStats{}}));
  }
}

MailboxWatcher::~MailboxWatcher() {
  Stop();
  for (auto& folder : folders_) {
    if (folder->wake_fd >= 0) close(folder->wake_fd);
  }
}

void MailboxWatcher::Start() {
  stopping_ = false;
  for (auto& folder : folders_) {
    if (!folder->thread.joinable())
      folder->thread = std::thread([this, f = folder.get()] { Run(*f); });
  }
}

void MailboxWatcher::Stop() {
  stopping_ = true;
  Wake();
  for (auto& folder : folders_) {
    if (folder->thread.joinable()) folder->thread.join();
  }
}

void MailboxWatcher::Wake() {
  for (auto& folder : folders_) {
    const uint64_t one = 1;
    if (folder->wake_fd >= 0) (void)!write(folder->wake_fd, &one, sizeof one);
  }
}

void MailboxWatcher::Drain(Folder& folder) {
  uint64_t count = 0;
  if (!stopping_ && folder.wake_fd >= 0) (void)!read(folder.wake_fd, &count, sizeof count);
}

bool MailboxWatcher::Wait(Folder& folder, std::chrono::milliseconds how_long) {
  pollfd wake{folder.wake_fd, POLLIN, 0};
  if (!stopping_) poll(&wake, 1, static_cast<int>(how_long.count()));
  Drain(folder);
  return !stopping_;
}

FolderStats MailboxWatcher::Stats(std::string_view folder) const {
  std::lock_guard lock(stats_mu_);
  for (const auto& f : folders_) {
    if (f->folder == folder) return f->stats;
  }
  return {};
}

void MailboxWatcher::Run(Folder& folder) {
  std::chrono::milliseconds backoff = options_.first_retry;
  while (!stopping_) {
    const Status status = Session(folder, backoff);
    if (stopping_) break;
    const bool login = status.code() == StatusCode::kUsage;
    {
      std::lock_guard lock(stats_mu_);
      folder.stats.up = false;
      ++(login ? folder.stats.login_failures : folder.stats.connection_failures);
      folder.stats.retry_in = backoff;
    }
    log_(fmt::format("mailbox {} ({}): {}; trying again in {} s", name_, folder.folder,
                     status.message(), std::max<int64_t>(1, (backoff.count() + 999) / 1000)));
    if (!Wait(folder, backoff)) break;
    backoff = std::min(backoff * 2, options_.max_retry);
  }
  std::lock_guard lock(stats_mu_);
  folder.stats.up = false;
}

Status MailboxWatcher::Session(Folder& folder, std::chrono::milliseconds& backoff) {
  auto client = ImapClient::Connect(endpoint_, options_.timeout);
  if (!client.ok()) return client.status();
  if (Status s = (*client)->Login(settings_.user, password_); !s.ok()) return s;
  bool first = true;
  const auto stop = [this] { return stopping_.load(); };
  while (!stopping_) {
    auto counts = folder.sync.Sync(**client, stop);
    if (!counts.ok()) return counts.status();
    {
      std::lock_guard lock(stats_mu_);
      FolderStats& s = folder.stats;
      if (first && (s.login_failures > 0 || s.connection_failures > 0)) {
        log_(fmt::format("mailbox {} ({}): reading again", name_, folder.folder));
      }
      s.up = true;
      s.retry_in = std::chrono::milliseconds(0);
      s.messages += counts->messages;
      s.new_events += counts->new_events;
      s.unreadable += counts->unreadable;
      ++s.syncs;
    }
    first = false;
    backoff = options_.first_retry;  // a good session: the next failure starts afresh
    if (stopping_) break;
    if ((*client)->CanIdle()) {
      // IDLE at most poll_every: libetpan drops an EXISTS the server sends as IDLE starts (a
      // message that came between the read and the IDLE), so such a message waits at most that.
      const auto renew =
          std::min<std::chrono::milliseconds>(options_.idle_renew, settings_.poll_every);
      auto news = (*client)->Idle(renew, folder.wake_fd);
      if (!news.ok()) return news.status();
      Drain(folder);
    } else if (!Wait(folder, settings_.poll_every)) {
      break;
    }
  }
  return Status::Ok();
}

std::string MailboxWatcher::MetricsText() const {
  std::lock_guard lock(stats_mu_);
  std::string out;
  for (const auto& f : folders_) {
    const std::string labels =
        fmt::format("{{mailbox=\"{}\",folder=\"{}\"}}", LabelValue(name_), LabelValue(f->folder));
    const FolderStats& s = f->stats;
    out += fmt::format("fiducia_mailbox_up{} {}\n", labels, s.up ? 1 : 0);
    out += fmt::format("fiducia_mailbox_login_failures_total{} {}\n", labels, s.login_failures);
    out += fmt::format("fiducia_mailbox_connection_failures_total{} {}\n", labels,
                       s.connection_failures);
    out += fmt::format("fiducia_mailbox_messages_total{} {}\n", labels, s.messages);
    out += fmt::format("fiducia_mailbox_events_new_total{} {}\n", labels, s.new_events);
    out += fmt::format("fiducia_mailbox_unreadable_total{} {}\n", labels, s.unreadable);
    out += fmt::format("fiducia_mailbox_retry_seconds{} {:.3f}\n", labels,
                       static_cast<double>(s.retry_in.count()) / 1000);
  }
  return out;
}

Result<std::unique_ptr<Mailboxes>> Mailboxes::Create(const std::vector<MailboxSettings>& mailboxes,
                                                     const AuditPolicy& policy, EventStore& store,
                                                     const DeliverEvents& deliver,
                                                     const LogLine& log, WatchOptions options) {
  auto all = std::make_unique<Mailboxes>();
  IngestOptions ingest;
  ingest.default_region = policy.phone_region;
  ingest.cues = policy.cues;
  ingest.limits = policy.limits;
  for (const MailboxSettings& settings : mailboxes) {
    auto watcher =
        MailboxWatcher::Create(settings, policy.sources, ingest, store, deliver, log, options);
    if (!watcher.ok()) return watcher.status();
    all->watchers_.push_back(std::move(*watcher));
  }
  return all;
}

void Mailboxes::Start() {
  for (auto& w : watchers_) w->Start();
}

void Mailboxes::Stop() {
  for (auto& w : watchers_) w->Stop();
}

std::string Mailboxes::MetricsText() const {
  std::string out;
  for (const auto& w : watchers_) out += w->MetricsText();
  return out;
}

}  // namespace fiducia

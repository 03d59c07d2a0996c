// `fiducia serve`'s live mailboxes: each configured folder (the inbox, the sent folder) of each
// mailbox is watched on a thread and a connection of its own: read from where it stopped
// (FolderSync), then IDLE where the server offers it (ended and read again every poll_every at
// the latest, which heals a message that came as IDLE began), else a poll
// every `poll_every`. A refused login or a dropped connection is logged, counted for /metrics and
// retried with back-off (doubling up to a limit, back to the start after a good session); the
// other folders, mailboxes and sources go on meanwhile.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "audit/audit_policy.h"
#include "common/status.h"
#include "mailbox/folder_sync.h"
#include "mailbox/mail_events.h"
#include "mailbox/mailbox_settings.h"
#include "store/event_store.h"

namespace fiducia {

struct WatchOptions {
  std::chrono::seconds timeout = std::chrono::seconds(60);  // of one network read or write
  std::chrono::milliseconds first_retry = std::chrono::seconds(1);
  std::chrono::milliseconds max_retry = std::chrono::minutes(5);
  std::chrono::milliseconds idle_renew = std::chrono::minutes(10);  // RFC 2177: under 29 min
};

// One line for the server's log (no password is ever in one).
using LogLine = std::function<void(const std::string&)>;

struct FolderStats {
  bool up = false;  // logged in and reading now
  uint64_t login_failures = 0, connection_failures = 0;
  uint64_t messages = 0, new_events = 0, unreadable = 0, syncs = 0;
  std::chrono::milliseconds retry_in{0};  // the back-off before the next attempt, while down
};

class MailboxWatcher {
 public:
  // Checks the settings: the URL, the user, the password (from the config or its environment
  // variable). Usage naming the mailbox when one is missing or bad.
  static Result<std::unique_ptr<MailboxWatcher>> Create(const MailboxSettings& settings,
                                                        const SourceSettings& sources,
                                                        const IngestOptions& ingest,
                                                        EventStore& store, DeliverEvents deliver,
                                                        LogLine log, WatchOptions options = {});
  ~MailboxWatcher();  // Stop()
  MailboxWatcher(const MailboxWatcher&) = delete;
  MailboxWatcher& operator=(const MailboxWatcher&) = delete;

  void Start();
  // Ends every folder's session (IDLE and waits are interrupted) and joins the threads.
  void Stop();
  // Every folder reads now instead of at its next IDLE word or poll (tests; a SIGHUP).
  void Wake();
  FolderStats Stats(std::string_view folder) const;
  // Prometheus lines: fiducia_mailbox_up, _login_failures_total, _connection_failures_total,
  // _messages_total, _events_new_total, _unreadable_total, _retry_seconds, labelled
  // {mailbox, folder}.
  std::string MetricsText() const;
  const std::string& name() const { return name_; }

 private:
  struct Folder;
  MailboxWatcher(const MailboxSettings& settings, std::string password, ImapEndpoint endpoint,
                 const SourceSettings& sources, const IngestOptions& ingest, EventStore& store,
                 DeliverEvents deliver, LogLine log, WatchOptions options);
  void Run(Folder& folder);
  // One session: connect, log in, read, wait for news, read again… until an error or Stop().
  Status Session(Folder& folder, std::chrono::milliseconds& backoff);
  // Waits `how_long`, or less when woken; false when stopping.
  bool Wait(Folder& folder, std::chrono::milliseconds how_long);
  void Drain(Folder& folder);

  MailboxSettings settings_;
  std::string name_, password_;
  ImapEndpoint endpoint_;
  MailEvents reader_;
  EventStore& store_;
  DeliverEvents deliver_;
  LogLine log_;
  WatchOptions options_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Folder>> folders_;
  mutable std::mutex stats_mu_;
};

// Every mailbox of the config, for `fiducia serve`.
class Mailboxes {
 public:
  // Each mailbox's messages are read as the audit reads e-mail, with `policy`.
  static Result<std::unique_ptr<Mailboxes>> Create(const std::vector<MailboxSettings>& mailboxes,
                                                   const AuditPolicy& policy, EventStore& store,
                                                   const DeliverEvents& deliver, const LogLine& log,
                                                   WatchOptions options = {});
  void Start();
  void Stop();
  std::string MetricsText() const;
  bool empty() const { return watchers_.empty(); }

 private:
  std::vector<std::unique_ptr<MailboxWatcher>> watchers_;
};

}  // namespace fiducia

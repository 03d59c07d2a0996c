// Where `fiducia serve` keeps the events it acknowledged: an append-only log of canonical event
// lines, unique by id within a workspace, durable before the client hears "accepted". SQLite in
// WAL mode in one file by default, or PostgreSQL (several serve nodes on one database); the same
// schema, versioned and migrated on open, behind this one interface.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace fiducia {

struct StoredEvent {
  std::string id;
  std::string line;  // the canonical JSON of the event, as validated
};

// The workspace of tokens and data that came before workspaces existed (schema version 3).
inline constexpr std::string_view kDefaultWorkspace = "default";

class EventStore {
 public:
  virtual ~EventStore() = default;
  // Adds the events of `workspace` whose id is not stored there yet, durably; how many were new.
  // Events are numbered in the order their transactions commit. Group commit: the appends that
  // arrive while a transaction commits wait for it and then go together in the next one (one
  // fsync for all of them), each still told its own count; a failed transaction fails every
  // append in it, and none of their events is stored.
  Result<size_t> Append(std::string_view workspace, const std::vector<StoredEvent>& events);
  // How many appends wait for the next transaction now.
  size_t QueuedAppends();
  // Every stored event numbered after `after` (0: all), of every workspace, in that order, at
  // most `limit` of them: what another node has added since this one last looked. The store is
  // busy while `visit` runs: a caller with slow work copies what it needs and reads in chunks.
  using EventVisitor =
      std::function<void(int64_t number, std::string_view workspace, std::string_view line)>;
  virtual Status ForEachSince(int64_t after, const EventVisitor& visit,
                              int64_t limit = kAllEvents) const = 0;
  static constexpr int64_t kAllEvents = -1;
  // A number that differs from the one the previous call returned when any connection committed
  // since (SQLite's data_version: no disk read), so that a reader asks ForEachSince only when
  // there may be something new; nullopt when the store cannot tell cheaply (then always ask).
  virtual std::optional<int64_t> ChangeMark() const { return std::nullopt; }
  virtual Result<int> SchemaVersion() const = 0;

  // Alerts are recorded once each, by workspace and key, and delivered until a webhook took them.
  // Several nodes may deliver: an alert is claimed (leased to one node for a while) before it is
  // sent, so that no two nodes send it, and one whose node died is claimed again once the lease
  // expires.
  struct PendingAlert {
    std::string workspace, key, body;
    int attempts = 0;
  };
  // True when the alert is new (and is now recorded); false when it was recorded before.
  virtual Result<bool> RecordAlert(std::string_view workspace, const std::string& key,
                                   const std::string& body) = 0;
  // Claims for `node`, until now_ms + lease_ms, at most `limit` alerts not yet delivered whose
  // next attempt is due at `now_ms` (milliseconds since the epoch) and that no live lease holds.
  virtual Result<std::vector<PendingAlert>> ClaimDueAlerts(int64_t now_ms, std::string_view node,
                                                           int64_t lease_ms, size_t limit) = 0;
  // After an attempt by `node`: delivered, or tried again from `next_ms`; the lease ends. Nothing
  // changes when the lease was lost to another node meanwhile.
  virtual Status MarkAlert(const PendingAlert& alert, std::string_view node, bool delivered,
                           int attempts, int64_t next_ms) = 0;

  // API tokens, kept only as their SHA-256 (hex): a stolen database gives no working token. Each
  // belongs to one workspace and sees only its data.
  struct Grant {
    std::string role, workspace;
  };
  virtual Status AddToken(const std::string& hash, const std::string& name, const std::string& role,
                          std::string_view workspace) = 0;
  // What the token with this hash may do; nullopt when none was issued.
  virtual Result<std::optional<Grant>> GrantOfToken(const std::string& hash) = 0;
  virtual Result<int64_t> TokenCount() = 0;

  // Where a live source stopped reading (a mailbox folder's UIDVALIDITY and last UID), one small
  // value per workspace and key, so that a restarted server resumes there. Saved after the events
  // it covers are durable: a crash in between reads them again, and Append keeps them once.
  virtual Result<std::optional<std::string>> LoadSyncState(std::string_view workspace,
                                                           const std::string& key) = 0;
  virtual Status SaveSyncState(std::string_view workspace, const std::string& key,
                               const std::string& value) = 0;

 protected:
  struct AppendBatch {
    std::string_view workspace;
    const std::vector<StoredEvent>* events;
    size_t added = 0;  // set by CommitBatches: how many of `events` were new
  };
  // Stores every batch in one durable transaction, in order (an id twice in a workspace counts
  // once, in the first batch that holds it). Called by one thread at a time.
  virtual Status CommitBatches(std::span<AppendBatch> batches) = 0;

 private:
  struct PendingAppend;
  // Commits every append queued so far; `lock` holds group_mu_ and is released meanwhile.
  void CommitQueued(std::unique_lock<std::mutex>& lock);

  std::mutex group_mu_;
  std::condition_variable group_cv_;
  std::vector<PendingAppend*> queued_;  // waiting for the next transaction
  bool committing_ = false;
};

// The schema version this build writes. 1 events, 2 alerts, 3 tokens, 4 workspaces and leases,
// 5 the live sources' sync state.
inline constexpr int kStoreSchemaVersion = 5;

// Opens (creating it when absent) the SQLite database at `path` and migrates it to
// `schema_version` (older versions: for migration tests only). An error names the file and what
// SQLite said.
Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path,
                                                    int schema_version = kStoreSchemaVersion);
// Connects to PostgreSQL (`url`: postgresql://user@host:port/db?…, libpq's URI; libpq's
// environment variables and ~/.pgpass fill what it leaves out) and migrates the database.
Result<std::unique_ptr<EventStore>> OpenPostgresStore(const std::string& url,
                                                      int schema_version = kStoreSchemaVersion);

// postgresql:// or postgres:// selects PostgreSQL; anything else is a SQLite file path.
bool IsPostgresUrl(std::string_view where);
Result<std::unique_ptr<EventStore>> OpenStore(const std::string& where);
// `where` fit for a log: a URL's password replaced by ***.
std::string RedactedStoreName(std::string_view where);

}  // namespace fiducia

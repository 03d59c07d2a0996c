// Where `fiducia serve` keeps the events it acknowledged: an append-only log of canonical event
// lines, unique by id, durable before the client hears "accepted". SQLite in WAL mode in one file;
// the schema is versioned and migrated on open.
#pragma once

#include <functional>
#include <memory>
#include <optional>
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

class EventStore {
 public:
  virtual ~EventStore() = default;
  // Adds the events whose id is not stored yet, in one durable transaction; how many were new.
  virtual Result<size_t> Append(const std::vector<StoredEvent>& events) = 0;
  // Every stored event's line, in the order they were first accepted.
  virtual Status ForEach(const std::function<void(std::string_view line)>& visit) const = 0;
  virtual Result<int> SchemaVersion() const = 0;

  // Alerts are recorded once each, by key, and delivered until a webhook took them.
  struct PendingAlert {
    std::string key, body;
    int attempts = 0;
  };
  // True when `key` is new (and is now recorded); false when it was recorded before.
  virtual Result<bool> RecordAlert(const std::string& key, const std::string& body) = 0;
  // Alerts not yet delivered whose next attempt is due at `now_ms` (milliseconds since the epoch).
  virtual Result<std::vector<PendingAlert>> DueAlerts(int64_t now_ms) = 0;
  // After an attempt: delivered, or tried again from `next_ms`.
  virtual Status MarkAlert(const std::string& key, bool delivered, int attempts,
                           int64_t next_ms) = 0;

  // API tokens, kept only as their SHA-256 (hex): a stolen database gives no working token.
  virtual Status AddToken(const std::string& hash, const std::string& name,
                          const std::string& role) = 0;
  // The role of the token with this hash; nullopt when none was issued.
  virtual Result<std::optional<std::string>> RoleOfToken(const std::string& hash) = 0;
  virtual Result<int64_t> TokenCount() = 0;
};

// Opens (creating it when absent) the SQLite database at `path` and migrates it to the current
// schema. An error names the file and what SQLite said.
Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path);

// The schema version this build writes.
inline constexpr int kStoreSchemaVersion = 3;

}  // namespace fiducia

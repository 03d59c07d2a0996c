// Where `fiducia serve` keeps the events it acknowledged: an append-only log of canonical event
// lines, unique by id, durable before the client hears "accepted". SQLite in WAL mode in one file;
// the schema is versioned and migrated on open.
#pragma once

#include <functional>
#include <memory>
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
};

// Opens (creating it when absent) the SQLite database at `path` and migrates it to the current
// schema. An error names the file and what SQLite said.
Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path);

// The schema version this build writes.
inline constexpr int kStoreSchemaVersion = 1;

}  // namespace fiducia

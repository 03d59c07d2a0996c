#include <fmt/format.h>
#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/event_store.h"

namespace fiducia {
namespace {

// Each entry brings the schema from version i to i + 1.
constexpr std::string_view kMigrations[] = {
    "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
    "line TEXT NOT NULL);",
    "CREATE TABLE alerts (key TEXT PRIMARY KEY, body TEXT NOT NULL, attempts INTEGER NOT NULL "
    "DEFAULT 0, next_ms INTEGER NOT NULL DEFAULT 0, delivered INTEGER NOT NULL DEFAULT 0);",
    "CREATE TABLE tokens (hash TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL);",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) {
    sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  explicit operator bool() const { return stmt_ != nullptr; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteStore final : public EventStore {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override { sqlite3_close_v2(db_); }

  Status Exec(std::string_view sql) const {
    char* message = nullptr;
    if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message) == SQLITE_OK) {
      return Status::Ok();
    }
    Status s = Error(message ? message : sqlite3_errmsg(db_));
    sqlite3_free(message);
    return s;
  }

  Status Error(std::string_view what) const {
    return Status::IoError(fmt::format("{}: {}", path_, what));
  }

  Status Migrate() {
    Status s = Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
    if (!s.ok()) return s;
    auto version = SchemaVersion();
    if (!version.ok()) return version.status();
    if (*version > kStoreSchemaVersion) {
      return Error(fmt::format("schema version {} is newer than this fiducia ({}): upgrade fiducia",
                               *version, kStoreSchemaVersion));
    }
    for (int v = *version; v < kStoreSchemaVersion; ++v) {
      s =
          Exec(fmt::format("BEGIN IMMEDIATE; {} DELETE FROM schema_version; "
                           "INSERT INTO schema_version VALUES ({}); COMMIT;",
                           kMigrations[v], v + 1));
      if (!s.ok()) {
        (void)Exec("ROLLBACK;");
        return s;
      }
    }
    return Status::Ok();
  }

  Result<int> SchemaVersion() const override {
    Statement q(db_, "SELECT version FROM schema_version");
    if (!q) return Error(sqlite3_errmsg(db_));
    return sqlite3_step(q.get()) == SQLITE_ROW ? sqlite3_column_int(q.get(), 0) : 0;
  }

  // Group commit: a caller that finds no commit in flight commits every request queued so far in
  // one transaction (one fsync); the others wait for it and get their own count. Concurrent posts
  // then share the cost of durability instead of queueing behind one fsync each.
  Result<size_t> Append(const std::vector<StoredEvent>& events) override {
    AppendRequest request{&events};
    std::unique_lock lock(group_mu_);
    queued_.push_back(&request);
    while (!request.done) {
      if (committing_) {
        group_cv_.wait(lock);
        continue;
      }
      committing_ = true;
      std::vector<AppendRequest*> group;
      group.swap(queued_);
      lock.unlock();
      const Status committed = CommitGroup(group);
      lock.lock();
      committing_ = false;
      for (AppendRequest* r : group) {
        r->done = true;
        if (!committed.ok()) r->status = committed;
      }
      group_cv_.notify_all();
    }
    if (!request.status.ok()) return request.status;
    return request.added;
  }

  Result<bool> RecordAlert(const std::string& key, const std::string& body) override {
    Statement insert(db_, "INSERT OR IGNORE INTO alerts (key, body) VALUES (?, ?)");
    if (!insert) return Error(sqlite3_errmsg(db_));
    sqlite3_bind_text(insert.get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert.get(), 2, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return Error(sqlite3_errmsg(db_));
    return sqlite3_changes(db_) > 0;
  }

  Result<std::vector<PendingAlert>> DueAlerts(int64_t now_ms) override {
    Statement q(db_,
                "SELECT key, body, attempts FROM alerts WHERE delivered = 0 AND next_ms <= ? "
                "ORDER BY rowid");
    if (!q) return Error(sqlite3_errmsg(db_));
    sqlite3_bind_int64(q.get(), 1, now_ms);
    std::vector<PendingAlert> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      out.push_back({Column(q, 0), Column(q, 1), sqlite3_column_int(q.get(), 2)});
    }
    if (rc != SQLITE_DONE) return Error(sqlite3_errmsg(db_));
    return out;
  }

  Status MarkAlert(const std::string& key, bool delivered, int attempts, int64_t next_ms) override {
    Statement update(db_,
                     "UPDATE alerts SET delivered = ?, attempts = ?, next_ms = ? WHERE key = ?");
    if (!update) return Error(sqlite3_errmsg(db_));
    sqlite3_bind_int(update.get(), 1, delivered ? 1 : 0);
    sqlite3_bind_int(update.get(), 2, attempts);
    sqlite3_bind_int64(update.get(), 3, next_ms);
    sqlite3_bind_text(update.get(), 4, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    if (sqlite3_step(update.get()) != SQLITE_DONE) return Error(sqlite3_errmsg(db_));
    return Status::Ok();
  }

  Status AddToken(const std::string& hash, const std::string& name,
                  const std::string& role) override {
    Statement insert(db_, "INSERT INTO tokens (hash, name, role) VALUES (?, ?, ?)");
    if (!insert) return Error(sqlite3_errmsg(db_));
    sqlite3_bind_text(insert.get(), 1, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert.get(), 2, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    sqlite3_bind_text(insert.get(), 3, role.data(), static_cast<int>(role.size()), SQLITE_STATIC);
    if (sqlite3_step(insert.get()) == SQLITE_CONSTRAINT) {
      return Status::Usage(fmt::format("a token named '{}' exists already", name));
    }
    if (sqlite3_errcode(db_) != SQLITE_DONE && sqlite3_errcode(db_) != SQLITE_OK) {
      return Error(sqlite3_errmsg(db_));
    }
    return Status::Ok();
  }

  Result<std::optional<std::string>> RoleOfToken(const std::string& hash) override {
    Statement q(db_, "SELECT role FROM tokens WHERE hash = ?");
    if (!q) return Error(sqlite3_errmsg(db_));
    sqlite3_bind_text(q.get(), 1, hash.data(), static_cast<int>(hash.size()), SQLITE_STATIC);
    if (sqlite3_step(q.get()) != SQLITE_ROW) return std::optional<std::string>();
    return std::optional<std::string>(Column(q, 0));
  }

  Result<int64_t> TokenCount() override {
    Statement q(db_, "SELECT COUNT(*) FROM tokens");
    if (!q || sqlite3_step(q.get()) != SQLITE_ROW) return Error(sqlite3_errmsg(db_));
    return static_cast<int64_t>(sqlite3_column_int64(q.get(), 0));
  }

  struct AppendRequest {
    const std::vector<StoredEvent>* events;
    size_t added = 0;
    Status status = Status::Ok();
    bool done = false;
  };

  // One transaction for every request of the group; each request's count of new events.
  Status CommitGroup(const std::vector<AppendRequest*>& group) {
    Status s = Exec("BEGIN IMMEDIATE;");
    if (!s.ok()) return s;
    Statement insert(db_, "INSERT OR IGNORE INTO events (id, line) VALUES (?, ?)");
    if (!insert) {
      const Status error = Error(sqlite3_errmsg(db_));
      (void)Exec("ROLLBACK;");
      return error;
    }
    for (AppendRequest* request : group) {
      request->added = 0;
      for (const StoredEvent& e : *request->events) {
        sqlite3_bind_text(insert.get(), 1, e.id.data(), static_cast<int>(e.id.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(insert.get(), 2, e.line.data(), static_cast<int>(e.line.size()),
                          SQLITE_STATIC);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) {
          const Status error = Error(sqlite3_errmsg(db_));
          (void)Exec("ROLLBACK;");
          return error;
        }
        request->added += static_cast<size_t>(sqlite3_changes(db_));
        sqlite3_reset(insert.get());
      }
    }
    return Exec("COMMIT;");
  }

  static std::string Column(const Statement& q, int i) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), i));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(q.get(), i))) : "";
  }

  Status ForEach(const std::function<void(std::string_view)>& visit) const override {
    Statement q(db_, "SELECT line FROM events ORDER BY seq");
    if (!q) return Error(sqlite3_errmsg(db_));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 0));
      visit(std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(q.get(), 0))));
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error(sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  std::string path_;
  std::mutex group_mu_;
  std::condition_variable group_cv_;
  std::vector<AppendRequest*> queued_;  // waiting for the next group commit
  bool committing_ = false;
};

}  // namespace

Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  auto store = std::make_unique<SqliteStore>(db, path);
  if (rc != SQLITE_OK) return store->Error(db ? sqlite3_errmsg(db) : "cannot open");
  const Status migrated = store->Migrate();
  if (!migrated.ok()) return migrated;
  return std::unique_ptr<EventStore>(std::move(store));
}

}  // namespace fiducia

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <mutex>

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
    // 4: workspaces (what came before is the default one) and alert leases for several nodes.
    // SQLite cannot change a table's keys in place: the tables are copied.
    "CREATE TABLE events_v4 (seq INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, "
    "id TEXT NOT NULL, line TEXT NOT NULL, UNIQUE (workspace, id));"
    "INSERT INTO events_v4 (seq, workspace, id, line) SELECT seq, 'default', id, line FROM events;"
    "DROP TABLE events; ALTER TABLE events_v4 RENAME TO events;"
    "CREATE TABLE alerts_v4 (seq INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, "
    "key TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
    "next_ms INTEGER NOT NULL DEFAULT 0, delivered INTEGER NOT NULL DEFAULT 0, "
    "lease_node TEXT NOT NULL DEFAULT '', lease_until_ms INTEGER NOT NULL DEFAULT 0, "
    "UNIQUE (workspace, key));"
    "INSERT INTO alerts_v4 (workspace, key, body, attempts, next_ms, delivered) "
    "SELECT 'default', key, body, attempts, next_ms, delivered FROM alerts ORDER BY rowid;"
    "DROP TABLE alerts; ALTER TABLE alerts_v4 RENAME TO alerts;"
    "ALTER TABLE tokens ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';",
    // 5: where each live source (a mailbox folder) stopped reading.
    "CREATE TABLE sync_state (workspace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (workspace, key));",
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
  // Binds the next parameters in order (the text must outlive the statement's step).
  Statement& Text(int i, std::string_view text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& Int(int i, int64_t value) {
    sqlite3_bind_int64(stmt_, i, value);
    return *this;
  }
  std::string Column(int i) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : "";
  }
  std::string_view ColumnView(int i) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return text ? std::string_view(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
                : std::string_view();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Two connections to one file: writes (each holding write_mu_, so that no statement of another
// thread lands inside an open transaction) and reads, which in WAL mode see the last commit
// without waiting for a write, its fsync or a checkpoint.
class SqliteStore final : public EventStore {
 public:
  SqliteStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStore() override {
    sqlite3_close_v2(scanner_);
    sqlite3_close_v2(reader_);
    sqlite3_close_v2(db_);
  }

  // The reading connections, once the schema is in place: `reader_` for the short look-ups every
  // request makes (its token), `scanner_` for reading the log (ForEachSince, ChangeMark). A
  // connection serves one call at a time, and a read's scan runs on a low-priority thread: on one
  // connection a post's token check waited for it.
  Status OpenReader() {
    for (sqlite3** connection : {&reader_, &scanner_}) {
      const int rc = sqlite3_open_v2(path_.c_str(), connection,
                                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr);
      if (rc != SQLITE_OK) return Error(*connection ? sqlite3_errmsg(*connection) : "cannot open");
      sqlite3_busy_timeout(*connection, 5000);
    }
    return Status::Ok();
  }

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
  Status LastError() const { return Error(sqlite3_errmsg(db_)); }
  Status ReadError() const { return Error(sqlite3_errmsg(reader_)); }

  Status Migrate(int target) {
    Status s = Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);");
    if (!s.ok()) return s;
    auto version = VersionOn(db_);
    if (!version.ok()) return version.status();
    if (*version > kStoreSchemaVersion) {
      return Error(fmt::format("schema version {} is newer than this fiducia ({}): upgrade fiducia",
                               *version, kStoreSchemaVersion));
    }
    for (int v = *version; v < target; ++v) {
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

  Result<int> SchemaVersion() const override { return VersionOn(reader_); }

  Result<int> VersionOn(sqlite3* db) const {
    Statement q(db, "SELECT version FROM schema_version");
    if (!q) return Error(sqlite3_errmsg(db));
    return sqlite3_step(q.get()) == SQLITE_ROW ? sqlite3_column_int(q.get(), 0) : 0;
  }

  Status CommitBatches(std::span<AppendBatch> batches) override {
    std::lock_guard lock(write_mu_);
    Status s = Exec("BEGIN IMMEDIATE;");
    if (!s.ok()) return s;
    s = InsertBatches(batches);
    if (s.ok()) s = Exec("COMMIT;");
    if (!s.ok()) (void)Exec("ROLLBACK;");
    return s;
  }

  Status InsertBatches(std::span<AppendBatch> batches) {
    Statement insert(db_, "INSERT OR IGNORE INTO events (workspace, id, line) VALUES (?, ?, ?)");
    if (!insert) return LastError();
    for (AppendBatch& batch : batches) {
      batch.added = 0;
      for (const StoredEvent& e : *batch.events) {
        insert.Text(1, batch.workspace).Text(2, e.id).Text(3, e.line);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) return LastError();
        batch.added += static_cast<size_t>(sqlite3_changes(db_));
        sqlite3_reset(insert.get());
      }
    }
    return Status::Ok();
  }

  Status ForEachSince(int64_t after, const EventVisitor& visit, int64_t limit) const override {
    Statement q(scanner_,
                "SELECT seq, workspace, line FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
    if (!q) return Error(sqlite3_errmsg(scanner_));
    q.Int(1, after).Int(2, limit);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      visit(sqlite3_column_int64(q.get(), 0), q.ColumnView(1), q.ColumnView(2));
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error(sqlite3_errmsg(scanner_));
  }

  std::optional<int64_t> ChangeMark() const override {
    Statement q(scanner_, "PRAGMA data_version");
    if (!q || sqlite3_step(q.get()) != SQLITE_ROW) return std::nullopt;
    return sqlite3_column_int64(q.get(), 0);
  }

  Result<bool> RecordAlert(std::string_view workspace, const std::string& key,
                           const std::string& body) override {
    std::lock_guard lock(write_mu_);
    Statement insert(db_, "INSERT OR IGNORE INTO alerts (workspace, key, body) VALUES (?, ?, ?)");
    if (!insert) return LastError();
    insert.Text(1, workspace).Text(2, key).Text(3, body);
    if (sqlite3_step(insert.get()) != SQLITE_DONE) return LastError();
    return sqlite3_changes(db_) > 0;
  }

  Result<std::vector<PendingAlert>> ClaimDueAlerts(int64_t now_ms, std::string_view node,
                                                   int64_t lease_ms, size_t limit) override {
    std::lock_guard lock(write_mu_);
    // One statement: the claim is atomic against another process on the same file.
    Statement q(db_,
                "UPDATE alerts SET lease_node = ?, lease_until_ms = ? WHERE seq IN (SELECT seq "
                "FROM alerts WHERE delivered = 0 AND next_ms <= ? AND lease_until_ms <= ? "
                "ORDER BY seq LIMIT ?) RETURNING seq, workspace, key, body, attempts");
    if (!q) return LastError();
    q.Text(1, node).Int(2, now_ms + lease_ms).Int(3, now_ms).Int(4, now_ms);
    q.Int(5, static_cast<int64_t>(limit));
    std::vector<std::pair<int64_t, PendingAlert>> claimed;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      claimed.push_back({sqlite3_column_int64(q.get(), 0),
                         {q.Column(1), q.Column(2), q.Column(3), sqlite3_column_int(q.get(), 4)}});
    }
    if (rc != SQLITE_DONE) return LastError();
    std::sort(claimed.begin(), claimed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<PendingAlert> out;
    for (auto& [seq, alert] : claimed) out.push_back(std::move(alert));
    return out;
  }

  Status MarkAlert(const PendingAlert& alert, std::string_view node, bool delivered, int attempts,
                   int64_t next_ms) override {
    std::lock_guard lock(write_mu_);
    Statement update(db_,
                     "UPDATE alerts SET delivered = ?, attempts = ?, next_ms = ?, lease_node = '', "
                     "lease_until_ms = 0 WHERE workspace = ? AND key = ? AND lease_node = ?");
    if (!update) return LastError();
    update.Int(1, delivered ? 1 : 0).Int(2, attempts).Int(3, next_ms);
    update.Text(4, alert.workspace).Text(5, alert.key).Text(6, node);
    if (sqlite3_step(update.get()) != SQLITE_DONE) return LastError();
    return Status::Ok();
  }

  Status AddToken(const std::string& hash, const std::string& name, const std::string& role,
                  std::string_view workspace) override {
    std::lock_guard lock(write_mu_);
    Statement insert(db_, "INSERT INTO tokens (hash, name, role, workspace) VALUES (?, ?, ?, ?)");
    if (!insert) return LastError();
    insert.Text(1, hash).Text(2, name).Text(3, role).Text(4, workspace);
    const int rc = sqlite3_step(insert.get());
    if (rc == SQLITE_CONSTRAINT) {
      return Status::Usage(fmt::format("a token named '{}' exists already", name));
    }
    return rc == SQLITE_DONE ? Status::Ok() : LastError();
  }

  Result<std::optional<Grant>> GrantOfToken(const std::string& hash) override {
    Statement q(reader_, "SELECT role, workspace FROM tokens WHERE hash = ?");
    if (!q) return ReadError();
    q.Text(1, hash);
    const int rc = sqlite3_step(q.get());
    if (rc == SQLITE_DONE) return std::optional<Grant>();
    if (rc != SQLITE_ROW) return ReadError();
    return std::optional<Grant>(Grant{q.Column(0), q.Column(1)});
  }

  Result<int64_t> TokenCount() override {
    Statement q(reader_, "SELECT COUNT(*) FROM tokens");
    if (!q || sqlite3_step(q.get()) != SQLITE_ROW) return ReadError();
    return static_cast<int64_t>(sqlite3_column_int64(q.get(), 0));
  }

  Result<std::optional<std::string>> LoadSyncState(std::string_view workspace,
                                                   const std::string& key) override {
    Statement q(reader_, "SELECT value FROM sync_state WHERE workspace = ? AND key = ?");
    if (!q) return ReadError();
    q.Text(1, workspace).Text(2, key);
    const int rc = sqlite3_step(q.get());
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return ReadError();
    return std::optional<std::string>(q.Column(0));
  }

  Status SaveSyncState(std::string_view workspace, const std::string& key,
                       const std::string& value) override {
    std::lock_guard lock(write_mu_);
    Statement upsert(db_,
                     "INSERT INTO sync_state (workspace, key, value) VALUES (?, ?, ?) "
                     "ON CONFLICT (workspace, key) DO UPDATE SET value = excluded.value");
    if (!upsert) return LastError();
    upsert.Text(1, workspace).Text(2, key).Text(3, value);
    return sqlite3_step(upsert.get()) == SQLITE_DONE ? Status::Ok() : LastError();
  }

 private:
  sqlite3* db_;
  sqlite3* reader_ = nullptr;
  sqlite3* scanner_ = nullptr;
  std::string path_;
  std::mutex write_mu_;
};

}  // namespace

Result<std::unique_ptr<EventStore>> OpenSqliteStore(const std::string& path, int schema_version) {
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  auto store = std::make_unique<SqliteStore>(db, path);
  if (rc != SQLITE_OK) return store->Error(db ? sqlite3_errmsg(db) : "cannot open");
  Status s = store->Migrate(schema_version);
  if (s.ok()) s = store->OpenReader();
  if (!s.ok()) return s;
  return std::unique_ptr<EventStore>(std::move(store));
}

}  // namespace fiducia

// The event store on PostgreSQL through libpq: the schema and the migrations of the SQLite store,
// for several `fiducia serve` nodes on one database. One connection, used by one caller at a time.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <mutex>

#include "store/event_store.h"

namespace fiducia {
namespace {

// Each entry brings the schema from version i to i + 1: the SQLite store's schema in PostgreSQL's
// types (BIGSERIAL for SQLite's rowid order).
constexpr std::string_view kMigrations[] = {
    "CREATE TABLE events (seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, line TEXT NOT NULL);",
    "CREATE TABLE alerts (seq BIGSERIAL, key TEXT PRIMARY KEY, body TEXT NOT NULL, "
    "attempts INTEGER NOT NULL DEFAULT 0, next_ms BIGINT NOT NULL DEFAULT 0, "
    "delivered INTEGER NOT NULL DEFAULT 0);",
    "CREATE TABLE tokens (hash TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL);",
    // 4: workspaces (what came before is the default one) and alert leases for several nodes.
    "ALTER TABLE events ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';"
    "ALTER TABLE events ALTER COLUMN workspace DROP DEFAULT;"
    "ALTER TABLE events DROP CONSTRAINT events_id_key;"
    "ALTER TABLE events ADD CONSTRAINT events_workspace_id_key UNIQUE (workspace, id);"
    "ALTER TABLE alerts ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default', "
    "ADD COLUMN lease_node TEXT NOT NULL DEFAULT '', "
    "ADD COLUMN lease_until_ms BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE alerts ALTER COLUMN workspace DROP DEFAULT;"
    "ALTER TABLE alerts DROP CONSTRAINT alerts_pkey;"
    "ALTER TABLE alerts ADD PRIMARY KEY (workspace, key);"
    "CREATE INDEX alerts_due ON alerts (next_ms) WHERE delivered = 0;"
    "ALTER TABLE tokens ADD COLUMN workspace TEXT NOT NULL DEFAULT 'default';",
    // 5: where each live source (a mailbox folder) stopped reading.
    "CREATE TABLE sync_state (workspace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (workspace, key));",
};
static_assert(std::size(kMigrations) == kStoreSchemaVersion);

// Advisory lock keys (per database): one migrating node at a time; one appending transaction at
// a time, so that event numbers commit in order and a node reading "after n" misses none.
constexpr int64_t kMigrationLock = 0x6669647563690001;
constexpr int64_t kAppendLock = 0x6669647563690002;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// {"a","b\"c"}: a text[] literal.
std::string ArrayLiteral(const std::vector<StoredEvent>& events, std::string StoredEvent::*field) {
  std::string out = "{";
  for (const StoredEvent& e : events) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : e.*field) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

int64_t ToInt(const char* text) {
  int64_t value = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), value);
  return value;
}

class PostgresStore final : public EventStore {
 public:
  PostgresStore(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  ~PostgresStore() override { PQfinish(conn_); }

  Status Error(std::string_view what) const {
    // libpq's messages run over lines ("…failed: Connection refused\n\tIs the server running…"):
    // one line, for a log.
    std::string message;
    for (char c : what) {
      const bool space = c == '\n' || c == '\t' || c == ' ';
      if (!space) {
        message += c;
      } else if (!message.empty() && message.back() != ' ') {
        message += ' ';
      }
    }
    while (!message.empty() && message.back() == ' ') message.pop_back();
    return Status::IoError(fmt::format("{}: {}", name_, message));
  }
  Status ConnectionError() const { return Error(PQerrorMessage(conn_)); }

  // A lost connection (a restarted server) is opened again before the next command.
  Status Connected() const {
    if (PQstatus(conn_) == CONNECTION_OK) return Status::Ok();
    PQreset(conn_);
    return PQstatus(conn_) == CONNECTION_OK ? Session() : ConnectionError();
  }
  // Acknowledged means committed to disk, whatever the server's default.
  // Notices ("relation exists, skipping") are not for the user.
  Status Session() const {
    return ExecScript("SET synchronous_commit TO on; SET client_min_messages TO warning");
  }

  // Runs `sql` with text parameters; the result when the server says it went well.
  Result<PgResult> Exec(std::string_view sql, std::initializer_list<std::string_view> params = {},
                        std::string_view unique_violation = {}) const {
    std::vector<std::string> values(params.begin(), params.end());
    std::vector<const char*> pointers;
    for (const std::string& v : values) pointers.push_back(v.c_str());
    PgResult r(PQexecParams(conn_, std::string(sql).c_str(), static_cast<int>(pointers.size()),
                            nullptr, pointers.data(), nullptr, nullptr, 0));
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
    const char* state = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    if (!unique_violation.empty() && state && std::string_view(state) == "23505") {
      return Status::Usage(std::string(unique_violation));
    }
    return r ? Error(PQresultErrorMessage(r.get())) : ConnectionError();
  }
  // Several statements, no parameters (migrations).
  Status ExecScript(std::string_view sql) const {
    PgResult r(PQexec(conn_, std::string(sql).c_str()));
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::Ok();
    return r ? Error(PQresultErrorMessage(r.get())) : ConnectionError();
  }
  // Runs `body` in a transaction: committed when it returns OK, else rolled back.
  template <typename Body>
  Status Transaction(Body&& body) const {
    Status s = ExecScript("BEGIN");
    if (!s.ok()) return s;
    s = body();
    if (s.ok()) s = ExecScript("COMMIT");
    if (!s.ok()) (void)ExecScript("ROLLBACK");
    return s;
  }

  Status Migrate(int target) {
    std::lock_guard lock(mu_);
    Status s = Session();
    if (!s.ok()) return s;
    return Transaction([&]() -> Status {
      auto locked = Exec(fmt::format("SELECT pg_advisory_xact_lock({})", kMigrationLock));
      if (!locked.ok()) return locked.status();
      Status created =
          ExecScript("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      if (!created.ok()) return created;
      auto version = VersionLocked();
      if (!version.ok()) return version.status();
      if (*version > kStoreSchemaVersion) {
        return Error(
            fmt::format("schema version {} is newer than this fiducia ({}): upgrade fiducia",
                        *version, kStoreSchemaVersion));
      }
      for (int v = *version; v < target; ++v) {
        Status step = ExecScript(
            fmt::format("{} DELETE FROM schema_version; INSERT INTO schema_version VALUES ({});",
                        kMigrations[v], v + 1));
        if (!step.ok()) return step;
      }
      return Status::Ok();
    });
  }

  Result<int> VersionLocked() const {
    auto r = Exec("SELECT version FROM schema_version");
    if (!r.ok()) return r.status();
    return PQntuples(r->get()) == 0 ? 0 : static_cast<int>(ToInt(PQgetvalue(r->get(), 0, 0)));
  }

  Result<int> SchemaVersion() const override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    return VersionLocked();
  }

  Status CommitBatches(std::span<AppendBatch> batches) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    return Transaction([&]() -> Status {
      auto locked = Exec(fmt::format("SELECT pg_advisory_xact_lock({})", kAppendLock));
      if (!locked.ok()) return locked.status();
      for (AppendBatch& batch : batches) {
        auto inserted = Exec(
            "INSERT INTO events (workspace, id, line) SELECT $1, e.id, e.line "
            "FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS e(id, line, n) ORDER BY e.n "
            "ON CONFLICT DO NOTHING",
            {batch.workspace, ArrayLiteral(*batch.events, &StoredEvent::id),
             ArrayLiteral(*batch.events, &StoredEvent::line)});
        if (!inserted.ok()) return inserted.status();
        batch.added = static_cast<size_t>(ToInt(PQcmdTuples(inserted->get())));
      }
      return Status::Ok();
    });
  }

  Status ForEachSince(int64_t after, const EventVisitor& visit, int64_t limit) const override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    const std::string after_text = std::to_string(after);
    const std::string limit_text = limit < 0 ? "ALL" : std::to_string(limit);
    const char* params[] = {after_text.c_str(), limit_text.c_str()};
    if (!PQsendQueryParams(conn_,
                           "SELECT seq, workspace, line FROM events WHERE seq > $1 ORDER BY seq "
                           "LIMIT CAST(NULLIF($2, 'ALL') AS bigint)",
                           2, nullptr, params, nullptr, nullptr, 0) ||
        !PQsetSingleRowMode(conn_)) {
      return ConnectionError();
    }
    // One row at a time, so that a large store is not held in memory twice; every result is
    // read, so that the connection is free again afterwards.
    Status status = Status::Ok();
    while (PGresult* raw = PQgetResult(conn_)) {
      PgResult r(raw);
      const ExecStatusType kind = PQresultStatus(raw);
      if (kind == PGRES_SINGLE_TUPLE && status.ok()) {
        visit(ToInt(PQgetvalue(raw, 0, 0)),
              std::string_view(PQgetvalue(raw, 0, 1), static_cast<size_t>(PQgetlength(raw, 0, 1))),
              std::string_view(PQgetvalue(raw, 0, 2), static_cast<size_t>(PQgetlength(raw, 0, 2))));
      } else if (kind != PGRES_SINGLE_TUPLE && kind != PGRES_TUPLES_OK && status.ok()) {
        status = Error(PQresultErrorMessage(raw));
      }
    }
    return status;
  }

  Result<bool> RecordAlert(std::string_view workspace, const std::string& key,
                           const std::string& body) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    auto r =
        Exec("INSERT INTO alerts (workspace, key, body) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
             {workspace, key, body});
    if (!r.ok()) return r.status();
    return ToInt(PQcmdTuples(r->get())) > 0;
  }

  Result<std::vector<PendingAlert>> ClaimDueAlerts(int64_t now_ms, std::string_view node,
                                                   int64_t lease_ms, size_t limit) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    // SKIP LOCKED: an alert another node is claiming right now is not waited for, and the
    // re-checked condition leaves out one it has just claimed.
    auto r = Exec(
        "UPDATE alerts SET lease_node = $1, lease_until_ms = $2 WHERE (workspace, key) IN "
        "(SELECT workspace, key FROM alerts WHERE delivered = 0 AND next_ms <= $3 AND "
        "lease_until_ms <= $3 ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED) "
        "RETURNING seq, workspace, key, body, attempts",
        {node, std::to_string(now_ms + lease_ms), std::to_string(now_ms), std::to_string(limit)});
    if (!r.ok()) return r.status();
    std::vector<std::pair<int64_t, PendingAlert>> claimed;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
      claimed.push_back(
          {ToInt(PQgetvalue(r->get(), i, 0)),
           {PQgetvalue(r->get(), i, 1), PQgetvalue(r->get(), i, 2), PQgetvalue(r->get(), i, 3),
            static_cast<int>(ToInt(PQgetvalue(r->get(), i, 4)))}});
    }
    std::sort(claimed.begin(), claimed.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<PendingAlert> out;
    for (auto& [seq, alert] : claimed) out.push_back(std::move(alert));
    return out;
  }

  Status MarkAlert(const PendingAlert& alert, std::string_view node, bool delivered, int attempts,
                   int64_t next_ms) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    return Exec(
               "UPDATE alerts SET delivered = $1, attempts = $2, next_ms = $3, lease_node = '', "
               "lease_until_ms = 0 WHERE workspace = $4 AND key = $5 AND lease_node = $6",
               {delivered ? "1" : "0", std::to_string(attempts), std::to_string(next_ms),
                alert.workspace, alert.key, node})
        .status();
  }

  Status AddToken(const std::string& hash, const std::string& name, const std::string& role,
                  std::string_view workspace) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    return Exec("INSERT INTO tokens (hash, name, role, workspace) VALUES ($1, $2, $3, $4)",
                {hash, name, role, workspace},
                fmt::format("a token named '{}' exists already", name))
        .status();
  }

  Result<std::optional<Grant>> GrantOfToken(const std::string& hash) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    auto r = Exec("SELECT role, workspace FROM tokens WHERE hash = $1", {hash});
    if (!r.ok()) return r.status();
    if (PQntuples(r->get()) == 0) return std::optional<Grant>();
    return std::optional<Grant>(Grant{PQgetvalue(r->get(), 0, 0), PQgetvalue(r->get(), 0, 1)});
  }

  Result<int64_t> TokenCount() override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    auto r = Exec("SELECT COUNT(*) FROM tokens");
    if (!r.ok()) return r.status();
    return ToInt(PQgetvalue(r->get(), 0, 0));
  }

  Result<std::optional<std::string>> LoadSyncState(std::string_view workspace,
                                                   const std::string& key) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    auto r =
        Exec("SELECT value FROM sync_state WHERE workspace = $1 AND key = $2", {workspace, key});
    if (!r.ok()) return r.status();
    if (PQntuples(r->get()) == 0) return std::optional<std::string>();
    return std::optional<std::string>(PQgetvalue(r->get(), 0, 0));
  }

  Status SaveSyncState(std::string_view workspace, const std::string& key,
                       const std::string& value) override {
    std::lock_guard lock(mu_);
    if (Status s = Connected(); !s.ok()) return s;
    auto r = Exec(
        "INSERT INTO sync_state (workspace, key, value) VALUES ($1, $2, $3) "
        "ON CONFLICT (workspace, key) DO UPDATE SET value = excluded.value",
        {workspace, key, value});
    return r.ok() ? Status::Ok() : r.status();
  }

 private:
  mutable std::mutex mu_;  // libpq: one command at a time on a connection
  PGconn* conn_;
  std::string name_;  // the URL without its password, for messages
};

}  // namespace

Result<std::unique_ptr<EventStore>> OpenPostgresStore(const std::string& url, int schema_version) {
  PGconn* conn = PQconnectdb(url.c_str());
  auto store = std::make_unique<PostgresStore>(conn, RedactedStoreName(url));
  if (!conn) return store->Error("out of memory");
  if (PQstatus(conn) != CONNECTION_OK) return store->ConnectionError();
  const Status migrated = store->Migrate(schema_version);
  if (!migrated.ok()) return migrated;
  return std::unique_ptr<EventStore>(std::move(store));
}

bool IsPostgresUrl(std::string_view where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://");
}

Result<std::unique_ptr<EventStore>> OpenStore(const std::string& where) {
  return IsPostgresUrl(where) ? OpenPostgresStore(where) : OpenSqliteStore(where);
}

std::string RedactedStoreName(std::string_view where) {
  if (!IsPostgresUrl(where)) return std::string(where);
  const size_t scheme = where.find("://") + 3;
  const size_t authority_end = std::min(where.find_first_of("/?", scheme), where.size());
  const size_t at = where.rfind('@', authority_end);
  const size_t colon = where.find(':', scheme);
  std::string out(where);
  if (at != std::string_view::npos && at >= scheme && colon < at) {
    out.replace(colon + 1, at - colon - 1, "***");
  }
  // A password given as a query parameter.
  if (const size_t p = out.find("password="); p != std::string::npos) {
    const size_t end = std::min(out.find('&', p), out.size());
    out.replace(p + 9, end - p - 9, "***");
  }
  return out;
}

}  // namespace fiducia

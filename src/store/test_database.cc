#include "store/test_database.h"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace fiducia {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUrlVariable = "FIDUCIA_TEST_POSTGRES_URL";

std::string ServerUrl() {
  const char* url = std::getenv(kUrlVariable);
  return url ? url : "";
}

// The URL with its database (the path) replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t authority = url.find("://") + 3;
  const size_t query = std::min(url.find('?', authority), url.size());
  const size_t slash = std::min(url.find('/', authority), query);
  return url.substr(0, slash) + "/" + database + url.substr(query);
}

Status RunPostgres(const std::string& url, std::string_view sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  Status status = Status::Ok();
  if (PQstatus(conn) != CONNECTION_OK) {
    status = Status::IoError(fmt::format("{}: {}", url, PQerrorMessage(conn)));
  } else {
    PGresult* r = PQexec(conn, std::string(sql).c_str());
    const ExecStatusType kind = PQresultStatus(r);
    if (kind != PGRES_COMMAND_OK && kind != PGRES_TUPLES_OK) {
      status = Status::IoError(fmt::format("{}: {}", sql, PQresultErrorMessage(r)));
    }
    PQclear(r);
  }
  PQfinish(conn);
  return status;
}

std::string UniqueName(std::string_view name) {
  static std::atomic<int> counter{0};
  std::string clean;
  for (char c : name.substr(0, 30)) {
    clean += std::isalnum(static_cast<unsigned char>(c))
                 ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                 : '_';
  }
  return fmt::format("fiducia_{}_{}_{}", clean, getpid(), counter++);
}

}  // namespace

std::string_view StoreKindName(StoreKind kind) {
  return kind == StoreKind::kSqlite ? "sqlite" : "postgresql";
}

std::string TestDatabase::Unavailable(StoreKind kind) {
  if (kind == StoreKind::kPostgres && ServerUrl().empty()) {
    return fmt::format(
        "PostgreSQL tests need {}=postgresql://user@host:port/db (a server where databases may "
        "be created); scripts/test.sh starts a throwaway one",
        kUrlVariable);
  }
  return "";
}

TestDatabase::TestDatabase(StoreKind kind, std::string_view name) : kind_(kind) {
  const std::string unique = UniqueName(name);
  if (kind == StoreKind::kSqlite) {
    where_ = (fs::temp_directory_path() / (unique + ".db")).string();
    return;
  }
  if (std::string why = Unavailable(kind); !why.empty()) {
    status_ = Status::NotFound(why);
    return;
  }
  status_ = RunPostgres(ServerUrl(), fmt::format("CREATE DATABASE {}", unique));
  if (status_.ok()) {
    postgres_name_ = unique;
    where_ = WithDatabase(ServerUrl(), unique);
  }
}

TestDatabase::~TestDatabase() {
  if (kind_ == StoreKind::kSqlite) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ignored;
      fs::remove(where_ + suffix, ignored);
    }
  } else if (!postgres_name_.empty()) {
    (void)RunPostgres(ServerUrl(),
                      fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", postgres_name_));
  }
}

Status TestDatabase::Execute(std::string_view sql) const {
  if (kind_ == StoreKind::kPostgres) return RunPostgres(where_, sql);
  sqlite3* db = nullptr;
  Status status = Status::Ok();
  char* message = nullptr;
  if (sqlite3_open(where_.c_str(), &db) != SQLITE_OK ||
      sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    status = Status::IoError(fmt::format("{}: {}", sql, message ? message : sqlite3_errmsg(db)));
  }
  sqlite3_free(message);
  sqlite3_close(db);
  return status;
}

}  // namespace fiducia

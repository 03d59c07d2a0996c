// Tests only: a fresh, empty database of either store for one test — a SQLite file in the
// temporary directory, or a PostgreSQL database created on the server that
// FIDUCIA_TEST_POSTGRES_URL names (scripts/test.sh starts a throwaway one) and dropped after.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace fiducia {

enum class StoreKind { kSqlite, kPostgres };
std::string_view StoreKindName(StoreKind kind);  // "sqlite", "postgresql"

class TestDatabase {
 public:
  // Why this kind cannot be tested here (PostgreSQL without FIDUCIA_TEST_POSTGRES_URL); empty
  // when it can.
  static std::string Unavailable(StoreKind kind);

  // `name` makes the database's name readable (a test's name); it is made unique.
  TestDatabase(StoreKind kind, std::string_view name);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Whether the database could be created, and why not.
  const Status& status() const { return status_; }
  // What OpenStore and `fiducia serve --db` take: a file path or a postgresql:// URL.
  const std::string& where() const { return where_; }
  StoreKind kind() const { return kind_; }
  // Runs SQL on the database directly (to build an old schema's rows, or a newer version).
  Status Execute(std::string_view sql) const;

 private:
  StoreKind kind_;
  std::string where_;
  std::string postgres_name_;  // the database created on the server
  Status status_ = Status::Ok();
};

}  // namespace fiducia

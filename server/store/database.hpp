// A thin RAII layer over one SQLite connection (WAL), with prepared statements and migrations.
// Keep SQL portable (PostgreSQL will follow): plain types, no SQLite-only functions in queries.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hb {

class Statement {
public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);
  Statement& bind_blob(int index, std::string_view bytes);
  // Text or NULL when empty: for optional ids.
  Statement& bind_optional(int index, std::string_view text);

  // true while a row is available; false when done or failed (tell them apart with `failed()`).
  [[nodiscard]] bool step();
  // Runs to completion; `internal` on any error (constraint violations included). A failed write
  // inside a transaction leaves the earlier writes in it: the caller must not commit then.
  [[nodiscard]] Status run();
  bool failed() const { return error_ != SQLITE_OK && error_ != SQLITE_ROW && error_ != SQLITE_DONE; }
  int error_code() const { return error_; }
  // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_TRIGGER, …: which constraint failed.
  int extended_error_code() const { return extended_error_; }
  void reset();

  std::string text(int column) const;
  int64_t integer(int column) const;
  bool is_null(int column) const;

private:
  sqlite3_stmt* stmt_ = nullptr;
  int error_ = SQLITE_OK;
  int extended_error_ = SQLITE_OK;
};

class Database {
public:
  // Opens (creating) the file, sets WAL and a busy timeout, and applies pending migrations.
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // One connection serves many request threads: hold this lock for every statement and
  // transaction made on it (SQLite connections are opened without their own mutex).
  [[nodiscard]] std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }

  sqlite3* handle() { return db_; }
  [[nodiscard]] Status exec(std::string_view sql);
  // ROLLBACK of the open transaction; fine when SQLite already rolled it back itself (it does
  // after SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM and some SQLITE_BUSY).
  [[nodiscard]] Status rollback();
  Statement prepare(std::string_view sql);

  // Every statement any connection of this process prepares from now on is shown to `observer`
  // (nullptr stops it): how tests/server/query_plan_test.cpp checks the plan of each query the
  // routes and workers run. The observer must be thread-safe; it runs on the preparing thread.
  static void observe_statements(std::function<void(std::string_view sql)> observer);
  int64_t changes() const { return sqlite3_changes64(db_); }

private:
  explicit Database(sqlite3* db) : db_(db) {}
  Status migrate();
  sqlite3* db_;
  std::mutex mutex_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless commit() succeeds. begin() fails when the
// transaction cannot start (e.g. the database stayed locked): nothing may be written then, since
// every statement would commit on its own.
class Transaction {
public:
  [[nodiscard]] static Result<Transaction> begin(Database& db);
  Transaction(Transaction&& other) noexcept : db_(other.db_), open_(other.open_) { other.open_ = false; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  // On failure the transaction is rolled back: none of its writes happened.
  [[nodiscard]] Status commit();

private:
  explicit Transaction(Database& db) : db_(db), open_(true) {}
  Database& db_;
  bool open_ = false;
};

}  // namespace hb

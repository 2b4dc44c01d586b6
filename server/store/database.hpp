// A thin RAII layer over one SQLite connection (WAL), with prepared statements and migrations.
// Keep SQL portable (PostgreSQL will follow): plain types, no SQLite-only functions in queries.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
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

  // true while a row is available; false when done. Errors are recorded in `failed()`.
  bool step();
  // Runs to completion; false on error (constraint violations included).
  bool run();
  bool failed() const { return error_ != SQLITE_OK && error_ != SQLITE_ROW && error_ != SQLITE_DONE; }
  int error_code() const { return error_; }
  void reset();

  std::string text(int column) const;
  int64_t integer(int column) const;
  bool is_null(int column) const;

private:
  sqlite3_stmt* stmt_ = nullptr;
  int error_ = SQLITE_OK;
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
  Status exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  int64_t changes() const { return sqlite3_changes64(db_); }

private:
  explicit Database(sqlite3* db) : db_(db) {}
  Status migrate();
  sqlite3* db_;
  std::mutex mutex_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless commit() is called.
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  bool commit();

private:
  Database& db_;
  bool open_ = false;
};

}  // namespace hb

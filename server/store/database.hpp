// A thin RAII layer over SQLite (WAL): one writing connection, a pool of readers, prepared
// statements and migrations.
// Keep SQL portable (PostgreSQL will follow): plain types, no SQLite-only functions in queries.
#pragma once
#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/store/write_gate.hpp"
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

// One SQLite connection: statements are prepared on it, and one thread at a time may use it.
class Connection {
public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() { return db_; }
  [[nodiscard]] Status exec(std::string_view sql);
  Statement prepare(std::string_view sql);
  int64_t changes() const { return sqlite3_changes64(db_); }
  // Returns up to `pages` free pages to the file system in one short write (the file shrinks);
  // true while free pages are left.
  [[nodiscard]] Result<bool> reclaim_free_pages(int pages);

protected:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;

  friend class Database;
};

class Database : public Connection {
public:
  // Opens (creating) the file, sets WAL and a busy timeout, and applies pending migrations.
  // `readers`: read-only connections kept beside this one for read() (0: read() shares this one).
  // `write_gate`: the mutex lock() takes; one shared by every writing connection of the process
  // makes writers queue on it, handed over at once, rather than in SQLite's busy handler, which
  // sleeps in steps of up to 100 ms (a save behind a housekeeping step waited over a second).
  static Result<std::unique_ptr<Database>> open(const std::filesystem::path& file, int readers = 0,
                                                std::shared_ptr<WriteGate> write_gate = nullptr);
  ~Database();

  // The writing connection serves many request threads: hold this lock for every statement and
  // transaction made on it (SQLite connections are opened without their own mutex).
  [[nodiscard]] std::unique_lock<WriteGate> lock() { return std::unique_lock(*gate_); }
  // The same lock if it is free now; otherwise one that does not own it (owns_lock() is false).
  [[nodiscard]] std::unique_lock<WriteGate> try_lock() { return std::unique_lock(*gate_, std::try_to_lock); }

  // A connection for reading, held until the lease ends, inside one read transaction: what it reads
  // is one consistent snapshot of everything committed when its first statement ran. In WAL mode
  // readers never wait on the writer or on each other, so reads run in parallel with saves,
  // webhooks and housekeeping. Never write through it, and never call read() while holding lock()
  // (with no readers, read() takes that lock; with readers, a writer waiting for a reader while a
  // reader's holder waits for the writer would deadlock).
  class Reader {
  public:
    Reader(Reader&& other) noexcept;
    Reader& operator=(Reader&&) = delete;
    ~Reader();
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_; }

  private:
    friend class Database;
    Reader(Database& db, Connection* connection, std::unique_lock<WriteGate> shared);
    Database* db_;
    Connection* connection_;
    std::unique_lock<WriteGate> shared_;  // held when the pool is empty and this is the writer
  };
  [[nodiscard]] Reader read();

  // ROLLBACK of the open transaction; fine when SQLite already rolled it back itself (it does
  // after SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM and some SQLITE_BUSY).
  [[nodiscard]] Status rollback();

  // Every statement any connection of this process prepares from now on is shown to `observer`
  // (nullptr stops it): how tests/server/query_plan_test.cpp checks the plan of each query the
  // routes and workers run. The observer must be thread-safe; it runs on the preparing thread.
  static void observe_statements(std::function<void(std::string_view sql)> observer);

  // True when open() rebuilt a file made by an older version (VACUUM, once): main logs it after the
  // listening line (nothing may come before that line: tests and scripts read the address from it).
  bool rebuilt_at_open() const { return rebuilt_at_open_; }
  // Why the one-off rebuild failed (SQLite's message, e.g. "database or disk is full"); "" when it
  // ran or was not needed. Kept for the caller to log after the listening line.
  const std::string& rebuild_error() const { return rebuild_error_; }

  // Runs `fn` on the writing connection and on every reader (for tests that inject failures into
  // SQLite itself); call it while no request runs.
  void for_each_connection(const std::function<void(sqlite3*)>& fn);

private:
  explicit Database(sqlite3* db) : Connection(db) {}
  Status migrate();
  void give_back(Connection* connection);
  std::shared_ptr<WriteGate> gate_ = std::make_shared<WriteGate>();
  std::vector<std::unique_ptr<Connection>> readers_;
  std::mutex pool_mutex_;
  std::condition_variable reader_free_;
  std::vector<Connection*> idle_readers_;
  bool rebuilt_at_open_ = false;
  std::string rebuild_error_;
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

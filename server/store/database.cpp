#include "server/store/database.hpp"

#include <atomic>

#include "server/log.hpp"
#include "server/store/schema.hpp"

namespace hb {

Statement::Statement(sqlite3* db, std::string_view sql) {
  error_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  // A statement that does not prepare is a programmer mistake (SQL is never built from input).
  if (error_ != SQLITE_OK) {
    log::error("sql_prepare_failed", {{"error", sqlite3_errmsg(db)}});
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}
Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_optional(int index, std::string_view text) {
  return text.empty() ? bind_null(index) : bind(index, text);
}

bool Statement::step() {
  if (!stmt_) return false;
  error_ = sqlite3_step(stmt_);
  if (failed()) {
    extended_error_ = sqlite3_extended_errcode(sqlite3_db_handle(stmt_));
    // SQLite's messages name tables, columns and constraints, never bound values.
    log::warn("sql_step_failed", {{"code", extended_error_}, {"error", sqlite3_errmsg(sqlite3_db_handle(stmt_))}});
  }
  return error_ == SQLITE_ROW;
}

Status Statement::run() {
  if (!stmt_) return Error{ErrorCode::internal, {}};
  while (step()) {}
  if (error_ != SQLITE_DONE) return Error{ErrorCode::internal, {}};
  return ok_status();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  error_ = SQLITE_OK;
  extended_error_ = SQLITE_OK;
}

std::string Statement::text(int column) const {
  auto* data = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return data ? std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}
int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

namespace {
std::mutex observer_mutex;
std::shared_ptr<const std::function<void(std::string_view)>> statement_observer;
std::atomic<bool> observing{false};  // so production pays one relaxed load per statement
}  // namespace

void Database::observe_statements(std::function<void(std::string_view sql)> observer) {
  std::lock_guard guard(observer_mutex);
  statement_observer =
      observer ? std::make_shared<const std::function<void(std::string_view)>>(std::move(observer)) : nullptr;
  observing.store(statement_observer != nullptr, std::memory_order_relaxed);
}

Statement Connection::prepare(std::string_view sql) {
  if (observing.load(std::memory_order_relaxed)) {
    std::shared_ptr<const std::function<void(std::string_view)>> observer;
    {
      std::lock_guard guard(observer_mutex);
      observer = statement_observer;
    }
    if (observer) (*observer)(sql);
  }
  return Statement(db_, sql);
}

namespace {
sqlite3* open_connection(const std::filesystem::path& file, int flags) {
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    return nullptr;
  }
  sqlite3_busy_timeout(raw, 5000);
  return raw;
}
}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& file, int readers,
                                                 std::shared_ptr<WriteGate> write_gate) {
  auto* raw = open_connection(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!raw) return Error{ErrorCode::internal, "cannot open the database in HEARBRIDGE_DATA_DIR"};
  std::unique_ptr<Database> db(new Database(raw));
  if (write_gate) db->gate_ = std::move(write_gate);
  // Incremental auto-vacuum, so space a purge frees can go back to the file system a step at a time
  // (reclaim_free_pages). It takes effect on a new file before its first table; a file made by an
  // older version is rebuilt once by VACUUM (a one-off pause at the first start after upgrading).
  int64_t vacuum_mode = 0;
  int64_t tables = 0;
  {
    auto mode = db->prepare("PRAGMA auto_vacuum");
    auto schema = db->prepare("SELECT COUNT(*) FROM sqlite_schema");
    if (!mode.step() || !schema.step()) return Error{ErrorCode::internal, "cannot read the database's settings"};
    vacuum_mode = mode.integer(0);
    tables = schema.integer(0);
  }
  if (vacuum_mode != 2) {
    if (auto status = db->exec("PRAGMA auto_vacuum=INCREMENTAL"); !status) return status.error();
    // Best effort: VACUUM needs room for a copy of the file. Without it the store works as before,
    // only freed pages stay in the file (main warns after the listening line; it retries next start).
    // Not through exec(): that logs, and nothing may be printed before the listening line.
    char* message = nullptr;
    if (tables > 0 && sqlite3_exec(raw, "VACUUM", nullptr, nullptr, &message) == SQLITE_OK) {
      db->rebuilt_at_open_ = true;
    } else if (tables > 0) {
      db->rebuild_error_ = message ? message : sqlite3_errmsg(raw);
    }
    sqlite3_free(message);
  }
  // WAL: readers never block the writer; synchronous=FULL: a commit is on disk when it returns
  // (webhooks are acknowledged only after that).
  for (auto pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    if (auto status = db->exec(pragma); !status) return status.error();
  }
  if (auto status = db->migrate(); !status) return status.error();
  // Opened after the migrations, so every reader sees the current schema from its first statement.
  for (int i = 0; i < readers; ++i) {
    auto* reader = open_connection(file, SQLITE_OPEN_READONLY);
    if (!reader) return Error{ErrorCode::internal, "cannot open the database in HEARBRIDGE_DATA_DIR"};
    db->readers_.push_back(std::unique_ptr<Connection>(new Connection(reader)));
    db->idle_readers_.push_back(db->readers_.back().get());
  }
  return db;
}

Connection::~Connection() { sqlite3_close(db_); }

// The readers close before the writer (members go before the base class): the last connection
// to close checkpoints the WAL, and that must be the one that may write.
Database::~Database() = default;

Database::Reader Database::read() {
  if (readers_.empty()) return Reader(*this, this, lock());
  std::unique_lock pool(pool_mutex_);
  reader_free_.wait(pool, [this] { return !idle_readers_.empty(); });
  auto* connection = idle_readers_.back();
  idle_readers_.pop_back();
  pool.unlock();
  // One snapshot for the whole lease (a count and its page agree). BEGIN cannot fail on a
  // connection with no open transaction; should it, each statement still reads committed data.
  (void)connection->exec("BEGIN");
  return Reader(*this, connection, {});
}

void Database::give_back(Connection* connection) {
  // Back in the pool outside any transaction, or the next lease would read this one's old snapshot.
  if (!sqlite3_get_autocommit(connection->handle()) && !connection->exec("COMMIT")) (void)connection->exec("ROLLBACK");
  {
    std::lock_guard pool(pool_mutex_);
    idle_readers_.push_back(connection);
  }
  reader_free_.notify_one();
}

Database::Reader::Reader(Database& db, Connection* connection, std::unique_lock<WriteGate> shared)
    : db_(&db), connection_(connection), shared_(std::move(shared)) {}

Database::Reader::Reader(Reader&& other) noexcept
    : db_(other.db_), connection_(other.connection_), shared_(std::move(other.shared_)) {
  other.connection_ = nullptr;
}

Database::Reader::~Reader() {
  if (connection_ && !shared_.owns_lock()) db_->give_back(connection_);
}

void Database::for_each_connection(const std::function<void(sqlite3*)>& fn) {
  {
    auto writer = lock();
    fn(db_);
  }
  std::lock_guard pool(pool_mutex_);
  for (auto& reader : readers_) fn(reader->handle());
}

Status Connection::exec(std::string_view sql) {
  char* message = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    log::error("sql_failed", {{"error", message ? message : "?"}});
    sqlite3_free(message);
    return Error{ErrorCode::internal, {}};
  }
  return ok_status();
}

Result<bool> Connection::reclaim_free_pages(int pages) {
  {  // without incremental auto-vacuum (a rebuild that could not run) nothing can be given back
    auto mode = prepare("PRAGMA auto_vacuum");
    if (!mode.step()) return Error{ErrorCode::internal, {}};
    if (mode.integer(0) != 2) return false;
  }
  if (auto status = exec("PRAGMA incremental_vacuum(" + std::to_string(pages) + ")"); !status) return status.error();
  auto left = prepare("PRAGMA freelist_count");
  if (!left.step()) return Error{ErrorCode::internal, {}};
  return left.integer(0) > 0;
}

Status Database::rollback() {
  if (sqlite3_get_autocommit(db_)) return ok_status();  // no transaction is open any more
  return exec("ROLLBACK");
}

Status Database::migrate() {
  int64_t current = 0;
  {  // finalized before migrating: DROP INDEX fails ("table is locked") while a statement is open
    auto version_stmt = prepare("PRAGMA user_version");
    if (!version_stmt.step()) return Error{ErrorCode::internal, "cannot read the database's schema version"};
    current = version_stmt.integer(0);
  }
  const auto& migrations = schema_migrations();
  for (auto v = current; v < static_cast<int64_t>(migrations.size()); ++v) {
    auto tx = Transaction::begin(*this);
    if (!tx) return Error{ErrorCode::internal, "database migration failed"};
    const auto& step = migrations[static_cast<size_t>(v)];
    if (auto status = exec(step.sql); !status) return status;
    if (step.fill) {
      if (auto status = step.fill(*this); !status) return status;
    }
    if (auto status = exec("PRAGMA user_version = " + std::to_string(v + 1)); !status) return status;
    if (!tx.value().commit()) return Error{ErrorCode::internal, "database migration failed"};
  }
  return ok_status();
}

Result<Transaction> Transaction::begin(Database& db) {
  if (auto status = db.exec("BEGIN IMMEDIATE"); !status) return status.error();
  return Transaction(db);
}

Transaction::~Transaction() {
  // The connection stays in the failed transaction otherwise; the next BEGIN then fails, so the
  // damage is loud rather than silent.
  if (open_ && !db_.rollback()) log::error("sql_rollback_failed");
}

Status Transaction::commit() {
  if (!open_) return Error{ErrorCode::internal, {}};
  open_ = false;
  if (auto status = db_.exec("COMMIT"); !status) {
    // A COMMIT that fails (SQLITE_BUSY, SQLITE_FULL, I/O) may leave the transaction open: end it.
    if (!db_.rollback()) log::error("sql_rollback_failed");
    return status;
  }
  return ok_status();
}

}  // namespace hb

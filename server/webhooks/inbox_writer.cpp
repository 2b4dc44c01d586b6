#include "server/webhooks/inbox_writer.hpp"

#include "server/log.hpp"

namespace hb {
namespace {

// Bounds one transaction; anything beyond waits for the next commit, a few milliseconds later.
constexpr size_t kMaxBatch = 1024;

constexpr const char* kInsert =
    "INSERT INTO webhook_inbox (source, event_id, type, practice_id, delivery_id, received_at, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (source, event_id) DO NOTHING";

}  // namespace

Result<std::unique_ptr<InboxWriter>> InboxWriter::open(const std::filesystem::path& db_file,
                                                       std::function<void()> on_commit,
                                                       std::shared_ptr<WriteGate> write_gate) {
  auto db = Database::open(db_file);
  if (!db) return db.error();
  // Checkpoints (copying the WAL into the database file, with its own fsyncs) are left to other
  // connections, so they never stall a batch that request threads are waiting for.
  if (auto status = db.value()->exec("PRAGMA wal_autocheckpoint=0"); !status) return status.error();
  return std::unique_ptr<InboxWriter>(
      new InboxWriter(std::move(db).value(), std::move(on_commit), std::move(write_gate)));
}

InboxWriter::InboxWriter(std::unique_ptr<Database> db, std::function<void()> on_commit,
                         std::shared_ptr<WriteGate> write_gate)
    : db_(std::move(db)),
      insert_(std::make_unique<Statement>(db_->handle(), kInsert)),
      on_commit_(std::move(on_commit)),
      write_gate_(std::move(write_gate)),
      thread_([this] { run(); }) {}

InboxWriter::~InboxWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

Result<AppendOutcome> InboxWriter::append(InboxEvent event) {
  Pending pending;
  pending.event = std::move(event);
  bool first = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Error{ErrorCode::internal, {}};
    queue_.push_back(&pending);
    first = queue_.size() == 1;  // otherwise the writer is busy or already notified
  }
  if (first) queued_.notify_one();
  {
    std::unique_lock wait(pending.mutex);
    pending.committed.wait(wait, [&] { return pending.done; });
  }
  if (pending.failed) return Error{ErrorCode::internal, {}};
  return pending.outcome;
}

void InboxWriter::run() {
  std::vector<Pending*> batch;
  std::unique_lock lock(mutex_);
  for (;;) {
    queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left to commit
    if (queue_.size() <= kMaxBatch) {
      batch.swap(queue_);
    } else {
      batch.assign(queue_.begin(), queue_.begin() + kMaxBatch);
      queue_.erase(queue_.begin(), queue_.begin() + kMaxBatch);
    }
    lock.unlock();
    write_batch(batch);
    // Notified under the Pending's own lock: its thread cannot return (and destroy it) before the
    // lock is released, and nothing touches it after that.
    for (auto* pending : batch) {
      std::lock_guard done(pending->mutex);
      pending->done = true;
      pending->committed.notify_one();
    }
    batch.clear();
    lock.lock();
  }
}

void InboxWriter::write_batch(const std::vector<Pending*>& batch) {
  auto fail_all = [&] {
    for (auto* pending : batch) pending->failed = true;
  };
  std::unique_lock<WriteGate> gate;
  if (write_gate_) gate = std::unique_lock(*write_gate_);
  // If the transaction cannot start (the database stayed locked past the busy timeout), nothing
  // must be inserted outside one.
  auto tx = Transaction::begin(*db_);
  if (!tx) {
    log::error("webhook_inbox_begin_failed", {{"events", batch.size()}});
    fail_all();
    return;
  }
  auto& insert = *insert_;
  for (auto* pending : batch) {
    const auto& e = pending->event;
    insert.reset();
    insert.bind(1, e.source).bind(2, e.event_id).bind(3, e.type).bind(4, e.practice_id);
    insert.bind_optional(5, e.delivery_id).bind(6, e.received_at).bind(7, e.body);
    if (!insert.run()) {
      // That event alone is not acknowledged (its sender retries). Unless SQLite rolled the whole
      // transaction back itself (SQLITE_FULL, I/O errors): then nothing of the batch is stored.
      pending->failed = true;
      if (sqlite3_get_autocommit(db_->handle())) {
        log::error("webhook_inbox_write_failed", {{"events", batch.size()}});
        fail_all();
        return;
      }
      continue;
    }
    pending->outcome = db_->changes() == 1 ? AppendOutcome::stored : AppendOutcome::duplicate;
  }
  if (!tx.value().commit()) {
    log::error("webhook_inbox_commit_failed", {{"events", batch.size()}});
    fail_all();
    return;
  }
  commits_.fetch_add(1, std::memory_order_relaxed);
  committed_events_.fetch_add(batch.size(), std::memory_order_relaxed);
  if (on_commit_) on_commit_();
}

}  // namespace hb

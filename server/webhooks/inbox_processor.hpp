// The worker's unit of work, without threads so tests can drive it: take the due pending rows of the
// inbox in arrival order, apply each (a savepoint per row, one transaction per batch), record the
// outcome; and the retention purge. Restart-safe by construction: the inbox row's status is the only
// state, so rows left pending by a crash are simply due at the next start.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "server/clock.hpp"
#include "server/store/database.hpp"
#include "server/webhooks/event_processor.hpp"
#include "server/webhooks/webhook_metrics.hpp"
#include "shared/backoff.hpp"

namespace hb {

// Event ids are kept at least this long (Hint retries for 72 hours).
constexpr int64_t kMinEventIdRetentionS = 7 * 24 * 3600;
// Attempts before a row is marked failed; the wait doubles from 30 s up to an hour (not jittered:
// the retries are local work, with no shared service to spare from a thundering herd).
constexpr int64_t kMaxProcessingAttempts = 8;
constexpr Backoff kInboxBackoff{30, 3600};
int64_t retry_delay_s(int64_t attempts);

// Rows one purge step clears or deletes: each step is a short write of its own, so intake, saves
// and readers wait at most one step, however large the backlog (at 1 M rows, one statement held the
// database for most of a minute).
constexpr int kPurgeBatch = 500;

struct PurgeCounts {
  int64_t bodies_cleared = 0;
  int64_t rows_deleted = 0;
  bool more = false;  // a step came back full: call again
};

class InboxProcessor {
public:
  // Rows with seq % partitions == partition are this processor's (several workers never collide).
  // `write_gate` (optional): the mutex the inbox writer holds around its transactions; held here
  // around each batch so intake waits on a mutex, not on SQLite's sleeping busy handler.
  InboxProcessor(Database& db, Clock clock, PracticeDeactivated deactivate, WebhookMetrics& metrics, int partition = 0,
                 int partitions = 1, std::shared_ptr<WriteGate> write_gate = nullptr);

  // Processes up to `limit` due rows in one transaction; returns how many it handled (0: nothing
  // due, or a write failed: then the batch is rolled back whole, its rows stay due as they were, and
  // come again). When another writer waits for the write gate the batch ends after the row in hand
  // and commits, so an acknowledgement or a save waits for one event, not for 64 (the rest stay due).
  size_t process_due(size_t limit = 64);
  // What "another writer waits" means (default: the write gate is contended); tests set it.
  void yield_when(std::function<bool()> someone_waits) { someone_waits_ = std::move(someone_waits); }

  // Clears the raw body of finished rows older than `payload_retention_s` and deletes finished rows
  // older than max(7 days, payload_retention_s). Pending rows are never touched. One step: at most
  // `batch` bodies cleared, else at most `batch` rows deleted, in one short write.
  [[nodiscard]] Result<PurgeCounts> purge_step(int64_t payload_retention_s, int batch = kPurgeBatch);
  // Every step until none is left (tests and tools; the worker interleaves steps with its events).
  [[nodiscard]] Result<PurgeCounts> purge(int64_t payload_retention_s, int batch = kPurgeBatch);

private:
  [[nodiscard]] Status record(const InboxRow& row, const Result<EventOutcome>& result, int64_t now);
  void count(const InboxRow& row, const Result<EventOutcome>& result);

  Database& db_;
  Clock clock_;
  PracticeDeactivated deactivate_;
  WebhookMetrics& metrics_;
  int partition_;
  int partitions_;
  std::shared_ptr<WriteGate> write_gate_;
  std::function<bool()> someone_waits_;
};

}  // namespace hb

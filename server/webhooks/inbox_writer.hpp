// Durable intake with group commit. Request threads hand a verified event to append(), which blocks
// until the event is committed (synchronous=FULL: on disk) or has failed. One writer thread with its
// own SQLite connection takes everything queued, inserts the batch in one transaction, commits once,
// then wakes every waiting request thread: under load one fsync serves many events.
//
//   request threads ──append()──▶ queue ──▶ writer: BEGIN; INSERT … ON CONFLICT DO NOTHING ×N; COMMIT
//                    ◀──wake all────────────────────────────────────────────────────────────┘
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/store/database.hpp"
#include "shared/result.hpp"

namespace hb {

struct InboxEvent {
  std::string source;  // "hint" | "hearlink"
  std::string event_id;
  std::string type;
  std::string practice_id;
  std::string delivery_id;  // X-HearLink-Delivery; empty for Hint
  int64_t received_at = 0;  // unix seconds, injected clock
  std::string body;         // the raw request bytes
};

enum class AppendOutcome { stored, duplicate };

class InboxWriter {
public:
  // Opens its own connection to `db_file` (already migrated) and starts the writer thread.
  // `on_commit` runs on the writer thread after each successful commit (wakes the workers).
  // `write_gate` (optional) is held around each transaction and shared with the workers, so the
  // connections of this process take turns on a mutex instead of SQLite's sleeping busy handler.
  static Result<std::unique_ptr<InboxWriter>> open(const std::filesystem::path& db_file,
                                                   std::function<void()> on_commit,
                                                   std::shared_ptr<WriteGate> write_gate = nullptr);
  ~InboxWriter();  // commits what is queued, then stops
  InboxWriter(const InboxWriter&) = delete;
  InboxWriter& operator=(const InboxWriter&) = delete;

  // Blocks until `event` is durable: stored, or already there (same source and event id).
  Result<AppendOutcome> append(InboxEvent event);

  uint64_t commits() const { return commits_.load(std::memory_order_relaxed); }
  uint64_t committed_events() const { return committed_events_.load(std::memory_order_relaxed); }

private:
  // Lives on the requesting thread's stack, with its own mutex and condition, so a commit wakes
  // exactly the threads of its batch (no thundering herd on a shared condition; and no spinning:
  // libstdc++'s semaphore yields in a loop before it sleeps, which costs dearly with 64 waiters).
  struct Pending {
    InboxEvent event;
    bool failed = false;
    AppendOutcome outcome = AppendOutcome::stored;
    std::mutex mutex;
    std::condition_variable committed;
    bool done = false;
  };

  InboxWriter(std::unique_ptr<Database> db, std::function<void()> on_commit, std::shared_ptr<WriteGate> write_gate);
  void run();
  void write_batch(const std::vector<Pending*>& batch);

  std::unique_ptr<Database> db_;
  std::unique_ptr<Statement> insert_;  // prepared once, used only by the writer thread
  std::function<void()> on_commit_;
  std::shared_ptr<WriteGate> write_gate_;
  std::mutex mutex_;
  std::condition_variable queued_;  // the writer waits for work
  std::vector<Pending*> queue_;
  bool stopping_ = false;
  std::atomic<uint64_t> commits_{0};
  std::atomic<uint64_t> committed_events_{0};
  std::thread thread_;
};

}  // namespace hb

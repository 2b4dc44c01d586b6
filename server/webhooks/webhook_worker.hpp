// A thread that drains the inbox with an InboxProcessor on its own connection: woken after each
// intake commit, and at least once a second (for retries whose back-off has passed, and the purge).
// Never on the request path: a slow or failing event delays only read models, never intake.
#pragma once
#include <memory>

#include "server/background_loop.hpp"
#include "server/webhooks/inbox_processor.hpp"

namespace hb {

struct WorkerSettings {
  int partition = 0;
  int partitions = 1;
  int64_t payload_retention_s = 7 * 24 * 3600;
  bool purges = true;                     // one worker purges
  std::shared_ptr<WriteGate> write_gate;  // shared with the inbox writer
};

class WebhookWorker {
public:
  WebhookWorker(std::unique_ptr<Database> db, Clock clock, PracticeDeactivated deactivate, WebhookMetrics& metrics,
                WorkerSettings settings);
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

  void wake() { loop_.poke(); }
  bool settle(std::chrono::milliseconds limit) { return loop_.settle(limit); }

private:
  // One round: a step of housekeeping when due, then a batch of due events; true when more of
  // either is waiting.
  bool run_once();
  // The hourly housekeeping, one short step per round so events, intake and saves interleave with
  // it: the inbox purge, then done outbox jobs past their retention, then giving the freed pages
  // back to the file system. True while steps are left.
  bool housekeeping_step();

  std::unique_ptr<Database> db_;
  Clock clock_;
  WorkerSettings settings_;
  InboxProcessor processor_;
  int64_t next_purge_at_ = 0;
  enum class Phase { idle, inbox, outbox, reclaim } phase_ = Phase::idle;
  PurgeCounts purged_;  // this housekeeping's totals, logged when it ends
  int64_t outbox_purged_ = 0;
  BackgroundLoop loop_;  // last: stopped (after finishing its batch) before the rest goes away
};

}  // namespace hb

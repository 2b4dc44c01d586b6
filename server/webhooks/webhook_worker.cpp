#include "server/webhooks/webhook_worker.hpp"

#include "server/log.hpp"

namespace hb {
namespace {
constexpr int64_t kPurgeIntervalS = 3600;
}  // namespace

WebhookWorker::WebhookWorker(std::unique_ptr<Database> db, Clock clock, PracticeDeactivated deactivate,
                             WebhookMetrics& metrics, WorkerSettings settings)
    : db_(std::move(db)),
      clock_(clock),
      settings_(settings),
      processor_(*db_, std::move(clock), std::move(deactivate), metrics, settings.partition, settings.partitions,
                 settings.write_gate),
      // At normal priority: it shares the write gate with intake (see BackgroundLoop).
      loop_([this] { return run_once(); }) {}

bool WebhookWorker::run_once() {
  if (settings_.purges && clock_() >= next_purge_at_) {
    // Housekeeping: a purge that fails is tried again at the next interval.
    if (auto purged = processor_.purge(settings_.payload_retention_s); !purged) log::warn("webhook_inbox_purge_failed");
    next_purge_at_ = clock_() + kPurgeIntervalS;
  }
  return processor_.process_due() > 0;
}

}  // namespace hb

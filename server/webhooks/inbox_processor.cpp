#include "server/webhooks/inbox_processor.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include "server/log.hpp"
#include "shared/backoff.hpp"

namespace hb {
namespace {

Result<EventOutcome> process_guarded(Database& db, const InboxRow& row, const PracticeDeactivated& deactivate) {
  // A boundary: whatever goes wrong in one event is that event's failure, never the worker's.
  try {
    return process_event(db, row, deactivate);
  } catch (const std::exception&) {
    return Error{ErrorCode::internal, "processing raised an exception"};
  }
}

}  // namespace

int64_t retry_delay_s(int64_t attempts) { return backoff_delay(kInboxBackoff, attempts); }

InboxProcessor::InboxProcessor(Database& db, Clock clock, PracticeDeactivated deactivate, WebhookMetrics& metrics,
                               int partition, int partitions, std::shared_ptr<WriteGate> write_gate)
    : db_(db),
      clock_(std::move(clock)),
      deactivate_(std::move(deactivate)),
      metrics_(metrics),
      partition_(partition),
      partitions_(std::max(partitions, 1)),
      write_gate_(std::move(write_gate)),
      someone_waits_([gate = write_gate_.get()] { return gate && gate->contended(); }) {}

size_t InboxProcessor::process_due(size_t limit) {
  const int64_t now = clock_();
  std::vector<InboxRow> rows;
  {
    auto select = db_.prepare(
        "SELECT seq, source, event_id, type, practice_id, body, attempts, received_at FROM webhook_inbox "
        "WHERE status = 'pending' AND next_attempt_at <= ?1 AND seq % ?2 = ?3 ORDER BY seq LIMIT ?4");
    select.bind(1, now).bind(2, int64_t{partitions_}).bind(3, int64_t{partition_}).bind(4, static_cast<int64_t>(limit));
    while (select.step()) {
      rows.push_back(InboxRow{select.integer(0), select.text(1), select.text(2), select.text(3), select.text(4),
                              select.text(5), select.integer(6), select.integer(7)});
    }
  }
  if (rows.empty()) return 0;
  std::unique_lock<WriteGate> gate;
  if (write_gate_) gate = std::unique_lock(*write_gate_);

  // Outcomes are counted only once their transaction committed. Any write that fails (a savepoint,
  // a row's status) ends the batch: `tx` rolls it back whole when it goes out of scope, so no row is
  // marked handled without its effects, and no effects stay without the row's status.
  std::vector<std::pair<const InboxRow*, Result<EventOutcome>>> pending_counts;
  std::optional<Transaction> tx;
  auto begin = [&] {
    auto begun = Transaction::begin(db_);
    if (begun) tx.emplace(std::move(begun).value());
    return begun.ok();
  };
  auto commit = [&] {
    auto committed = tx->commit();
    tx.reset();
    if (committed) {
      for (const auto& [row, result] : pending_counts) count(*row, result);
    }
    pending_counts.clear();
    return committed.ok();
  };
  auto fail_batch = [&] {
    log::error("webhook_processing_store_failed", {{"rows", rows.size()}});
    return size_t{0};
  };

  size_t handled = 0;
  if (!begin()) return fail_batch();
  for (const auto& row : rows) {
    if (is_practice_deactivation(row.source, row.type)) {
      // Ending sessions may open its own transaction: run it with none open. A crash between it and
      // the status update only repeats it at the next start, which is harmless.
      if (!commit()) return fail_batch();
      auto result = process_guarded(db_, row, deactivate_);
      if (!begin() || !record(row, result, now)) return fail_batch();
      pending_counts.emplace_back(&row, result);
      ++handled;
      if (someone_waits_()) break;
      continue;
    }
    if (!db_.exec("SAVEPOINT inbox_row")) return fail_batch();
    auto result = process_guarded(db_, row, deactivate_);
    // A failed event's own writes go; the row records the failure and is retried later.
    if (!result && !db_.exec("ROLLBACK TO inbox_row")) return fail_batch();
    if (!db_.exec("RELEASE inbox_row") || !record(row, result, now)) return fail_batch();
    pending_counts.emplace_back(&row, result);
    ++handled;
    if (someone_waits_()) break;
  }
  if (!commit()) return fail_batch();
  return handled;
}

Status InboxProcessor::record(const InboxRow& row, const Result<EventOutcome>& result, int64_t now) {
  if (result) {
    auto update =
        db_.prepare("UPDATE webhook_inbox SET status = ?1, processed_at = ?2, last_error = NULL WHERE seq = ?3");
    update.bind(1, result.value() == EventOutcome::processed ? "processed" : "ignored").bind(2, now).bind(3, row.seq);
    return update.run();
  }
  const int64_t attempts = row.attempts + 1;
  const bool gave_up = attempts >= kMaxProcessingAttempts;
  auto update = db_.prepare(
      "UPDATE webhook_inbox SET status = ?1, attempts = ?2, next_attempt_at = ?3, last_error = ?4 WHERE seq = ?5");
  update.bind(1, gave_up ? "failed" : "pending").bind(2, attempts).bind(3, now + retry_delay_s(attempts));
  update.bind(4, result.error().text()).bind(5, row.seq);
  // The event id and type identify the row; the reason is a fixed text. No payload.
  log::warn("webhook_processing_failed", {{"source", row.source},
                                          {"event_id", row.event_id},
                                          {"type", row.type},
                                          {"attempts", attempts},
                                          {"gave_up", gave_up},
                                          {"reason", result.error().text()}});
  return update.run();
}

void InboxProcessor::count(const InboxRow& row, const Result<EventOutcome>& result) {
  if (result) {
    metrics_.processed.increment(
        {{"source", row.source}, {"outcome", result.value() == EventOutcome::processed ? "processed" : "ignored"}});
  } else {
    metrics_.failed.increment(
        {{"source", row.source}, {"final", row.attempts + 1 >= kMaxProcessingAttempts ? "yes" : "no"}});
  }
}

Result<PurgeCounts> InboxProcessor::purge_step(int64_t payload_retention_s, int batch) {
  const int64_t now = clock_();
  PurgeCounts counts;
  std::unique_lock<WriteGate> gate;
  if (write_gate_) gate = std::unique_lock(*write_gate_);
  // Bodies first, oldest first, through the index of rows that still have one (cleared rows are
  // never read again); then whole rows through the arrival index.
  auto clear = db_.prepare(
      "UPDATE webhook_inbox SET body = NULL WHERE seq IN (SELECT seq FROM webhook_inbox WHERE body IS NOT NULL AND "
      "received_at < ?1 AND status <> 'pending' ORDER BY received_at LIMIT ?2)");
  clear.bind(1, now - payload_retention_s).bind(2, int64_t{batch});
  if (auto cleared = clear.run(); !cleared) return cleared.error();
  counts.bodies_cleared = db_.changes();
  if (counts.bodies_cleared < batch) {
    auto remove = db_.prepare(
        "DELETE FROM webhook_inbox WHERE seq IN (SELECT seq FROM webhook_inbox WHERE received_at < ?1 AND "
        "status <> 'pending' ORDER BY received_at LIMIT ?2)");
    remove.bind(1, now - std::max(kMinEventIdRetentionS, payload_retention_s)).bind(2, int64_t{batch});
    if (auto removed = remove.run(); !removed) return removed.error();
    counts.rows_deleted = db_.changes();
  }
  counts.more = counts.bodies_cleared == batch || counts.rows_deleted == batch;
  return counts;
}

Result<PurgeCounts> InboxProcessor::purge(int64_t payload_retention_s, int batch) {
  PurgeCounts total;
  do {
    auto step = purge_step(payload_retention_s, batch);
    if (!step) return step.error();
    total.bodies_cleared += step.value().bodies_cleared;
    total.rows_deleted += step.value().rows_deleted;
    total.more = step.value().more;
  } while (total.more);
  return total;
}

}  // namespace hb

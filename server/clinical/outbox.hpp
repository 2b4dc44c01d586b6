// The outbox: work for Hint (and later HearLink) committed in the same transaction as the change
// that needs it, then carried out by a worker that survives restarts and retries with back-off.
// One row per (kind, object): a later change to the same object re-arms that row, and the job
// reconciles the remote side with the current local state, so repeats are harmless.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/store/database.hpp"
#include "shared/admin_views.hpp"
#include "shared/backoff.hpp"

namespace hb {

struct OutboxJob {
  int64_t id = 0;
  std::string practice_id;
  std::string kind;
  std::string object_id;
  std::string session_id;  // whose Hint token to use while that session lives
  int64_t attempts = 0;
  int64_t generation = 0;
};

// Attempts after which a retryable failure stops being retried and shows as failed.
constexpr int64_t kOutboxMaxAttempts = 10;

// Seconds before attempt n+1 after n failed attempts: 10 s doubling, at most an hour. Not jittered:
// one runner works the queue, and the rate limiter spaces its calls.
constexpr Backoff kOutboxBackoff{10, 3600};
int64_t outbox_backoff_s(int64_t attempts);

// Caller holds the lock and a transaction (which it must not commit after an error).
[[nodiscard]] Status enqueue_outbox(Database& db, const std::string& practice_id, const std::string& kind,
                                    const std::string& object_id, const std::string& session_id, int64_t now);

// Jobs due now, oldest first (caller holds the lock). `kinds` limits them to those kinds (each
// runner takes only its own); empty = every kind.
std::vector<OutboxJob> due_outbox_jobs(Database& db, int64_t now, int limit,
                                       const std::vector<std::string>& kinds = {});

// Outcomes (caller holds the lock). An error means the outcome was not recorded: the job stays
// due as it was, so the runner meets it again.
// outbox_done is false when a change re-armed the job meanwhile (it stays pending).
[[nodiscard]] Result<bool> outbox_done(Database& db, const OutboxJob& job, int64_t now);
[[nodiscard]] Status outbox_retry(Database& db, const OutboxJob& job, int64_t now, const std::string& error);
[[nodiscard]] Status outbox_give_up(Database& db, const OutboxJob& job, int64_t now, const std::string& status,
                                    const std::string& error);

// Done jobs are kept this long (for the admin's view of recent work), then deleted: a later change
// to the same object inserts its row afresh, and every job reconciles with the local state anyway.
constexpr int64_t kOutboxDoneRetentionS = 30 * 24 * 3600;

// Deletes at most `batch` jobs done before `now - kOutboxDoneRetentionS`, in one short write
// (caller holds whatever serializes its connection's writes). Returns how many went.
[[nodiscard]] Result<int64_t> purge_done_outbox(Connection& db, int64_t now, int batch);

// Pending, failed and needs_check jobs of a practice (ids, kinds, states; no payload), oldest
// first: at most `limit` with ids above `after_id` (the last id of the previous page; 0: from the
// start).
[[nodiscard]] Result<OutboxList> list_outbox(Database& db, const std::string& practice_id, int limit, int64_t after_id);

}  // namespace hb

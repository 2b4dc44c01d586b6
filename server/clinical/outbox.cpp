#include "server/clinical/outbox.hpp"

#include <algorithm>

#include "shared/backoff.hpp"
#include "shared/iso8601.hpp"

namespace hb {

int64_t outbox_backoff_s(int64_t attempts) { return backoff_delay(kOutboxBackoff, attempts); }

Status enqueue_outbox(Database& db, const std::string& practice_id, const std::string& kind,
                      const std::string& object_id, const std::string& session_id, int64_t now) {
  // Re-arm: a job already waiting, failed or done becomes due now again with a fresh count; a job
  // that needs a person's check keeps that state (repeating it could duplicate work in Hint).
  auto upsert = db.prepare(
      "INSERT INTO outbox (practice_id, kind, object_id, session_id, status, attempts, generation, next_attempt_at, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, 1, ?, ?, ?) "
      "ON CONFLICT (kind, object_id) DO UPDATE SET session_id = excluded.session_id, generation = outbox.generation + "
      "1, "
      "status = CASE WHEN outbox.status = 'needs_check' THEN 'needs_check' ELSE 'pending' END, "
      "attempts = CASE WHEN outbox.status = 'needs_check' THEN outbox.attempts ELSE 0 END, "
      "next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at");
  upsert.bind(1, practice_id)
      .bind(2, kind)
      .bind(3, object_id)
      .bind_optional(4, session_id)
      .bind(5, now)
      .bind(6, now)
      .bind(7, now);
  return upsert.run();
}

std::vector<OutboxJob> due_outbox_jobs(Database& db, int64_t now, int limit, const std::vector<std::string>& kinds) {
  std::string kind_filter;
  for (size_t i = 0; i < kinds.size(); ++i) kind_filter += i == 0 ? " AND kind IN (?" : ", ?";
  if (!kinds.empty()) kind_filter += ")";
  auto query = db.prepare(
      "SELECT id, practice_id, kind, object_id, session_id, attempts, generation FROM outbox "
      "WHERE status = 'pending' AND next_attempt_at <= ?" +
      kind_filter + " ORDER BY next_attempt_at, id LIMIT ?");
  int index = 1;
  query.bind(index++, now);
  for (const auto& kind : kinds) query.bind(index++, kind);
  query.bind(index, int64_t{limit});
  std::vector<OutboxJob> jobs;
  while (query.step()) {
    jobs.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.text(4), query.integer(5),
                    query.integer(6)});
  }
  return jobs;
}

Result<bool> outbox_done(Database& db, const OutboxJob& job, int64_t now) {
  auto update = db.prepare(
      "UPDATE outbox SET status = 'done', last_error = NULL, updated_at = ? WHERE id = ? AND generation = ?");
  if (auto done = update.bind(1, now).bind(2, job.id).bind(3, job.generation).run(); !done) return done.error();
  return db.changes() == 1;
}

Status outbox_retry(Database& db, const OutboxJob& job, int64_t now, const std::string& error) {
  const auto attempts = job.attempts + 1;
  const bool exhausted = attempts >= kOutboxMaxAttempts;
  auto update = db.prepare(
      "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? "
      "WHERE id = ? AND generation = ?");
  return update.bind(1, exhausted ? "failed" : "pending")
      .bind(2, attempts)
      .bind(3, now + outbox_backoff_s(attempts))
      .bind(4, error)
      .bind(5, now)
      .bind(6, job.id)
      .bind(7, job.generation)
      .run();
}

Status outbox_give_up(Database& db, const OutboxJob& job, int64_t now, const std::string& status,
                      const std::string& error) {
  auto update = db.prepare(
      "UPDATE outbox SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE id = ? AND generation = ?");
  return update.bind(1, status)
      .bind(2, job.attempts + 1)
      .bind(3, error)
      .bind(4, now)
      .bind(5, job.id)
      .bind(6, job.generation)
      .run();
}

Result<int64_t> purge_done_outbox(Connection& db, int64_t now, int batch) {
  auto remove = db.prepare(
      "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE status = 'done' AND updated_at < ? "
      "ORDER BY updated_at LIMIT ?)");
  if (auto removed = remove.bind(1, now - kOutboxDoneRetentionS).bind(2, int64_t{batch}).run(); !removed)
    return removed.error();
  return db.changes();
}

Result<OutboxList> list_outbox(Database& db, const std::string& practice_id, int limit, int64_t after_id) {
  auto reader = db.read();
  auto query = reader->prepare(
      "SELECT id, kind, object_id, status, attempts, next_attempt_at, last_error, updated_at FROM outbox "
      "WHERE practice_id = ? AND status != 'done' AND id > ? ORDER BY id LIMIT ?");
  query.bind(1, practice_id).bind(2, after_id).bind(3, int64_t{limit});
  OutboxList list;
  while (query.step()) {
    list.items.push_back({query.integer(0), query.text(1), query.text(2), query.text(3), query.integer(4),
                          format_timestamp(query.integer(5)), query.is_null(6) ? std::string() : query.text(6),
                          format_timestamp(query.integer(7))});
  }
  if (query.failed()) return Error{ErrorCode::internal, {}};
  return list;
}

}  // namespace hb

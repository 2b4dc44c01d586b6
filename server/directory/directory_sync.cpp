#include "server/directory/directory_sync.hpp"

#include "server/clinical/hint_sync.hpp"
#include "server/directory/patient_directory.hpp"
#include "server/log.hpp"
#include "server/webhooks/event_processor.hpp"
#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

std::string timestamp_or_empty(int64_t at) { return at > 0 ? format_timestamp(at) : std::string(); }

}  // namespace

Status request_directory_pass(Database& db, const std::string& practice_id, int64_t now) {
  auto start = db.prepare(
      "INSERT INTO directory_passes (practice_id, status, started_at, next_offset, hint_total, listed, attempts, "
      "next_attempt_at) VALUES (?1, 'running', ?2, 0, 0, 0, 0, ?2) ON CONFLICT (practice_id) DO UPDATE SET "
      "status = 'running', started_at = ?2, next_offset = 0, listed = 0, attempts = 0, next_attempt_at = ?2, "
      "last_error = NULL WHERE directory_passes.status <> 'running'");
  if (auto done = start.bind(1, practice_id).bind(2, now).run(); !done) return done;
  // A pass that is running but waiting out a failure tries again now.
  auto sooner = db.prepare(
      "UPDATE directory_passes SET next_attempt_at = ?2 WHERE practice_id = ?1 AND status = 'running' AND "
      "next_attempt_at > ?2");
  return sooner.bind(1, practice_id).bind(2, now).run();
}

DirectorySync::DirectorySync(Database& db, SessionStore& sessions, const TokenCipher& cipher, HintClient& hint,
                             Clock clock, Pacing pacing)
    : db_(db),
      sessions_(sessions),
      cipher_(cipher),
      hint_(hint),
      clock_(std::move(clock)),
      own_pace_(kDirectoryPagesPerSecond, 1, std::move(pacing)) {}

Result<DirectoryProgress> DirectorySync::progress(const std::string& practice_id) {
  auto reader = db_.read();
  auto query = reader->prepare(
      "SELECT status, listed, hint_total, started_at, finished_at, next_attempt_at, COALESCE(last_error, '') "
      "FROM directory_passes WHERE practice_id = ?");
  query.bind(1, practice_id);
  DirectoryProgress p;
  if (!query.step()) {
    if (query.failed()) return Error{ErrorCode::internal, {}};
    return p;  // not_started
  }
  p.status = query.text(0);
  p.listed = query.integer(1);
  p.hint_total = query.integer(2);
  p.started_at = timestamp_or_empty(query.integer(3));
  p.finished_at = query.is_null(4) ? std::string() : timestamp_or_empty(query.integer(4));
  if (p.status == "done") p.next_pass_at = timestamp_or_empty(query.integer(5));
  p.error = query.text(6);
  return p;
}

Result<std::optional<DirectorySync::Due>> DirectorySync::take_due(int64_t now) {
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  // A practice whose people use the app but that has no pass yet (installed before the directory
  // existed, or never activated through Hint's install flow): its first pass starts now.
  auto first = db_.prepare(
      "INSERT INTO directory_passes (practice_id, status, started_at, next_offset, hint_total, listed, attempts, "
      "next_attempt_at) SELECT DISTINCT s.practice_id, 'running', ?1, 0, 0, 0, 0, ?1 FROM sessions s WHERE NOT "
      "EXISTS (SELECT 1 FROM directory_passes d WHERE d.practice_id = s.practice_id)");
  if (auto done = first.bind(1, now).run(); !done) return done.error();
  auto query = db_.prepare(
      "SELECT d.practice_id, d.status, d.next_offset, d.attempts, COALESCE(d.previous_started_at, 0) "
      "FROM directory_passes d WHERE d.next_attempt_at <= ?1 AND NOT EXISTS (SELECT 1 FROM practices p WHERE "
      "p.practice_id = d.practice_id AND p.status = 'inactive') ORDER BY d.next_attempt_at LIMIT 1");
  query.bind(1, now);
  if (!query.step()) {
    if (query.failed()) return Error{ErrorCode::internal, {}};
    if (auto committed = tx.value().commit(); !committed) return committed.error();
    return std::optional<Due>();
  }
  Due due{query.text(0), now, query.integer(2), query.integer(3), query.integer(4)};
  const bool reconcile = query.text(1) == "done";
  query.reset();
  if (reconcile) {  // the daily pass starts from the top
    due.offset = 0;
    due.attempts = 0;
    auto start = db_.prepare(
        "UPDATE directory_passes SET status = 'running', started_at = ?2, next_offset = 0, listed = 0, attempts = 0, "
        "last_error = NULL WHERE practice_id = ?1");
    if (auto done = start.bind(1, due.practice_id).bind(2, now).run(); !done) return done.error();
  } else {
    auto started = db_.prepare("SELECT started_at FROM directory_passes WHERE practice_id = ?");
    started.bind(1, due.practice_id);
    if (!started.step()) return Error{ErrorCode::internal, {}};
    due.started_at = started.integer(0);
  }
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return std::optional<Due>(std::move(due));
}

std::vector<std::string> DirectorySync::tokens_for(const std::string& practice_id) {
  std::vector<std::string> tokens;
  std::vector<std::string> session_ids;
  {
    auto lock = db_.lock();
    auto stored = db_.prepare("SELECT token_enc FROM practice_tokens WHERE practice_id = ?");
    stored.bind(1, practice_id);
    if (stored.step()) {
      if (auto token = cipher_.decrypt(stored.text(0), practice_token_aad(practice_id))) tokens.push_back(*token);
    }
    // Without an activation token, the newest sessions' Hint tokens (practice-scoped, as Hint gives them).
    auto sessions = db_.prepare(
        "SELECT id FROM sessions WHERE practice_id = ? AND access_token_enc IS NOT NULL ORDER BY created_at DESC "
        "LIMIT 3");
    sessions.bind(1, practice_id);
    while (sessions.step()) session_ids.push_back(sessions.text(0));
  }
  for (const auto& id : session_ids) {
    auto token = sessions_.hint_access_token(id);
    if (token && !token.value().empty()) tokens.push_back(std::move(token).value());
  }
  return tokens;
}

void DirectorySync::record_failure(const Due& due, const Error& error, int64_t now) {
  const auto attempts = due.attempts + 1;
  log::warn("directory_page_failed",
            {{"practice_id", due.practice_id}, {"code", error_info(error.code).code}, {"attempt", attempts}});
  auto lock = db_.lock();
  auto update = db_.prepare(
      "UPDATE directory_passes SET attempts = ?2, next_attempt_at = ?3, last_error = ?4 WHERE practice_id = ?1");
  const std::string reason = error.message.empty() ? std::string(error_info(error.code).message) : error.message;
  update.bind(1, due.practice_id).bind(2, attempts).bind(3, now + backoff_delay(kDirectoryRetry, attempts));
  if (!update.bind(4, reason).run()) log::error("directory_pass_store_failed", {{"practice_id", due.practice_id}});
}

Status DirectorySync::record_page(const Due& due, const HintPage& page, int64_t now) {
  const auto count = static_cast<int64_t>(page.items.size());
  const bool finished = count < kDirectoryPageSize || due.offset + count >= page.total;
  {
    auto lock = db_.lock();
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto local = db_.prepare("SELECT updated_at FROM hint_patients WHERE practice_id = ? AND patient_id = ?");
    auto seen = db_.prepare("UPDATE patient_directory SET seen_at = ? WHERE practice_id = ? AND patient_id = ?");
    for (const auto& item : page.items) {
      const auto id = string_at(item, "id");
      if (id.empty()) continue;
      const auto version = version_ms(string_at(item, "updated_at")).value_or(0);
      local.reset();
      local.bind(1, due.practice_id).bind(2, id);
      const bool newer_here = local.step() && local.integer(0) >= version;
      if (local.failed()) return Error{ErrorCode::internal, {}};
      if (newer_here) {
        // Webhooks brought this version or a newer one: the directory already says what it should.
        seen.reset();
        if (auto done = seen.bind(1, now).bind(2, due.practice_id).bind(3, id).run(); !done) return done;
      } else if (auto done = put_in_directory(db_, due.practice_id, id, "active", item, now); !done) {
        return done;
      }
    }
    // Only the pass this page belongs to advances (an admin's refresh may have restarted it meanwhile).
    auto advance = db_.prepare(
        "UPDATE directory_passes SET next_offset = ?3, listed = ?3, hint_total = ?4, attempts = 0, last_error = NULL, "
        "next_attempt_at = ?5, status = ?6, finished_at = CASE WHEN ?6 = 'done' THEN ?8 ELSE finished_at END, "
        "previous_started_at = CASE WHEN ?6 = 'done' THEN started_at ELSE previous_started_at END "
        "WHERE practice_id = ?1 AND started_at = ?2 AND next_offset = ?7 AND status = 'running'");
    advance.bind(1, due.practice_id).bind(2, due.started_at).bind(3, due.offset + count).bind(4, page.total);
    advance.bind(5, finished ? now + kDirectoryReconcileEveryS : now).bind(6, finished ? "done" : "running");
    if (auto done = advance.bind(7, due.offset).bind(8, now).run(); !done) return done;
    if (auto committed = tx.value().commit(); !committed) return committed;
  }
  if (finished) {
    log::info("directory_pass_done", {{"practice_id", due.practice_id}, {"listed", due.offset + count}});
    if (due.previous_started_at > 0) return remove_unseen(due.practice_id, due.previous_started_at);
  }
  return ok_status();
}

Status DirectorySync::remove_unseen(const std::string& practice_id, int64_t seen_before) {
  int64_t removed = 0;
  for (;;) {  // in batches, each its own transaction, so intake and saves never wait long
    auto lock = db_.lock();
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    auto unseen = db_.prepare("SELECT patient_id FROM patient_directory WHERE practice_id = ? AND seen_at < ? LIMIT " +
                              std::to_string(kDirectoryRemoveBatch));
    unseen.bind(1, practice_id).bind(2, seen_before);
    std::vector<std::string> ids;
    while (unseen.step()) ids.push_back(unseen.text(0));
    if (unseen.failed()) return Error{ErrorCode::internal, {}};
    for (const auto& id : ids) {
      if (auto done = remove_from_directory(db_, practice_id, id); !done) return done;
    }
    if (auto committed = tx.value().commit(); !committed) return committed;
    removed += static_cast<int64_t>(ids.size());
    if (static_cast<int64_t>(ids.size()) < kDirectoryRemoveBatch) break;
  }
  if (removed > 0) log::info("directory_unlisted", {{"practice_id", practice_id}, {"count", removed}});
  return ok_status();
}

bool DirectorySync::run_due() {
  const int64_t now = clock_();
  auto taken = take_due(now);
  if (!taken) {
    log::error("directory_pass_read_failed");
    return false;
  }
  if (!taken.value()) return false;
  const auto& due = *taken.value();
  const auto tokens = tokens_for(due.practice_id);
  if (tokens.empty()) {
    record_failure(due, Error{ErrorCode::not_configured, "No Hint token for this practice yet."}, now);
    return false;
  }
  Result<HintPage> page = Error{ErrorCode::internal, {}};
  for (const auto& token : tokens) {
    own_pace_.acquire();
    page = hint_.list_patients(token, {{"sort", "created_at"}}, kDirectoryPageSize, static_cast<int>(due.offset));
    if (page || !refused_token(page.error())) break;
  }
  if (!page) {
    record_failure(due, page.error(), clock_());
    return false;
  }
  if (auto stored = record_page(due, page.value(), clock_()); !stored) {
    log::error("directory_pass_store_failed", {{"practice_id", due.practice_id}});
    return false;
  }
  return true;
}

}  // namespace hb

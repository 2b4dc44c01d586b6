#include "server/sessions/session_store.hpp"

#include <chrono>
#include <optional>
#include <thread>

#include <algorithm>

#include "server/log.hpp"
#include "server/security/base64.hpp"
#include "server/security/hash.hpp"
#include "server/security/random.hpp"
#include "shared/json_input.hpp"
#include "shared/surfaces.hpp"

namespace hb {
namespace {

constexpr int64_t kPurgeEvery = 60;  // seconds between opportunistic purges
constexpr int64_t kSweepBatch = 500;
constexpr int64_t kSweepGraceS = 600;  // the background sweep leaves what expired in the last 10 minutes

std::string session_aad(std::string_view session_id) { return "session:" + std::string(session_id); }

std::string inferred_surface(const std::string& patient_id, const std::string& interaction_id) {
  if (!interaction_id.empty()) return "clinical_interaction";
  if (!patient_id.empty()) return "clinical_chart";
  return "core_page";
}

// Columns: id, practice_id, practice_name, user_id, user_name, roles, platform_support, patient_id,
// interaction_id, surface, access_token_enc
constexpr const char* kContextColumns =
    "s.id, s.practice_id, s.practice_name, s.user_id, s.user_name, s.roles, s.platform_support, s.patient_id, "
    "s.interaction_id, s.surface, s.access_token_enc";

SessionContext context_from_row(const Statement& row, const RoleMap& roles) {
  SessionContext c;
  c.practice_id = row.text(1);
  c.practice_name = row.text(2);
  c.user_id = row.text(3);
  c.user_name = row.text(4);
  auto role_json = parse_json(row.text(5));
  if (role_json && role_json.value().is_array()) {
    for (const auto& role : role_json.value()) {
      if (role.is_string()) c.roles.push_back(role.get<std::string>());
    }
  }
  c.permissions = roles.permissions_for(c.roles);
  // No role, or only roles that grant nothing here: the UI shows the access-denied screen.
  c.access_denied = c.permissions.empty();
  c.platform_support = row.integer(6) != 0;
  c.patient_id = row.text(7);
  c.interaction_id = row.text(8);
  c.surface = row.text(9);
  c.can_call_hint = !row.is_null(10);
  return c;
}

// Deletes what had expired by `as_of`, in steps of at most kSweepBatch rows per statement, each its
// own short transaction: a backlog never holds the write lock for long, every step leaves the
// tables consistent, and with `pause` the lock is left free for a moment between steps (a mutex
// handed back and taken again at once is rarely won by a waiter). Each statement reads through an
// index on the time it tests. A session goes with its last live token (its tokens cascade), a
// never-exchanged one when its launch key expires. Returns how many sessions went.
Result<int64_t> sweep(Database& db, const SessionPolicy& policy, int64_t as_of, bool pause) {
  const auto idle_since = as_of - policy.idle_timeout_s;
  int64_t purged = 0;
  for (bool more = true, first = true; more; first = false) {
    if (pause && !first) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto lock = db.lock();
    auto tx = Transaction::begin(db);
    if (!tx) return tx.error();
    auto ended = db.prepare(
        "DELETE FROM sessions WHERE id IN (SELECT k.session_id FROM session_tokens k WHERE (k.expires_at <= ?1 OR "
        "k.last_used_at <= ?2) AND NOT EXISTS (SELECT 1 FROM session_tokens t WHERE t.session_id = k.session_id AND "
        "t.expires_at > ?1 AND t.last_used_at > ?2) LIMIT ?3)");
    if (auto done = ended.bind(1, as_of).bind(2, idle_since).bind(3, kSweepBatch).run(); !done) return done.error();
    const auto sessions_ended = db.changes();
    int64_t tokens_removed = 0;
    if (sessions_ended < kSweepBatch) {
      // Then the expired tokens of sessions that live on (once the ended sessions are gone, so this
      // never walks their tokens again and again).
      auto tokens = db.prepare(
          "DELETE FROM session_tokens WHERE token_hash IN (SELECT k.token_hash FROM session_tokens k WHERE "
          "(k.expires_at <= ?1 OR k.last_used_at <= ?2) AND EXISTS (SELECT 1 FROM session_tokens t WHERE "
          "t.session_id = k.session_id AND t.expires_at > ?1 AND t.last_used_at > ?2) LIMIT ?3)");
      if (auto done = tokens.bind(1, as_of).bind(2, idle_since).bind(3, kSweepBatch).run(); !done) return done.error();
      tokens_removed = db.changes();
    }
    auto unexchanged = db.prepare(
        "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE exchanged_at IS NULL AND launch_expires_at < "
        "? LIMIT ?)");
    if (auto done = unexchanged.bind(1, as_of).bind(2, kSweepBatch).run(); !done) return done.error();
    const auto launches_expired = db.changes();
    if (auto committed = tx.value().commit(); !committed) return committed.error();
    purged += sessions_ended + launches_expired;
    // Until a step finds nothing: one step's candidates may repeat a session (two expired tokens).
    more = sessions_ended + tokens_removed + launches_expired > 0;
  }
  if (purged > 0) log::info("sessions_purged", {{"count", purged}});
  return purged;
}

}  // namespace

SessionStore::SessionStore(Database& db, const TokenCipher& cipher, const RoleMap& roles, SessionPolicy policy,
                           Clock clock)
    : db_(db), cipher_(cipher), roles_(roles), policy_(policy), clock_(std::move(clock)) {
  last_purge_ = clock_();  // the first background sweep a minute after start, never before "listening"
}

Result<std::string> SessionStore::create(const Handshake& h) {
  const auto now = clock_();

  const auto id = base64url_encode(random_bytes(16));
  const auto launch_key = new_credential();
  nlohmann::json roles = h.partner_roles;

  auto lock = db_.lock();
  auto insert = db_.prepare(
      "INSERT INTO sessions (id, practice_id, practice_name, user_id, user_name, integration_id, roles, "
      "platform_support, patient_id, interaction_id, surface, access_token_enc, launch_key_hash, launch_expires_at, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id)
      .bind(2, h.practice_id)
      .bind(3, h.practice_name)
      .bind(4, h.user_id)
      .bind(5, h.user_name)
      .bind_optional(6, h.integration_id)
      .bind(7, roles.dump())
      .bind(8, int64_t{h.platform_support})
      .bind_optional(9, h.patient_id)
      .bind_optional(10, h.interaction_id)
      .bind(11, inferred_surface(h.patient_id, h.interaction_id))
      .bind(13, sha256_hex(launch_key))
      .bind(14, now + policy_.launch_key_ttl_s)
      .bind(15, now);
  if (h.access_token.empty())
    insert.bind_null(12);
  else
    insert.bind_blob(12, cipher_.encrypt(h.access_token, session_aad(id)));
  if (!insert.run()) return Error{ErrorCode::internal, {}};
  return launch_key;
}

Result<ExchangeReply> SessionStore::exchange(std::string_view session_key, std::string_view surface) {
  const auto now = clock_();
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto find = db_.prepare(std::string("SELECT ") + kContextColumns +
                          ", s.launch_expires_at, s.exchanged_at FROM sessions s WHERE s.launch_key_hash = ?");
  find.bind(1, sha256_hex(session_key));
  if (!find.step()) return find.failed() ? Error{ErrorCode::internal, {}} : Error{ErrorCode::launch_key_invalid, {}};
  if (!find.is_null(12)) return Error{ErrorCode::launch_key_used, {}};
  if (now > find.integer(11)) return Error{ErrorCode::launch_key_expired, {}};

  const auto session_id = find.text(0);
  auto context = context_from_row(find, roles_);
  if (is_surface(surface)) context.surface = std::string(surface);

  // The WHERE clause makes the exchange single-use even if two requests race.
  auto mark = db_.prepare("UPDATE sessions SET exchanged_at = ?, surface = ? WHERE id = ? AND exchanged_at IS NULL");
  mark.bind(1, now).bind(2, context.surface).bind(3, session_id);
  if (auto marked = mark.run(); !marked) return marked.error();
  if (db_.changes() != 1) return Error{ErrorCode::launch_key_used, {}};

  const auto token = new_credential();
  auto insert = db_.prepare(
      "INSERT INTO session_tokens (token_hash, session_id, practice_id, created_at, last_used_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, sha256_hex(token)).bind(2, session_id).bind(3, context.practice_id).bind(4, now).bind(5, now);
  insert.bind(6, now + policy_.max_age_s);
  if (auto stored = insert.run(); !stored) return stored.error();
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return ExchangeReply{token, std::move(context)};
}

Result<Principal> SessionStore::authenticate(std::string_view token) {
  if (token.empty()) return Error{ErrorCode::unauthorized, {}};
  const auto now = clock_();
  const auto token_hash = sha256_hex(token);
  int64_t last_used = 0;
  std::optional<Principal> principal;
  {  // every API request passes here: a reader, so requests never queue behind a write
    auto reader = db_.read();
    auto find = reader->prepare(std::string("SELECT ") + kContextColumns +
                                ", t.last_used_at, t.expires_at FROM session_tokens t JOIN sessions s ON "
                                "s.id = t.session_id WHERE t.token_hash = ?");
    find.bind(1, token_hash);
    if (!find.step()) return find.failed() ? Error{ErrorCode::internal, {}} : Error{ErrorCode::unauthorized, {}};
    last_used = find.integer(11);
    const auto expires = find.integer(12);
    if (now >= expires || now - last_used >= policy_.idle_timeout_s) {
      // Expiry is decided by time, not by the row: the token is rejected again until the next purge
      // removes it together with its session (removing only the token here would orphan the session).
      return Error{ErrorCode::session_expired, {}};
    }
    principal = Principal{find.text(0), context_from_row(find, roles_)};
  }
  // Keep the idle timer fresh without a write on every call (autosave traffic is frequent): at most
  // every 30 s, and often enough that a short idle timeout still sees a busy session as busy.
  // The touch never makes a request wait behind a write: while the writer is busy it is left to a
  // later request, until half the idle timeout has gone; from then it waits its turn, so a session in
  // use never expires for want of a touch.
  const auto idle = now - last_used;
  if (idle >= std::min<int64_t>(30, std::max<int64_t>(1, policy_.idle_timeout_s / 4))) {
    auto lock = idle >= policy_.idle_timeout_s / 2 ? db_.lock() : db_.try_lock();
    if (lock.owns_lock()) {
      // Never moved back: a concurrent request may have touched it later already.
      auto touch =
          db_.prepare("UPDATE session_tokens SET last_used_at = ?1 WHERE token_hash = ?2 AND last_used_at < ?1");
      if (auto touched = touch.bind(1, now).bind(2, token_hash).run(); !touched) return touched.error();
    }
  }
  return std::move(*principal);
}

Result<std::string> SessionStore::hint_access_token(std::string_view session_id) {
  auto reader = db_.read();
  auto find = reader->prepare("SELECT access_token_enc FROM sessions WHERE id = ?");
  find.bind(1, session_id);
  if (!find.step()) return find.failed() ? Error{ErrorCode::internal, {}} : Error{ErrorCode::unauthorized, {}};
  if (find.is_null(0)) return std::string();
  auto token = cipher_.decrypt(find.text(0), session_aad(session_id));
  if (!token) {
    log::error("token_decrypt_failed", {{"what", "session access token"}});
    return Error{ErrorCode::internal, {}};
  }
  return *token;
}

void SessionStore::purge_if_due() {
  // Housekeeping only: a sweep that fails is tried again a minute later. Only what expired more
  // than kSweepGraceS ago goes: a clinician who comes back to a session that just ended is still
  // told it ended (session_expired), not that it was never there.
  const auto now = clock_();
  if (now - last_purge_ < kPurgeEvery) return;
  last_purge_ = now;
  if (auto purged = sweep(db_, policy_, now - kSweepGraceS, true); !purged) log::warn("sessions_purge_failed");
}

Result<int64_t> SessionStore::purge_expired() {
  const auto now = clock_();
  last_purge_ = now;
  return sweep(db_, policy_, now, false);
}

Result<int64_t> end_practice_sessions(Database& db, std::string_view practice_id) {
  auto lock = db.lock();
  auto tx = Transaction::begin(db);
  if (!tx) return tx.error();
  auto tokens = db.prepare("DELETE FROM session_tokens WHERE practice_id = ?");
  if (auto done = tokens.bind(1, practice_id).run(); !done) return done.error();
  auto sessions = db.prepare("DELETE FROM sessions WHERE practice_id = ?");
  if (auto done = sessions.bind(1, practice_id).run(); !done) return done.error();
  const auto ended = db.changes();
  auto stored = db.prepare("DELETE FROM practice_tokens WHERE practice_id = ?");
  if (auto done = stored.bind(1, practice_id).run(); !done) return done.error();
  if (auto committed = tx.value().commit(); !committed) return committed.error();
  return ended;
}

}  // namespace hb

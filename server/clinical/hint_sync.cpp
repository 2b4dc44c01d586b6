#include "server/clinical/hint_sync.hpp"

#include <vector>

#include "server/clinical/clinical_notes.hpp"
#include "server/log.hpp"

namespace hb {
namespace {

struct NoteSyncState {
  std::string patient_id;
  std::string title;
  std::string status;  // what Hint's interaction should say: draft | signed | addended | deleted
  std::string hint_id;
  std::string synced_title;
  std::string synced_status;
  std::string sync;
};

// not_found when the note is gone; internal when it could not be read.
Result<NoteSyncState> load_sync_state(Database& db, const OutboxJob& job) {
  // A signed note with a signed addendum is `addended` in Hint (its own text never changes).
  auto query = db.prepare(
      "SELECT patient_id, title, CASE WHEN status = 'signed' AND EXISTS (SELECT 1 FROM notes a WHERE "
      "a.practice_id = n.practice_id AND a.addendum_of = n.id AND a.status = 'signed') THEN 'addended' ELSE status "
      "END, "
      "hint_interaction_id, hint_synced_title, hint_synced_status, hint_sync FROM notes n "
      "WHERE practice_id = ? AND id = ?");
  query.bind(1, job.practice_id).bind(2, job.object_id);
  if (!query.step()) return Error{query.failed() ? ErrorCode::internal : ErrorCode::not_found, {}};
  return NoteSyncState{query.text(0), query.text(1), query.text(2), query.text(3),
                       query.text(4), query.text(5), query.text(6)};
}

Status set_note_sync(Database& db, const OutboxJob& job, const std::string& sync) {
  auto update = db.prepare("UPDATE notes SET hint_sync = ? WHERE practice_id = ? AND id = ?");
  return update.bind(1, sync).bind(2, job.practice_id).bind(3, job.object_id).run();
}

// Both writes or neither.
Status both(Status first, const std::function<Status()>& second) { return first ? second() : first; }

bool retryable(ErrorCode code) { return code == ErrorCode::upstream_unavailable || code == ErrorCode::rate_limited; }

}  // namespace

std::string practice_token_aad(const std::string& practice_id) { return "practice:" + practice_id; }

HintSync::HintSync(Database& db, SessionStore& sessions, const TokenCipher& cipher, HintClient& hint, Clock clock,
                   std::function<std::string()> public_url)
    : db_(db),
      sessions_(sessions),
      cipher_(cipher),
      hint_(hint),
      clock_(std::move(clock)),
      public_url_(std::move(public_url)) {}

int HintSync::run_due(int limit) {
  // One runner at a time: a job must never be carried out twice at once.
  std::lock_guard running(running_);
  std::vector<OutboxJob> jobs;
  {
    auto lock = db_.lock();
    jobs = due_outbox_jobs(db_, clock_(), limit, {kSyncInteraction});
  }
  int ran = 0;
  for (const auto& job : jobs) {
    if (job.kind == kSyncInteraction && !run(job)) return ran;
    ++ran;
  }
  return ran;
}

Result<std::string> HintSync::token_for(const OutboxJob& job) {
  // The clinician's own handshake token while their session lives; the practice's activation
  // token for background work after that.
  if (!job.session_id.empty()) {
    auto token = sessions_.hint_access_token(job.session_id);
    if (token && !token.value().empty()) return token;
  }
  auto lock = db_.lock();
  auto query = db_.prepare("SELECT token_enc FROM practice_tokens WHERE practice_id = ?");
  query.bind(1, job.practice_id);
  if (query.step()) {
    if (auto token = cipher_.decrypt(query.text(0), practice_token_aad(job.practice_id))) return *token;
  }
  return Error{ErrorCode::not_configured, "No Hint token for this practice (it is not activated)."};
}

bool HintSync::run(const OutboxJob& job) {
  // Outcomes are recorded under the lock, each in one transaction; Hint calls happen outside it.
  // A record that fails is rolled back whole and leaves the job due as it was.
  auto finish = [&](const std::function<Status()>& record) {
    auto lock = db_.lock();
    auto tx = Transaction::begin(db_);
    auto status = tx ? record() : Status(tx.error());
    if (status) status = tx.value().commit();
    if (!status) log::error("hint_sync_store_failed", {{"job", job.id}});
    return status.ok();
  };
  auto fail = [&](const Error& error) {
    log::warn("hint_sync_failed",
              {{"job", job.id}, {"code", error_info(error.code).code}, {"attempt", job.attempts + 1}});
    const auto now = clock_();
    if (error.code == ErrorCode::upstream_timeout) {
      return finish([&] {
        return both(outbox_give_up(db_, job, now, "needs_check", std::string(error.text())),
                    [&] { return set_note_sync(db_, job, "needs_check"); });
      });
    }
    if (retryable(error.code) || error.code == ErrorCode::not_configured) {
      return finish([&] {
        return both(outbox_retry(db_, job, now, std::string(error.text())), [&] {
          return job.attempts + 1 >= kOutboxMaxAttempts ? set_note_sync(db_, job, "failed") : ok_status();
        });
      });
    }
    return finish([&] {
      return both(outbox_give_up(db_, job, now, "failed", std::string(error.text())),
                  [&] { return set_note_sync(db_, job, "failed"); });
    });
  };

  Result<NoteSyncState> loaded = Error{ErrorCode::internal, {}};
  {
    auto lock = db_.lock();
    loaded = load_sync_state(db_, job);
  }
  if (!loaded && loaded.error().code == ErrorCode::not_found) {
    return finish([&] { return outbox_give_up(db_, job, clock_(), "failed", "The note no longer exists."); });
  }
  if (!loaded) return false;  // not readable now: the job stays due
  auto* note = &loaded.value();
  // A draft deleted before Hint ever had it: nothing to tell Hint (unless a create may be in flight,
  // which the check below turns into needs_check).
  if (note->hint_id.empty() && note->status == "deleted" && note->sync != "creating") {
    return finish([&]() -> Status {
      auto done = outbox_done(db_, job, clock_());
      if (!done) return done.error();
      return done.value() ? set_note_sync(db_, job, "synced") : ok_status();
    });
  }
  auto token = token_for(job);
  if (!token) return fail(token.error());

  if (note->hint_id.empty()) {
    // "creating" is committed before the request goes out: finding it here means an earlier run
    // stopped (a crash, a kill) between sending the create and storing Hint's answer. Hint may hold
    // the interaction already; a person checks instead of HearBridge making a second one.
    if (note->sync == "creating") {
      return fail(
          Error{ErrorCode::upstream_timeout, "An earlier create may have reached Hint; check before retrying."});
    }
    // Without the marker stored the create must not go out: a lost answer could then make a second one.
    if (!finish([&] { return set_note_sync(db_, job, "creating"); })) return false;
    nlohmann::json body{{"type", "partner"},
                        {"status", "draft"},
                        {"title", note->title},
                        {"integration_record_id", job.object_id},
                        {"integration_web_link", public_url_() + "/hint/clinical_interaction#note=" + job.object_id}};
    auto created = hint_.create_partner_interaction(token.value(), note->patient_id, body);
    if (!created && created.error().code != ErrorCode::upstream_timeout) {
      // Surely not applied (never sent, refused, rate-limited): a later attempt may create. Should
      // the marker stay, the next run asks a person to check, which is safe.
      if (!finish([&] { return set_note_sync(db_, job, "pending"); })) return false;
    }
    if (!created) return fail(created.error());
    auto id = created.value().is_object() ? created.value().value("id", std::string()) : std::string();
    if (id.empty()) return fail(Error{ErrorCode::upstream_timeout, "Hint's answer named no interaction id."});
    note->hint_id = id;
    note->synced_title = note->title;
    note->synced_status = "draft";
    // Not stored, the "creating" marker stays: the next run stops for a person's check.
    if (!finish([&] {
          auto update = db_.prepare(
              "UPDATE notes SET hint_interaction_id = ?, hint_synced_title = ?, hint_synced_status = 'draft' "
              "WHERE practice_id = ? AND id = ?");
          return update.bind(1, id).bind(2, note->title).bind(3, job.practice_id).bind(4, job.object_id).run();
        })) {
      return false;
    }
  }

  // Hint takes title changes only while the interaction is a draft; after that only the status moves,
  // draft → signed → addended and no other way: an addendum signed before the note's own signature
  // reached Hint goes through signed first.
  std::vector<std::string> steps;
  if (note->status == "addended" && note->synced_status != "signed" && note->synced_status != "addended")
    steps.push_back("signed");
  steps.push_back(note->status);
  for (const auto& target : steps) {
    nlohmann::json patch = nlohmann::json::object();
    const bool hint_draft = note->synced_status.empty() || note->synced_status == "draft";
    if (note->title != note->synced_title && hint_draft) patch["title"] = note->title;
    if (target != "draft" && target != note->synced_status) patch["status"] = target;
    if (patch.empty()) continue;
    auto updated = hint_.update_partner_interaction(token.value(), note->patient_id, note->hint_id, patch);
    if (!updated) return fail(updated.error());
    // Not stored, the next run sends the same PATCH again, which is harmless.
    if (!finish([&] {
          auto update = db_.prepare(
              "UPDATE notes SET hint_synced_title = ?, hint_synced_status = ? WHERE practice_id = ? AND id = ?");
          return update.bind(1, note->title).bind(2, target).bind(3, job.practice_id).bind(4, job.object_id).run();
        })) {
      return false;
    }
    note->synced_title = note->title;
    note->synced_status = target;
  }
  return finish([&]() -> Status {
    auto done = outbox_done(db_, job, clock_());
    if (!done) return done.error();
    return done.value() ? set_note_sync(db_, job, "synced") : ok_status();
  });
}

}  // namespace hb

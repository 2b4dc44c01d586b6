#include "server/clinical/hint_sync.hpp"

#include "server/clinical/clinical_notes.hpp"
#include "server/log.hpp"

namespace hb {
namespace {

struct NoteSyncState {
  std::string patient_id;
  std::string title;
  bool signed_ = false;
  std::string hint_id;
  std::string synced_title;
  std::string synced_status;
  std::string sync;
};

std::optional<NoteSyncState> load_sync_state(Database& db, const OutboxJob& job) {
  auto query = db.prepare(
      "SELECT patient_id, title, status, hint_interaction_id, hint_synced_title, hint_synced_status, hint_sync FROM notes "
      "WHERE practice_id = ? AND id = ?");
  query.bind(1, job.practice_id).bind(2, job.object_id);
  if (!query.step()) return std::nullopt;
  return NoteSyncState{query.text(0), query.text(1), query.text(2) == "signed", query.text(3),
                       query.text(4), query.text(5), query.text(6)};
}

void set_note_sync(Database& db, const OutboxJob& job, const std::string& sync) {
  auto update = db.prepare("UPDATE notes SET hint_sync = ? WHERE practice_id = ? AND id = ?");
  update.bind(1, sync).bind(2, job.practice_id).bind(3, job.object_id).run();
}

bool retryable(ErrorCode code) { return code == ErrorCode::upstream_unavailable || code == ErrorCode::rate_limited; }

}  // namespace

std::string practice_token_aad(const std::string& practice_id) { return "practice:" + practice_id; }

HintSync::HintSync(Database& db, SessionStore& sessions, const TokenCipher& cipher, HintClient& hint, Clock clock,
                   std::function<std::string()> public_url)
    : db_(db), sessions_(sessions), cipher_(cipher), hint_(hint), clock_(std::move(clock)), public_url_(std::move(public_url)) {}

int HintSync::run_due(int limit) {
  // One runner at a time: a job must never be carried out twice at once.
  std::lock_guard running(running_);
  std::vector<OutboxJob> jobs;
  {
    auto lock = db_.lock();
    jobs = due_outbox_jobs(db_, clock_(), limit, {kSyncInteraction});
  }
  for (const auto& job : jobs) {
    if (job.kind == kSyncInteraction) run(job);
  }
  return static_cast<int>(jobs.size());
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

void HintSync::run(const OutboxJob& job) {
  // Outcomes are recorded under the lock; Hint calls happen outside it.
  auto finish = [&](const std::function<void()>& record) {
    auto lock = db_.lock();
    Transaction tx(db_);
    record();
    tx.commit();
  };
  auto fail = [&](const Error& error) {
    log::warn("hint_sync_failed", {{"job", job.id}, {"code", error_info(error.code).code}, {"attempt", job.attempts + 1}});
    const auto now = clock_();
    if (error.code == ErrorCode::upstream_timeout) {
      finish([&] {
        outbox_give_up(db_, job, now, "needs_check", std::string(error.text()));
        set_note_sync(db_, job, "needs_check");
      });
    } else if (retryable(error.code) || error.code == ErrorCode::not_configured) {
      finish([&] {
        outbox_retry(db_, job, now, std::string(error.text()));
        if (job.attempts + 1 >= kOutboxMaxAttempts) set_note_sync(db_, job, "failed");
      });
    } else {
      finish([&] {
        outbox_give_up(db_, job, now, "failed", std::string(error.text()));
        set_note_sync(db_, job, "failed");
      });
    }
  };

  std::optional<NoteSyncState> note;
  {
    auto lock = db_.lock();
    note = load_sync_state(db_, job);
  }
  if (!note) {
    finish([&] { outbox_give_up(db_, job, clock_(), "failed", "The note no longer exists."); });
    return;
  }
  auto token = token_for(job);
  if (!token) return fail(token.error());

  if (note->hint_id.empty()) {
    // "creating" is committed before the request goes out: finding it here means an earlier run
    // stopped (a crash, a kill) between sending the create and storing Hint's answer. Hint may hold
    // the interaction already; a person checks instead of HearBridge making a second one.
    if (note->sync == "creating") {
      return fail(Error{ErrorCode::upstream_timeout, "An earlier create may have reached Hint; check before retrying."});
    }
    finish([&] { set_note_sync(db_, job, "creating"); });
    nlohmann::json body{{"type", "partner"},
                        {"status", "draft"},
                        {"title", note->title},
                        {"integration_record_id", job.object_id},
                        {"integration_web_link", public_url_() + "/hint/clinical_interaction#note=" + job.object_id}};
    auto created = hint_.create_partner_interaction(token.value(), note->patient_id, body);
    if (!created && created.error().code != ErrorCode::upstream_timeout) {
      // Surely not applied (never sent, refused, rate-limited): a later attempt may create.
      finish([&] { set_note_sync(db_, job, "pending"); });
    }
    if (!created) return fail(created.error());
    auto id = created.value().is_object() ? created.value().value("id", std::string()) : std::string();
    if (id.empty()) return fail(Error{ErrorCode::upstream_timeout, "Hint's answer named no interaction id."});
    note->hint_id = id;
    note->synced_title = note->title;
    note->synced_status = "draft";
    finish([&] {
      auto update = db_.prepare(
          "UPDATE notes SET hint_interaction_id = ?, hint_synced_title = ?, hint_synced_status = 'draft' "
          "WHERE practice_id = ? AND id = ?");
      update.bind(1, id).bind(2, note->title).bind(3, job.practice_id).bind(4, job.object_id).run();
    });
  }

  nlohmann::json patch = nlohmann::json::object();
  if (note->title != note->synced_title) patch["title"] = note->title;
  if (note->signed_ && note->synced_status != "signed") patch["status"] = "signed";
  if (!patch.empty()) {
    auto updated = hint_.update_partner_interaction(token.value(), note->patient_id, note->hint_id, patch);
    if (!updated) return fail(updated.error());
    finish([&] {
      auto update = db_.prepare(
          "UPDATE notes SET hint_synced_title = ?, hint_synced_status = ? WHERE practice_id = ? AND id = ?");
      update.bind(1, note->title).bind(2, note->signed_ ? "signed" : "draft").bind(3, job.practice_id).bind(4, job.object_id).run();
    });
  }
  finish([&] {
    if (outbox_done(db_, job, clock_())) set_note_sync(db_, job, "synced");
  });
}

}  // namespace hb

#include "server/hearlink/bridge_hooks.hpp"

#include "server/clinical/outbox.hpp"
#include "server/hearlink/patient_links.hpp"

namespace hb {

bool on_hint_patient_event(Database& db, const std::string& practice_id, const std::string& patient_id,
                           std::string_view action, int64_t now) {
  if (action != "created" && action != "updated") return true;
  request_link(db, practice_id, patient_id, "", action == "created" ? LinkRequest::created : LinkRequest::data_changed, now);
  // request_link is false both for "nothing to do" and for a failed write; a failed write inside
  // the worker's savepoint surfaces on commit, so nothing more is checked here.
  return true;
}

bool on_hearlink_event(Database& db, const std::string& practice_id, std::string_view kind, std::string_view action,
                       const std::string& uid, const nlohmann::json& data, int64_t now) {
  if (kind == "patient") {
    if (action == "deleted") {
      auto update = db.prepare(
          "UPDATE patient_links SET status = 'failed', reason = 'The linked HearLink patient was deleted in HearLink.', "
          "updated_at = ? WHERE practice_id = ? AND hearlink_uid = ? AND status = 'linked'");
      return update.bind(1, now).bind(2, practice_id).bind(3, uid).run();
    }
    auto hint_id = hint_patient_named_by(data);
    if (hint_id.empty()) return true;  // a HearLink patient that did not come from Hint
    auto current = find_link(db, practice_id, hint_id);
    if (current && current->status == "linked" && current->hearlink_uid == uid) return true;
    if (!write_link(db, practice_id, hint_id, "linked", uid, "", now)) return false;
    // A create that got no answer did reach HearLink after all: nothing is left to check.
    auto settle = db.prepare(
        "UPDATE outbox SET status = 'done', last_error = NULL, updated_at = ? "
        "WHERE kind = ? AND object_id = ? AND status IN ('needs_check', 'failed')");
    return settle.bind(1, now).bind(2, kCreateHearLinkPatient).bind(3, bridge_object_id(practice_id, hint_id)).run();
  }
  if (kind == "hearing_test" && action == "created") {
    return enqueue_outbox(db, practice_id, kDraftFromHearingTest, bridge_object_id(practice_id, uid), "", now);
  }
  return true;
}

}  // namespace hb

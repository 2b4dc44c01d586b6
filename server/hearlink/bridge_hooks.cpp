#include "server/hearlink/bridge_hooks.hpp"

#include "server/clinical/outbox.hpp"
#include "server/hearlink/patient_links.hpp"

namespace hb {

Status on_hint_patient_event(Database& db, const std::string& practice_id, const std::string& patient_id,
                             std::string_view action, int64_t now) {
  if (action != "created" && action != "updated") return ok_status();
  // A failed write must reach the worker: SQLite fails the statement at once and would still
  // commit the rest, so the event's savepoint is rolled back and the event retried.
  auto queued = request_link(db, practice_id, patient_id, "",
                             action == "created" ? LinkRequest::created : LinkRequest::data_changed, now);
  return queued ? ok_status() : Status(queued.error());
}

Status on_hearlink_event(Database& db, const std::string& practice_id, std::string_view kind, std::string_view action,
                         const std::string& uid, const nlohmann::json& data, int64_t now) {
  if (kind == "patient") {
    if (action == "deleted") {
      auto update = db.prepare(
          "UPDATE patient_links SET status = 'failed', reason = 'The linked HearLink patient was deleted in "
          "HearLink.', "
          "updated_at = ? WHERE practice_id = ? AND hearlink_uid = ? AND status = 'linked'");
      return update.bind(1, now).bind(2, practice_id).bind(3, uid).run();
    }
    auto hint_id = hint_patient_named_by(data);
    if (hint_id.empty()) return ok_status();  // a HearLink patient that did not come from Hint
    auto current = read_link(db, practice_id, hint_id);
    if (!current) return current.error();
    if (current.value() && current.value()->status == "linked" && current.value()->hearlink_uid == uid)
      return ok_status();
    if (auto written = write_link(db, practice_id, hint_id, "linked", uid, "", now); !written) return written;
    // A create that got no answer did reach HearLink after all: nothing is left to check.
    auto settle = db.prepare(
        "UPDATE outbox SET status = 'done', last_error = NULL, updated_at = ? "
        "WHERE kind = ? AND object_id = ? AND practice_id = ? AND status IN ('needs_check', 'failed')");
    return settle.bind(1, now)
        .bind(2, kCreateHearLinkPatient)
        .bind(3, bridge_object_id(practice_id, hint_id))
        .bind(4, practice_id)
        .run();
  }
  if (kind == "hearing_test" && action == "created") {
    return enqueue_outbox(db, practice_id, kDraftFromHearingTest, bridge_object_id(practice_id, uid), "", now);
  }
  return ok_status();
}

}  // namespace hb

#include "server/hearlink/patient_links.hpp"

#include "server/clinical/outbox.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

std::string api_status(const std::string& stored) {
  if (stored == "creating") return "pending";
  if (stored == "needs_check") return "failed";
  return stored;
}

}  // namespace

std::string bridge_object_id(const std::string& practice_id, const std::string& id) {
  std::string out;
  out.reserve(practice_id.size() + id.size() + 1);
  for (char c : practice_id) {
    if (c == '%')
      out += "%25";
    else if (c == '|')
      out += "%7C";
    else
      out += c;
  }
  return out + "|" + id;
}

std::string bridge_object_key(const std::string& practice_id, const std::string& object_id) {
  const auto prefix = bridge_object_id(practice_id, "");
  if (object_id.compare(0, prefix.size(), prefix) == 0) return object_id.substr(prefix.size());
  const auto legacy = practice_id + "|";
  if (object_id.compare(0, legacy.size(), legacy) == 0) return object_id.substr(legacy.size());
  auto bar = object_id.find('|');
  return bar == std::string::npos ? object_id : object_id.substr(bar + 1);
}

Result<std::optional<PatientLink>> read_link(Connection& db, const std::string& practice_id,
                                             const std::string& hint_patient_id) {
  auto query = db.prepare(
      "SELECT hint_patient_id, hearlink_uid, status, reason, updated_at FROM patient_links "
      "WHERE practice_id = ? AND hint_patient_id = ?");
  query.bind(1, practice_id).bind(2, hint_patient_id);
  if (!query.step()) {
    if (query.failed()) return Error{ErrorCode::internal, {}};
    return std::optional<PatientLink>();
  }
  return std::optional<PatientLink>(
      PatientLink{query.text(0), query.text(1), query.text(2), query.text(3), query.integer(4)});
}

std::string hint_patient_named_by(const nlohmann::json& patient) {
  if (const auto* tracking = object_at(patient, "tracking")) {
    if (const auto* ids = object_at(*tracking, "ids")) {
      auto id = string_at(*ids, "hint_patient_id");
      if (!id.empty()) return id;
    }
  }
  return string_at(patient, "externalSystemId");
}

Result<std::optional<PatientLink>> resolve_link(Connection& db, const std::string& practice_id,
                                                const std::string& hint_patient_id) {
  auto stored = read_link(db, practice_id, hint_patient_id);
  if (!stored || stored.value()) return stored;
  // The record that names this Hint patient (hint_patient_named_by, stored as a column).
  auto query = db.prepare(
      "SELECT uid FROM hearlink_records WHERE practice_id = ? AND named_hint_patient_id = ? AND kind = 'patient' "
      "AND deleted = 0 ORDER BY uid LIMIT 1");
  query.bind(1, practice_id).bind(2, hint_patient_id);
  if (query.step()) return std::optional<PatientLink>(PatientLink{hint_patient_id, query.text(0), "linked", "", 0});
  if (query.failed()) return Error{ErrorCode::internal, {}};
  return std::optional<PatientLink>();
}

Result<std::string> hint_patient_for(Connection& db, const std::string& practice_id, const std::string& hearlink_uid) {
  auto linked = db.prepare(
      "SELECT hint_patient_id FROM patient_links WHERE practice_id = ? AND hearlink_uid = ? AND status = 'linked' "
      "ORDER BY updated_at DESC LIMIT 1");
  linked.bind(1, practice_id).bind(2, hearlink_uid);
  if (linked.step()) return linked.text(0);
  if (linked.failed()) return Error{ErrorCode::internal, {}};
  auto record = db.prepare(
      "SELECT body FROM hearlink_records WHERE practice_id = ? AND kind = 'patient' AND uid = ? AND deleted = 0");
  record.bind(1, practice_id).bind(2, hearlink_uid);
  if (!record.step()) {
    if (record.failed()) return Error{ErrorCode::internal, {}};
    return std::string();
  }
  auto body = parse_json(record.text(0));
  auto named = body ? hint_patient_named_by(body.value()) : std::string();
  if (named.empty()) return std::string();
  // A Hint patient with a link row is linked by that row (to another uid, or to none just now).
  auto row = read_link(db, practice_id, named);
  if (!row) return row.error();
  return row.value() ? std::string() : named;
}

Status write_link(Database& db, const std::string& practice_id, const std::string& hint_patient_id,
                  const std::string& status, const std::string& hearlink_uid, const std::string& reason, int64_t now) {
  auto upsert = db.prepare(
      "INSERT INTO patient_links (practice_id, hint_patient_id, hearlink_uid, status, reason, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, hint_patient_id) DO UPDATE SET "
      "hearlink_uid = excluded.hearlink_uid, status = excluded.status, reason = excluded.reason, "
      "updated_at = excluded.updated_at");
  upsert.bind(1, practice_id).bind(2, hint_patient_id).bind_optional(3, hearlink_uid).bind(4, status);
  upsert.bind_optional(5, reason).bind(6, now);
  return upsert.run();
}

Status write_link_if(Database& db, const std::string& practice_id, const std::string& hint_patient_id,
                     const std::string& expected_status, const std::string& status, const std::string& hearlink_uid,
                     const std::string& reason, int64_t now) {
  auto update = db.prepare(
      "UPDATE patient_links SET status = ?, hearlink_uid = ?, reason = ?, updated_at = ? "
      "WHERE practice_id = ? AND hint_patient_id = ? AND status = ?");
  update.bind(1, status).bind_optional(2, hearlink_uid).bind_optional(3, reason).bind(4, now);
  update.bind(5, practice_id).bind(6, hint_patient_id).bind(7, expected_status);
  return update.run();
}

Result<bool> request_link(Database& db, const std::string& practice_id, const std::string& hint_patient_id,
                          const std::string& session_id, LinkRequest why, int64_t now) {
  auto read = read_link(db, practice_id, hint_patient_id);
  if (!read) return read.error();
  const auto& link = read.value();
  // linked, pending and creating never queue again: that is what keeps one HearLink patient per
  // Hint patient across duplicate webhooks, repeated opens and restarts.
  bool allowed = false;
  if (!link) {
    allowed = why != LinkRequest::data_changed;
  } else if (link->status == "needs_phone" || link->status == "failed") {
    allowed = true;
  } else if (link->status == "needs_check") {
    allowed = why == LinkRequest::person_retry;
  }
  if (!allowed) return false;
  const auto object_id = bridge_object_id(practice_id, hint_patient_id);
  if (link && link->status == "needs_check") {
    // A person checked HearLink and asks again: the practice's needs_check hold is lifted.
    auto release = db.prepare(
        "UPDATE outbox SET status = 'pending', attempts = 0 WHERE kind = ? AND object_id = ? AND practice_id = ?");
    if (auto released = release.bind(1, kCreateHearLinkPatient).bind(2, object_id).bind(3, practice_id).run();
        !released) {
      return released.error();
    }
  }
  if (auto written = write_link(db, practice_id, hint_patient_id, "pending", link ? link->hearlink_uid : "", "", now);
      !written) {
    return written.error();
  }
  if (auto queued = enqueue_outbox(db, practice_id, kCreateHearLinkPatient, object_id, session_id, now); !queued) {
    return queued.error();
  }
  return true;
}

HearLinkLink link_view(const std::optional<PatientLink>& link) {
  if (!link) return {};
  return {api_status(link->status), link->status == "linked" ? link->hearlink_uid : std::string(), link->reason};
}

}  // namespace hb

#include "server/webhooks/event_processor.hpp"

#include <algorithm>
#include <array>

#include "server/directory/patient_directory.hpp"
#include "server/hearlink/bridge_hooks.hpp"
#include "server/hearlink/patient_links.hpp"
#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

Error failure(const char* reason) { return Error{ErrorCode::bad_request, reason}; }

std::string_view before_dot(std::string_view type) { return type.substr(0, type.find('.')); }
std::string_view after_dot(std::string_view type) {
  auto dot = type.find('.');
  return dot == std::string_view::npos ? std::string_view() : type.substr(dot + 1);
}

// The first timestamp that parses, else the receive time: every row gets a comparable version.
int64_t pick_version(std::initializer_list<std::string> candidates, int64_t received_at) {
  for (const auto& text : candidates) {
    if (auto ms = version_ms(text)) return *ms;
  }
  return received_at * 1000;
}

const nlohmann::json& empty_object() {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

const nlohmann::json& object_or_empty(const nlohmann::json& parent, std::string_view key) {
  const auto* child = object_at(parent, key);
  return child ? *child : empty_object();
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// --- Hint -----------------------------------------------------------------------------------

// patient.created|updated → active; destroyed|inactive|archived mark the record.
std::optional<std::string_view> hint_patient_status(std::string_view action) {
  if (action == "created" || action == "updated") return "active";
  if (action == "destroyed" || action == "inactive" || action == "archived") return action;
  return std::nullopt;
}

Result<EventOutcome> process_hint(Database& db, const InboxRow& row, const nlohmann::json& envelope,
                                  const PracticeDeactivated& deactivate) {
  if (is_practice_deactivation(row.source, row.type)) {
    if (row.practice_id.empty()) return failure("deactivation event without practice_id");
    if (!deactivate) return failure("no session store to end the practice's sessions");
    if (auto status = deactivate(db, row.practice_id); !status) return failure("ending the practice's sessions failed");
    return EventOutcome::processed;
  }
  if (before_dot(row.type) != "patient") return EventOutcome::ignored;
  auto status = hint_patient_status(after_dot(row.type));
  if (!status) return EventOutcome::ignored;
  if (row.practice_id.empty()) return failure("patient event without practice_id");

  const auto& object = object_or_empty(envelope, "object");
  auto patient_id = string_at(object, "id");
  if (patient_id.empty()) return failure("patient event without object.id");
  // The object's updated_at may be null: the envelope's created_at versions it then.
  auto version = pick_version({string_at(object, "updated_at"), string_at(envelope, "created_at")}, row.received_at);
  bool terminal = *status != "active";

  // Newest wins; on a tie only a terminal status (destroyed…) replaces what is there, so a late
  // duplicate of "updated" cannot bring a destroyed patient back.
  auto upsert = db.prepare(
      "INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id, synced_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?8) "
      "ON CONFLICT (practice_id, patient_id) DO UPDATE SET updated_at = excluded.updated_at, "
      "status = excluded.status, body = excluded.body, event_id = excluded.event_id, synced_at = excluded.synced_at "
      "WHERE excluded.updated_at > hint_patients.updated_at "
      "OR (excluded.updated_at = hint_patients.updated_at AND ?7 = 1)");
  upsert.bind(1, row.practice_id).bind(2, patient_id).bind(3, version).bind(4, *status);
  upsert.bind(5, dump(object)).bind(6, row.event_id).bind(7, int64_t{terminal ? 1 : 0}).bind(8, row.received_at);
  if (!upsert.run()) return failure("storing the Hint patient failed");
  // Newest wins: the directory follows only a version that replaced what was stored.
  if (db.changes() > 0) {
    if (!put_in_directory(db, row.practice_id, patient_id, *status, object, row.received_at)) {
      return failure("listing the Hint patient failed");
    }
  }
  // HearLink bridge: a new Hint patient becomes a HearLink patient (server/hearlink/bridge_hooks.hpp).
  if (auto queued = on_hint_patient_event(db, row.practice_id, patient_id, after_dot(row.type), row.received_at);
      !queued) {
    return failure("queueing the HearLink patient failed");
  }
  return EventOutcome::processed;
}

// --- HearLink -------------------------------------------------------------------------------

constexpr std::array<std::string_view, 6> kHearLinkKinds{"patient",     "appointment", "invoice",
                                                         "transaction", "credit_note", "hearing_test"};

// The portal's "Test" button: a type such as "test" and data {message, triggeredBy}.
bool is_hearlink_test(std::string_view type, const nlohmann::json& data) {
  if (type == "test" || type.starts_with("test.") || type.ends_with(".test")) return true;
  return data.contains("message") && data.contains("triggeredBy") &&
         std::find(kHearLinkKinds.begin(), kHearLinkKinds.end(), before_dot(type)) == kHearLinkKinds.end();
}

Result<EventOutcome> process_hearlink(Database& db, const InboxRow& row, const nlohmann::json& envelope) {
  const auto& data = object_or_empty(envelope, "data");
  if (is_hearlink_test(row.type, data)) return EventOutcome::processed;  // recorded and acknowledged

  auto kind = before_dot(row.type);
  auto action = after_dot(row.type);
  bool known = std::find(kHearLinkKinds.begin(), kHearLinkKinds.end(), kind) != kHearLinkKinds.end();
  if (!known || (action != "created" && action != "updated" && action != "deleted")) return EventOutcome::ignored;
  if (row.practice_id.empty()) return failure("HearLink event without practice");

  auto uid = string_at(data, "uid");
  if (uid.empty()) return failure("HearLink event without data.uid");
  auto patient_uid = kind == "patient" ? uid : string_at(object_or_empty(data, "patient"), "uid");
  auto version = pick_version({string_at(object_or_empty(data, "updated"), "at"),
                               string_at(object_or_empty(data, "created"), "at"), string_at(envelope, "createdAt")},
                              row.received_at);
  bool deleted = action == "deleted";

  const auto keys = hearlink_record_keys(kind, data);
  auto upsert = db.prepare(
      "INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, deleted, updated_at, body, event_id, "
      "order_uid, named_hint_patient_id, test_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
      "ON CONFLICT (practice_id, kind, uid) DO UPDATE SET patient_uid = excluded.patient_uid, "
      "deleted = excluded.deleted, updated_at = excluded.updated_at, body = excluded.body, "
      "event_id = excluded.event_id, order_uid = excluded.order_uid, "
      "named_hint_patient_id = excluded.named_hint_patient_id, test_date = excluded.test_date "
      "WHERE excluded.updated_at > hearlink_records.updated_at "
      "OR (excluded.updated_at = hearlink_records.updated_at AND excluded.deleted = 1)");
  upsert.bind(1, row.practice_id).bind(2, kind).bind(3, uid).bind_optional(4, patient_uid);
  upsert.bind(5, int64_t{deleted ? 1 : 0}).bind(6, version).bind(7, dump(data)).bind(8, row.event_id);
  upsert.bind_optional(9, keys.order_uid)
      .bind_optional(10, keys.named_hint_patient_id)
      .bind_optional(11, keys.test_date);
  if (!upsert.run()) return failure("storing the HearLink record failed");
  // HearLink bridge: links to Hint patients, drafts from hearing tests (server/hearlink/bridge_hooks.hpp).
  if (auto linked = on_hearlink_event(db, row.practice_id, kind, action, uid, data, row.received_at); !linked) {
    return failure("updating the HearLink link failed");
  }
  return EventOutcome::processed;
}

}  // namespace

HearLinkRecordKeys hearlink_record_keys(std::string_view kind, const nlohmann::json& data) {
  HearLinkRecordKeys keys;
  if (kind == "transaction" || kind == "credit_note") keys.order_uid = string_at(data, "orderUid");
  if (kind == "patient") keys.named_hint_patient_id = hint_patient_named_by(data);
  if (kind == "hearing_test") keys.test_date = string_at(data, "testDate");
  return keys;
}

bool is_practice_deactivation(std::string_view source, std::string_view type) {
  return source == "hint" && (type == "integration.deactivated" || type == "installation.deactivated");
}

std::optional<int64_t> version_ms(std::string_view text) {
  auto seconds = parse_timestamp(text);
  if (!seconds) return std::nullopt;
  int64_t millis = 0;
  // "…:SS.fff…": parse_timestamp has checked the shape; take up to three fraction digits.
  if (text.size() > 19 && text[19] == '.') {
    int64_t scale = 100;
    for (size_t i = 20; i < text.size() && i < 23 && text[i] >= '0' && text[i] <= '9'; ++i, scale /= 10) {
      millis += (text[i] - '0') * scale;
    }
  }
  return *seconds * 1000 + millis;
}

Result<EventOutcome> process_event(Database& db, const InboxRow& row, const PracticeDeactivated& deactivate) {
  auto parsed = parse_json(row.body);
  if (!parsed) return failure("stored body is not valid JSON");
  if (!parsed.value().is_object()) return failure("stored body is not a JSON object");
  if (row.source == "hint") return process_hint(db, row, parsed.value(), deactivate);
  if (row.source == "hearlink") return process_hearlink(db, row, parsed.value());
  return EventOutcome::ignored;
}

}  // namespace hb

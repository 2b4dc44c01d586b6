// Rows written straight into the store, for tests that need a given local copy (Hint patients,
// HearLink records, patient links) without driving webhooks. One place for the columns: a schema
// change is fixed here once. The caller holds the database's lock.
#pragma once
#include <catch2/catch_test_macros.hpp>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "server/directory/patient_directory.hpp"
#include "server/store/database.hpp"
#include "server/webhooks/event_processor.hpp"

namespace hb::test {

// An active Hint patient as a webhook stores it; `synced_at` 0: never confirmed with Hint.
inline void seed_hint_patient(Database& db, const std::string& practice, const std::string& patient_id,
                              const nlohmann::json& body, int64_t synced_at = 0) {
  auto insert = db.prepare(
      "INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id, synced_at) "
      "VALUES (?, ?, 1, 'active', ?, 'seed', ?)");
  insert.bind(1, practice).bind(2, patient_id).bind(3, body.dump()).bind(4, synced_at);
  REQUIRE(insert.run());
  REQUIRE(put_in_directory(db, practice, patient_id, "active", body, synced_at));
}

// A HearLink record of `kind` (patient, hearing_test, invoice, transaction, credit_note).
inline void seed_hearlink_record(Database& db, const std::string& practice, const std::string& kind,
                                 const std::string& uid, const std::string& patient_uid, const nlohmann::json& body) {
  const auto keys = hearlink_record_keys(kind, body);
  auto insert = db.prepare(
      "INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, updated_at, body, event_id, order_uid, "
      "named_hint_patient_id, test_date) VALUES (?, ?, ?, ?, 1, ?, 'seed', ?, ?, ?)");
  insert.bind(1, practice).bind(2, kind).bind(3, uid).bind(4, patient_uid).bind(5, body.dump());
  insert.bind_optional(6, keys.order_uid).bind_optional(7, keys.named_hint_patient_id).bind_optional(8, keys.test_date);
  REQUIRE(insert.run());
}

// The practice's link from a Hint patient to a HearLink patient.
inline void seed_link(Database& db, const std::string& practice, const std::string& hint_patient_id,
                      const std::string& hearlink_uid, const std::string& status = "linked") {
  auto insert = db.prepare(
      "INSERT INTO patient_links (practice_id, hint_patient_id, hearlink_uid, status, updated_at) "
      "VALUES (?, ?, ?, ?, 1)");
  insert.bind(1, practice).bind(2, hint_patient_id).bind(3, hearlink_uid).bind(4, status);
  REQUIRE(insert.run());
}

}  // namespace hb::test

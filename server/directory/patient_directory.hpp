// The practice's patient directory: who search can find. Kept in step with the local copies of
// Hint patients (every write of hint_patients calls put_in_directory in the same transaction), it
// holds only what search and its results need: folded names, the display name, date of birth and
// age. A patient that is not active, or that Hint merged into another, is not listed.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/store/database.hpp"
#include "shared/patient.hpp"

namespace hb {

// How the UI names a Hint patient: `name`, else first and last name.
std::string hint_patient_name(const nlohmann::json& hint_patient);

// Lists, relists or unlists the patient (`status` as hint_patients stores it); `seen_at`: when Hint
// last said so (unix seconds). The caller holds the database's lock.
Status put_in_directory(Database& db, const std::string& practice_id, const std::string& patient_id,
                        std::string_view status, const nlohmann::json& hint_patient, int64_t seen_at);

// Takes the patient out of the directory. The caller holds the database's lock.
Status remove_from_directory(Database& db, const std::string& practice_id, const std::string& patient_id);

// Search as clinicians expect it: a date of birth ("1961-06-17" or "06/17/1961") finds who was born
// then; otherwise the words of the query (case and accents ignored) rank patients whose whole name
// they are first, then those whose name words they all begin, then those whose name contains the
// query (3 characters or more). Ties go by last name, then first name. An empty query lists the
// directory by name. `today` (unix seconds) gives ages. The caller holds the database's lock.
Result<PatientSearchResults> search_directory(Connection& db, const std::string& practice_id, std::string_view query,
                                              int limit, int offset, int64_t today);

// "1961-06-17" or "06/17/1961" → "1961-06-17"; anything else → empty.
std::string date_of_birth_query(std::string_view query);

// Migration 9's fill: lists every active local copy already stored.
Status fill_patient_directory(Database& db);

}  // namespace hb

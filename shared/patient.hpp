// A Hint patient as the API carries it to the UI:
//   GET /api/patients/{id}        → {"patient": {"id", "name", "first_name", "last_name", "dob": "YYYY-MM-DD" | null,
//                                    "age": n | null, "sex" | null, "email" | null, "phone" | null, "status"}}
//   GET /api/patients?query=<q>   → {"items": [{"id", "name", "dob" | null, "age" | null}], "total": n}
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

struct Patient {
  std::string id;
  std::string name;
  std::string first_name;
  std::string last_name;
  std::string dob;  // YYYY-MM-DD or empty
  std::optional<int> age;
  std::string sex;
  std::string email;
  std::string phone;
  std::string status;  // active | deleted | …

  bool operator==(const Patient&) const = default;
};

struct PatientReply {
  Patient patient;

  bool operator==(const PatientReply&) const = default;
};
nlohmann::json to_json(const Patient& patient);
nlohmann::json to_json(const PatientReply& reply);
Result<PatientReply> parse_patient_reply(const nlohmann::json& json);

// One search result: what the list shows.
struct PatientMatch {
  std::string id;
  std::string name;
  std::string dob;
  std::optional<int> age;

  bool operator==(const PatientMatch&) const = default;
};

struct PatientSearchResults {
  std::vector<PatientMatch> items;
  int total = 0;  // all matches (items holds one page)

  bool operator==(const PatientSearchResults&) const = default;
};
nlohmann::json to_json(const PatientSearchResults& results);
Result<PatientSearchResults> parse_patient_search(const nlohmann::json& json);

}  // namespace hb

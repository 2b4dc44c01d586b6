// The practice's worklist (GET /api/worklist): drafts waiting for a signature, and recent hearing
// tests no note mentions yet.
//   {"drafts": [{"note_id", "patient_id", "patient_name", "title", "updated_at": ISO}],
//    "tests_without_note": [{"hearing_test_uid", "patient_id", "patient_name", "test_date": "YYYY-MM-DD"}]}
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

struct WorklistDraft {
  std::string note_id;
  std::string patient_id;
  std::string patient_name;
  std::string title;
  std::string updated_at;  // ISO-8601

  bool operator==(const WorklistDraft&) const = default;
};

struct WorklistTest {
  std::string hearing_test_uid;
  std::string patient_id;
  std::string patient_name;
  std::string test_date;

  bool operator==(const WorklistTest&) const = default;
};

struct Worklist {
  std::vector<WorklistDraft> drafts;
  std::vector<WorklistTest> tests_without_note;

  bool operator==(const Worklist&) const = default;
};

nlohmann::json to_json(const Worklist& worklist);
Result<Worklist> parse_worklist(const nlohmann::json& json);

}  // namespace hb

// The practice's worklist (GET /api/worklist?drafts_offset=&tests_offset=&limit=): drafts waiting for a
// signature, and recent hearing tests no note refers to and no clinician marked "No note needed".
// Each list is one page (`limit` rows from its offset) with the list's total, so nothing hides past
// a fixed cut-off.
//   {"drafts": [{"note_id", "patient_id", "patient_name", "title", "author", "updated_at": ISO}],
//    "drafts_total": n,
//    "tests_without_note": [{"hearing_test_uid", "patient_id", "patient_name", "test_date": "YYYY-MM-DD",
//                            "audiologist"}],
//    "tests_total": n, "tests_total_at_least": bool}
// Counting every test without a note would read them all, so the server counts a bounded number
// past the page; "tests_total_at_least" says there are more than tests_total (shown as "1000+").
//
// POST /api/worklist/tests/{uid}/no-note-needed   → TestNoteMark {"hearing_test_uid", "no_note_needed": true}
// DELETE /api/worklist/tests/{uid}/no-note-needed → the same with false (undo). Both audited.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

constexpr int kWorklistPage = 20;  // rows per page when the request names no limit

struct WorklistDraft {
  std::string note_id;
  std::string patient_id;
  std::string patient_name;
  std::string title;
  std::string author;      // who started the note (display name)
  std::string updated_at;  // ISO-8601: the last change

  bool operator==(const WorklistDraft&) const = default;
};

struct WorklistTest {
  std::string hearing_test_uid;
  std::string patient_id;
  std::string patient_name;
  std::string test_date;
  std::string audiologist;  // who ran the test ("" when HearLink names nobody)

  bool operator==(const WorklistTest&) const = default;
};

struct Worklist {
  std::vector<WorklistDraft> drafts;
  std::int64_t drafts_total = 0;
  std::vector<WorklistTest> tests_without_note;
  std::int64_t tests_total = 0;
  bool tests_total_at_least = false;

  bool operator==(const Worklist&) const = default;
};

nlohmann::json to_json(const Worklist& worklist);
Result<Worklist> parse_worklist(const nlohmann::json& json);

struct TestNoteMark {
  std::string hearing_test_uid;
  bool no_note_needed = false;

  bool operator==(const TestNoteMark&) const = default;
};

nlohmann::json to_json(const TestNoteMark& mark);
Result<TestNoteMark> parse_test_note_mark(const nlohmann::json& json);

}  // namespace hb

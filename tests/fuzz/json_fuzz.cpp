// JSON at the edge (shared/json_input.*) and the shared API messages that read what it returns
// (every body between server and UI: session, patient and search, hearing record and link, worklist,
// notes and the conflict, settings, the error body), with the audiogram arithmetic.
// Properties: the depth bound holds for anything that parses; the strict parsers never throw; a
// parsed message written back parses again to the same JSON.
#include <cmath>
#include <string>
#include <vector>

#include "shared/clinical_note.hpp"
#include "shared/error_catalogue.hpp"
#include "shared/hearing_record.hpp"
#include "shared/json_input.hpp"
#include "shared/patient.hpp"
#include "shared/practice_settings.hpp"
#include "shared/session_context.hpp"
#include "shared/worklist.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

// Depth of a parsed value, without recursion (so a depth-bound failure is reported, not a stack overflow).
int depth_of(const nlohmann::json& root) {
  int deepest = 0;
  std::vector<std::pair<const nlohmann::json*, int>> stack{{&root, 0}};
  while (!stack.empty()) {
    auto [value, depth] = stack.back();
    stack.pop_back();
    if (!value->is_structured()) continue;
    deepest = std::max(deepest, depth + 1);
    for (const auto& child : *value) stack.emplace_back(&child, depth + 1);
  }
  return deepest;
}

// The arithmetic the screens and the drafts run on a test's audiogram stays in range.
void check_hearing_test(const hb::HearingTest& test) {
  (void)hb::hearing_summary(test);
  (void)hb::audiogram_frequencies(test.audiogram);
  for (const auto* ear : {&test.audiogram.right, &test.audiogram.left}) {
    for (const auto& threshold : *ear) {
      FUZZ_CHECK(threshold.frequency_hz >= 125 && threshold.frequency_hz <= 16000);
      FUZZ_CHECK(threshold.level_db >= -20 && threshold.level_db <= 140);
      const double x = hb::frequency_position(threshold.frequency_hz);
      const double y = hb::level_position(threshold.level_db);
      FUZZ_CHECK(x >= 0 && x <= 1 && y >= 0 && y <= 1);
    }
    if (auto average = hb::pure_tone_average(*ear)) {
      FUZZ_CHECK(std::isfinite(*average));
      (void)hb::hearing_degree_label(hb::hearing_degree(*average));
    }
  }
}

// A message the parser accepts maps back to JSON that it accepts again, unchanged.
template <class Parse>
void check_message(const nlohmann::json& json, Parse parse) {
  auto message = parse(json);
  if (!message) return;
  const auto once = hb::to_json(message.value());
  auto again = parse(once);
  FUZZ_CHECK(again.ok() && hb::to_json(again.value()) == once);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = hb::fuzz::as_text(data, size);
  const int scanned = hb::json_nesting_depth(text);
  auto parsed = hb::parse_json(text);
  if (scanned > hb::kMaxJsonDepth) FUZZ_CHECK(!parsed && parsed.error().code == hb::ErrorCode::json_too_deep);
  if (!parsed) {
    FUZZ_CHECK(parsed.error().code == hb::ErrorCode::json_too_deep ||
               parsed.error().code == hb::ErrorCode::malformed_json);
    return 0;
  }
  const auto& json = parsed.value();
  FUZZ_CHECK(depth_of(json) <= hb::kMaxJsonDepth);

  (void)hb::string_at(json, "id");
  (void)hb::bool_at(json, "confirmed");
  (void)hb::object_at(json, "data");

  check_message(json, hb::parse_clinical_note);
  if (auto note = hb::parse_clinical_note(json)) (void)hb::validate_note_text(note.value().title, note.value().body);
  check_message(json, hb::parse_note_create_request);
  check_message(json, hb::parse_note_update_request);
  check_message(json, hb::parse_note_sign_request);
  check_message(json, hb::parse_note_reply);
  check_message(json, hb::parse_note_list);
  check_message(json, hb::parse_note_conflict);
  check_message(json, hb::parse_session_context);
  check_message(json, hb::parse_exchange_request);
  check_message(json, hb::parse_exchange_reply);
  check_message(json, hb::parse_session_reply);
  check_message(json, hb::parse_patient_reply);
  check_message(json, hb::parse_patient_search);
  check_message(json, hb::parse_worklist);
  check_message(json, hb::parse_test_note_mark);
  check_message(json, hb::parse_link_reply);
  check_message(json, hb::parse_practice_settings);
  check_message(json, hb::parse_settings_update);
  check_message(json, hb::parse_connection_test);
  check_message(json, hb::parse_error_reply);
  check_message(json, hb::parse_hearing_record);
  if (auto record = hb::parse_hearing_record(json)) {
    for (const auto& test : record.value().tests) check_hearing_test(test);
  }
  // HearLink's own audiogram objects (read permissively), on their own or inside a test.
  check_hearing_test({"", "", "", hb::parse_audiogram(json)});
  if (const auto* audiogram = hb::object_at(json, "audiogram"))
    check_hearing_test({"", "", "", hb::parse_audiogram(*audiogram)});
  return 0;
}

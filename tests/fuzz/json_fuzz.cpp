// JSON at the edge (shared/json_input.*) and the model mappings that read what it returns (clinical
// notes, session context, the exchange reply, the hearing record and its audiogram arithmetic).
// Properties: the depth bound holds for anything that parses; a mapped value maps back to itself.
#include <cmath>
#include <string>
#include <vector>

#include "shared/clinical_note.hpp"
#include "shared/hearing_record.hpp"
#include "shared/json_input.hpp"
#include "shared/session_context.hpp"
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

void check_hearing_record(const nlohmann::json& json) {
  auto record = hb::parse_hearing_record(json);
  FUZZ_CHECK(record.ok() == json.is_object());
  if (!record) return;
  for (const auto& test : record.value().tests) {
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
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = hb::fuzz::as_text(data, size);
  const int scanned = hb::json_nesting_depth(text);
  auto parsed = hb::parse_json(text);
  if (scanned > hb::kMaxJsonDepth) FUZZ_CHECK(!parsed && parsed.error().code == hb::ErrorCode::json_too_deep);
  if (!parsed) {
    FUZZ_CHECK(parsed.error().code == hb::ErrorCode::json_too_deep || parsed.error().code == hb::ErrorCode::malformed_json);
    return 0;
  }
  const auto& json = parsed.value();
  FUZZ_CHECK(depth_of(json) <= hb::kMaxJsonDepth);

  (void)hb::string_at(json, "id");
  (void)hb::bool_at(json, "confirmed");
  (void)hb::object_at(json, "data");

  if (auto note = hb::parse_clinical_note(json)) {
    const auto once = hb::to_json(note.value());
    auto again = hb::parse_clinical_note(once);
    FUZZ_CHECK(again.ok() && hb::to_json(again.value()) == once);
    (void)hb::validate_note_text(note.value().title, note.value().body);
  }
  if (auto context = hb::parse_session_context(json)) {
    const auto once = hb::to_json(context.value());
    auto again = hb::parse_session_context(once);
    FUZZ_CHECK(again.ok() && hb::to_json(again.value()) == once);
  }
  if (auto reply = hb::parse_exchange_reply(json)) {
    const auto once = hb::to_json(reply.value());
    auto again = hb::parse_exchange_reply(once);
    FUZZ_CHECK(again.ok() && hb::to_json(again.value()) == once);
  }
  check_hearing_record(json);
  if (const auto* audiogram = hb::object_at(json, "audiogram")) (void)hb::parse_audiogram(*audiogram);
  (void)hb::parse_audiogram(json);
  return 0;
}

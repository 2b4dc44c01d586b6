#include <catch2/catch_test_macros.hpp>

#include "sandbox/embedded_files.hpp"
#include "sandbox/seed.hpp"

using hbs::SandboxState;
using nlohmann::json;

namespace {
std::string_view fixture() { return hbs::embedded_files().at("fixture:hint_patient.json"); }

json dump(SandboxState& state) {
  json out = json::array();
  for (const auto& p : state.patients) out.push_back({p.practice_id, p.object});
  return {out, state.hearlink};
}
}  // namespace

TEST_CASE("the same seed gives the same data, and another seed other ids") {
  SandboxState a(7), b(7), c(8);
  hbs::seed_state(a, fixture());
  hbs::seed_state(b, fixture());
  hbs::seed_state(c, fixture());
  CHECK(dump(a) == dump(b));
  CHECK(dump(a) != dump(c));
}

TEST_CASE("Maple Street has a dozen patients, with the documented example patient and non-ASCII names") {
  SandboxState state(1);
  hbs::seed_state(state, fixture());
  std::vector<std::string> names;
  for (const auto& p : state.patients) {
    if (p.practice_id == "pra-sandbox01") names.push_back(p.object["name"]);
  }
  CHECK(names.size() == 12);
  for (const char* expected : {"Gordon Thomas Sumner", "Zoë Ñúñez-Łukasz", "Søren Ågård", "Chloé Dubois"}) {
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  }
  REQUIRE(state.patient("pra-sandbox01", "pat-ab12C345DeF6"));
  CHECK(state.patient("pra-sandbox01", "pat-ab12C345DeF6")
            ->object["memberships"]
            .is_array());  // the fixture, as published
  CHECK(state.practice("pra-sandbox01")->name == "Maple Street Direct Care");
}

TEST_CASE("seeded hearing tests carry thresholds for both ears keyed by frequency in Hz") {
  SandboxState state(1);
  hbs::seed_state(state, fixture());
  const auto& tests = state.hearlink["hearing_tests"];
  REQUIRE(tests.size() >= 6);
  for (const auto& test : tests) {
    for (const char* ear : {"left", "right"}) {
      const auto& thresholds = test["audiogram"][ear];
      REQUIRE(thresholds.is_object());
      CHECK(thresholds.contains("250"));
      CHECK(thresholds.contains("8000"));
      for (const auto& [hz, db] : thresholds.items()) {
        CHECK(db.is_number_integer());
        CHECK(db.get<int>() % 5 == 0);
        CHECK(db.get<int>() >= -10);
        CHECK(db.get<int>() <= 120);
      }
    }
    CHECK(test["patient"]["uid"].is_string());
  }
  CHECK(state.hearlink_record("patients", "hlp_7Qx2Lm9"));
  CHECK_FALSE(state.hearlink["appointments"].empty());
  CHECK_FALSE(state.hearlink["invoices"].empty());
  CHECK_FALSE(state.hearlink["transactions"].empty());
  CHECK_FALSE(state.hearlink["credit_notes"].empty());
}

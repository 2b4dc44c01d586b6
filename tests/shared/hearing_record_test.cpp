#include <catch2/catch_approx.hpp>
#include <catch2/catch_test_macros.hpp>

#include "shared/hearing_record.hpp"
#include "shared/json_input.hpp"
#include "tests/support/test_data.hpp"

using namespace hb;
using Catch::Approx;

namespace {

// The audiogram of tests/data/hearlink/webhook.hearing_test.created.json (HearLink's documented
// example), as the hearing reply carries it.
nlohmann::json fixture_audiogram() {
  return parse_json(hb::test::read_test_data("hearlink/webhook.hearing_test.created.json"))
      .value()["data"]["audiogram"];
}

std::vector<Threshold> ear(std::initializer_list<std::pair<int, double>> points) {
  std::vector<Threshold> out;
  for (auto [f, db] : points) out.push_back({f, db});
  return out;
}

}  // namespace

TEST_CASE("HearLink's fixture audiogram is recognised with both ears sorted by frequency") {
  const auto audiogram = parse_audiogram(fixture_audiogram());
  REQUIRE(audiogram.shape == AudiogramShape::recognised);
  REQUIRE(audiogram.right.size() == 6);
  REQUIRE(audiogram.left.size() == 6);
  CHECK(audiogram.right.front().frequency_hz == 250);
  CHECK(audiogram.right.front().level_db == 15);
  CHECK(audiogram.left.back().frequency_hz == 8000);
  CHECK(audiogram.left.back().level_db == 70);
}

TEST_CASE("audiograms of another shape are unrecognised, never an error or a crash") {
  for (const char* text :
       {R"("a string")", R"([1, 2])", R"({"points": []})", R"({"right": [15, 20]})", R"({"right": {"low": 15}})",
        R"({"right": {"1000": "loud"}})", R"({"left": {"1000": 500}})", R"({"right": {"99999999999": 1}})", R"(42)"}) {
    INFO(text);
    CHECK(parse_audiogram(parse_json(text).value()).shape == AudiogramShape::unrecognised);
  }
}

TEST_CASE("an absent or empty audiogram is empty, and null levels are skipped") {
  CHECK(parse_audiogram(nlohmann::json()).shape == AudiogramShape::empty);
  CHECK(parse_audiogram(parse_json(R"({"right": {}, "left": null})").value()).shape == AudiogramShape::empty);
  const auto partial = parse_audiogram(parse_json(R"({"right": {"500": null, "1000": 30}})").value());
  CHECK(partial.shape == AudiogramShape::recognised);
  CHECK(partial.right.size() == 1);
}

TEST_CASE("frequency maps to x on a log scale with octaves equally spaced") {
  CHECK(frequency_position(250) == Approx(0.0));
  CHECK(frequency_position(500) == Approx(0.2));
  CHECK(frequency_position(1000) == Approx(0.4));
  CHECK(frequency_position(4000) == Approx(0.8));
  CHECK(frequency_position(8000) == Approx(1.0));
  CHECK(frequency_position(3000) == Approx(0.6 + 0.2 * std::log2(1.5)));
  CHECK(frequency_position(100) == Approx(0.0));  // clamped to the axis
  CHECK(frequency_position(16000) == Approx(1.0));
}

TEST_CASE("hearing level maps to y increasing downward from -10 to 120 dB HL") {
  CHECK(level_position(-10) == Approx(0.0));
  CHECK(level_position(120) == Approx(1.0));
  CHECK(level_position(55) == Approx(0.5));
  CHECK(level_position(20) < level_position(60));
  CHECK(level_position(-40) == Approx(0.0));
  CHECK(level_position(140) == Approx(1.0));
}

TEST_CASE("the x-axis shows the octaves and adds 3000 and 6000 only when measured") {
  CHECK(audiogram_frequencies(Audiogram{}) == std::vector<int>{250, 500, 1000, 2000, 4000, 8000});
  Audiogram with_extra{AudiogramShape::recognised, ear({{3000, 40}}), ear({{6000, 50}})};
  CHECK(audiogram_frequencies(with_extra) == std::vector<int>{250, 500, 1000, 2000, 3000, 4000, 6000, 8000});
}

TEST_CASE("the pure-tone average uses 500, 1000, 2000 and 4000 Hz and needs all four") {
  CHECK(pure_tone_average(ear({{250, 90}, {500, 20}, {1000, 25}, {2000, 35}, {4000, 55}, {8000, 90}})) ==
        Approx(33.75));
  CHECK_FALSE(pure_tone_average(ear({{500, 20}, {1000, 25}, {2000, 35}})));
  CHECK_FALSE(pure_tone_average({}));
}

TEST_CASE("degree labels follow the bands at their edges") {
  CHECK(hearing_degree(-5) == HearingDegree::normal);
  CHECK(hearing_degree(25) == HearingDegree::normal);
  CHECK(hearing_degree(25.4) == HearingDegree::normal);
  CHECK(hearing_degree(26) == HearingDegree::mild);
  CHECK(hearing_degree(40) == HearingDegree::mild);
  CHECK(hearing_degree(41) == HearingDegree::moderate);
  CHECK(hearing_degree(55) == HearingDegree::moderate);
  CHECK(hearing_degree(56) == HearingDegree::moderately_severe);
  CHECK(hearing_degree(70) == HearingDegree::moderately_severe);
  CHECK(hearing_degree(71) == HearingDegree::severe);
  CHECK(hearing_degree(90) == HearingDegree::severe);
  CHECK(hearing_degree(91) == HearingDegree::profound);
  CHECK(std::string(hearing_degree_label(HearingDegree::moderately_severe)) == "moderately severe");
}

TEST_CASE("the summary names the date, the audiologist, and each ear's average and degree") {
  HearingTest test{"ht_91KdP0", "2026-04-12", "Priya Natarajan", parse_audiogram(fixture_audiogram())};
  CHECK(hearing_summary(test) ==
        "Hearing test on 2026-04-12 (audiologist: Priya Natarajan).\n"
        "Right ear: mild hearing loss (average 34 dB HL at 500, 1000, 2000 and 4000 Hz).\n"
        "Left ear: mild hearing loss (average 34 dB HL at 500, 1000, 2000 and 4000 Hz).");
}

TEST_CASE("the summary says normal hearing, a missing average, or an unrecognised audiogram plainly") {
  HearingTest test{
      "ht_1",
      "2026-01-02",
      "",
      {AudiogramShape::recognised, ear({{500, 10}, {1000, 15}, {2000, 20}, {4000, 25}}), ear({{1000, 80}})}};
  CHECK(hearing_summary(test) ==
        "Hearing test on 2026-01-02.\n"
        "Right ear: normal hearing (average 18 dB HL at 500, 1000, 2000 and 4000 Hz).\n"
        "Left ear: not enough thresholds for an average (it needs 500, 1000, 2000 and 4000 Hz).");
  test.audiogram = Audiogram{AudiogramShape::unrecognised, {}, {}};
  CHECK(hearing_summary(test).find("not recognised") != std::string::npos);
}

TEST_CASE("the hearing reply is read strictly: junk in a list or a missing list is an error naming it") {
  auto json = parse_json(R"({
    "link": {"status": "linked", "hearlink_uid": "hlp_7Qx2Lm9", "reason": null},
    "hearing_tests": [{"uid": "ht_2", "test_date": "2026-04-12", "audiologist": "Priya",
                       "audiogram": {"right": {"1000": 30}}},
                      {"uid": "ht_1", "test_date": "2025-01-01", "audiologist": null, "audiogram": "pdf"}],
    "appointments": [{"uid": "ap_1", "type": "Fitting", "start": "2026-05-01T09:00:00Z", "end": null,
                      "clinic": "Main", "with": "Priya", "confirmed": true, "cancelled": false, "outcome": null}],
    "invoices": [{"uid": "inv_1", "order_number": "INV-1", "status": "open", "total_pence": 12050, "paid_pence": 2000,
                  "balance_pence": 10050}],
    "outstanding_balance_pence": 10050, "amounts_complete": true})");
  auto record = parse_hearing_record(json.value());
  REQUIRE(record);
  const auto& r = record.value();
  CHECK(r.link.linked());
  CHECK(r.link.hearlink_uid == "hlp_7Qx2Lm9");
  REQUIRE(r.tests.size() == 2);
  CHECK(r.tests[0].audiogram.shape == AudiogramShape::recognised);
  CHECK(r.tests[1].audiogram.shape == AudiogramShape::unrecognised);
  CHECK(r.tests[1].audiologist.empty());
  REQUIRE(r.appointments.size() == 1);
  CHECK(r.appointments[0].confirmed);
  REQUIRE(r.invoices.size() == 1);
  CHECK(r.invoices[0].balance == 10050);
  CHECK(r.outstanding_balance == 10050);

  auto junk = json.value();
  junk["hearing_tests"].push_back("junk");
  CHECK(parse_hearing_record(junk).error().message == "Missing or invalid field: hearing_tests.");
  CHECK_FALSE(parse_hearing_record(nlohmann::json::array()));
  CHECK(parse_hearing_record(nlohmann::json::object()).error().message == "Missing or invalid field: link.");
}

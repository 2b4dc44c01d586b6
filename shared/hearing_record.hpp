// A patient's hearing record as the API carries it (GET /api/patients/{id}/hearing), and the
// audiogram arithmetic both builds need: the UI draws and summarises it, the server reuses the
// summary text for drafts made from a hearing test. Pure: no I/O, no clock.
//
//   {"link": {"status": "linked" | "pending" | "failed" | "needs_phone" | "not_linked",
//             "hearlink_uid": "hlp_…" | null, "reason": "…" | null},
//    "hearing_tests": [{"uid": "ht_…", "test_date": "2026-04-12", "audiologist": "Priya Natarajan" | null,
//                       "audiogram": {"right": {"250": 15, "500": 20, …}, "left": {…}, "bil": null}}],
//    "appointments": [{"uid", "type", "start": ISO, "end": ISO | null, "clinic", "with",
//                      "confirmed": bool, "cancelled": bool, "outcome": str | null}],
//    "invoices": [{"uid", "order_number", "status", "total_pence": 12000 | null, "paid_pence": 2000 | null,
//                  "balance_pence": 10000 | null}],
//    "outstanding_balance_pence": 10000 | null,
//    "amounts_complete": true}
// POST /api/patients/{id}/link answers {"link": {…}} (LinkReply).
//
// Amounts are whole pence (shared/money.hpp). An amount HearLink sent that could not be read is null,
// never left out or counted as nothing: a total that cannot be read makes that invoice's total and
// balance null; a payment or credit note that cannot be read makes its invoice's paid and balance
// null. Then "amounts_complete" is false and the outstanding balance is null, since any figure would
// be wrong. The audiogram's inner shape is not published by
// HearLink: thresholds in dB HL keyed by frequency in Hz are accepted; anything else is kept as
// "unrecognised" (shown as such, never a crash). The API carries the audiogram as the server read
// it: null (empty), {"right": {…}, "left": {…}}, or {"unrecognised": true}.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/money.hpp"
#include "shared/result.hpp"

namespace hb {

struct Threshold {
  int frequency_hz = 0;
  double level_db = 0;  // dB HL

  bool operator==(const Threshold&) const = default;
};

enum class AudiogramShape {
  empty,         // null / absent / no thresholds: nothing to draw
  recognised,    // thresholds keyed by frequency
  unrecognised,  // something else: shown as "unrecognised audiogram"
};

struct Audiogram {
  AudiogramShape shape = AudiogramShape::empty;
  std::vector<Threshold> right;  // sorted by frequency
  std::vector<Threshold> left;

  bool operator==(const Audiogram&) const = default;
};

// Reads HearLink's audiogram object. Frequencies must be whole Hz in 125…16000, levels numbers in
// −20…140 dB HL; a null level (no response recorded) is skipped.
Audiogram parse_audiogram(const nlohmann::json& json);
nlohmann::json to_json(const Audiogram& audiogram);

struct HearingTest {
  std::string uid;
  std::string test_date;  // YYYY-MM-DD
  std::string audiologist;
  Audiogram audiogram;

  bool operator==(const HearingTest&) const = default;
};

struct HearLinkLink {
  std::string status = "not_linked";
  std::string hearlink_uid;
  std::string reason;
  bool linked() const { return status == "linked"; }

  bool operator==(const HearLinkLink&) const = default;
};

struct Appointment {
  std::string uid;
  std::string type;
  std::string start;  // ISO-8601 as sent
  std::string end;
  std::string clinic;
  std::string with;
  bool confirmed = false;
  bool cancelled = false;
  std::string outcome;

  bool operator==(const Appointment&) const = default;
};

struct Invoice {
  std::string uid;
  std::string order_number;
  std::string status;
  std::optional<MinorUnits> total = 0;    // nullopt: HearLink's total could not be read
  std::optional<MinorUnits> paid = 0;     // nullopt: a payment or credit note against it could not be read
  std::optional<MinorUnits> balance = 0;  // nullopt when the total or the amount paid is unknown

  bool operator==(const Invoice&) const = default;
};

struct HearingRecord {
  HearLinkLink link;
  std::vector<HearingTest> tests;         // newest first
  std::vector<Appointment> appointments;  // upcoming soonest first, then past newest first
  std::vector<Invoice> invoices;
  std::optional<MinorUnits> outstanding_balance = 0;  // nullopt when the amounts are incomplete
  bool amounts_complete = true;                       // false when any amount of this patient was unreadable

  bool operator==(const HearingRecord&) const = default;
};

// Strict: every member the server writes must be there (an error names the first one that is
// not); only the audiogram's inside is read permissively.
nlohmann::json to_json(const HearingRecord& record);
Result<HearingRecord> parse_hearing_record(const nlohmann::json& json);

// POST /api/patients/{id}/link → {"link": {…}}
struct LinkReply {
  HearLinkLink link;

  bool operator==(const LinkReply&) const = default;
};
nlohmann::json to_json(const HearLinkLink& link);
nlohmann::json to_json(const LinkReply& reply);
Result<LinkReply> parse_link_reply(const nlohmann::json& json);

// --- Audiogram geometry: both axes as fractions 0…1 of the plot ---------------------------------
constexpr double kAudiogramMinHz = 250;
constexpr double kAudiogramMaxHz = 8000;
constexpr double kAudiogramMinDb = -10;
constexpr double kAudiogramMaxDb = 120;

// log2 scale: 250 → 0, 500 → 0.2, 1000 → 0.4 … 8000 → 1 (clamped to the axis).
double frequency_position(double frequency_hz);
// −10 dB HL → 0 (top), 120 → 1 (bottom): hearing level increases downward (clamped).
double level_position(double level_db);

// The x-axis ticks: the octaves 250…8000, plus 3000 and 6000 (and 750, 1500) when a threshold is
// there. Sorted.
std::vector<int> audiogram_frequencies(const Audiogram& audiogram);

// --- Pure-tone average and degree --------------------------------------------------------------
// The four-frequency average (500, 1000, 2000, 4000 Hz); nullopt when one of them is missing.
std::optional<double> pure_tone_average(const std::vector<Threshold>& ear);

enum class HearingDegree { normal, mild, moderate, moderately_severe, severe, profound };
// normal ≤ 25, mild 26–40, moderate 41–55, moderately severe 56–70, severe 71–90, profound > 90,
// on the average rounded to whole dB (as it is shown).
HearingDegree hearing_degree(double level_db);
const char* hearing_degree_label(HearingDegree degree);  // "moderately severe"
// The upper bound of each degree's band (for shading): 25, 40, 55, 70, 90, 120.
double hearing_degree_upper_db(HearingDegree degree);

// Plain-language summary of one test for a clinical note, e.g.
//   Hearing test on 2026-04-12 (audiologist: Priya Natarajan).
//   Right ear: mild hearing loss (average 34 dB HL at 500, 1000, 2000 and 4000 Hz).
//   Left ear: mild hearing loss (average 34 dB HL at 500, 1000, 2000 and 4000 Hz).
std::string hearing_summary(const HearingTest& test);

}  // namespace hb

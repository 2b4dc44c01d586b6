#include "sandbox/seed.hpp"

#include "sandbox/records.hpp"
#include "sandbox/time_format.hpp"
#include "shared/iso8601.hpp"

namespace hbs {
namespace {

// Fixed instants, so the seed does not depend on the day it runs: 2026-04-01 09:00 UTC.
const int64_t kSeedMs = hb::days_from_civil(2026, 4, 1) * 86400000LL + 9 * 3600000LL;
constexpr int kHintOffsetMinutes = -180;

struct SeedPatient {
  const char* first;
  const char* last;
  const char* dob;
  const char* gender;
  int hearing_severity;  // -1: no HearLink record
};

// Names chosen to exercise non-ASCII text end to end (Zoë, Søren, Chloé, Łukasz, Ñúñez, Ågård).
constexpr SeedPatient kMaple[] = {
    {"Zoë", "Ñúñez-Łukasz", "1948-02-29", "female", 3}, {"Søren", "Ågård", "1952-11-03", "male", 2},
    {"Chloé", "Dubois", "1961-06-17", "female", 1},     {"Margaret", "O'Brien", "1944-09-21", "female", 4},
    {"Tomás", "Herrera", "1958-01-30", "male", 2},      {"Aiko", "Tanaka", "1970-12-12", "female", -1},
    {"Femi", "Adeyemi", "1983-04-05", "male", -1},      {"Ingrid", "Bergström", "1939-07-14", "female", 3},
    {"Rahul", "Mehta", "1990-10-01", "male", -1},       {"Eleanor", "Whitfield", "1955-03-08", "female", -1},
    {"Dmitri", "Volkov", "1966-08-23", "male", -1},
};
constexpr SeedPatient kBirch[] = {
    {"Hannah", "Kowalski", "1975-05-19", "female", -1},
    {"José", "Álvarez", "1949-12-24", "male", -1},
};

std::string lower_ascii(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string email_for(const SeedPatient& p) {
  std::string local;
  for (const char* s : {p.first, ".", p.last}) {
    for (const char* c = s; *c; ++c) {
      if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || *c == '.') local += *c;
    }
  }
  return lower_ascii(local) + "@example.com";
}

void add_patient(SandboxState& state, const std::string& practice_id, json object) {
  state.patients.push_back({practice_id, std::move(object)});
}

void add_hearlink(SandboxState& state, const char* collection, json record) {
  state.hearlink[collection].push_back(std::move(record));
}

// A linked HearLink patient with a hearing history: tests (both ears), an appointment, an invoice.
void seed_hearing_record(SandboxState& state, json hearlink_patient, int severity, int index) {
  const json ref = hearlink_patient_ref(hearlink_patient);
  const int64_t day = 86400000LL;
  const std::string last_test = iso_date((kSeedMs - (20 + index) * day) / 1000);
  hearlink_patient["lastTestDate"] = last_test;
  add_hearlink(state, "patients", hearlink_patient);
  add_hearlink(
      state, "hearing_tests",
      make_hearing_test(state.ids, ref, iso_date((kSeedMs - (400 + index) * day) / 1000), std::max(0, severity - 1)));
  add_hearlink(state, "hearing_tests", make_hearing_test(state.ids, ref, last_test, severity));
  add_hearlink(state, "appointments",
               make_appointment(state.ids, ref, kSeedMs + (7 + index) * day + index * 3600000LL,
                                index % 2 ? "Hearing aid fitting" : "Follow-up"));
  json invoice = make_invoice(state.ids, ref, hearlink_timestamp(kSeedMs - (19 + index) * day), index % 2 == 0);
  if (index % 2 == 0)
    add_hearlink(state, "transactions",
                 make_transaction(state.ids, invoice, hearlink_timestamp(kSeedMs - (18 + index) * day)));
  if (index == 1)
    add_hearlink(state, "credit_notes", make_credit_note(state.ids, invoice, hearlink_timestamp(kSeedMs - 10 * day)));
  add_hearlink(state, "invoices", std::move(invoice));
}

}  // namespace

void seed_state(SandboxState& state, std::string_view fixture_patient) {
  const std::string created = hint_timestamp(kSeedMs - 90 * 86400000LL, kHintOffsetMinutes);
  state.practices = {
      {kSandboxPracticeId, "Maple Street Direct Care", "int-sandbox01"},
      {kSecondPracticeId, "Birch Lane Family Medicine", "int-sandbox02"},
  };
  state.hearlink_practice_id = kSandboxPracticeId;
  state.hearlink_referrals = json::array({{{"uid", "ref_1"}, {"name", "Hint"}},
                                          {{"uid", "ref_2"}, {"name", "Facebook"}},
                                          {{"uid", "ref_3"}, {"name", "GP referral"}}});
  state.hearlink_clinics =
      json::array({{{"uid", "cl_1"}, {"name", "Manchester"}}, {{"uid", "cl_2"}, {"name", "Leeds"}}});
  state.hearlink_statuses =
      json::array({{{"uid", "st_1"}, {"name", "Patient Created"}}, {{"uid", "st_2"}, {"name", "Active"}}});
  for (const auto& [collection, event] : hearlink_collections()) state.hearlink[collection];

  // The documented example patient, as published, with times so webhook consumers can version it.
  json example = json::parse(fixture_patient, nullptr, false);
  if (example.is_object()) {
    example["created_at"] = created;
    example["updated_at"] = created;
    add_patient(state, kSandboxPracticeId, example);
    // Its HearLink twin keeps the documented uid (tests/data/hearlink/*.json).
    json twin = make_hearlink_patient(state.ids, example, hearlink_timestamp(kSeedMs - 60 * 86400000LL));
    twin["uid"] = "hlp_7Qx2Lm9";
    seed_hearing_record(state, twin, 2, 0);
  }

  int index = 1;
  for (const auto& p : kMaple) {
    NewHintPatient fields{
        p.first, p.last, p.dob, email_for(p), "+1555" + std::to_string(2000000 + state.ids.next(7999999)), p.gender};
    json patient = make_hint_patient(state.ids, fields, created, kSeedReferenceYear);
    if (p.hearing_severity >= 0) {
      seed_hearing_record(state,
                          make_hearlink_patient(state.ids, patient, hearlink_timestamp(kSeedMs - 60 * 86400000LL)),
                          p.hearing_severity, index++);
    }
    add_patient(state, kSandboxPracticeId, std::move(patient));
  }
  for (const auto& p : kBirch) {
    NewHintPatient fields{
        p.first, p.last, p.dob, email_for(p), "+1555" + std::to_string(2000000 + state.ids.next(7999999)), p.gender};
    add_patient(state, kSecondPracticeId, make_hint_patient(state.ids, fields, created, kSeedReferenceYear));
  }
}

}  // namespace hbs

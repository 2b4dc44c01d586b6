#include "sandbox/records.hpp"

#include <cstdio>

#include "sandbox/time_format.hpp"

namespace hbs {
namespace {

const json kAudiologist = {{"uid", "usr_9"}, {"fullName", "Priya Natarajan"}};
const json kClinic = {{"uid", "cl_1"}, {"name", "Manchester"}};

int age_in(int reference_year, const std::string& dob) {
  return dob.size() >= 4 ? reference_year - std::stoi(dob.substr(0, 4)) : 0;
}

std::string money(double value) {
  char out[32];
  std::snprintf(out, sizeof out, "%.2f", value);
  return out;
}

}  // namespace

json make_hint_patient(IdMaker& ids, const NewHintPatient& f, const std::string& timestamp, int reference_year) {
  const std::string id = "pat-" + ids.base62(12);
  const std::string name = f.first_name + " " + f.last_name;
  json phones = json::array();
  if (!f.phone.empty()) phones.push_back({{"number", f.phone}, {"type", "mobile"}});
  return {
      {"id", id},
      {"name", name},
      {"first_name", f.first_name},
      {"middle_name", nullptr},
      {"last_name", f.last_name},
      {"chosen_first_name", nullptr},
      {"dob", f.dob.empty() ? json(nullptr) : json(f.dob)},
      {"age", f.dob.empty() ? json(nullptr) : json(age_in(reference_year, f.dob))},
      {"email", f.email.empty() ? json(nullptr) : json(f.email)},
      {"phones", phones},
      {"gender", f.gender.empty() ? json(nullptr) : json(f.gender)},
      {"sex", f.gender.empty() ? json(nullptr) : json(f.gender)},
      {"address_line1", nullptr},
      {"address_city", nullptr},
      {"address_country", "United States"},
      {"membership_status", "active"},
      {"account", {{"name", name}, {"past_due_in_cents", 0}}},
      {"provider_web_link", "https://app.hint.com/patients/" + id},
      {"created_at", timestamp},
      {"updated_at", timestamp},
  };
}

json hearlink_patient_ref(const json& patient) {
  json ref = {{"uid", patient.value("uid", "")}, {"fullName", patient.value("fullName", "")}};
  if (patient.contains("tracking")) ref["tracking"] = patient["tracking"];
  return ref;
}

json make_hearlink_patient(IdMaker& ids, const json& hint_patient, const std::string& timestamp) {
  const std::string hint_id = hint_patient.value("id", "");
  std::string phone;
  if (hint_patient.contains("phones") && hint_patient["phones"].is_array() && !hint_patient["phones"].empty()) {
    phone = hint_patient["phones"][0].value("number", "");
  }
  return {
      {"uid", "hlp_" + ids.base62(7)},
      {"fullName", hint_patient.value("name", "")},
      {"phoneNumber", phone},
      {"secondaryPhoneNumber", nullptr},
      {"emailAddress", hint_patient.contains("email") ? hint_patient["email"] : json(nullptr)},
      {"dob", hint_patient.contains("dob") ? hint_patient["dob"] : json(nullptr)},
      {"referral", {{"uid", "ref_1"}, {"name", "Hint"}}},
      {"primaryClinic", kClinic},
      {"address", nullptr},
      {"status", {{"status", "Patient Created"}, {"subStatus", nullptr}}},
      {"lastTestDate", nullptr},
      {"externalSystemId", hint_id},
      {"tracking", {{"provider", "hint"}, {"ids", {{"hint_patient_id", hint_id}}}}},
      {"created", {{"at", timestamp}, {"by", {{"uid", "usr_1"}, {"fullName", "API"}}}}},
  };
}

// Thresholds in dB HL keyed by frequency in Hz (our reading of an unpublished shape:
// docs/contracts/hearlink.md#audiogram), multiples of 5 like a real audiometer; severity 0 (normal)
// .. 4 (severe), high frequencies worse (age-related loss).
json make_hearing_test(IdMaker& ids, const json& patient_ref, const std::string& test_date, int severity) {
  static const char* kFrequencies[] = {"250", "500", "1000", "2000", "3000", "4000", "6000", "8000"};
  static const int kSlope[] = {0, 0, 5, 10, 15, 20, 25, 25};
  auto ear = [&](int offset) {
    json thresholds = json::object();
    for (int i = 0; i < 8; ++i) {
      int value = 5 + severity * 10 + kSlope[i] * (severity + 1) / 2 + offset + static_cast<int>(ids.next(3)) * 5;
      thresholds[kFrequencies[i]] = std::min(value / 5 * 5, 120);
    }
    return thresholds;
  };
  return {
      {"uid", "ht_" + ids.base62(6)},
      {"patient", patient_ref},
      {"testDate", test_date},
      {"audiologist", kAudiologist},
      {"audiogram", {{"right", ear(0)}, {"left", ear(5)}, {"bil", nullptr}}},
  };
}

json make_appointment(IdMaker& ids, const json& patient_ref, int64_t start_ms, const std::string& type) {
  return {
      {"uid", "apt_" + ids.base62(8)},
      {"type", type},
      {"clinic", kClinic},
      {"assignee", kAudiologist},
      {"startDateTime", hearlink_timestamp(start_ms)},
      {"endDateTime", hearlink_timestamp(start_ms + 45 * 60 * 1000)},  // 45-minute slots
      {"patient", patient_ref},
      {"outcome", nullptr},
      {"confirmed", true},
      {"cancelled", false},
  };
}

json make_invoice(IdMaker& ids, const json& patient_ref, const std::string& timestamp, bool paid) {
  const int aid_price = 995 + static_cast<int>(ids.next(4)) * 100;
  const json items = json::array({
      {{"description", "Hearing assessment"}, {"quantity", 1}, {"unitPrice", 85.0}, {"total", 85.0}},
      {{"description", "Behind-the-ear hearing aid"},
       {"quantity", 2},
       {"unitPrice", double(aid_price)},
       {"total", double(2 * aid_price)}},
  });
  return {
      {"uid", "inv_" + ids.base62(8)},
      {"orderNumber", "HL-" + std::to_string(10000 + ids.next(90000))},
      {"patient", patient_ref},
      {"status", paid ? "Paid" : "Unpaid"},
      {"total", std::stod(money(85.0 + 2 * aid_price))},
      {"lineItems", items},
      {"created", {{"at", timestamp}}},
  };
}

json make_transaction(IdMaker& ids, const json& invoice, const std::string& timestamp) {
  return {
      {"uid", "txn_" + ids.base62(8)},
      {"transactionType", "payment"},
      {"amount", invoice.value("total", 0.0)},
      {"method", "card"},
      {"orderUid", invoice.value("uid", "")},
      {"patient", invoice.contains("patient") ? invoice["patient"] : json(nullptr)},
      {"created", {{"at", timestamp}}},
  };
}

json make_credit_note(IdMaker& ids, const json& invoice, const std::string& timestamp) {
  return {
      {"uid", "cn_" + ids.base62(8)},
      {"creditNoteNumber", "CN-" + std::to_string(2000 + ids.next(8000))},
      {"orderUid", invoice.value("uid", "")},
      {"total", 85.0},
      {"patient", invoice.contains("patient") ? invoice["patient"] : json(nullptr)},
      {"created", {{"at", timestamp}}},
  };
}

}  // namespace hbs

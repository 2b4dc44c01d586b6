#include "shared/patient.hpp"

#include <cstdint>

#include "shared/json_fields.hpp"

namespace hb {
namespace {

constexpr std::int64_t kMaxAge = 200;

nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }
nlohmann::json age_or_null(const std::optional<int>& age) { return age ? nlohmann::json(*age) : nlohmann::json(); }

std::optional<int> read_age(FieldReader& r) {
  const auto age = r.nullable_integer("age");
  if (!age) return std::nullopt;
  if (*age < 0 || *age > kMaxAge) {
    r.fail("age");
    return std::nullopt;
  }
  return static_cast<int>(*age);
}

Patient read_patient(FieldReader& r) {
  Patient p;
  p.id = r.text("id");
  p.name = r.text("name");
  p.first_name = r.text("first_name");
  p.last_name = r.text("last_name");
  p.dob = r.nullable_text("dob");
  p.age = read_age(r);
  p.sex = r.nullable_text("sex");
  p.email = r.nullable_text("email");
  p.phone = r.nullable_text("phone");
  p.status = r.text("status");
  if (p.id.empty()) r.fail("id");
  return p;
}

}  // namespace

nlohmann::json to_json(const Patient& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"first_name", p.first_name},
          {"last_name", p.last_name},
          {"dob", text_or_null(p.dob)},
          {"age", age_or_null(p.age)},
          {"sex", text_or_null(p.sex)},
          {"email", text_or_null(p.email)},
          {"phone", text_or_null(p.phone)},
          {"status", p.status}};
}

nlohmann::json to_json(const PatientReply& reply) { return {{"patient", to_json(reply.patient)}}; }

Result<PatientReply> parse_patient_reply(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("patient reply");
  FieldReader r(json);
  PatientReply reply{r.object("patient", read_patient)};
  return r.finish(std::move(reply));
}

nlohmann::json to_json(const PatientSearchResults& results) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : results.items) {
    items.push_back({{"id", m.id}, {"name", m.name}, {"dob", text_or_null(m.dob)}, {"age", age_or_null(m.age)}});
  }
  return {{"items", items}, {"total", results.total}};
}

Result<PatientSearchResults> parse_patient_search(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("patient search");
  FieldReader r(json);
  PatientSearchResults results;
  results.items = r.list("items", [](FieldReader& item) {
    PatientMatch m;
    m.id = item.text("id");
    m.name = item.text("name");
    m.dob = item.nullable_text("dob");
    m.age = read_age(item);
    return m;
  });
  const auto total = r.integer("total");
  if (total < 0 || total > INT32_MAX) r.fail("total");
  results.total = static_cast<int>(total);
  return r.finish(std::move(results));
}

}  // namespace hb

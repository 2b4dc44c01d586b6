// A Hint patient → HearLink's create-patient request and HearLink's rules for it
// (shared/hearlink_patient.*), and the Hint patient a HearLink patient webhook names
// (server/hearlink/bridge_hooks.*). Input: a control byte choosing the practice's defaults, then a
// JSON body read as the patient. Properties: a request marked ready passes HearLink's rules and
// tracks the Hint id; an unready mapping always says why; the validator never throws on any JSON.
#include <string>

#include "server/hearlink/patient_links.hpp"
#include "shared/hearlink_patient.hpp"
#include "shared/json_input.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

hb::HearLinkPatientDefaults defaults_for(uint8_t control) {
  hb::HearLinkPatientDefaults d;
  // Bits 0-1 clinic, 2-3 referral, 4-5 status: none, an id, a name, both (the id wins).
  const auto choice = [](uint8_t bits, const char* id, const char* name) {
    return hb::HearLinkChoice{bits & 1 ? id : "", bits & 2 ? name : ""};
  };
  d.clinic = choice(control & 3, "cl_1", "Manchester");
  d.referral = choice((control >> 2) & 3, "ref_1", " Hint ");
  d.status = choice((control >> 4) & 3, "st_1", "Patient Created");
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = hb::fuzz::as_text(data, size);
  const auto control = hb::fuzz::take_byte(input);
  auto parsed = hb::parse_json(input);
  if (!parsed) return 0;
  const auto& patient = parsed.value();

  const auto defaults = defaults_for(control);
  const auto mapping = hb::map_hint_patient_to_hearlink(patient, defaults);
  if (mapping.status == hb::PatientMappingStatus::ready) {
    FUZZ_CHECK(hb::validate_hearlink_create_patient(mapping.request).empty());
    FUZZ_CHECK(mapping.request["tracking"]["ids"]["hint_patient_id"] == hb::string_at(patient, "id"));
    FUZZ_CHECK(mapping.request["primaryPhoneNumber"] == hb::hint_primary_phone(patient));
  } else {
    FUZZ_CHECK(!mapping.reason.empty());
  }
  const bool configured = (control & 3) && ((control >> 2) & 3) && ((control >> 4) & 3);
  FUZZ_CHECK((mapping.status == hb::PatientMappingStatus::not_configured) == !configured);

  const auto errors = hb::validate_hearlink_create_patient(patient);
  (void)hb::describe_field_errors(errors);
  FUZZ_CHECK(patient.is_object() || errors.count("body") == 1);
  (void)hb::hint_patient_named_by(patient);
  if (const auto* nested = hb::object_at(patient, "data")) (void)hb::hint_patient_named_by(*nested);
  return 0;
}

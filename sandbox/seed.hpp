// The sandbox's starting data, the same for the same seed: practice "pra-sandbox01" (Maple Street
// Direct Care) with a dozen patients (the documented example patient from tests/data/hint_patient.json,
// and names with non-ASCII letters), a second practice for cross-practice probes, and HearLink
// records (hearing tests with both ears, appointments, invoices, a transaction, a credit note).
#pragma once
#include <cstdint>
#include <string_view>

#include "sandbox/sandbox_state.hpp"

namespace hbs {

constexpr const char* kSandboxPracticeId = "pra-sandbox01";
constexpr const char* kSecondPracticeId = "pra-sandbox02";
constexpr int kSeedReferenceYear = 2026;

// fixture_patient: the bytes of tests/data/hint_patient.json (embedded in the binary).
void seed_state(SandboxState& state, std::string_view fixture_patient);

}  // namespace hbs

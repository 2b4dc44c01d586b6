// Everything the sandbox knows, in memory, behind one mutex: Hint's practices, patients, partner
// interactions, tokens and activation codes; HearLink's records by collection. Seeded
// deterministically at start (seed.hpp); lost on exit by design.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hbs {

using nlohmann::json;

struct Practice {
  std::string id;              // "pra-sandbox01"
  std::string name;            // "Maple Street Direct Care"
  std::string integration_id;  // "int-…": HearBridge's installation here
  bool installed = true;       // false after an uninstall, until an activation code is redeemed
};

struct PracticeRecord {  // a Hint patient or partner interaction, owned by one practice
  std::string practice_id;
  json object;  // the shape GET /api/provider/... answers
};

// Who a Bearer token speaks for: a practice (handshake access_token, activation token).
struct PracticeToken {
  std::string practice_id;
  std::string kind;        // "handshake" | "activation"
  int64_t expires_ms = 0;  // 0: never (activation tokens; handshake tokens unless a TTL is set)
};

struct ActivationCode {
  std::string practice_id;
  bool used = false;
};

// HearLink's collections and the event name of their records ("hearing_tests" -> "hearing_test").
inline const std::vector<std::pair<std::string, std::string>>& hearlink_collections() {
  static const std::vector<std::pair<std::string, std::string>> kCollections{
      {"patients", "patient"},         {"appointments", "appointment"}, {"invoices", "invoice"},
      {"transactions", "transaction"}, {"credit_notes", "credit_note"}, {"hearing_tests", "hearing_test"}};
  return kCollections;
}

// Deterministic ids from the seed: the same --seed gives the same ids in the same order.
class IdMaker {
public:
  explicit IdMaker(uint64_t seed) : engine_(seed) {}
  std::string base62(size_t length);  // "ab12C345DeF6"
  std::string uuid();                 // "5b0c1f7e-2a44-4c1e-9d6b-1f2e3a4b5c6d" (v4 layout)
  uint64_t next(uint64_t bound);      // [0, bound)

private:
  std::mt19937_64 engine_;
};

struct SandboxState {
  explicit SandboxState(uint64_t seed) : ids(seed) {}

  std::mutex mutex;  // guards everything below
  IdMaker ids;
  std::vector<Practice> practices;
  std::vector<PracticeRecord> patients;
  std::vector<PracticeRecord> interactions;
  std::map<std::string, PracticeToken> tokens;
  std::map<std::string, ActivationCode> activation_codes;
  json launches = json::array();  // what each launch sent and got back (no tokens), newest last

  std::string hearlink_practice_id;                   // the Hint practice the HearLink account belongs to
  std::map<std::string, std::vector<json>> hearlink;  // collection -> records (insertion order)
  json hearlink_referrals = json::array();            // [{uid, name}]
  json hearlink_clinics = json::array();
  json hearlink_statuses = json::array();

  const Practice* practice(const std::string& id) const;
  Practice* practice(const std::string& id);
  PracticeRecord* patient(const std::string& practice_id, const std::string& id);
  json* hearlink_record(const std::string& collection, const std::string& uid);
};

}  // namespace hbs

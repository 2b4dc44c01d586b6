// Hint's launch handshake, decoded permissively: only user.id and practice.id are required (Hint's
// marketplace audit sends a signed body with just `user` and `practice`); unknown fields are
// ignored and new ones appear without notice. Signature checks happen before this, on raw bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hb {

struct Handshake {
  std::optional<int64_t> timestamp;  // unix seconds, when present
  std::string user_id;
  std::string user_name;  // `name`, else first + last
  std::vector<std::string> partner_roles;
  std::string practice_id;
  std::string practice_name;
  std::string integration_id;
  std::string access_token;  // secret: never logged
  std::string patient_id;
  std::string interaction_id;
  bool platform_support = false;  // access_context == "platform_support"
};

// missing_field (user.id / practice.id), bad_request (unreadable timestamp), malformed_json, json_too_deep.
Result<Handshake> parse_handshake(std::string_view body);

// The signing time must be within ±tolerance of now (when the handshake carries one).
Status check_handshake_freshness(const Handshake& handshake, int64_t now, int64_t tolerance_s);

}  // namespace hb

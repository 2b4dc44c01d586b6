#include "server/sessions/handshake.hpp"

#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {

Result<Handshake> parse_handshake(std::string_view body) {
  auto parsed = parse_json(body);
  if (!parsed) return parsed.error();
  const auto& json = parsed.value();
  const auto* user = object_at(json, "user");
  const auto* practice = object_at(json, "practice");
  Handshake h;
  h.user_id = user ? string_at(*user, "id") : "";
  h.practice_id = practice ? string_at(*practice, "id") : "";
  if (h.user_id.empty()) return Error{ErrorCode::missing_field, "user.id is required."};
  if (h.practice_id.empty()) return Error{ErrorCode::missing_field, "practice.id is required."};

  h.user_name = string_at(*user, "name");
  if (h.user_name.empty()) {
    auto first = string_at(*user, "first_name");
    auto last = string_at(*user, "last_name");
    h.user_name = first.empty() || last.empty() ? first + last : first + " " + last;
  }
  if (auto roles = user->find("partner_roles"); roles != user->end() && roles->is_array()) {
    for (const auto& role : *roles) {
      if (role.is_string() && !role.get<std::string>().empty()) h.partner_roles.push_back(role.get<std::string>());
    }
  }
  h.practice_name = string_at(*practice, "name");
  if (const auto* integration = object_at(json, "integration")) h.integration_id = string_at(*integration, "id");
  if (const auto* patient = object_at(json, "patient")) h.patient_id = string_at(*patient, "id");
  if (const auto* interaction = object_at(json, "interaction")) h.interaction_id = string_at(*interaction, "id");
  h.access_token = string_at(json, "access_token");
  h.platform_support = string_at(json, "access_context") == "platform_support";

  if (auto it = json.find("timestamp"); it != json.end() && !it->is_null()) {
    auto when = it->is_string() ? parse_timestamp(it->get<std::string>()) : std::nullopt;
    if (!when) return Error{ErrorCode::bad_request, "timestamp must be ISO-8601 with an offset."};
    h.timestamp = *when;
  }
  return h;
}

Status check_handshake_freshness(const Handshake& handshake, int64_t now, int64_t tolerance_s) {
  if (!handshake.timestamp) return ok_status();
  const auto skew = now - *handshake.timestamp;
  if (skew > tolerance_s || skew < -tolerance_s) return Error{ErrorCode::stale_timestamp, {}};
  return ok_status();
}

}  // namespace hb

#include "server/webhooks/envelope.hpp"

#include "shared/json_input.hpp"

namespace hb {

Result<WebhookEnvelope> parse_webhook_envelope(std::string_view body) {
  auto parsed = parse_json(body);
  if (!parsed) return parsed.error();
  const auto& json = parsed.value();
  if (!json.is_object()) return Error{ErrorCode::malformed_json, "The request body must be a JSON object."};
  WebhookEnvelope envelope{string_at(json, "id"), string_at(json, "type"), string_at(json, "practice_id")};
  if (envelope.id.empty()) return Error{ErrorCode::missing_field, "The event has no id."};
  if (envelope.type.empty()) return Error{ErrorCode::missing_field, "The event has no type."};
  if (envelope.id.size() > kMaxWebhookIdLength || envelope.type.size() > kMaxWebhookIdLength ||
      envelope.practice_id.size() > kMaxWebhookIdLength) {
    return Error{ErrorCode::bad_request, "The event id, type or practice_id is too long."};
  }
  return envelope;
}

}  // namespace hb

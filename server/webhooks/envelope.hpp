// The few fields intake reads from a webhook body (Hint and HearLink alike), after the signature
// verified and before the event is stored; everything else is interpreted later, by the worker.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "shared/result.hpp"

namespace hb {

// Ids and types are shown in the admin list and metrics' logs: bound them.
constexpr size_t kMaxWebhookIdLength = 256;

struct WebhookEnvelope {
  std::string id;
  std::string type;
  std::string practice_id;  // Hint only
};

// Parses the body (bounded depth): malformed_json / json_too_deep, missing_field (id, type), bad_request
// (an id, type or practice_id over kMaxWebhookIdLength).
Result<WebhookEnvelope> parse_webhook_envelope(std::string_view body);

}  // namespace hb

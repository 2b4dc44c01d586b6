// What an admin reads about their practice (never note text or patient details):
//   GET /api/admin/audit    {"items": [{"id", "at": ISO, "user_id", "roles": [..], "access_context",
//                                       "action", "object_type", "object_id", "request_id"}]}  newest first
//   GET /api/admin/outbox   {"items": [{"id", "kind", "object_id", "status", "attempts",
//                                       "next_attempt_at": ISO, "last_error": text|null, "updated_at": ISO}]}
//   GET /api/admin/webhooks {"deliveries": [{"source", "event_id", "type", "delivery_id": text|null,
//                                            "received_at": ISO, "status", "attempts",
//                                            "processed_at": ISO|null, "last_error": text|null}]}
// The server writes these with to_json; tests (and any admin tool) read them with the strict parsers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

struct AuditItem {
  int64_t id = 0;
  std::string at;
  std::string user_id;
  std::vector<std::string> roles;
  std::string access_context;  // standard | platform_support
  std::string action;
  std::string object_type;
  std::string object_id;
  std::string request_id;

  bool operator==(const AuditItem&) const = default;
};

struct AuditPage {
  std::vector<AuditItem> items;
  bool operator==(const AuditPage&) const = default;
};

struct OutboxItem {
  int64_t id = 0;
  std::string kind;
  std::string object_id;
  std::string status;
  int64_t attempts = 0;
  std::string next_attempt_at;
  std::string last_error;  // "" ↔ null
  std::string updated_at;

  bool operator==(const OutboxItem&) const = default;
};

struct OutboxList {
  std::vector<OutboxItem> items;
  bool operator==(const OutboxList&) const = default;
};

struct WebhookDelivery {
  std::string source;  // hint | hearlink
  std::string event_id;
  std::string type;
  std::string delivery_id;  // "" ↔ null
  std::string received_at;
  std::string status;
  int64_t attempts = 0;
  std::string processed_at;  // "" ↔ null
  std::string last_error;    // "" ↔ null
  int64_t seq = 0;           // arrival order: the `before` of the next page

  bool operator==(const WebhookDelivery&) const = default;
};

struct WebhookDeliveries {
  std::vector<WebhookDelivery> deliveries;
  bool operator==(const WebhookDeliveries&) const = default;
};

nlohmann::json to_json(const AuditPage& page);
nlohmann::json to_json(const OutboxList& list);
nlohmann::json to_json(const WebhookDeliveries& list);
Result<AuditPage> parse_audit_page(const nlohmann::json& json);
Result<OutboxList> parse_outbox_list(const nlohmann::json& json);
Result<WebhookDeliveries> parse_webhook_deliveries(const nlohmann::json& json);

}  // namespace hb

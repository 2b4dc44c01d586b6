#include "shared/admin_views.hpp"

#include "shared/json_fields.hpp"

namespace hb {
namespace {

nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

}  // namespace

nlohmann::json to_json(const AuditPage& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& a : page.items) {
    items.push_back({{"id", a.id},
                     {"at", a.at},
                     {"user_id", a.user_id},
                     {"roles", a.roles},
                     {"access_context", a.access_context},
                     {"action", a.action},
                     {"object_type", a.object_type},
                     {"object_id", a.object_id},
                     {"request_id", a.request_id}});
  }
  return {{"items", std::move(items)}};
}

nlohmann::json to_json(const OutboxList& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& o : list.items) {
    items.push_back({{"id", o.id},
                     {"kind", o.kind},
                     {"object_id", o.object_id},
                     {"status", o.status},
                     {"attempts", o.attempts},
                     {"next_attempt_at", o.next_attempt_at},
                     {"last_error", text_or_null(o.last_error)},
                     {"updated_at", o.updated_at}});
  }
  return {{"items", std::move(items)}};
}

nlohmann::json to_json(const WebhookDeliveries& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : list.deliveries) {
    items.push_back({{"source", d.source},
                     {"event_id", d.event_id},
                     {"type", d.type},
                     {"delivery_id", text_or_null(d.delivery_id)},
                     {"received_at", d.received_at},
                     {"status", d.status},
                     {"attempts", d.attempts},
                     {"processed_at", text_or_null(d.processed_at)},
                     {"last_error", text_or_null(d.last_error)},
                     {"seq", d.seq}});
  }
  return {{"deliveries", std::move(items)}};
}

Result<AuditPage> parse_audit_page(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("audit page");
  FieldReader r(json);
  AuditPage page;
  page.items = r.list("items", [](FieldReader& i) {
    return AuditItem{i.integer("id"),          i.text("at"),     i.text("user_id"),     i.text_list("roles"),
                     i.text("access_context"), i.text("action"), i.text("object_type"), i.text("object_id"),
                     i.text("request_id")};
  });
  return r.finish(std::move(page));
}

Result<OutboxList> parse_outbox_list(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("outbox list");
  FieldReader r(json);
  OutboxList list;
  list.items = r.list("items", [](FieldReader& i) {
    return OutboxItem{i.integer("id"),
                      i.text("kind"),
                      i.text("object_id"),
                      i.text("status"),
                      i.integer("attempts"),
                      i.text("next_attempt_at"),
                      i.nullable_text("last_error"),
                      i.text("updated_at")};
  });
  return r.finish(std::move(list));
}

Result<WebhookDeliveries> parse_webhook_deliveries(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("webhook deliveries");
  FieldReader r(json);
  WebhookDeliveries list;
  list.deliveries = r.list("deliveries", [](FieldReader& i) {
    return WebhookDelivery{i.text("source"),
                           i.text("event_id"),
                           i.text("type"),
                           i.nullable_text("delivery_id"),
                           i.text("received_at"),
                           i.text("status"),
                           i.integer("attempts"),
                           i.nullable_text("processed_at"),
                           i.nullable_text("last_error"),
                           i.integer("seq")};
  });
  return r.finish(std::move(list));
}

}  // namespace hb

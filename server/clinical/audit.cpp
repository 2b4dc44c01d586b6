#include "server/clinical/audit.hpp"

#include "server/http/http_app.hpp"
#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {

AuditEntry audit_entry(const Principal& who, std::string action, std::string object_type, std::string object_id) {
  return {who.context.practice_id, who.context.user_id,    who.context.roles,    who.context.platform_support,
          std::move(action),       std::move(object_type), std::move(object_id), current_request_id()};
}

Status append_audit(Database& db, const AuditEntry& e, int64_t at) {
  auto insert = db.prepare(
      "INSERT INTO audit (practice_id, at, user_id, roles, access_context, action, object_type, object_id, request_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, e.practice_id)
      .bind(2, at)
      .bind(3, e.user_id)
      .bind(4, nlohmann::json(e.roles).dump())
      .bind(5, e.platform_support ? "platform_support" : "standard")
      .bind(6, e.action)
      .bind(7, e.object_type)
      .bind(8, e.object_id)
      .bind(9, e.request_id);
  return insert.run();
}

Result<AuditPage> list_audit(Database& db, const std::string& practice_id, int limit, int64_t before_id) {
  auto reader = db.read();
  auto query = reader->prepare(
      "SELECT id, at, user_id, roles, access_context, action, object_type, object_id, request_id FROM audit "
      "WHERE practice_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?");
  query.bind(1, practice_id).bind(2, before_id).bind(3, before_id).bind(4, int64_t{limit});
  AuditPage page;
  while (query.step()) {
    // Written by append_audit as a JSON list of strings: anything else is a damaged row, reported
    // as such rather than shown without its roles.
    auto roles = parse_json(query.text(3));
    if (!roles || !roles.value().is_array()) return Error{ErrorCode::internal, {}};
    AuditItem item{query.integer(0), format_timestamp(query.integer(1)),
                   query.text(2),    {},
                   query.text(4),    query.text(5),
                   query.text(6),    query.text(7),
                   query.text(8)};
    for (const auto& role : roles.value()) {
      if (!role.is_string()) return Error{ErrorCode::internal, {}};
      item.roles.push_back(role.get<std::string>());
    }
    page.items.push_back(std::move(item));
  }
  if (query.failed()) return Error{ErrorCode::internal, {}};  // never a shorter page as if it were all
  return page;
}

}  // namespace hb

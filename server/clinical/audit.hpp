// The audit trail: who did what, written in the same transaction as the change itself. It holds
// ids, roles and action names only — never note text or patient details.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "server/sessions/session_store.hpp"
#include "server/store/database.hpp"
#include "shared/admin_views.hpp"

namespace hb {

struct AuditEntry {
  std::string practice_id;
  std::string user_id;
  std::vector<std::string> roles;
  bool platform_support = false;
  std::string action;       // note.create | note.update | note.sign | …
  std::string object_type;  // note | patient | …
  std::string object_id;
  std::string request_id;
};

AuditEntry audit_entry(const Principal& who, std::string action, std::string object_type, std::string object_id);

// Caller holds the database lock and an open transaction (which it must not commit after an error).
[[nodiscard]] Status append_audit(Database& db, const AuditEntry& entry, int64_t at);

// Newest first, for one practice; `before_id` pages (0: from the newest).
[[nodiscard]] Result<AuditPage> list_audit(Database& db, const std::string& practice_id, int limit, int64_t before_id);

}  // namespace hb

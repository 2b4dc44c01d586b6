// Hint partner_roles → HearBridge permissions. Built-in default:
//   admin → view, draft, sign, admin;  clinician → view, draft, sign;  staff → view, draft.
// HEARBRIDGE_ROLES_FILE replaces it with a JSON object of the same shape:
//   {"admin": ["view", "draft", "sign", "admin"], "audiologist": ["view", "draft", "sign"]}
// Role names match exactly. Unknown roles grant nothing; no role at all means no access.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "shared/result.hpp"
#include "shared/session_context.hpp"

namespace hb {

class RoleMap {
public:
  static RoleMap built_in();
  static Result<RoleMap> parse(std::string_view json_text);  // errors name HEARBRIDGE_ROLES_FILE
  static Result<RoleMap> load(const std::string& path);      // empty path: built_in()

  // Union of the roles' permissions, in enum order, without repeats.
  std::vector<Permission> permissions_for(const std::vector<std::string>& roles) const;

private:
  std::map<std::string, std::vector<Permission>, std::less<>> roles_;
};

}  // namespace hb

#include "server/sessions/role_map.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "shared/json_input.hpp"

namespace hb {

RoleMap RoleMap::built_in() {
  RoleMap map;
  map.roles_ = {
      {"admin", {Permission::view, Permission::draft, Permission::sign, Permission::admin}},
      {"clinician", {Permission::view, Permission::draft, Permission::sign}},
      {"staff", {Permission::view, Permission::draft}},
  };
  return map;
}

Result<RoleMap> RoleMap::parse(std::string_view text) {
  auto json = parse_json(text);
  if (!json || !json.value().is_object()) {
    return Error{ErrorCode::bad_request, "HEARBRIDGE_ROLES_FILE: must be a JSON object of role -> [permissions]"};
  }
  RoleMap map;
  for (const auto& [role, permissions] : json.value().items()) {
    if (!permissions.is_array()) {
      return Error{ErrorCode::bad_request, "HEARBRIDGE_ROLES_FILE: role '" + role + "' must map to an array"};
    }
    auto& granted = map.roles_[role];
    for (const auto& name : permissions) {
      Permission p;
      if (!name.is_string() || !parse_permission(name.get<std::string>(), p)) {
        return Error{ErrorCode::bad_request, "HEARBRIDGE_ROLES_FILE: role '" + role +
                                                 "' names an unknown permission (use view, draft, sign, admin)"};
      }
      granted.push_back(p);
    }
  }
  return map;
}

Result<RoleMap> RoleMap::load(const std::string& path) {
  if (path.empty()) return built_in();
  std::ifstream in(path);
  if (!in) return Error{ErrorCode::bad_request, "HEARBRIDGE_ROLES_FILE: cannot read '" + path + "'"};
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

std::vector<Permission> RoleMap::permissions_for(const std::vector<std::string>& roles) const {
  std::vector<Permission> out;
  for (const auto& role : roles) {
    auto it = roles_.find(role);
    if (it == roles_.end()) continue;
    for (auto p : it->second) {
      if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hb

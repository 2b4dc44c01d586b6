// Checks every shared API message: to_json then parse gives the same struct, and each member that
// to_json writes is required — dropped or renamed, parsing fails naming it — so neither side can
// rename a field without the other failing a test.
#pragma once
#include <set>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>
#include <nlohmann/json.hpp>

namespace hb::testing {

// Dotted paths of the members in `json` ("invoices.total_pence": a list's items are checked through
// its first one). Members named in `opaque` are listed but not descended into.
inline void member_paths(const nlohmann::json& json, const std::string& prefix, const std::set<std::string>& opaque,
                         std::vector<std::string>& out) {
  if (!json.is_object()) return;
  for (const auto& [key, value] : json.items()) {
    const auto path = prefix + key;
    out.push_back(path);
    if (opaque.count(path)) continue;
    if (value.is_object()) member_paths(value, path + ".", opaque, out);
    if (value.is_array() && !value.empty()) member_paths(value.front(), path + ".", opaque, out);
  }
}

// The object holding the member at `path` (descending into a list's first item), and its key.
inline std::pair<nlohmann::json*, std::string> locate(nlohmann::json& json, const std::string& path) {
  nlohmann::json* at = &json;
  std::string rest = path;
  for (auto dot = rest.find('.'); dot != std::string::npos; dot = rest.find('.')) {
    at = &(*at)[rest.substr(0, dot)];
    if (at->is_array()) at = &at->front();
    rest = rest.substr(dot + 1);
  }
  return {at, rest};
}

template <class T, class Parse>
void check_round_trip(const T& value, Parse parse) {
  const auto json = to_json(value);
  auto back = parse(json);
  INFO(json.dump());
  INFO((back.ok() ? std::string("parsed") : std::string(back.error().text())));
  REQUIRE(back.ok());
  CHECK(back.value() == value);
  CHECK(to_json(back.value()) == json);
}

// Every member of to_json(value) (except `optional` ones) is required: absent or renamed, the parse
// fails with missing_field and a message naming the member's path.
template <class T, class Parse>
void check_required_members(const T& value, Parse parse, const std::set<std::string>& optional = {},
                            const std::set<std::string>& opaque = {}) {
  const auto json = to_json(value);
  std::vector<std::string> paths;
  member_paths(json, "", opaque, paths);
  REQUIRE_FALSE(paths.empty());
  for (const auto& path : paths) {
    if (optional.count(path)) continue;
    for (bool rename : {false, true}) {
      auto broken = json;
      auto [object, key] = locate(broken, path);
      if (rename) (*object)[key + "_renamed"] = (*object)[key];
      object->erase(key);
      auto parsed = parse(broken);
      INFO(path << (rename ? " renamed" : " dropped"));
      REQUIRE_FALSE(parsed.ok());
      CHECK(parsed.error().code == ErrorCode::missing_field);
      CHECK(parsed.error().message == "Missing or invalid field: " + path + ".");
    }
  }
}

}  // namespace hb::testing

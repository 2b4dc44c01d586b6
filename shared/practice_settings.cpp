#include "shared/practice_settings.hpp"

#include "shared/json_fields.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

nlohmann::json id_or_name_json(const IdOrName& v) {
  return {{"id", text_or_null(v.id)}, {"name", text_or_null(v.name)}};
}

// The request's form: only the one that is set ({} clears the default).
nlohmann::json id_or_name_request(const IdOrName& v) {
  if (!v.id.empty()) return {{"id", v.id}};
  if (!v.name.empty()) return {{"name", v.name}};
  return nlohmann::json::object();
}

IdOrName read_id_or_name(FieldReader& r) { return {r.nullable_text("id"), r.nullable_text("name")}; }

// Strict, since what is not read would clear the default: {"id": 42} or {"ID": "cl_1"} is refused
// naming the field, never saved as {} (which is what clearing looks like).
Result<IdOrName> parse_id_or_name(const nlohmann::json& body, const std::string& field) {
  const auto* object = object_at(body, field);
  if (!object) return Error{ErrorCode::bad_request, field + ": must be an object {\"id\"} or {\"name\"}."};
  for (const auto& member : object->items()) {
    if (member.key() != "id" && member.key() != "name") {
      return Error{ErrorCode::bad_request, field + ": give only \"id\" or \"name\"."};
    }
  }
  FieldReader r(body);
  auto v = r.object(field, [](FieldReader& pair) {
    return IdOrName{pair.optional_text("id"), pair.optional_text("name")};
  });
  if (!r.ok()) return r.error();
  if (!v.id.empty() && !v.name.empty())
    return Error{ErrorCode::bad_request, field + ": give an id or a name, not both."};
  if (v.id.size() > 200 || v.name.size() > 200) return Error{ErrorCode::bad_request, field + ": too long."};
  return v;
}

}  // namespace

nlohmann::json to_json(const PracticeSettings& s) {
  return {{"hearlink_api_key",
           {{"set", s.hearlink_api_key_set},
            {"last4", s.hearlink_api_key_set ? text_or_null(s.hearlink_api_key_last4) : nlohmann::json()}}},
          {"hearlink_webhook_secrets", {{"count", s.hearlink_webhook_secret_count}}},
          {"default_clinic", id_or_name_json(s.default_clinic)},
          {"default_referral", id_or_name_json(s.default_referral)},
          {"default_status", id_or_name_json(s.default_status)},
          {"auto_draft_from_hearing_tests", s.auto_draft_from_hearing_tests}};
}

Result<PracticeSettings> parse_practice_settings(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("settings");
  FieldReader r(json);
  PracticeSettings s;
  r.object("hearlink_api_key", [&s](FieldReader& key) {
    s.hearlink_api_key_set = key.boolean("set");
    s.hearlink_api_key_last4 = key.nullable_text("last4");
    return 0;
  });
  r.object("hearlink_webhook_secrets", [&s](FieldReader& secrets) {
    const auto count = secrets.integer("count");
    if (count < 0 || count > 1000) secrets.fail("count");
    s.hearlink_webhook_secret_count = static_cast<int>(count);
    return 0;
  });
  s.default_clinic = r.object("default_clinic", read_id_or_name);
  s.default_referral = r.object("default_referral", read_id_or_name);
  s.default_status = r.object("default_status", read_id_or_name);
  s.auto_draft_from_hearing_tests = r.boolean("auto_draft_from_hearing_tests");
  return r.finish(std::move(s));
}

nlohmann::json to_json(const PracticeSettingsUpdate& u) {
  nlohmann::json json = nlohmann::json::object();
  if (u.hearlink_api_key) json["hearlink_api_key"] = *u.hearlink_api_key;
  if (u.hearlink_webhook_secrets) json["hearlink_webhook_secrets"] = *u.hearlink_webhook_secrets;
  if (u.default_clinic) json["default_clinic"] = id_or_name_request(*u.default_clinic);
  if (u.default_referral) json["default_referral"] = id_or_name_request(*u.default_referral);
  if (u.default_status) json["default_status"] = id_or_name_request(*u.default_status);
  if (u.auto_draft_from_hearing_tests) json["auto_draft_from_hearing_tests"] = *u.auto_draft_from_hearing_tests;
  return json;
}

Result<PracticeSettingsUpdate> parse_settings_update(const nlohmann::json& body) {
  if (!body.is_object()) return Error{ErrorCode::bad_request, "The settings must be a JSON object."};
  if (auto known = only_known_members(body, {"hearlink_api_key", "hearlink_webhook_secrets", "default_clinic",
                                             "default_referral", "default_status", "auto_draft_from_hearing_tests"});
      !known) {
    return known.error();
  }
  PracticeSettingsUpdate u;
  if (body.contains("hearlink_api_key")) {
    if (!body["hearlink_api_key"].is_string()) return Error{ErrorCode::bad_request, "hearlink_api_key: must be text."};
    u.hearlink_api_key = body["hearlink_api_key"].get<std::string>();
    if (u.hearlink_api_key->size() > 512) return Error{ErrorCode::bad_request, "hearlink_api_key: too long."};
  }
  if (body.contains("hearlink_webhook_secrets")) {
    const auto& list = body["hearlink_webhook_secrets"];
    if (!list.is_array()) return Error{ErrorCode::bad_request, "hearlink_webhook_secrets: must be a list."};
    std::vector<std::string> secrets;
    for (const auto& s : list) {
      if (!s.is_string() || s.get<std::string>().empty() || s.get<std::string>().size() > 512) {
        return Error{ErrorCode::bad_request, "hearlink_webhook_secrets: each must be non-empty text."};
      }
      secrets.push_back(s.get<std::string>());
    }
    if (secrets.size() > 5) return Error{ErrorCode::bad_request, "hearlink_webhook_secrets: at most 5."};
    u.hearlink_webhook_secrets = std::move(secrets);
  }
  for (auto [field, target] :
       {std::pair{"default_clinic", &u.default_clinic}, std::pair{"default_referral", &u.default_referral},
        std::pair{"default_status", &u.default_status}}) {
    if (!body.contains(field)) continue;
    auto parsed = parse_id_or_name(body, field);
    if (!parsed) return parsed.error();
    *target = parsed.value();
  }
  if (body.contains("auto_draft_from_hearing_tests")) {
    if (!body["auto_draft_from_hearing_tests"].is_boolean()) {
      return Error{ErrorCode::bad_request, "auto_draft_from_hearing_tests: must be true or false."};
    }
    u.auto_draft_from_hearing_tests = body["auto_draft_from_hearing_tests"].get<bool>();
  }
  return u;
}

nlohmann::json to_json(const ConnectionTest& test) {
  if (test.ok) return {{"ok", true}};
  return {{"ok", false}, {"reason", test.reason}};
}

Result<ConnectionTest> parse_connection_test(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("connection test");
  FieldReader r(json);
  ConnectionTest test;
  test.ok = r.boolean("ok");
  test.reason = test.ok ? r.optional_text("reason") : r.text("reason");
  return r.finish(std::move(test));
}

}  // namespace hb

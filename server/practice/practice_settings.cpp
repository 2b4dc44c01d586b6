#include "server/practice/practice_settings.hpp"

#include "shared/json_input.hpp"

namespace hb {
namespace {

std::string key_aad(const std::string& practice_id) { return "hearlink_api_key:" + practice_id; }
std::string secrets_aad(const std::string& practice_id) { return "hearlink_webhook_secrets:" + practice_id; }

nlohmann::json id_or_name_json(const IdOrName& v) {
  return {{"id", v.id.empty() ? nlohmann::json() : nlohmann::json(v.id)},
          {"name", v.name.empty() ? nlohmann::json() : nlohmann::json(v.name)}};
}

Result<IdOrName> parse_id_or_name(const nlohmann::json& body, const std::string& field) {
  const auto* object = object_at(body, field);
  if (!object) return Error{ErrorCode::bad_request, field + ": must be an object {\"id\"} or {\"name\"}."};
  IdOrName v{string_at(*object, "id"), string_at(*object, "name")};
  if (!v.id.empty() && !v.name.empty()) return Error{ErrorCode::bad_request, field + ": give an id or a name, not both."};
  if (v.id.size() > 200 || v.name.size() > 200) return Error{ErrorCode::bad_request, field + ": too long."};
  return v;
}

}  // namespace

nlohmann::json to_json(const PracticeSettings& s) {
  return {{"hearlink_api_key", {{"set", s.hearlink_api_key_set},
                                {"last4", s.hearlink_api_key_set ? nlohmann::json(s.hearlink_api_key_last4) : nlohmann::json()}}},
          {"hearlink_webhook_secrets", {{"count", s.hearlink_webhook_secret_count}}},
          {"default_clinic", id_or_name_json(s.default_clinic)},
          {"default_referral", id_or_name_json(s.default_referral)},
          {"default_status", id_or_name_json(s.default_status)},
          {"auto_draft_from_hearing_tests", s.auto_draft_from_hearing_tests}};
}

Result<PracticeSettingsUpdate> parse_settings_update(const nlohmann::json& body) {
  if (!body.is_object()) return Error{ErrorCode::bad_request, "The settings must be a JSON object."};
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
  for (auto [field, target] : {std::pair{"default_clinic", &u.default_clinic}, std::pair{"default_referral", &u.default_referral},
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

PracticeSettings PracticeSettingsStore::get(const std::string& practice_id) {
  auto lock = db_.lock();
  auto query = db_.prepare(
      "SELECT hearlink_api_key_enc IS NOT NULL, hearlink_api_key_last4, hearlink_webhook_secrets_enc, default_clinic_id, "
      "default_clinic_name, default_referral_id, default_referral_name, default_status_id, default_status_name, "
      "auto_draft_from_hearing_tests FROM practice_settings WHERE practice_id = ?");
  query.bind(1, practice_id);
  PracticeSettings s;
  if (!query.step()) return s;
  s.hearlink_api_key_set = query.integer(0) != 0;
  s.hearlink_api_key_last4 = query.text(1);
  if (!query.is_null(2)) {
    auto secrets = cipher_.decrypt(query.text(2), secrets_aad(practice_id));
    auto list = secrets ? nlohmann::json::parse(*secrets, nullptr, false) : nlohmann::json();
    s.hearlink_webhook_secret_count = list.is_array() ? static_cast<int>(list.size()) : 0;
  }
  s.default_clinic = {query.text(3), query.text(4)};
  s.default_referral = {query.text(5), query.text(6)};
  s.default_status = {query.text(7), query.text(8)};
  s.auto_draft_from_hearing_tests = query.integer(9) != 0;
  return s;
}

Status PracticeSettingsStore::write(const std::string& practice_id, const std::string& user_id,
                                    const PracticeSettingsUpdate& u) {
  // Stops at the first failed write: SQLite may have rolled the whole transaction back already
  // (SQLITE_FULL, I/O errors), and a later statement would then commit on its own.
  auto ensure = db_.prepare(
      "INSERT INTO practice_settings (practice_id, updated_by, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (practice_id) DO NOTHING");
  if (auto done = ensure.bind(1, practice_id).bind(2, user_id).bind(3, clock_()).run(); !done) return done;
  auto set_text = [&](const char* column, const std::string& value) {
    auto update = db_.prepare(std::string("UPDATE practice_settings SET ") + column + " = ? WHERE practice_id = ?");
    return update.bind_optional(1, value).bind(2, practice_id).run();
  };
  auto set_pair = [&](const char* id_column, const char* name_column, const std::optional<IdOrName>& value) {
    if (!value) return ok_status();
    auto done = set_text(id_column, value->id);
    return done ? set_text(name_column, value->name) : done;
  };
  if (u.hearlink_api_key) {
    auto update = db_.prepare(
        "UPDATE practice_settings SET hearlink_api_key_enc = ?, hearlink_api_key_last4 = ? WHERE practice_id = ?");
    if (u.hearlink_api_key->empty()) {
      update.bind_null(1).bind_null(2);
    } else {
      const auto& key = *u.hearlink_api_key;
      update.bind_blob(1, cipher_.encrypt(key, key_aad(practice_id))).bind(2, key.size() > 4 ? key.substr(key.size() - 4) : "");
    }
    if (auto done = update.bind(3, practice_id).run(); !done) return done;
  }
  if (u.hearlink_webhook_secrets) {
    auto update = db_.prepare("UPDATE practice_settings SET hearlink_webhook_secrets_enc = ? WHERE practice_id = ?");
    if (u.hearlink_webhook_secrets->empty()) update.bind_null(1);
    else update.bind_blob(1, cipher_.encrypt(nlohmann::json(*u.hearlink_webhook_secrets).dump(), secrets_aad(practice_id)));
    if (auto done = update.bind(2, practice_id).run(); !done) return done;
  }
  if (auto done = set_pair("default_clinic_id", "default_clinic_name", u.default_clinic); !done) return done;
  if (auto done = set_pair("default_referral_id", "default_referral_name", u.default_referral); !done) return done;
  if (auto done = set_pair("default_status_id", "default_status_name", u.default_status); !done) return done;
  if (u.auto_draft_from_hearing_tests) {
    auto update = db_.prepare("UPDATE practice_settings SET auto_draft_from_hearing_tests = ? WHERE practice_id = ?");
    if (auto done = update.bind(1, int64_t{*u.auto_draft_from_hearing_tests}).bind(2, practice_id).run(); !done) return done;
  }
  auto stamp = db_.prepare("UPDATE practice_settings SET updated_by = ?, updated_at = ? WHERE practice_id = ?");
  return stamp.bind(1, user_id).bind(2, clock_()).bind(3, practice_id).run();
}

Result<PracticeSettings> PracticeSettingsStore::save(const std::string& practice_id, const std::string& user_id,
                                                     const PracticeSettingsUpdate& u,
                                                     const std::function<Status(Database&, int64_t)>& in_transaction) {
  {
    auto lock = db_.lock();
    auto tx = Transaction::begin(db_);
    if (!tx) return tx.error();
    if (auto written = write(practice_id, user_id, u); !written) return written.error();
    if (in_transaction) {
      if (auto extra = in_transaction(db_, clock_()); !extra) return extra.error();
    }
    if (auto committed = tx.value().commit(); !committed) return committed.error();
  }
  return get(practice_id);
}

std::string PracticeSettingsStore::hearlink_api_key(const std::string& practice_id) {
  auto lock = db_.lock();
  auto query = db_.prepare("SELECT hearlink_api_key_enc FROM practice_settings WHERE practice_id = ? AND hearlink_api_key_enc IS NOT NULL");
  query.bind(1, practice_id);
  if (!query.step()) return {};
  auto key = cipher_.decrypt(query.text(0), key_aad(practice_id));
  return key ? *key : std::string();
}

std::vector<std::string> PracticeSettingsStore::hearlink_webhook_secrets(const std::string& practice_id) {
  std::vector<std::string> out;
  for (auto& [practice, secret] : all_hearlink_webhook_secrets()) {
    if (practice == practice_id) out.push_back(std::move(secret));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> PracticeSettingsStore::all_hearlink_webhook_secrets() {
  auto lock = db_.lock();
  auto query = db_.prepare(
      "SELECT practice_id, hearlink_webhook_secrets_enc FROM practice_settings WHERE hearlink_webhook_secrets_enc IS NOT NULL");
  std::vector<std::pair<std::string, std::string>> out;
  while (query.step()) {
    const auto practice = query.text(0);
    auto text = cipher_.decrypt(query.text(1), secrets_aad(practice));
    auto list = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    if (!list.is_array()) continue;
    for (const auto& s : list) {
      if (s.is_string()) out.emplace_back(practice, s.get<std::string>());
    }
  }
  return out;
}

}  // namespace hb

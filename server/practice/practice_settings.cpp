#include "server/practice/practice_settings.hpp"

#include "shared/json_input.hpp"

namespace hb {
namespace {

std::string key_aad(const std::string& practice_id) { return "hearlink_api_key:" + practice_id; }
std::string secrets_aad(const std::string& practice_id) { return "hearlink_webhook_secrets:" + practice_id; }

}  // namespace

Result<PracticeSettings> PracticeSettingsStore::get(const std::string& practice_id) {
  auto reader = db_.read();
  auto query = reader->prepare(
      "SELECT hearlink_api_key_enc IS NOT NULL, hearlink_api_key_last4, hearlink_webhook_secrets_enc, "
      "default_clinic_id, "
      "default_clinic_name, default_referral_id, default_referral_name, default_status_id, default_status_name, "
      "auto_draft_from_hearing_tests FROM practice_settings WHERE practice_id = ?");
  query.bind(1, practice_id);
  PracticeSettings s;
  if (!query.step()) {
    if (query.failed()) return Error{ErrorCode::internal, {}};
    return s;
  }
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
      update.bind_blob(1, cipher_.encrypt(key, key_aad(practice_id)))
          .bind(2, key.size() > 4 ? key.substr(key.size() - 4) : "");
    }
    if (auto done = update.bind(3, practice_id).run(); !done) return done;
  }
  if (u.hearlink_webhook_secrets) {
    auto update = db_.prepare("UPDATE practice_settings SET hearlink_webhook_secrets_enc = ? WHERE practice_id = ?");
    if (u.hearlink_webhook_secrets->empty())
      update.bind_null(1);
    else
      update.bind_blob(1,
                       cipher_.encrypt(nlohmann::json(*u.hearlink_webhook_secrets).dump(), secrets_aad(practice_id)));
    if (auto done = update.bind(2, practice_id).run(); !done) return done;
  }
  if (auto done = set_pair("default_clinic_id", "default_clinic_name", u.default_clinic); !done) return done;
  if (auto done = set_pair("default_referral_id", "default_referral_name", u.default_referral); !done) return done;
  if (auto done = set_pair("default_status_id", "default_status_name", u.default_status); !done) return done;
  if (u.auto_draft_from_hearing_tests) {
    auto update = db_.prepare("UPDATE practice_settings SET auto_draft_from_hearing_tests = ? WHERE practice_id = ?");
    if (auto done = update.bind(1, int64_t{*u.auto_draft_from_hearing_tests}).bind(2, practice_id).run(); !done)
      return done;
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

Result<std::string> PracticeSettingsStore::hearlink_api_key(const std::string& practice_id) {
  auto lock = db_.lock();
  auto query = db_.prepare(
      "SELECT hearlink_api_key_enc FROM practice_settings WHERE practice_id = ? AND hearlink_api_key_enc IS NOT NULL");
  query.bind(1, practice_id);
  if (!query.step()) {
    if (query.failed()) return Error{ErrorCode::internal, {}};
    return std::string();
  }
  auto key = cipher_.decrypt(query.text(0), key_aad(practice_id));
  if (!key) return Error{ErrorCode::internal, {}};
  return std::move(*key);
}

Result<std::vector<std::pair<std::string, std::string>>> PracticeSettingsStore::all_hearlink_webhook_secrets() {
  auto lock = db_.lock();
  auto query = db_.prepare(
      "SELECT practice_id, hearlink_webhook_secrets_enc FROM practice_settings WHERE hearlink_webhook_secrets_enc IS "
      "NOT NULL");
  std::vector<std::pair<std::string, std::string>> out;
  while (query.step()) {
    const auto practice = query.text(0);
    auto text = cipher_.decrypt(query.text(1), secrets_aad(practice));
    if (!text) return Error{ErrorCode::internal, {}};
    auto list = nlohmann::json::parse(*text, nullptr, false);
    if (!list.is_array()) return Error{ErrorCode::internal, {}};
    for (const auto& s : list) {
      if (!s.is_string()) return Error{ErrorCode::internal, {}};
      out.emplace_back(practice, s.get<std::string>());
    }
  }
  if (query.failed()) return Error{ErrorCode::internal, {}};
  return out;
}

}  // namespace hb

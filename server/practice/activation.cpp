#include "server/practice/activation.hpp"

#include "server/clinical/audit.hpp"
#include "server/clinical/hint_sync.hpp"
#include "server/directory/directory_sync.hpp"
#include "server/http/http_app.hpp"
#include "server/log.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

constexpr size_t kMaxCodeLength = 512;

Error unusable_reply() { return Error{ErrorCode::upstream_rejected, "Hint's activation answer could not be used."}; }

}  // namespace

ActivationEndpoint activation_endpoint_from(std::string_view name) {
  return name == "installations" ? ActivationEndpoint::installations : ActivationEndpoint::oauth;
}

const char* activation_endpoint_name(ActivationEndpoint endpoint) {
  return endpoint == ActivationEndpoint::installations ? "installations" : "oauth";
}

Result<ActivationGrant> parse_activation_reply(ActivationEndpoint endpoint, const nlohmann::json& reply) {
  if (!reply.is_object()) return unusable_reply();
  ActivationGrant grant;
  grant.integration_id = string_at(reply, "id");
  if (const auto* practice = object_at(reply, "practice")) {
    grant.practice_id = string_at(*practice, "id");
    grant.practice_name = string_at(*practice, "name");
  }
  if (endpoint == ActivationEndpoint::oauth) {
    grant.token = string_at(reply, "access_token");
  } else if (auto keys = reply.find("api_keys");
             keys != reply.end() && keys->is_array() && !keys->empty() && keys->front().is_object()) {
    grant.token = string_at(keys->front(), "token");
  }
  if (grant.practice_id.empty() || grant.token.empty()) return unusable_reply();
  if (grant.practice_name.empty()) grant.practice_name = grant.practice_id;
  return grant;
}

PracticeActivation::PracticeActivation(Database& db, const TokenCipher& cipher, HintClient& hint,
                                       std::string partner_key, ActivationEndpoint endpoint, Clock clock)
    : db_(db),
      cipher_(cipher),
      hint_(hint),
      partner_key_(std::move(partner_key)),
      endpoint_(endpoint),
      clock_(std::move(clock)) {}

Result<ActivatedPractice> PracticeActivation::activate(std::string_view code) {
  if (partner_key_.empty()) {
    return Error{ErrorCode::not_configured, "No Hint partner API key is configured."};
  }
  if (code.empty() || code.size() > kMaxCodeLength) {
    return Error{ErrorCode::bad_request, "The installation code is missing or too long."};
  }
  const bool oauth = endpoint_ == ActivationEndpoint::oauth;
  const nlohmann::json body =
      oauth ? nlohmann::json{{"grant_type", "authorization_code"}, {"code", code}, {"activate", true}}
            : nlohmann::json{{"code", code}};
  auto reply =
      hint_.post_with_partner_key(partner_key_, oauth ? "/oauth/tokens" : "/partner/installations/connect", body);
  if (!reply) {
    const auto code_of_failure = reply.error().code;
    log::warn("practice_activation_failed",
              {{"endpoint", activation_endpoint_name(endpoint_)}, {"outcome", error_info(code_of_failure).code}});
    // Hint's 4xx (used, expired or unknown code) → a fixed text; never the code or Hint's message.
    if (code_of_failure == ErrorCode::upstream_rejected || code_of_failure == ErrorCode::not_found) {
      return Error{ErrorCode::activation_code_rejected, {}};
    }
    return reply.error();
  }
  auto grant = parse_activation_reply(endpoint_, reply.value());
  if (!grant) {
    log::warn("practice_activation_failed",
              {{"endpoint", activation_endpoint_name(endpoint_)}, {"outcome", "unusable_reply"}});
    return grant.error();
  }
  if (auto stored = record(grant.value()); !stored) return stored.error();
  log::info("practice_activated", {{"practice_id", grant.value().practice_id}, {"outcome", "active"}});
  return ActivatedPractice{grant.value().practice_id, grant.value().practice_name};
}

Status PracticeActivation::record(const ActivationGrant& grant) {
  const int64_t now = clock_();
  auto lock = db_.lock();
  auto tx = Transaction::begin(db_);
  if (!tx) return tx.error();
  auto token = db_.prepare(
      "INSERT INTO practice_tokens (practice_id, token_enc, source, integration_id, created_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (practice_id) DO UPDATE SET token_enc = excluded.token_enc, source = excluded.source, "
      "integration_id = excluded.integration_id, created_at = excluded.created_at");
  token.bind(1, grant.practice_id)
      .bind_blob(2, cipher_.encrypt(grant.token, practice_token_aad(grant.practice_id)))
      .bind(3, activation_endpoint_name(endpoint_))
      .bind_optional(4, grant.integration_id)
      .bind(5, now);
  auto practice = db_.prepare(
      "INSERT INTO practices (practice_id, name, status, integration_id, activated_at, deactivated_at) "
      "VALUES (?, ?, 'active', ?, ?, NULL) ON CONFLICT (practice_id) DO UPDATE SET name = excluded.name, "
      "status = 'active', integration_id = excluded.integration_id, activated_at = excluded.activated_at, "
      "deactivated_at = NULL");
  practice.bind(1, grant.practice_id).bind(2, grant.practice_name).bind_optional(3, grant.integration_id).bind(4, now);
  // No user activates: Hint does, on the practice admin's behalf.
  AuditEntry audit{grant.practice_id,   "hint", {}, false, "practice.activate", "practice", grant.practice_id,
                   current_request_id()};
  // The practice's patient directory fills from Hint's list from now on (directory_sync.hpp).
  if (!token.run() || !practice.run() || !request_directory_pass(db_, grant.practice_id, now) ||
      !append_audit(db_, audit, now) || !tx.value().commit()) {
    log::error("practice_activation_store_failed", {{"practice_id", grant.practice_id}});
    return Error{ErrorCode::internal, {}};
  }
  return ok_status();
}

Status mark_practice_inactive(Database& db, std::string_view practice_id, int64_t at) {
  auto update = db.prepare(
      "UPDATE practices SET status = 'inactive', deactivated_at = ? WHERE practice_id = ? AND status <> 'inactive'");
  return update.bind(1, at).bind(2, practice_id).run();
}

}  // namespace hb

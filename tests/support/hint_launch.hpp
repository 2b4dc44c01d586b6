// Playing Hint in route tests: signed handshakes and the launch-key exchange.
#pragma once
#include <httplib.h>

#include <string>

#include <nlohmann/json.hpp>

#include "server/security/hint_signature.hpp"
#include "shared/session_context.hpp"
#include "tests/support/test_data.hpp"

namespace hb::test {

constexpr const char* kHintKey = "test-hint-signature-key";

inline nlohmann::json handshake_body(const std::string& practice_id, const std::vector<std::string>& roles,
                                     const std::string& timestamp = "") {
  nlohmann::json body{
      {"user",
       {{"id", "user-" + practice_id},
        {"email", "dev@example.com"},
        {"name", "Agustin Gomez"},
        {"partner_roles", roles}}},
      {"practice", {{"id", practice_id}, {"name", "Practice " + practice_id}}},
      {"integration", {{"id", "int-1"}}},
      {"access_token", "hint-access-token-" + practice_id},
      {"access_context", "standard"},
  };
  if (!timestamp.empty()) body["timestamp"] = timestamp;
  return body;
}

inline httplib::Result post_signed(httplib::Client& client, const std::string& path, const std::string& body,
                                   const std::string& key = kHintKey) {
  httplib::Headers headers{{"X-Hint-Signature", sign_hint(key, body)}};
  return client.Post(path, headers, body, "application/json");
}

// Handshake → session_key (empty on failure).
inline std::string launch(httplib::Client& client, const nlohmann::json& handshake) {
  auto res = post_signed(client, "/hint/handshake", handshake.dump());
  if (!res || res->status != 200) return {};
  return nlohmann::json::parse(res->body).value("session_key", "");
}

// Handshake + exchange → working token (empty on failure).
inline std::string launch_and_exchange(httplib::Client& client, const nlohmann::json& handshake) {
  auto key = launch(client, handshake);
  auto res = client.Post("/api/session/exchange", to_json(ExchangeRequest{key, ""}).dump(), "application/json");
  if (!res || res->status != 200) return {};
  auto reply = parse_exchange_reply(nlohmann::json::parse(res->body));  // the UI's reading of it
  return reply ? reply.value().token : std::string();
}

inline httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace hb::test

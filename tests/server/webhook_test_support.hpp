// Helpers shared by the webhook tests: signed events as Hint and HearLink send them, a bounded wait
// on a condition, and reading the inbox through a connection of the test's own.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/store/database.hpp"

namespace hb::test {

constexpr const char* kWebhookHintKey = "test-hint-webhook-key";
constexpr const char* kHearLinkSecret = "whsec_test_practice_hl";
constexpr const char* kHearLinkPractice = "pra-hl";

// {id, created_at, type, practice_id, object: {id, updated_at}}; updated_at "" → null.
inline std::string hint_event(const std::string& id, const std::string& type, const std::string& practice_id,
                              const std::string& patient_id, const std::string& updated_at,
                              const std::string& created_at = "2026-02-19T10:00:00.000-08:00",
                              const std::string& note = "") {
  nlohmann::json object{{"id", patient_id}, {"first_name", "Gordon"}};
  object["updated_at"] = updated_at.empty() ? nlohmann::json() : nlohmann::json(updated_at);
  if (!note.empty()) object["note"] = note;
  return nlohmann::json{
      {"id", id}, {"created_at", created_at}, {"type", type}, {"practice_id", practice_id}, {"object", object}}
      .dump();
}

inline std::string hearlink_event(const std::string& id, const std::string& type, const nlohmann::json& data,
                                  const std::string& created_at = "2026-04-10T14:30:00.000Z") {
  return nlohmann::json{{"id", id}, {"type", type}, {"createdAt", created_at}, {"data", data}}.dump();
}

inline int64_t count_rows(Database& db, const std::string& sql) {
  auto statement = db.prepare(sql);
  return statement.step() ? statement.integer(0) : -1;
}

inline std::string text_of(Database& db, const std::string& sql) {
  auto statement = db.prepare(sql);
  return statement.step() ? statement.text(0) : std::string("<no row>");
}

}  // namespace hb::test

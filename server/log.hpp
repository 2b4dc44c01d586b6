// Structured logging: one JSON object per line on stderr.
// Callers pass only fields they chose on purpose: ids, counts, codes, durations. Never a secret,
// token, session key, payload, or PHI (names, DOB, phones, e-mails, note text).
#pragma once
#include <functional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/config.hpp"

namespace hb::log {

void set_level(LogLevel level);
// Where lines go (default: stderr). Tests install a sink to read every line the server writes.
void set_sink(std::function<void(std::string_view line)> sink);
void write(LogLevel level, std::string_view event, nlohmann::json fields = nlohmann::json::object());

inline void debug(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(LogLevel::debug, event, std::move(fields));
}
inline void info(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(LogLevel::info, event, std::move(fields));
}
inline void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(LogLevel::warn, event, std::move(fields));
}
inline void error(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
  write(LogLevel::error, event, std::move(fields));
}

}  // namespace hb::log

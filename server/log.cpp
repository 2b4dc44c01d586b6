#include "server/log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace hb::log {
namespace {

std::atomic<LogLevel> g_level{LogLevel::info};
std::mutex g_write;
std::function<void(std::string_view)> g_sink;  // guarded by g_write

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

// "2026-11-22T10:30:00.123Z"
std::string utc_now() {
  auto now = std::chrono::system_clock::now();
  auto seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buffer;
}

}  // namespace

void set_level(LogLevel level) { g_level = level; }

void set_sink(std::function<void(std::string_view)> sink) {
  std::lock_guard lock(g_write);
  g_sink = std::move(sink);
}

void write(LogLevel level, std::string_view event, nlohmann::json fields) {
  if (level < g_level.load()) return;
  nlohmann::json line{{"ts", utc_now()}, {"level", level_name(level)}, {"event", event}};
  if (fields.is_object()) line.update(fields);
  // replace: invalid UTF-8 never makes logging throw.
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(g_write);
  if (g_sink) {
    g_sink(text);
    return;
  }
  std::fprintf(stderr, "%s\n", text.c_str());
  std::fflush(stderr);
}

}  // namespace hb::log

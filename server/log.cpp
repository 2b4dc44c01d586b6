#include "server/log.hpp"

#include <atomic>
#include <chrono>
#include <mutex>

#include <unistd.h>
#include <cerrno>

#include "shared/iso8601.hpp"

namespace hb::log {
namespace {

std::atomic<LogLevel> g_level{LogLevel::info};
std::mutex g_sink_mutex;
std::function<void(std::string_view)> g_sink;  // guarded by g_sink_mutex
std::atomic<bool> g_has_sink{false};

// One write(2) per line, without a lock: Linux keeps concurrent writes to one open file whole, so
// lines never interleave, and request threads never queue behind each other's logging.
void write_line(std::string& text) {
  text += '\n';
  std::string_view rest = text;
  while (!rest.empty()) {
    auto written = ::write(STDERR_FILENO, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // nowhere to log to: never fail the caller
    rest.remove_prefix(static_cast<size_t>(written));
  }
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warn:
      return "warn";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

// "2026-11-22T10:30:00.123Z"
std::string utc_now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return format_timestamp_ms(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

}  // namespace

void set_level(LogLevel level) { g_level = level; }

void set_sink(std::function<void(std::string_view)> sink) {
  std::lock_guard lock(g_sink_mutex);
  g_has_sink = static_cast<bool>(sink);
  g_sink = std::move(sink);
}

void write(LogLevel level, std::string_view event, nlohmann::json fields) {
  if (level < g_level.load()) return;
  nlohmann::json line{{"ts", utc_now()}, {"level", level_name(level)}, {"event", event}};
  if (fields.is_object()) line.update(fields);
  // replace: invalid UTF-8 never makes logging throw.
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (g_has_sink.load()) {
    std::lock_guard lock(g_sink_mutex);
    if (g_sink) {
      g_sink(text);
      return;
    }
  }
  write_line(text);
}

}  // namespace hb::log

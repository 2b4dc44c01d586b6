#include "web/published_state.hpp"

#include <nlohmann/json.hpp>

namespace hb::web {

std::string published_state_json(const AppState& state) {
  const auto& launch = state.launch;
  const auto screen = current_screen(state);
  nlohmann::json json{
      {"title", "HearBridge"},
      {"screen", screen_name(screen)},
      {"surface", launch.surface},
      {"frame", state.frame},
      {"session_key_present", launch.key_in_url},
      {"attempts", launch.failed_attempts},
      {"device_pixel_ratio", state.device_pixel_ratio},
      {"hint_sdk_initialised", state.hint_sdk_initialised},
  };
  if (launch.session.ready()) {
    const auto& context = launch.session.value();
    json["practice"] = context.practice_name;
    json["roles"] = context.roles;
    json["platform_support"] = context.platform_support;
  }
  const Error* error = state.ended ? &*state.ended : launch.session.failed() ? &launch.session.error() : nullptr;
  json["error"] = error ? nlohmann::json(error_info(error->code).code) : nlohmann::json();
  json["retry_in_ms"] = launch.retry_at ? nlohmann::json(*launch.retry_at - state.now_ms) : nlohmann::json();
  auto targets = nlohmann::json::object();
  for (const auto& t : state.targets) targets[t.name] = {t.x, t.y, t.w, t.h};
  json["targets"] = targets;
  // Names and texts came from the server and may hold any byte: never abort on invalid UTF-8.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hb::web

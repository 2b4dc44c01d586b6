#include "web/commands.hpp"

#include <type_traits>
#include <utility>

#include "web/app_state.hpp"
#include "web/launch/launch_flow.hpp"
#include "web/services.hpp"

namespace hb::web {

void run_commands(AppState& state, Services& services) {
  // Swap first: a command may queue another, which then runs after the next frame.
  std::vector<Command> queued;
  queued.swap(state.commands);
  for (auto& command : queued) {
    std::visit(
        [&](auto& c) {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, ExchangeLaunchKey>) exchange_launch_key(state, services);
        },
        command);
  }
}

}  // namespace hb::web

// Commands: what a widget asks for when the answer needs I/O. Widgets push them onto
// AppState::commands while drawing; run_commands() performs them after the frame is drawn, so
// drawing never blocks and never sends a request half-way through a frame.
#pragma once
#include <variant>

namespace hb::web {

struct AppState;
struct Services;

// POST /api/session/exchange with the launch key (first attempt, automatic retry, Retry button).
struct ExchangeLaunchKey {};

using Command = std::variant<ExchangeLaunchKey>;

// Runs and clears every queued command (in order).
void run_commands(AppState& state, Services& services);

}  // namespace hb::web

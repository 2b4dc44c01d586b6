// The UI's logic wired to a recording HTTP fake and a settable clock, as main wires the browser's.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/session_context.hpp"
#include "tests/web/fake_http_client.hpp"
#include "web/api_client.hpp"
#include "web/app_state.hpp"
#include "web/clinical/clinical_flow.hpp"
#include "web/commands.hpp"
#include "web/launch/launch_flow.hpp"
#include "web/services.hpp"

namespace hb::web::testing {

inline SessionContext clinician_context() {
  SessionContext context;
  context.surface = "core_page";
  context.practice_id = "pra-1";
  context.practice_name = "Zoë's Practice";
  context.user_id = "user-1";
  context.user_name = "Zoë Ñúñez-Łukasz";
  context.roles = {"clinician"};
  context.permissions = {Permission::view, Permission::draft, Permission::sign};
  return context;
}

inline std::string exchange_body(const SessionContext& context, const std::string& token = "tok-secret-123") {
  return to_json(ExchangeReply{token, context}).dump();
}

inline std::string error_json(ErrorCode code) { return error_body(Error{code, {}}).dump(); }

struct LaunchHarness {
  FakeHttpClient http;
  ApiClient api{http};
  std::int64_t now = 1'000'000;
  std::vector<std::string> fragments;  // what HintSDK.updateFragment was called with
  int closes = 0;                      // HintSDK.close() calls
  Services services{api, [this] { return now; },
                    HostBridge{[this](const std::string& f) { fragments.push_back(f); }, [this] { ++closes; }}};
  AppState state;

  explicit LaunchHarness(std::string key = "key-abc", std::string surface = "core_page") {
    begin_launch(state, LaunchParams{std::move(surface), std::move(key)});
  }
  // What main does after each frame: run queued commands; before the next: advance timers.
  void after_frame() { run_commands(state, services); }
  void advance(std::int64_t ms) {
    now += ms;
    state.now_ms = now;
    tick_launch(state, now);
    tick_clinical(state, now);
  }
  Screen screen() const { return current_screen(state); }
};

}  // namespace hb::web::testing

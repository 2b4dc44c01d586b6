#include <catch2/catch_test_macros.hpp>

#include "shared/json_input.hpp"
#include "tests/web/launch_harness.hpp"
#include "web/published_state.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;

TEST_CASE("with a launch key the app shows loading and sends nothing until the frame's commands run") {
  LaunchHarness app;
  CHECK(app.screen() == Screen::loading);
  CHECK(app.http.sent.empty());
  app.after_frame();
  REQUIRE(app.http.sent.size() == 1);
  const auto& request = app.http.last();
  CHECK(request.method == "POST");
  CHECK(request.path == "/api/session/exchange");
  CHECK(request.header("Content-Type") == "application/json");
  CHECK(request.header("Authorization").empty());
  CHECK(parse_json(request.body).value() == nlohmann::json{{"session_key", "key-abc"}, {"surface", "core_page"}});
  CHECK(app.screen() == Screen::loading);
}

TEST_CASE("without a launch key the app asks to be opened from Hint and sends nothing") {
  LaunchHarness app("");
  app.after_frame();
  CHECK(app.screen() == Screen::missing_launch);
  CHECK(app.http.sent.empty());
}

TEST_CASE("a successful exchange shows the home screen with the session context") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(200, exchange_body(clinician_context()));
  CHECK(app.screen() == Screen::home);
  CHECK(app.state.launch.session.value().practice_name == "Zoë's Practice");
  CHECK(app.state.launch.session_key.empty());
  CHECK(app.api.signed_in());
}

TEST_CASE("a context without access shows the access-denied screen") {
  auto context = clinician_context();
  context.roles.clear();
  context.permissions.clear();
  context.access_denied = true;
  LaunchHarness app;
  app.after_frame();
  app.http.reply(200, exchange_body(context));
  CHECK(app.screen() == Screen::access_denied);
}

TEST_CASE("a 403 access_denied on the exchange also shows the access-denied screen") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(403, error_json(ErrorCode::access_denied));
  CHECK(app.screen() == Screen::access_denied);
}

TEST_CASE("a refused launch key shows the session-ended screen and is never sent again") {
  for (auto code : {ErrorCode::launch_key_used, ErrorCode::launch_key_expired, ErrorCode::launch_key_invalid}) {
    LaunchHarness app;
    app.after_frame();
    app.http.reply(401, error_json(code));
    CHECK(app.screen() == Screen::session_ended);
    CHECK(app.state.launch.session.error().code == code);
    CHECK(app.state.launch.session_key.empty());
    app.advance(60'000);
    app.state.commands.emplace_back(ExchangeLaunchKey{});  // even the Retry command does nothing now
    app.after_frame();
    CHECK(app.http.sent.size() == 1);
    CHECK_FALSE(app.api.signed_in());
  }
}

TEST_CASE("a 401 without our error body still ends the session") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(401, "<html>proxy says no</html>");
  CHECK(app.screen() == Screen::session_ended);
  CHECK(app.state.launch.session.error().code == ErrorCode::unauthorized);
}

TEST_CASE("no answer shows the connection problem and retries with growing back-off") {
  LaunchHarness app;
  app.after_frame();
  app.http.fail_network();
  CHECK(app.screen() == Screen::connection_problem);
  CHECK(app.state.launch.session.error().code == ErrorCode::server_unreachable);
  CHECK(app.state.launch.retry_at == app.now + 1000);

  app.advance(999);
  app.after_frame();
  CHECK(app.http.sent.size() == 1);  // not yet
  app.advance(1);
  app.after_frame();
  REQUIRE(app.http.sent.size() == 2);
  CHECK(app.screen() == Screen::connection_problem);  // retrying, not flashing "loading"
  CHECK(app.http.last().body == app.http.sent[0].request.body);

  app.http.fail_network();
  CHECK(app.state.launch.retry_at == app.now + 2000);
  app.advance(2000);
  app.after_frame();
  app.http.reply(503, "");
  CHECK(app.state.launch.retry_at == app.now + 4000);
  CHECK(app.state.launch.failed_attempts == 3);

  app.advance(4000);
  app.after_frame();
  app.http.reply(200, exchange_body(clinician_context()));
  CHECK(app.screen() == Screen::home);
  CHECK(app.state.launch.failed_attempts == 0);
  CHECK_FALSE(app.state.launch.retry_at);
}

TEST_CASE("while a retry is in flight the published state keeps the last error and the screen names it") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(503, error_json(ErrorCode::upstream_unavailable));
  app.advance(1000);
  app.after_frame();  // the retry is on its way
  REQUIRE(app.state.launch.session.pending());
  CHECK(app.screen() == Screen::connection_problem);
  app.state.now_ms = app.now;
  auto state = parse_json(published_state_json(app.state)).value();
  CHECK(state["screen"] == "connection_problem");
  CHECK(state["error"] == "upstream_unavailable");  // not null, and not "server_unreachable"
  CHECK(state["retry_in_ms"].is_null());            // none scheduled: one is in flight

  app.http.reply(429, error_json(ErrorCode::rate_limited));
  state = parse_json(published_state_json(app.state)).value();
  CHECK(state["error"] == "rate_limited");
  CHECK(state["retry_in_ms"] == 2000);

  app.advance(2000);
  app.after_frame();
  app.http.reply(200, exchange_body(clinician_context()));
  state = parse_json(published_state_json(app.state)).value();
  CHECK(state["screen"] == "home");
  CHECK(state["error"].is_null());  // a success clears it
}

TEST_CASE("the back-off doubles from one second and stops growing at thirty") {
  CHECK(retry_delay_ms(1) == 1000);
  CHECK(retry_delay_ms(2) == 2000);
  CHECK(retry_delay_ms(5) == 16000);
  CHECK(retry_delay_ms(6) == 30000);
  CHECK(retry_delay_ms(400) == 30000);
}

TEST_CASE("the Retry button's command sends at once and cancels the scheduled retry") {
  LaunchHarness app;
  app.after_frame();
  app.http.fail_network();
  app.state.commands.emplace_back(ExchangeLaunchKey{});
  app.after_frame();
  CHECK(app.http.sent.size() == 2);
  CHECK_FALSE(app.state.launch.retry_at);
  app.state.commands.emplace_back(ExchangeLaunchKey{});  // a double click while pending
  app.after_frame();
  CHECK(app.http.sent.size() == 2);
}

TEST_CASE("the app wakes for the retry and for each second of its countdown") {
  LaunchHarness app;
  app.state.now_ms = app.now;
  CHECK_FALSE(next_launch_timer(app.state));
  app.state.launch.retry_at = app.now + 4000;
  CHECK(next_launch_timer(app.state) == app.now + 1000);
  app.advance(2500);  // 1.5 s left: "2 s" shows until 1 s is left
  CHECK(next_launch_timer(app.state) == app.now + 500);
  app.advance(1000);  // 0.5 s left
  CHECK(next_launch_timer(app.state) == app.now + 500);
}

TEST_CASE("the token goes out as a Bearer header on later calls and a 401 there ends the session") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(200, exchange_body(clinician_context(), "tok-secret-123"));
  bool answered = false;
  call_api(app.state, app.api, "GET", "/api/session", nullptr,
           [&](AppState&, const Result<nlohmann::json>& reply) { answered = !reply; });
  CHECK(app.http.last().header("Authorization") == "Bearer tok-secret-123");
  CHECK(app.http.last().method == "GET");
  CHECK(app.http.last().body.empty());
  app.http.reply(401, error_json(ErrorCode::session_expired));
  CHECK(answered);
  CHECK(app.screen() == Screen::session_ended);
  CHECK(app.state.ended->code == ErrorCode::session_expired);
  CHECK_FALSE(app.api.signed_in());
}

TEST_CASE("a 403 on a later call is the caller's to show and does not end the session") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(200, exchange_body(clinician_context()));
  call_api(app.state, app.api, "POST", "/api/drafts", nlohmann::json{{"text", "x"}}, nullptr);
  CHECK(app.http.last().header("Content-Type") == "application/json");
  app.http.reply(403, error_json(ErrorCode::forbidden));
  CHECK(app.screen() == Screen::home);
  CHECK(app.api.signed_in());
}

TEST_CASE("neither the token nor the launch key ever reaches the published state") {
  LaunchHarness app("key-abc");
  app.after_frame();
  CHECK(published_state_json(app.state).find("key-abc") == std::string::npos);
  app.http.reply(200, exchange_body(clinician_context(), "tok-secret-123"));
  const auto json = published_state_json(app.state);
  CHECK(json.find("tok-secret-123") == std::string::npos);
  CHECK(json.find("key-abc") == std::string::npos);
  CHECK(json.find("token") == std::string::npos);
  const auto state = parse_json(json).value();
  CHECK(state["screen"] == "home");
  CHECK(state["practice"] == "Zoë's Practice");
  CHECK(state["roles"] == nlohmann::json::array({"clinician"}));
  CHECK(state["session_key_present"] == true);
}

TEST_CASE("a malformed exchange reply shows the problem screen without retrying") {
  LaunchHarness app;
  app.after_frame();
  app.http.reply(200, R"({"token": "t"})");
  CHECK(app.screen() == Screen::problem);
  app.advance(60'000);
  app.after_frame();
  CHECK(app.http.sent.size() == 1);
}

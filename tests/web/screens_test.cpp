// Screens drawn headless: Dear ImGui's core with the real font atlas and theme, no window, no GL.
// ImGui's own asserts are on in native builds (web/CMakeLists.txt), so a misuse aborts the test.
#include <catch2/catch_test_macros.hpp>

#include <imgui.h>

#include <functional>
#include <string>

#include "tests/web/headless_ui.hpp"
#include "tests/web/launch_harness.hpp"
#include "web/fonts.hpp"
#include "web/screens/screens.hpp"
#include "web/style.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;

TEST_CASE("every screen draws a frame with content") {
  HeadlessUi ui;
  auto denied = clinician_context();
  denied.roles.clear();
  denied.access_denied = true;
  auto support = clinician_context();
  support.platform_support = true;

  struct Case {
    const char* name;
    Screen expected;
    std::function<void(LaunchHarness&)> arrange;
  };
  const Case cases[] = {
      {"missing launch", Screen::missing_launch, [](LaunchHarness&) {}},
      {"loading", Screen::loading, [](LaunchHarness& app) { app.after_frame(); }},
      {"home", Screen::home,
       [](LaunchHarness& app) {
         app.after_frame();
         app.http.reply(200, exchange_body(clinician_context()));
       }},
      {"home, platform support", Screen::home,
       [&](LaunchHarness& app) {
         app.after_frame();
         app.http.reply(200, exchange_body(support));
       }},
      {"access denied", Screen::access_denied,
       [&](LaunchHarness& app) {
         app.after_frame();
         app.http.reply(200, exchange_body(denied));
       }},
      {"session ended", Screen::session_ended,
       [](LaunchHarness& app) {
         app.after_frame();
         app.http.reply(401, error_json(ErrorCode::launch_key_used));
       }},
      {"connection problem", Screen::connection_problem,
       [](LaunchHarness& app) {
         app.after_frame();
         app.http.fail_network();
       }},
      {"problem", Screen::problem,
       [](LaunchHarness& app) {
         app.after_frame();
         app.http.reply(400, error_json(ErrorCode::missing_field));
       }},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    LaunchHarness app(c.expected == Screen::missing_launch ? "" : "key-abc");
    c.arrange(app);
    REQUIRE(app.screen() == c.expected);
    CHECK(ui.frame(app.state) > 100);
    CHECK(ui.frame(app.state) > 100);  // and again, with last frame's layout
  }
}

TEST_CASE("clicking Retry now on the connection-problem screen queues the exchange") {
  HeadlessUi ui;
  LaunchHarness app;
  app.after_frame();
  app.http.fail_network();
  ui.frame(app.state);
  const auto* retry = ui.target(app.state, "retry");
  REQUIRE(retry);
  CHECK(retry->w > 40);
  ui.click(app.state, *retry);
  REQUIRE(app.state.commands.size() == 1);
  app.after_frame();
  CHECK(app.http.sent.size() == 2);
  CHECK(app.screen() == Screen::connection_problem);
}

TEST_CASE("Tab then Enter presses Retry now from the keyboard") {
  HeadlessUi ui;
  LaunchHarness app;
  app.after_frame();
  app.http.fail_network();
  ui.frame(app.state);
  ui.press(app.state, ImGuiKey_Tab);
  CHECK(app.state.commands.empty());
  ui.press(app.state, ImGuiKey_Enter);
  CHECK(app.state.commands.size() == 1);
}

TEST_CASE("the embedded font has the accented Latin letters and symbols the UI shows") {
  HeadlessUi ui;
  const std::u32string needed = U"Zoë Ñúñez-Łukasz ŒœŠšŽžĞğİıŘř àéîõü ß • – — … ‘ ’ “ ” € £ ± ≤ ≥ ° ·";
  for (auto type : {style::Type::body, style::Type::button, style::Type::page_title}) {
    for (char32_t c : needed) {
      INFO("U+" << std::hex << static_cast<unsigned>(c));
      CHECK(style::font(type)->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
    }
  }
}

TEST_CASE("fonts follow the type scale and are rasterised at the device pixel ratio") {
  HeadlessUi ui;
  CHECK(style::font(style::Type::body)->FontSize == 14.0f);
  CHECK(style::font(style::Type::page_title)->FontSize == 24.0f);
  CHECK(style::font(style::Type::metadata)->FontSize == 12.0f);
  style::load_fonts(2.0f);
  CHECK(style::font(style::Type::body)->FontSize == 28.0f);
  CHECK(ImGui::GetIO().FontGlobalScale == 0.5f);
  CHECK(ImGui::GetIO().Fonts->Build());
}

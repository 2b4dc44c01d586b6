#include <catch2/catch_test_macros.hpp>

#include "tests/support/test_app.hpp"

using namespace hb::test;

TEST_CASE("GET /healthz answers ok") {
  TempDir dir;
  TestServer server(test_config(dir.path()));
  auto res = server.client().Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(nlohmann::json::parse(res->body)["status"] == "ok");
  CHECK(!res->get_header_value("X-Request-Id").empty());
}

TEST_CASE("every Hint surface serves the app shell with the framing and privacy headers") {
  TempDir dir;
  TestServer server(test_config(dir.path()));
  for (const char* surface : {"core_page", "clinical_interaction", "clinical_chart", "settings"}) {
    auto res = server.client().Get(std::string("/hint/") + surface + "?session_key=abc");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->get_header_value("Content-Security-Policy") == "frame-ancestors https://app.hint.com");
    CHECK(!res->has_header("X-Frame-Options"));
    CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    CHECK(res->get_header_value("Cache-Control") == "no-store");
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->body.find("{{ASSET_BASE}}") == std::string::npos);
  }
}

TEST_CASE("an unknown surface is 404 with the standard error body") {
  TempDir dir;
  TestServer server(test_config(dir.path()));
  auto res = server.client().Get("/hint/billing");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(nlohmann::json::parse(res->body)["error"]["code"] == "not_found");
}

TEST_CASE("assets are served under their content hash with long-lived caching; other hashes are 404") {
  TempDir dir;
  TestServer server(test_config(dir.path()));
  auto shell = server.client().Get("/hint/core_page");
  REQUIRE(shell);
  auto start = shell->body.find("/static/");
  REQUIRE(start != std::string::npos);
  auto base = shell->body.substr(start, shell->body.find('\'', start) - start);

  auto js = server.client().Get(base + "/app.js");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(js->body == "console.log('app');");
  CHECK(js->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(js->get_header_value("Content-Type").starts_with("text/javascript"));

  CHECK(server.client().Get("/static/0000000000000000/app.js")->status == 404);
  CHECK(server.client().Get(base + "/shell.html")->status == 404);
  CHECK(server.client().Get(base + "/../data/hearbridge.sqlite3")->status == 404);
}

TEST_CASE("unknown routes and oversize bodies get the standard error body") {
  TempDir dir;
  TestServer server(test_config(dir.path()));
  auto missing = server.client().Get("/nope");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(nlohmann::json::parse(missing->body)["error"]["code"] == "not_found");

  auto huge = server.client().Post("/healthz", std::string(hb::kMaxBodyBytes + 1, 'x'), "application/json");
  REQUIRE(huge);
  CHECK(huge->status == 413);
  CHECK(nlohmann::json::parse(huge->body)["error"]["code"] == "payload_too_large");
}

TEST_CASE("the app refuses to start without a built UI, naming the setting") {
  TempDir dir;
  auto config = test_config(dir.path());
  config.web_dir = (dir.path() / "nowhere").string();
  REQUIRE(hb::validate_config(config).ok());
  auto app = hb::App::create(config, FakeClock().clock());
  REQUIRE(!app.ok());
  CHECK(std::string(app.error().text()).starts_with("HEARBRIDGE_WEB_DIR"));
}

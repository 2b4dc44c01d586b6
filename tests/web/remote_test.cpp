#include <catch2/catch_test_macros.hpp>

#include <string>

#include "web/remote.hpp"

using hb::Error;
using hb::ErrorCode;
using hb::web::Remote;
using hb::web::RemoteStatus;

TEST_CASE("a Remote starts idle and becomes pending when a request starts") {
  Remote<std::string> remote;
  CHECK(remote.idle());
  remote.start();
  CHECK(remote.status() == RemoteStatus::pending);
}

TEST_CASE("a Remote holds the value its current request resolved with") {
  Remote<std::string> remote;
  auto ticket = remote.start();
  CHECK(remote.resolve(ticket, "Zoë"));
  CHECK(remote.ready());
  CHECK(remote.value() == "Zoë");
}

TEST_CASE("a Remote holds the error its current request failed with") {
  Remote<std::string> remote;
  auto ticket = remote.start();
  CHECK(remote.fail(ticket, Error{ErrorCode::launch_key_used, {}}));
  CHECK(remote.failed());
  CHECK(remote.error().code == ErrorCode::launch_key_used);
}

TEST_CASE("starting again drops the previous value and error") {
  Remote<std::string> remote;
  auto first = remote.start();
  REQUIRE(remote.fail(first, Error{ErrorCode::server_unreachable, {}}));
  remote.start();
  CHECK(remote.pending());
}

TEST_CASE("a late reply to a superseded request changes nothing") {
  Remote<std::string> remote;
  auto first = remote.start();
  auto second = remote.start();
  CHECK_FALSE(remote.resolve(first, "stale"));
  CHECK(remote.pending());
  CHECK(remote.resolve(second, "fresh"));
  CHECK_FALSE(remote.fail(first, Error{ErrorCode::internal, {}}));
  CHECK(remote.value() == "fresh");
}

TEST_CASE("a reply after reset is ignored and the Remote stays idle") {
  Remote<int> remote;
  auto ticket = remote.start();
  remote.reset();
  CHECK_FALSE(remote.resolve(ticket, 7));
  CHECK(remote.idle());
}

TEST_CASE("a second reply to the same request is ignored") {
  Remote<int> remote;
  auto ticket = remote.start();
  REQUIRE(remote.resolve(ticket, 1));
  CHECK_FALSE(remote.resolve(ticket, 2));
  CHECK_FALSE(remote.fail(ticket, Error{ErrorCode::internal, {}}));
  CHECK(remote.value() == 1);
}

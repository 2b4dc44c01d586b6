#include "server/sessions/role_map.hpp"

#include <catch2/catch_test_macros.hpp>

using hb::Permission;

TEST_CASE("the built-in map grants admin everything, clinicians signing, staff drafting") {
  auto map = hb::RoleMap::built_in();
  CHECK(map.permissions_for({"admin"}) ==
        std::vector{Permission::view, Permission::draft, Permission::sign, Permission::admin});
  CHECK(map.permissions_for({"clinician"}) == std::vector{Permission::view, Permission::draft, Permission::sign});
  CHECK(map.permissions_for({"staff"}) == std::vector{Permission::view, Permission::draft});
}

TEST_CASE("no roles, or only unknown roles, grant nothing; several roles grant their union once") {
  auto map = hb::RoleMap::built_in();
  CHECK(map.permissions_for({}).empty());
  CHECK(map.permissions_for({"receptionist", "Admin"}).empty());
  CHECK(map.permissions_for({"staff", "clinician", "staff"}) ==
        std::vector{Permission::view, Permission::draft, Permission::sign});
}

TEST_CASE("a roles file replaces the built-in map") {
  auto map = hb::RoleMap::parse(R"({"audiologist": ["sign", "view"], "front_desk": ["view"]})");
  REQUIRE(map.ok());
  CHECK(map.value().permissions_for({"audiologist"}) == std::vector{Permission::view, Permission::sign});
  CHECK(map.value().permissions_for({"admin"}).empty());
}

TEST_CASE("a roles file with unknown permissions or the wrong shape is refused, naming the setting") {
  for (const char* text : {R"({"x": ["fly"]})", R"(["admin"])", R"({"x": "view"})", R"({"x": [1]})", "{"}) {
    INFO(text);
    auto map = hb::RoleMap::parse(text);
    REQUIRE(!map.ok());
    CHECK(std::string(map.error().text()).starts_with("HEARBRIDGE_ROLES_FILE"));
  }
}

// A store file as an earlier release left it: the first `migrations` schema steps (their SQL only:
// fills ran in C++ that the old release had), PRAGMA user_version set to match, then `rows` (the
// INSERTs the test needs). Opening it with Database::open then runs the later migrations on it.
#pragma once
#include <catch2/catch_test_macros.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <initializer_list>
#include <string>

#include "server/store/schema.hpp"

namespace hb::test {

inline void write_old_store(const std::filesystem::path& file, size_t migrations,
                            std::initializer_list<std::string> rows) {
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
  auto exec = [raw](const std::string& sql) {
    INFO(sql << "\n" << sqlite3_errmsg(raw));
    REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  };
  for (size_t i = 0; i < migrations; ++i) exec(schema_migrations()[i].sql);
  exec("PRAGMA user_version = " + std::to_string(migrations));
  for (const auto& sql : rows) exec(sql);
  sqlite3_close(raw);
}

}  // namespace hb::test

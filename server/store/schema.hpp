#pragma once
#include <string>
#include <vector>

#include "shared/result.hpp"

namespace hb {
class Database;

// One schema step: its SQL, then (optionally) a fill that needs C++ (e.g. folding names), run in the
// same transaction.
struct Migration {
  Migration(std::string text, Status (*then)(Database&) = nullptr) : sql(std::move(text)), fill(then) {}
  std::string sql;
  Status (*fill)(Database&);
};

// Ordered migrations; PRAGMA user_version records how many ran. Append only, never edit one.
const std::vector<Migration>& schema_migrations();
}  // namespace hb

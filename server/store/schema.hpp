#pragma once
#include <string>
#include <vector>

namespace hb {
// Ordered migrations; PRAGMA user_version records how many ran. Append only, never edit one.
const std::vector<std::string>& schema_migrations();
}  // namespace hb

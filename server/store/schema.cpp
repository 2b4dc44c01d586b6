#include "server/store/schema.hpp"

namespace hb {

const std::vector<std::string>& schema_migrations() {
  // Every table holding practice data has a non-null practice_id (Hint's tenancy rule).
  static const std::vector<std::string> kMigrations{
      // 1: a marker that the store works; later migrations add sessions, inbox, drafts…
      R"sql(
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      )sql",
  };
  return kMigrations;
}

}  // namespace hb

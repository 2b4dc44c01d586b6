// The patient directory's progress for admins (shared/directory_progress.hpp):
//   GET  /api/settings/directory          (admin) → DirectoryProgress
//   POST /api/settings/directory/refresh  (admin) → DirectoryProgress; audit "directory.refresh"
#pragma once
#include <functional>

#include "server/directory/directory_sync.hpp"
#include "server/http/http_app.hpp"
#include "server/sessions/authenticator.hpp"

namespace hb {

struct DirectoryRouteDeps {
  DirectorySync& directory;
  Database& db;
  const Authenticator& authenticator;
  Clock clock;
  std::function<void()> wake;  // pokes the pass's loop
};

void register_directory_routes(HttpApp& http, DirectoryRouteDeps deps);

}  // namespace hb

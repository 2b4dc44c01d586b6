// How far the practice's patient directory has been filled from Hint (admin settings):
//   GET  /api/settings/directory          → {"status": "not_started" | "running" | "done",
//                                             "listed": n, "hint_total": n,
//                                             "started_at": ISO | null, "finished_at": ISO | null,
//                                             "next_pass_at": ISO | null, "error": text | null}
//   POST /api/settings/directory/refresh  → the same, with a pass under way
// "listed" counts the patients this pass has read so far of Hint's "hint_total"; "finished_at" is
// when the last complete pass ended; "error" says why the last page failed (it is retried).
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

struct DirectoryProgress {
  std::string status = "not_started";
  std::int64_t listed = 0;
  std::int64_t hint_total = 0;
  std::string started_at;
  std::string finished_at;
  std::string next_pass_at;
  std::string error;

  bool operator==(const DirectoryProgress&) const = default;
};

nlohmann::json to_json(const DirectoryProgress& progress);
Result<DirectoryProgress> parse_directory_progress(const nlohmann::json& json);

}  // namespace hb

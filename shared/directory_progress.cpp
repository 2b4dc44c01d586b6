#include "shared/directory_progress.hpp"

#include "shared/json_fields.hpp"

namespace hb {
namespace {
nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }
}  // namespace

nlohmann::json to_json(const DirectoryProgress& p) {
  return {{"status", p.status},
          {"listed", p.listed},
          {"hint_total", p.hint_total},
          {"started_at", text_or_null(p.started_at)},
          {"finished_at", text_or_null(p.finished_at)},
          {"next_pass_at", text_or_null(p.next_pass_at)},
          {"error", text_or_null(p.error)}};
}

Result<DirectoryProgress> parse_directory_progress(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("directory progress");
  FieldReader r(json);
  DirectoryProgress p{r.text("status"),
                      r.integer("listed"),
                      r.integer("hint_total"),
                      r.nullable_text("started_at"),
                      r.nullable_text("finished_at"),
                      r.nullable_text("next_pass_at"),
                      r.nullable_text("error")};
  if (p.status != "not_started" && p.status != "running" && p.status != "done") r.fail("status");
  return r.finish(std::move(p));
}

}  // namespace hb

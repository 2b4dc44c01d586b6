#include "web/published_state.hpp"

#include <nlohmann/json.hpp>

#include "web/clinical/clinical_flow.hpp"
#include "web/clinical/device_copy.hpp"

namespace hb::web {
namespace {

const char* remote_name(RemoteStatus status) {
  switch (status) {
    case RemoteStatus::idle:
      return "idle";
    case RemoteStatus::pending:
      return "pending";
    case RemoteStatus::ready:
      return "ready";
    case RemoteStatus::failed:
      return "failed";
  }
  return "idle";
}

const char* shape_name(AudiogramShape shape) {
  switch (shape) {
    case AudiogramShape::empty:
      return "empty";
    case AudiogramShape::recognised:
      return "recognised";
    case AudiogramShape::unrecognised:
      return "unrecognised";
  }
  return "empty";
}

// Ids, counts and statuses only: no names, dates of birth, note text or titles (PHI).
nlohmann::json clinical_json(const AppState& state) {
  const auto& c = state.clinical;
  nlohmann::json json{
      {"view", c.patient_id.empty() ? "worklist" : "patient"},
      {"patient_id", c.patient_id},
      {"patient", remote_name(c.patient.status())},
      {"hearing", remote_name(c.hearing.status())},
      {"notes", remote_name(c.notes.status())},
      {"worklist", remote_name(c.worklist.status())},
      {"search", remote_name(c.search.status())},
      {"retrying", c.reload_at_ms.has_value()},
      {"close_requested", c.close_requested},
  };
  if (c.patient.ready())
    json["age"] = c.patient.value().age ? nlohmann::json(*c.patient.value().age) : nlohmann::json();
  if (c.worklist.ready()) {
    const auto& list = c.worklist.value();
    json["drafts"] = list.drafts.size();
    json["drafts_total"] = list.drafts_total;
    json["drafts_offset"] = c.drafts_offset;
    json["tests_without_note"] = list.tests_without_note.size();
    json["tests_total"] = list.tests_total;
    json["tests_offset"] = c.tests_offset;
    json["test_uids"] = nlohmann::json::array();  // HearLink ids, not PHI: tests check which tests are listed
    for (const auto& t : list.tests_without_note) json["test_uids"].push_back(t.hearing_test_uid);
  }
  json["worklist_notice"] = !c.worklist_notice.empty();
  if (c.notes.ready()) {
    nlohmann::json notes = nlohmann::json::array();  // ids and statuses only
    for (const auto& n : c.notes.value()) {
      notes.push_back({{"id", n.id}, {"status", n.signed_ ? "signed" : "draft"}, {"addendum_of", n.addendum_of}});
    }
    json["note_list"] = notes;
  }
  if (c.search.ready()) {
    json["results"] = c.search.value().items.size();
    json["results_total"] = c.search.value().total;
    json["searched_length"] = c.searched_query.size();  // which query the results answer (its length, not its text)
    json["result_ids"] = nlohmann::json::array();       // Hint ids, not PHI: tests check who was found
    for (const auto& p : c.search.value().items) json["result_ids"].push_back(p.id);
  }
  if (c.hearing.ready()) {
    const auto& record = c.hearing.value();
    json["link"] = record.link.status;
    json["tests"] = record.tests.size();
    json["appointments"] = record.appointments.size();
    json["invoices"] = record.invoices.size();
    json["amounts_complete"] = record.amounts_complete;
    json["selected_test"] = c.selected_test;
    if (c.selected_test >= 0 && c.selected_test < static_cast<int>(record.tests.size())) {
      const auto& test = record.tests[static_cast<size_t>(c.selected_test)];
      json["audiogram"] = {{"uid", test.uid},
                           {"shape", shape_name(test.audiogram.shape)},
                           {"right_points", test.audiogram.right.size()},
                           {"left_points", test.audiogram.left.size()}};
    }
  }
  const auto& e = c.editor;
  nlohmann::json editor{{"open", e.open},
                        {"save", save_status_name(e.status)},
                        {"status_text", save_status_text(state)},  // "Saved 14:32 GMT": times and catalogue text only
                        {"dirty", e.dirty()},
                        {"body_length", e.body.size()},
                        {"title_length", e.title.size()},
                        {"sign_dialog", e.confirm_sign},
                        {"delete_dialog", e.confirm_delete},
                        {"addendum", !e.addendum_of.empty() || (e.note && !e.note->addendum_of.empty())},
                        {"sign_enabled", sign_disabled_reason(state).empty()},
                        {"conflict", e.theirs.has_value()},
                        {"notice", !e.notice.empty()}};
  if (e.note) {
    editor["id"] = e.note->id;
    editor["version"] = e.note->version;
    editor["status"] = e.note->deleted ? "deleted" : e.note->signed_ ? "signed" : "draft";
    editor["signed_at"] = e.note->signed_at;
  }
  json["note"] = editor;
  // Unsaved words kept on the device: counts and flags only (the words are PHI).
  const auto& d = c.device;
  json["device"] = {
      {"open", d.open},
      {"writes", d.writes},
      {"kept", !d.slot.empty()},
      // The copy holds every change the editor has (nothing typed since it was written).
      {"current", !d.slot.empty() && d.copied_edits == e.edits && d.copied_generation == c.editor_generation},
      {"offer", d.offer.has_value()},
      {"offer_text", restore_question(state)}};  // "Restore 54 characters typed at 14:32 GMT?"
  return json;
}

}  // namespace

std::string published_state_json(const AppState& state) {
  const auto& launch = state.launch;
  const auto screen = current_screen(state);
  nlohmann::json json{
      {"title", "HearBridge"},
      {"screen", screen_name(screen)},
      {"surface", launch.surface},
      {"frame", state.frame},
      {"session_key_present", launch.key_in_url},
      {"attempts", launch.failed_attempts},
      {"retry_presses", launch.retry_presses},
      {"device_pixel_ratio", state.device_pixel_ratio},
      {"hint_sdk_initialised", state.hint_sdk_initialised},
  };
  if (launch.session.ready()) {
    const auto& context = launch.session.value();
    json["practice"] = context.practice_name;
    json["roles"] = context.roles;
    json["platform_support"] = context.platform_support;
  }
  const Error* error = state.ended ? &*state.ended : launch.session.last_error();
  json["error"] = error ? nlohmann::json(error_info(error->code).code) : nlohmann::json();
  json["retry_in_ms"] = launch.retry_at ? nlohmann::json(*launch.retry_at - state.now_ms) : nlohmann::json();
  json["clinical"] = clinical_json(state);
  // The selection's length only: its text may be PHI.
  json["selection_length"] = state.selection.size();
  auto wrapped = nlohmann::json::object();
  for (const auto& [name, w] : state.wrapped) wrapped[name] = {{"lines", w.lines}, {"soft_breaks", w.soft_breaks}};
  json["wrapped"] = wrapped;
  auto targets = nlohmann::json::object();
  for (const auto& t : state.targets) targets[t.name] = {t.x, t.y, t.w, t.h};
  json["targets"] = targets;
  json["focused"] = state.focused_target.empty() ? nlohmann::json() : nlohmann::json(state.focused_target);
  // Names and texts came from the server and may hold any byte: never abort on invalid UTF-8.
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hb::web

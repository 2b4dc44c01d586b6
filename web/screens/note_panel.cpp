#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/clinical/device_copy.hpp"
#include "web/local_time.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

constexpr const char* kSignPopup = "Sign this note?";
constexpr const char* kDeletePopup = "Delete this draft?";

void signed_view(AppState& state, float inner, float height) {
  auto& e = state.clinical.editor;
  const auto& note = *e.note;
  const auto addenda = addenda_of(state, note.id);
  widgets::pill(!note.addendum_of.empty() ? "Signed addendum"
                : addenda.empty()         ? "Signed"
                                          : "Signed · addended",
                style::kSuccessText, style::kSuccessBg);
  style::text_wrapped(style::Type::modal_title, style::kTextPrimary, note.title.c_str(), inner);
  const std::string by = "Signed by " + (note.signed_by.empty() ? std::string("a clinician") : note.signed_by) +
                         (note.signed_at ? " on " + local_date_time(state.time_zone, note.signed_at) : std::string());
  style::text(style::Type::metadata, style::kTextSecondary, by.c_str());
  state.targets.push_back({"signed_by", ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                           ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y});
  for (const auto* addendum : addenda) {
    const std::string line = "Addendum signed by " + addendum->signed_by + " on " +
                             local_date_time(state.time_zone, addendum->signed_at) + " (in All notes)";
    style::text(style::Type::metadata, style::kTextSecondary, line.c_str());
  }
  ImGui::Dummy(ImVec2(0, 4));
  // Read-only, but selectable: the clinician can copy from a signed note.
  std::string body = note.body;
  widgets::wrapped_text_field(state, "##signed_body", body, "note_body", inner, height, true);
}

void conflict_view(AppState& state, float inner) {
  auto& e = state.clinical.editor;
  const auto& theirs = *e.theirs;
  style::text(style::Type::button, style::kWarningText, "This note changed elsewhere");
  style::text_wrapped(style::Type::body, style::kTextPrimary,
                      theirs.signed_
                          ? "It was signed meanwhile, so it cannot change. Copy what you need from your version."
                          : "Choose which version to keep. The other one is discarded.",
                      inner);
  const float box = 150.0f;
  const std::string their_label = "Their version (" +
                                  (theirs.updated_by.empty() ? std::string("another user") : theirs.updated_by) +
                                  (theirs.signed_ ? ", signed)" : ")");
  style::text(style::Type::metadata, style::kTextSecondary, their_label.c_str());
  std::string their_text = theirs.title + "\n\n" + theirs.body;
  widgets::wrapped_text_field(state, "##theirs", their_text, "theirs", inner, box, true);
  style::text(style::Type::metadata, style::kTextSecondary, "Your version");
  std::string my_text = e.title + "\n\n" + e.body;
  widgets::wrapped_text_field(state, "##mine", my_text, "mine", inner, box, true);
  if (widgets::primary_button(state, "Keep mine", "keep_mine", !theirs.signed_))
    state.commands.emplace_back(KeepMyVersion{});
  ImGui::SameLine(0, 12);
  if (widgets::secondary_button(state, theirs.signed_ ? "Show the signed note" : "Use theirs", "use_theirs")) {
    state.commands.emplace_back(TakeTheirVersion{});
  }
}

void sign_dialog(AppState& state) {
  auto& c = state.clinical;
  auto& e = c.editor;
  const std::string patient = c.patient.ready() ? c.patient.value().name : std::string("this patient");
  const std::string signer = state.launch.session.ready() ? state.launch.session.value().user_name : std::string("you");
  const widgets::ConfirmDialog dialog{kSignPopup,
                                      "You are signing “" + e.title + "” for " + patient + " as " + signer +
                                          ". A signed note cannot be changed, and Hint shows it as signed.",
                                      "Sign note", "sign_confirm", "sign_cancel"};
  if (widgets::confirm_dialog(state, dialog, e.confirm_sign, e.sign_dialog_armed) == widgets::Answer::confirmed)
    state.commands.emplace_back(SignNote{});
}

void delete_dialog(AppState& state) {
  auto& c = state.clinical;
  auto& e = c.editor;
  const std::string patient = c.patient.ready() ? c.patient.value().name : std::string("this patient");
  const widgets::ConfirmDialog dialog{kDeletePopup,
                                      "You are deleting the draft “" + e.title + "” for " + patient +
                                          ". Its text is erased for good; Hint keeps its title, marked deleted.",
                                      "Delete draft",
                                      "delete_confirm",
                                      "delete_cancel",
                                      true};
  if (widgets::confirm_dialog(state, dialog, e.confirm_delete, e.delete_dialog_armed) == widgets::Answer::confirmed)
    state.commands.emplace_back(DeleteNote{});
}

// Words kept on this device from an earlier session, for the open patient: "Restore 54 characters
// typed at 14:32 GMT?" with Restore and Discard.
void restore_offer(AppState& state, float width) {
  if (!state.clinical.device.offer || state.ended) return;
  const auto question = restore_question(state);
  const auto top = ImGui::GetCursorScreenPos();
  ImGui::PushFont(style::font(style::Type::body));
  const float text_height = ImGui::CalcTextSize(question.c_str(), nullptr, false, width - 24.0f).y;
  ImGui::PopFont();
  const float height = text_height + 36.0f + 28.0f;
  ImGui::GetWindowDrawList()->AddRectFilled(top, ImVec2(top.x + width, top.y + height), style::kWarningBg, 6.0f);
  ImGui::SetCursorScreenPos(ImVec2(top.x + 12.0f, top.y + 8.0f));
  style::text_wrapped(style::Type::body, style::kWarningText, question.c_str(), width - 24.0f);
  widgets::record_target(state, "restore_offer");
  ImGui::SetCursorScreenPos(ImVec2(top.x + 12.0f, ImGui::GetCursorScreenPos().y + 4.0f));
  const bool busy = state.clinical.editor.dirty() || state.clinical.editor.save_in_flight;
  if (widgets::primary_button(state, "Restore", "restore_words", !busy)) state.commands.emplace_back(RestoreWords{});
  ImGui::SameLine(0, 12);
  if (widgets::secondary_button(state, "Discard", "discard_words")) state.commands.emplace_back(DiscardWords{});
  ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + height + 8.0f));
}

// Above an open note: back to the patient's notes, and (for a saved draft) Delete.
void note_toolbar(AppState& state, float right) {
  auto& e = state.clinical.editor;
  if (widgets::secondary_button(state, "← All notes", "all_notes")) state.commands.emplace_back(ShowNoteList{});
  if (e.read_only() || !e.note || !state.launch.session.value().allows(Permission::draft)) return;
  ImGui::SameLine();
  ImGui::PushFont(style::font(style::Type::button));
  const float w = ImGui::CalcTextSize("Delete draft…").x + style::kButtonPadding.x * 2;
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(ImVec2(right - w, ImGui::GetCursorScreenPos().y));
  if (widgets::secondary_button(state, "Delete draft…", "delete_note", delete_disabled_reason(state).empty())) {
    e.confirm_delete = true;
    e.delete_dialog_armed = false;
  }
}

// An open note: the conflict choice, the signed view, or the editor (read-only once the session ended).
void open_note_view(AppState& state, float right, float inner, float bottom) {
  auto& c = state.clinical;
  auto& e = c.editor;
  // The session ended with words it could not save: they stay, read-only and selectable.
  const bool locked = state.ended.has_value();
  if (!locked) note_toolbar(state, right);
  ImGui::Dummy(ImVec2(0, 2));
  if (e.status == SaveStatus::conflict && e.theirs) {
    conflict_view(state, inner);
    return;
  }
  if (e.read_only()) {
    signed_view(state, inner, bottom - ImGui::GetCursorScreenPos().y - 160.0f);
    ImGui::Dummy(ImVec2(0, 4));
    if (state.launch.session.value().allows(Permission::draft)) {
      if (widgets::secondary_button(state, "Write addendum", "write_addendum"))
        state.commands.emplace_back(StartAddendum{});
      ImGui::SameLine(0, 12);
      if (widgets::secondary_button(state, "New note", "new_note")) state.commands.emplace_back(StartNewNote{});
    }
    return;
  }

  if (!e.addendum_of.empty() || (e.note && !e.note->addendum_of.empty())) {
    style::text(style::Type::metadata, style::kTextSecondary,
                "An addendum: signed on its own; the note it adds to stays as signed.");
  }
  style::text(style::Type::button, style::kTextPrimary, "Title");
  if (widgets::input_text(state, "##title", e.title, "note_title", inner, 0.0f, locked)) {
    e.title_is_default = false;
    note_edited(state, state.now_ms);
  }
  ImGui::Dummy(ImVec2(0, 2));
  style::text(style::Type::button, style::kTextPrimary, "Note");
  const float body_height = bottom - ImGui::GetCursorScreenPos().y - 92.0f;
  if (widgets::wrapped_text_field(state, "##body", e.body, "note_body", inner, body_height, locked, &e.body_caret))
    note_edited(state, state.now_ms);
  if (locked) {
    return;
  }

  const bool has_test = c.hearing.ready() && !c.hearing.value().tests.empty();
  if (widgets::secondary_button(state, "Insert hearing summary", "insert_summary", has_test)) {
    insert_hearing_summary(state, state.now_ms);
  }
  ImGui::SameLine(0, 12);
  const std::string reason = sign_disabled_reason(state);
  if (widgets::primary_button(state, "Sign…", "sign", reason.empty())) {
    e.confirm_sign = true;
    e.sign_dialog_armed = false;
  }
  if (!reason.empty()) {
    style::text_wrapped(style::Type::metadata, style::kTextSecondary, reason.c_str(), inner);
    widgets::record_target(state, "sign_reason");
  }
  if (!e.notice.empty()) {
    style::text_wrapped(style::Type::metadata, style::kTextSecondary, e.notice.c_str(), inner);
    widgets::record_target(state, "note_notice");
  }
  if (!e.message.empty() && e.status != SaveStatus::refused) {
    style::text_wrapped(style::Type::metadata, style::kErrorText, e.message.c_str(), inner);
  }
}

}  // namespace

// The note: editor with autosave and its status, Insert hearing summary, Sign (with a reason when
// it cannot), the conflict choice, and the read-only signed view.
void draw_note_panel(AppState& state, ImVec2 min, ImVec2 size) {
  auto& c = state.clinical;
  auto& e = c.editor;
  widgets::begin_panel("note", min, size);
  const float inner = size.x - 2 * widgets::kPanelPadding.x;
  const float bottom = min.y + size.y - widgets::kPanelPadding.y;

  widgets::section_title("Clinical note");
  const std::string status = save_status_text(state);
  if (!status.empty()) {
    ImGui::SameLine();
    ImGui::PushFont(style::font(style::Type::metadata));
    const float w = ImGui::CalcTextSize(status.c_str()).x;
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(
        ImVec2(min.x + size.x - widgets::kPanelPadding.x - w, ImGui::GetCursorScreenPos().y + 5.0f));
    const ImU32 colour =
        e.status == SaveStatus::retrying || e.status == SaveStatus::refused || e.status == SaveStatus::conflict
            ? style::kErrorText
            : style::kTextSecondary;
    style::text(style::Type::metadata, colour, status.c_str());
    widgets::record_target(state, "save_status");
  }
  ImGui::Dummy(ImVec2(0, 4));
  restore_offer(state, inner);

  if (!e.open) {
    if (!c.notes.ready()) {
      widgets::load_status(state, c.notes.status(), c.notes.failed() ? &c.notes.error() : nullptr, "Loading notes…",
                           inner);
    } else {
      draw_note_list(state, inner, bottom - ImGui::GetCursorScreenPos().y);
    }
    ImGui::EndChild();
    return;
  }
  open_note_view(state, min.x + size.x - widgets::kPanelPadding.x, inner, bottom);
  // After every view (each may return early): an open modal that is not submitted would stay in
  // ImGui's popup stack and block the screen.
  sign_dialog(state);
  delete_dialog(state);
  ImGui::EndChild();
}

}  // namespace hb::web

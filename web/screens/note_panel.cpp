#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/local_time.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

constexpr const char* kSignPopup = "Sign this note?";

void signed_view(AppState& state, float inner, float height) {
  auto& e = state.clinical.editor;
  const auto& note = *e.note;
  widgets::pill("Signed", style::kSuccessText, style::kSuccessBg);
  style::text_wrapped(style::Type::modal_title, style::kTextPrimary, note.title.c_str(), inner);
  const std::string by = "Signed by " + (note.signed_by.empty() ? std::string("a clinician") : note.signed_by) +
                         (note.signed_at ? " on " + local_date_time(state.time_zone, note.signed_at) : std::string());
  style::text(style::Type::metadata, style::kTextSecondary, by.c_str());
  state.targets.push_back({"signed_by", ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                           ImGui::GetItemRectSize().x, ImGui::GetItemRectSize().y});
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

// A key or button that activates a widget is still down (from the press that opened the dialog,
// or its auto-repeat).
bool confirm_input_held() {
  for (auto key : {ImGuiKey_Enter, ImGuiKey_KeypadEnter, ImGuiKey_Space}) {
    if (ImGui::IsKeyDown(key)) return true;
  }
  return ImGui::IsMouseDown(ImGuiMouseButton_Left);
}

void sign_dialog(AppState& state) {
  auto& c = state.clinical;
  auto& e = c.editor;
  if (e.confirm_sign && !ImGui::IsPopupOpen(kSignPopup)) ImGui::OpenPopup(kSignPopup);
  const auto* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(440, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 24));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
  ImGui::PushFont(style::font(style::Type::modal_title));
  const bool open = ImGui::BeginPopupModal(
      kSignPopup, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopFont();
  ImGui::PopStyleVar(2);
  if (!open) return;
  const std::string patient = c.patient.ready() ? c.patient.value().name : std::string("this patient");
  const std::string signer = state.launch.session.ready() ? state.launch.session.value().user_name : std::string("you");
  const std::string sentence = "You are signing “" + e.title + "” for " + patient + " as " + signer +
                               ". A signed note cannot be changed, and Hint shows it as signed.";
  style::text_wrapped(style::Type::body, style::kTextPrimary, sentence.c_str(), 392.0f);
  ImGui::Dummy(ImVec2(0, 8));
  if (!e.sign_dialog_armed && !confirm_input_held()) e.sign_dialog_armed = true;
  bool confirm = widgets::primary_button(state, "Sign note", "sign_confirm");
  ImGui::SameLine(0, 12);
  // Focus starts on Cancel: Enter or Space right after opening cancels, never signs.
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool cancel = widgets::secondary_button(state, "Cancel", "sign_cancel") || ImGui::IsKeyPressed(ImGuiKey_Escape);
  if (cancel) {
    e.confirm_sign = false;
    ImGui::CloseCurrentPopup();
  } else if (confirm && e.sign_dialog_armed) {
    state.commands.emplace_back(SignNote{});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
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

  if (!e.open) {
    if (!c.notes.ready()) {
      widgets::load_status(state, c.notes.status(), c.notes.failed() ? &c.notes.error() : nullptr, "Loading notes…",
                           inner);
    } else if (!state.launch.session.value().allows(Permission::draft)) {
      style::text_wrapped(style::Type::body, style::kTextSecondary,
                          "Your role can read this patient's record but not write notes.", inner);
    } else if (widgets::primary_button(state, "New note", "new_note")) {
      state.commands.emplace_back(StartNewNote{});
    }
    ImGui::EndChild();
    return;
  }
  if (e.status == SaveStatus::conflict && e.theirs) {
    conflict_view(state, inner);
    ImGui::EndChild();
    return;
  }
  if (e.read_only()) {
    signed_view(state, inner, bottom - ImGui::GetCursorScreenPos().y - 160.0f);
    ImGui::Dummy(ImVec2(0, 4));
    if (state.launch.session.value().allows(Permission::draft) &&
        widgets::secondary_button(state, "New note", "new_note")) {
      state.commands.emplace_back(StartNewNote{});
    }
    ImGui::EndChild();
    return;
  }

  style::text(style::Type::button, style::kTextPrimary, "Title");
  if (widgets::input_text(state, "##title", e.title, "note_title", inner)) {
    e.title_is_default = false;
    note_edited(state, state.now_ms);
  }
  ImGui::Dummy(ImVec2(0, 2));
  style::text(style::Type::button, style::kTextPrimary, "Note");
  const float body_height = bottom - ImGui::GetCursorScreenPos().y - 92.0f;
  if (widgets::wrapped_text_field(state, "##body", e.body, "note_body", inner, body_height, false, &e.body_caret))
    note_edited(state, state.now_ms);

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
  sign_dialog(state);
  ImGui::EndChild();
}

}  // namespace hb::web

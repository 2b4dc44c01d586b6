#include <algorithm>
#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

// Across the app while the note's saves fail: the words are kept and will be sent; leaving waits for
// that. Returns where the page below it starts.
float draw_unsaved_banner(AppState& state, float top) {
  const auto& c = state.clinical;
  const auto& e = c.editor;
  if (e.status != SaveStatus::retrying || state.ended) return top;
  const auto origin = ImGui::GetMainViewport()->Pos;
  const float width = ImGui::GetMainViewport()->Size.x;
  const float pad = style::kPagePadding;
  const float height = 52.0f;
  auto* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(ImVec2(origin.x, top), ImVec2(origin.x + width, top + height), style::kWarningBg);
  std::string text = "Your note is not saved: HearBridge cannot reach its server. Your words stay here and are sent";
  if (e.save_due_ms && !e.save_in_flight) {
    const auto seconds = std::max<std::int64_t>((*e.save_due_ms - state.now_ms + 999) / 1000, 0);
    text += " as soon as it answers (next try in " + std::to_string(seconds) + " s).";
  } else {
    text += " as soon as it answers (trying now).";
  }
  if (c.requested_patient || c.close_requested) text += " You leave this note once it is saved.";
  ImGui::PushFont(style::font(style::Type::button));
  const float button_width = ImGui::CalcTextSize("Try now").x + style::kButtonPadding.x * 2;
  ImGui::PopFont();
  const float wrap = width - 2 * pad - button_width - 16.0f;
  ImGui::PushFont(style::font(style::Type::metadata));
  const float text_height = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y;
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, top + std::max(4.0f, (height - text_height) * 0.5f)));
  style::text_wrapped(style::Type::metadata, style::kWarningText, text.c_str(), wrap);
  widgets::record_target(state, "unsaved_banner");
  ImGui::SetCursorScreenPos(ImVec2(origin.x + width - pad - button_width, top + (height - 36.0f) * 0.5f));
  if (widgets::secondary_button(state, "Try now", "unsaved_retry", !e.save_in_flight))
    retry_save_now(state, state.now_ms);
  return top + height;
}

// The session ended (idle, too old, or signed out) with words the server does not have: they stay on
// screen, read-only and copyable, and on this device, encrypted, for the next launch to offer back.
float draw_ended_banner(AppState& state, float top) {
  if (!state.ended) return top;
  const auto origin = ImGui::GetMainViewport()->Pos;
  const float width = ImGui::GetMainViewport()->Size.x;
  const float pad = style::kPagePadding;
  const float height = 60.0f;
  auto* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(ImVec2(origin.x, top), ImVec2(origin.x + width, top + height), style::kErrorBg);
  const auto& d = state.clinical.device;
  // Only say the words are on the device when a copy of them is.
  const bool kept = d.open && !d.slot.empty();
  const char* text = kept ? "Your HearBridge session ended, so the last words you typed were not saved. They are "
                            "below to select and copy, and kept encrypted on this device: open this patient from "
                            "Hint again and HearBridge offers them back."
                          : "Your HearBridge session ended, so the last words you typed were not saved. They are "
                            "below: select and copy them before you leave, then open HearBridge again from Hint.";
  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, top + 10.0f));
  style::text_wrapped(style::Type::body, style::kErrorText, text, width - 2 * pad);
  widgets::record_target(state, "ended_banner");
  return top + height;
}

}  // namespace

// Signed in: the header, then the surface's page: the open patient (clinical surfaces, or a patient
// chosen on the worklist), the practice's worklist (core page), or the practice settings.
void draw_home_screen(AppState& state) {
  const auto& context = state.launch.session.value();
  const auto& clinical = state.clinical;
  float top = widgets::draw_header(state, context);
  top = draw_unsaved_banner(state, top);
  top = draw_ended_banner(state, top);
  if (!clinical.patient_id.empty()) {
    draw_patient_page(state, top);
    return;
  }
  const float pad = style::kPagePadding;
  const auto origin = ImGui::GetMainViewport()->Pos;
  if (context.surface == "settings") {
    draw_settings_page(state, top);
    return;
  }
  if (clinical.worklist.idle()) {
    // The patient (or the note a link names) is about to open.
    ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, top + pad));
    style::text(style::Type::body, style::kTextSecondary, "Opening the patient's record…");
    return;
  }
  draw_worklist_page(state, top);
}

}  // namespace hb::web

#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

constexpr float kBarHeight = 56.0f;
constexpr float kGutter = 16.0f;
constexpr float kHearingWidth = 576.0f;

}  // namespace

// One patient: the patient bar (name, age, date of birth), the hearing record and the note.
void draw_patient_page(AppState& state, float top) {
  const auto& context = state.launch.session.value();
  const auto& c = state.clinical;
  const auto origin = ImGui::GetMainViewport()->Pos;
  const auto display = ImGui::GetMainViewport()->Size;
  const float pad = 24.0f;
  auto* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(ImVec2(origin.x, top), ImVec2(origin.x + display.x, top + kBarHeight), style::kSurface);

  float x = origin.x + pad;
  if (context.patient_id.empty()) {  // opened from the worklist: a way back
    ImGui::SetCursorScreenPos(ImVec2(x, top + (kBarHeight - 36.0f) * 0.5f));
    if (widgets::secondary_button(state, "← Worklist", "back")) state.commands.emplace_back(ShowWorklist{});
    x = ImGui::GetItemRectMax().x + 16.0f;
  }
  ImGui::SetCursorScreenPos(ImVec2(x, top + (kBarHeight - 24.0f) * 0.5f));
  if (c.patient.ready()) {
    const auto& p = c.patient.value();
    style::text(style::Type::section_header, style::kTextPrimary, p.name.c_str());
    std::string details;
    if (p.age) details += std::to_string(*p.age) + " years";
    if (!p.dob.empty()) details += (details.empty() ? "" : "  ·  ") + std::string("born ") + p.dob;
    if (!p.sex.empty()) details += (details.empty() ? "" : "  ·  ") + p.sex;
    if (p.status == "archived") details += "  ·  archived in Hint";
    ImGui::SameLine(0, 12);
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, top + (kBarHeight - 16.0f) * 0.5f));
    style::text(style::Type::metadata, style::kTextSecondary, details.c_str());
  } else if (c.patient.failed() && c.patient.error().code == ErrorCode::not_found) {
    style::text(style::Type::section_header, style::kErrorText, "This patient could not be found");
  } else {
    widgets::load_status(state, c.patient.status(), c.patient.failed() ? &c.patient.error() : nullptr,
                         "Loading the patient…", 600.0f);
  }

  const float panels_top = top + kBarHeight + kGutter;
  const float height = origin.y + display.y - kGutter - panels_top;
  draw_hearing_panel(state, ImVec2(origin.x + pad, panels_top), ImVec2(kHearingWidth, height));
  const float note_x = origin.x + pad + kHearingWidth + kGutter;
  draw_note_panel(state, ImVec2(note_x, panels_top), ImVec2(origin.x + display.x - pad - note_x, height));
}

}  // namespace hb::web

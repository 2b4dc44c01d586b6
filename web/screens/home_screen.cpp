#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {

// Signed in: the header, then the surface's page: the open patient (clinical surfaces, or a patient
// chosen on the worklist), the practice's worklist (core page), or the practice settings.
void draw_home_screen(AppState& state) {
  const auto& context = state.launch.session.value();
  const auto& clinical = state.clinical;
  const float top = widgets::draw_header(state, context);
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

#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

const char* page_title(const std::string& surface) {
  if (surface == "clinical_interaction") return "Clinical note";
  if (surface == "clinical_chart") return "Hearing record";
  if (surface == "settings") return "HearBridge settings";
  return "Hearing care";
}

const char* page_intro(const std::string& surface) {
  if (surface == "clinical_interaction") return "Draft and sign the hearing-care note for this visit.";
  if (surface == "clinical_chart") return "This patient's audiograms, appointments and invoices from HearLink.";
  if (surface == "settings") return "Connect this practice to HearLink and choose what HearBridge shares.";
  return "Your practice's hearing-care work from HearLink, inside Hint.";
}

}  // namespace

// Signed in: the header, then the surface's page (its content arrives with later features).
void draw_home_screen(AppState& state) {
  const auto& context = state.launch.session.value();
  const float top = widgets::draw_header(state, context);
  const float pad = style::kPagePadding;
  const auto origin = ImGui::GetMainViewport()->Pos;
  const float width = ImGui::GetMainViewport()->Size.x - 2 * pad;

  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, top + pad));
  ImGui::BeginGroup();
  style::text(style::Type::page_title, style::kTextPrimary, page_title(context.surface));
  ImGui::Dummy(ImVec2(0, 2));
  style::text_wrapped(style::Type::body, style::kTextSecondary, page_intro(context.surface), width);
  ImGui::Dummy(ImVec2(0, 16));

  // What the session allows, in the clinician's words.
  std::string allowed;
  for (auto permission : context.permissions) {
    if (!allowed.empty()) allowed += " · ";
    allowed += permission_name(permission);
  }
  const std::string summary = "Signed in as " + context.user_name + (allowed.empty() ? "" : "  ·  can " + allowed);
  style::text(style::Type::metadata, style::kTextSecondary, summary.c_str());
  ImGui::EndGroup();
}

}  // namespace hb::web

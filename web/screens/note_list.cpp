#include <algorithm>
#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/local_time.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

constexpr float kRowHeight = 44.0f;

const char* status_label(const ClinicalNote& note) {
  if (!note.signed_) return note.addendum_of.empty() ? "Draft" : "Draft addendum";
  return note.addendum_of.empty() ? "Signed" : "Addendum";
}

}  // namespace

void draw_note_list(AppState& state, float width, float height) {
  auto& c = state.clinical;
  const auto& notes = c.notes.value();
  const float top = ImGui::GetCursorScreenPos().y;
  if (state.launch.session.value().allows(Permission::draft)) {
    if (widgets::primary_button(state, "New note", "new_note")) state.commands.emplace_back(StartNewNote{});
  } else {
    style::text_wrapped(style::Type::body, style::kTextSecondary,
                        "Your role can read this patient's record but not write notes.", width);
  }
  if (!c.note_list_notice.empty()) {
    style::text_wrapped(style::Type::metadata, style::kTextSecondary, c.note_list_notice.c_str(), width);
    widgets::record_target(state, "note_list_notice");
  }
  ImGui::Dummy(ImVec2(0, 4));
  if (notes.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "No notes for this patient yet.");
    return;
  }
  // Newest first, as the server lists them; the table scrolls inside the panel.
  const float table_height = std::max(96.0f, height - (ImGui::GetCursorScreenPos().y - top));
  if (!ImGui::BeginTable("notes", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                         ImVec2(width, table_height))) {
    return;
  }
  ImGui::TableSetupColumn("Note", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, 92.0f);
  ImGui::TableSetupColumn("Changed", ImGuiTableColumnFlags_WidthFixed, 80.0f);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::TableHeadersRow();
  ImGui::PopFont();
  for (size_t i = 0; i < notes.size(); ++i) {
    const auto& n = notes[i];
    if (widgets::table_row(state, n.id.c_str(), "note_" + std::to_string(i), false, kRowHeight))
      state.commands.emplace_back(OpenNote{n.id});
    // Title, and under it who wrote it.
    ImGui::BeginGroup();
    ImGui::TextUnformatted(n.title.c_str());
    const std::string by = "by " + (n.created_by.empty() ? n.updated_by : n.created_by);
    style::text(style::Type::metadata, style::kTextSecondary, by.c_str());
    ImGui::EndGroup();
    ImGui::TableSetColumnIndex(1);
    widgets::cell_text(style::Type::metadata, n.signed_ ? style::kSuccessText : style::kTextSecondary, status_label(n));
    ImGui::TableSetColumnIndex(2);
    widgets::cell_text(style::Type::metadata, style::kTextSecondary,
                       local_date(state.time_zone, n.signed_ ? n.signed_at : n.updated_at).c_str());
  }
  ImGui::EndTable();
}

}  // namespace hb::web

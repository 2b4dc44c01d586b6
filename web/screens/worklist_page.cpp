#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/local_time.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

// A clickable full-width table row; the row's rectangle is published as `target`.
bool row(AppState& state, const char* id, const std::string& target) {
  ImGui::TableNextRow(ImGuiTableRowFlags_None, 32.0f);
  ImGui::TableSetColumnIndex(0);
  ImGui::PushID(id);
  const bool clicked = ImGui::Selectable("##row", false, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0, 28.0f));
  ImGui::PopID();
  widgets::record_target(state, target.c_str());
  ImGui::SameLine(0, 0);
  return clicked;
}

void drafts_table(AppState& state, const Worklist& list) {
  if (list.drafts.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "No drafts are waiting for a signature.");
    return;
  }
  if (!ImGui::BeginTable("drafts", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                         ImVec2(0, 190))) {
    return;
  }
  ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 0.4f);
  ImGui::TableSetupColumn("Note", ImGuiTableColumnFlags_WidthStretch, 0.4f);
  ImGui::TableSetupColumn("Updated", ImGuiTableColumnFlags_WidthFixed, 110.0f);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::TableHeadersRow();
  ImGui::PopFont();
  for (size_t i = 0; i < list.drafts.size(); ++i) {
    const auto& d = list.drafts[i];
    if (row(state, d.note_id.c_str(), "draft_" + std::to_string(i))) {
      state.commands.emplace_back(OpenPatient{d.patient_id, d.note_id, {}});
    }
    ImGui::TextUnformatted(d.patient_name.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(d.title.c_str());
    ImGui::TableSetColumnIndex(2);
    style::text(style::Type::metadata, style::kTextSecondary, local_date(state.time_zone, d.updated_at).c_str());
  }
  ImGui::EndTable();
}

void tests_table(AppState& state, const Worklist& list) {
  if (list.tests_without_note.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "Every recent hearing test has a note.");
    return;
  }
  if (!ImGui::BeginTable("tests", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                         ImVec2(0, 190))) {
    return;
  }
  ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Test date", ImGuiTableColumnFlags_WidthFixed, 110.0f);
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::TableHeadersRow();
  ImGui::PopFont();
  for (size_t i = 0; i < list.tests_without_note.size(); ++i) {
    const auto& t = list.tests_without_note[i];
    const std::string id = t.hearing_test_uid + "/" + t.patient_id;
    if (row(state, id.c_str(), "test_" + std::to_string(i))) {
      state.commands.emplace_back(OpenPatient{t.patient_id, {}, t.hearing_test_uid});
    }
    ImGui::TextUnformatted(t.patient_name.c_str());
    ImGui::TableSetColumnIndex(1);
    style::text(style::Type::metadata, style::kTextSecondary, t.test_date.c_str());
  }
  ImGui::EndTable();
}

void search_card(AppState& state, float width) {
  auto& c = state.clinical;
  widgets::section_title("Find a patient");
  ImGui::Dummy(ImVec2(0, 4));
  ImGui::PushID("search");
  if (widgets::input_text(state, "##query", c.search_query, "search", width)) search_edited(state, state.now_ms);
  ImGui::PopID();
  style::text(style::Type::metadata, style::kTextSecondary, "Type part of a name.");
  ImGui::Dummy(ImVec2(0, 4));
  if (c.search.pending()) {
    style::text(style::Type::body, style::kTextSecondary, "Searching…");
  } else if (c.search.failed()) {
    const std::string sentence(error_info(c.search.error().code).clinician);
    style::text_wrapped(style::Type::body, style::kErrorText, sentence.c_str(), width);
  } else if (c.search.ready()) {
    const auto& results = c.search.value();
    if (results.items.empty()) {
      style::text(style::Type::body, style::kTextSecondary, "No patient matches.");
      return;
    }
    if (!ImGui::BeginTable("results", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Age", ImGuiTableColumnFlags_WidthFixed, 48.0f);
    for (size_t i = 0; i < results.items.size(); ++i) {
      const auto& p = results.items[i];
      if (row(state, p.id.c_str(), "result_" + std::to_string(i)))
        state.commands.emplace_back(OpenPatient{p.id, {}, {}});
      ImGui::TextUnformatted(p.name.c_str());
      ImGui::TableSetColumnIndex(1);
      if (p.age) style::text(style::Type::metadata, style::kTextSecondary, std::to_string(*p.age).c_str());
    }
    ImGui::EndTable();
    if (results.total > static_cast<int>(results.items.size())) {
      const std::string more =
          std::to_string(results.total - static_cast<int>(results.items.size())) + " more: type more of the name.";
      style::text(style::Type::metadata, style::kTextSecondary, more.c_str());
    }
  }
}

}  // namespace

// The core page: what needs the clinician's attention, and a way to any patient.
void draw_worklist_page(AppState& state, float top) {
  const auto origin = ImGui::GetMainViewport()->Pos;
  const auto display = ImGui::GetMainViewport()->Size;
  const float pad = 24.0f;
  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, top + 16.0f));
  ImGui::BeginGroup();  // (keeps the second line at the same left edge)
  style::text(style::Type::page_title, style::kTextPrimary, "Hearing care");
  style::text(style::Type::body, style::kTextSecondary,
              "Your practice's hearing-care work from HearLink, inside Hint.");
  ImGui::EndGroup();

  const float cards_top = top + 16.0f + 32.0f + 20.0f + 16.0f;
  const float left_width = 600.0f;
  const float right_width = display.x - 3 * pad - left_width;
  const float height = origin.y + display.y - pad - cards_top;
  const auto& worklist = state.clinical.worklist;

  widgets::begin_panel("worklist", ImVec2(origin.x + pad, cards_top), ImVec2(left_width, height));
  const float inner = left_width - 2 * widgets::kPanelPadding.x;
  widgets::section_title("Drafts awaiting signature");
  ImGui::Dummy(ImVec2(0, 2));
  if (worklist.ready()) {
    drafts_table(state, worklist.value());
    ImGui::Dummy(ImVec2(0, 12));
    widgets::section_title("Hearing tests without a note");
    ImGui::Dummy(ImVec2(0, 2));
    tests_table(state, worklist.value());
  } else {
    widgets::load_status(state, worklist.status(), worklist.failed() ? &worklist.error() : nullptr,
                         "Loading the worklist…", inner);
  }
  ImGui::EndChild();

  widgets::begin_panel("search", ImVec2(origin.x + 2 * pad + left_width, cards_top), ImVec2(right_width, height));
  search_card(state, right_width - 2 * widgets::kPanelPadding.x);
  ImGui::EndChild();
}

}  // namespace hb::web

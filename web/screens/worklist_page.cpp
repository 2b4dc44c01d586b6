#include <algorithm>
#include <cstdint>
#include <string>

#include "web/clinical/clinical_flow.hpp"
#include "web/local_time.hpp"
#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

constexpr float kRowHeight = 32.0f;
constexpr float kPagerHeight = 40.0f;

// A table's height for `rows` rows and its header, at most `limit`.
float table_height(size_t rows, float limit) {
  return std::min(limit, kRowHeight * static_cast<float>(rows + 1) + 8.0f);
}

void table_headers() {
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::TableHeadersRow();
  ImGui::PopFont();
}

// "21–40 of 57" (or "of 1020+" when the server stopped counting) with Newer / Older when the list has
// more than one page of `page` rows; the offset to show next, or -1 when no button was pressed.
// "1961-06-17" → "06/17/1961", as Hint shows dates of birth; anything else as it came.
std::string us_date(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  return iso.substr(5, 2) + "/" + iso.substr(8, 2) + "/" + iso.substr(0, 4);
}

struct PagerLabels {
  const char* back = "← Newer";
  const char* forward = "Older →";
};
std::int64_t pager(AppState& state, const char* id, std::int64_t offset, size_t shown, std::int64_t total,
                   bool at_least = false, std::int64_t page = kWorklistPage, PagerLabels labels = {}) {
  if (total <= page && offset == 0) return -1;
  ImGui::PushID(id);
  const std::string range = std::to_string(offset + 1) + "–" +
                            std::to_string(offset + static_cast<std::int64_t>(shown)) + " of " + std::to_string(total) +
                            (at_least ? "+" : "");
  std::int64_t next = -1;
  const std::string back = std::string(id) + "_newer";
  const std::string forward = std::string(id) + "_older";
  if (widgets::secondary_button(state, labels.back, back.c_str(), offset > 0))
    next = std::max<std::int64_t>(0, offset - page);
  ImGui::SameLine(0, 8);
  if (widgets::secondary_button(state, labels.forward, forward.c_str(),
                                offset + static_cast<std::int64_t>(shown) < total))
    next = offset + page;
  ImGui::SameLine(0, 12);
  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, ImGui::GetCursorScreenPos().y + 9.0f));
  style::text(style::Type::metadata, style::kTextSecondary, range.c_str());
  ImGui::PopID();
  return next;
}

void drafts_table(AppState& state, const Worklist& list, float height) {
  if (list.drafts.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "No drafts are waiting for a signature.");
    return;
  }
  if (!ImGui::BeginTable("drafts", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                         ImVec2(0, table_height(list.drafts.size(), height)))) {
    return;
  }
  ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 0.32f);
  ImGui::TableSetupColumn("Note", ImGuiTableColumnFlags_WidthStretch, 0.40f);
  ImGui::TableSetupColumn("Author", ImGuiTableColumnFlags_WidthStretch, 0.28f);
  ImGui::TableSetupColumn("Changed", ImGuiTableColumnFlags_WidthFixed, 96.0f);
  table_headers();
  for (size_t i = 0; i < list.drafts.size(); ++i) {
    const auto& d = list.drafts[i];
    if (widgets::table_row(state, d.note_id.c_str(), "draft_" + std::to_string(i))) {
      state.commands.emplace_back(OpenPatient{d.patient_id, d.note_id, {}});
    }
    ImGui::TextUnformatted(d.patient_name.c_str());
    ImGui::TableSetColumnIndex(1);
    ImGui::TextUnformatted(d.title.c_str());
    ImGui::TableSetColumnIndex(2);
    widgets::cell_text(style::Type::metadata, style::kTextSecondary, d.author.c_str());
    ImGui::TableSetColumnIndex(3);
    widgets::cell_text(style::Type::metadata, style::kTextSecondary,
                       local_date_time(state.time_zone, d.updated_at).c_str());
  }
  ImGui::EndTable();
}

void tests_table(AppState& state, const Worklist& list, float height) {
  if (list.tests_without_note.empty()) {
    style::text(style::Type::body, style::kTextSecondary, "Every recent hearing test has a note.");
    return;
  }
  const bool can_mark = state.launch.session.value().allows(Permission::draft);
  if (!ImGui::BeginTable("tests", can_mark ? 4 : 3,
                         ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY,
                         ImVec2(0, table_height(list.tests_without_note.size(), height)))) {
    return;
  }
  ImGui::TableSetupColumn("Patient", ImGuiTableColumnFlags_WidthStretch, 0.55f);
  ImGui::TableSetupColumn("Audiologist", ImGuiTableColumnFlags_WidthStretch, 0.45f);
  ImGui::TableSetupColumn("Hearing test", ImGuiTableColumnFlags_WidthFixed, 96.0f);
  if (can_mark) ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 132.0f);
  table_headers();
  for (size_t i = 0; i < list.tests_without_note.size(); ++i) {
    const auto& t = list.tests_without_note[i];
    const std::string id = t.hearing_test_uid + "/" + t.patient_id;
    if (widgets::table_row(state, id.c_str(), "test_" + std::to_string(i), can_mark)) {
      state.commands.emplace_back(OpenPatient{t.patient_id, {}, t.hearing_test_uid});
    }
    ImGui::TextUnformatted(t.patient_name.c_str());
    ImGui::TableSetColumnIndex(1);
    widgets::cell_text(style::Type::metadata, style::kTextSecondary, t.audiologist.c_str());
    ImGui::TableSetColumnIndex(2);
    widgets::cell_text(style::Type::metadata, style::kTextSecondary, t.test_date.c_str());
    if (can_mark) {
      ImGui::TableSetColumnIndex(3);
      ImGui::PushID(id.c_str());
      const std::string target = "no_note_" + std::to_string(i);
      if (widgets::link_button(state, "No note needed", target.c_str()))
        state.commands.emplace_back(MarkNoNoteNeeded{t.hearing_test_uid, true});
      ImGui::PopID();
    }
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
  style::text(style::Type::metadata, style::kTextSecondary, "Type part of a name, or a date of birth (MM/DD/YYYY).");
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
    if (!ImGui::BeginTable("results", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
    ImGui::TableSetupColumn("Name", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Date of birth", ImGuiTableColumnFlags_WidthFixed, 92.0f);
    ImGui::TableSetupColumn("Age", ImGuiTableColumnFlags_WidthFixed, 36.0f);
    for (size_t i = 0; i < results.items.size(); ++i) {
      const auto& p = results.items[i];
      if (widgets::table_row(state, p.id.c_str(), "result_" + std::to_string(i)))
        state.commands.emplace_back(OpenPatient{p.id, {}, {}});
      ImGui::TextUnformatted(p.name.c_str());
      ImGui::TableSetColumnIndex(1);
      widgets::cell_text(style::Type::metadata, style::kTextSecondary, us_date(p.dob).c_str());
      ImGui::TableSetColumnIndex(2);
      if (p.age) widgets::cell_text(style::Type::metadata, style::kTextSecondary, std::to_string(*p.age).c_str());
    }
    ImGui::EndTable();
    ImGui::Dummy(ImVec2(0, 4));
    const auto next = pager(state, "results", c.search_offset, results.items.size(), results.total, false, kSearchPage,
                            {"← Previous", "Next →"});
    if (next >= 0) {
      c.search_offset = next;
      state.commands.emplace_back(SearchPatients{});
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
  const float bottom = cards_top + height - widgets::kPanelPadding.y;
  auto& c = state.clinical;
  widgets::section_title("Drafts awaiting signature");
  ImGui::Dummy(ImVec2(0, 2));
  if (worklist.ready()) {
    const auto& list = worklist.value();
    // The two tables share the card's height: each gets what its rows need, and when both need
    // more than there is, half each (a short list leaves the rest to the other); they scroll.
    const bool drafts_paged = list.drafts_total > kWorklistPage || c.drafts_offset > 0;
    const bool tests_paged = list.tests_total > kWorklistPage || c.tests_offset > 0;
    const float fixed = 2 * 34.0f + 12.0f + (drafts_paged ? kPagerHeight : 0) + (tests_paged ? kPagerHeight : 0) +
                        (c.worklist_notice.empty() ? 0.0f : 28.0f);
    const float room = std::max(2 * 2 * kRowHeight, bottom - ImGui::GetCursorScreenPos().y - fixed);
    const float drafts_need = table_height(std::max<size_t>(list.drafts.size(), 1), 1e9f);
    const float tests_need = table_height(std::max<size_t>(list.tests_without_note.size(), 1), 1e9f);
    const float drafts_room = drafts_need + tests_need <= room ? drafts_need
                              : tests_need < room / 2          ? room - tests_need
                                                               : std::min(drafts_need, room / 2);
    drafts_table(state, list, drafts_room);
    if (drafts_paged) {
      const auto next = pager(state, "drafts", c.drafts_offset, list.drafts.size(), list.drafts_total);
      if (next >= 0) state.commands.emplace_back(PageWorklist{next, c.tests_offset});
    }
    ImGui::Dummy(ImVec2(0, 12));
    widgets::section_title("Hearing tests without a note");
    ImGui::Dummy(ImVec2(0, 2));
    if (!c.worklist_notice.empty()) {
      style::text(style::Type::metadata, style::kTextSecondary, c.worklist_notice.c_str());
      widgets::record_target(state, "worklist_notice");
      if (!c.unmarked_test.empty()) {
        ImGui::SameLine(0, 8);
        if (widgets::link_button(state, "Undo", "undo_no_note"))
          state.commands.emplace_back(MarkNoNoteNeeded{c.unmarked_test, false});
      }
    }
    const float tests_room =
        std::max(2 * kRowHeight, bottom - ImGui::GetCursorScreenPos().y - (tests_paged ? kPagerHeight : 0));
    tests_table(state, list, tests_room);
    if (tests_paged) {
      const auto next = pager(state, "tests", c.tests_offset, list.tests_without_note.size(), list.tests_total,
                              list.tests_total_at_least);
      if (next >= 0) state.commands.emplace_back(PageWorklist{c.drafts_offset, next});
    }
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

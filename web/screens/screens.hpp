// One screen = one draw function = one file. draw_app() picks the screen from AppState.
#pragma once
#include <imgui.h>

#include "shared/hearing_record.hpp"
#include "web/app_state.hpp"

namespace hb::web {

// Draws the whole UI for one frame (between ImGui::NewFrame and ImGui::Render).
void draw_app(AppState& state);

void draw_missing_launch_screen(AppState& state);
void draw_loading_screen(AppState& state);
void draw_home_screen(AppState& state);
void draw_access_denied_screen(AppState& state);
void draw_session_ended_screen(AppState& state);
void draw_connection_problem_screen(AppState& state);
void draw_problem_screen(AppState& state);

// The home screen's pages and panels (below the header, whose bottom is `top`).
void draw_settings_page(AppState& state, float top);  // settings surface: HearLink key, secrets, defaults (admins)
void draw_worklist_page(AppState& state, float top);  // core page: drafts, tests without a note, search
void draw_patient_page(AppState& state, float top);   // patient bar, hearing record, note
void draw_hearing_panel(AppState& state, ImVec2 min, ImVec2 size);
void draw_note_panel(AppState& state, ImVec2 min, ImVec2 size);
// The open patient's notes in the note panel: New note, and every draft and signed note, each opens.
void draw_note_list(AppState& state, float width, float height);
// The audiogram of one test in a box at the cursor, `size` wide and high (ImGui draw lists).
void draw_audiogram(AppState& state, const HearingTest& test, ImVec2 size);

}  // namespace hb::web

// The note body's word wrap inside real ImGui (headless): it wraps at the panel width, typing,
// Backspace on a soft break, undo and the copy selection all work on the stored text, which never
// holds the display-only line breaks.
#include <catch2/catch_test_macros.hpp>

#include <imgui.h>

#include <algorithm>
#include <string>

#include "tests/web/clinical_harness.hpp"
#include "tests/web/headless_ui.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;

namespace {

const std::string kParagraph =
    "The patient reports difficulty following conversation in noisy restaurants and at family gatherings, "
    "more on the left side. Hearing aids were discussed and a trial of receiver-in-canal devices was agreed.";

int lines(const AppState& state) {
  const auto it = state.wrapped.find("note_body");
  return it == state.wrapped.end() ? 0 : it->second.lines;
}

std::size_t spaces(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), ' '));
}

struct OpenBody {
  HeadlessUi ui;
  ClinicalHarness app;
  OpenBody() {
    app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", kParagraph)}));
    ui.frame(app.state);
    const auto* body = ui.target(app.state, "note_body");
    REQUIRE(body);
    ui.click(app.state, *body);
  }
};

}  // namespace

TEST_CASE("a long paragraph is shown on several lines and the stored text keeps none of those breaks") {
  OpenBody t;
  CHECK(lines(t.app.state) >= 3);
  CHECK(t.app.state.clinical.editor.body == kParagraph);
  CHECK_FALSE(t.app.state.clinical.editor.dirty());
}

TEST_CASE("typing at the end of a wrapped paragraph appends to the stored text only") {
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_End, true);
  ImGui::GetIO().AddInputCharactersUTF8(" Zoë Łukasz wears aids and reports the left one whistles at times.");
  t.ui.frame(t.app.state);
  t.ui.frame(t.app.state);
  const auto& body = t.app.state.clinical.editor.body;
  CHECK(body == kParagraph + " Zoë Łukasz wears aids and reports the left one whistles at times.");
  CHECK(body.find('\n') == std::string::npos);
  CHECK(t.app.state.clinical.editor.dirty());
}

TEST_CASE("Backspace at the start of a wrapped line deletes the space before it, and Ctrl+Z brings it back") {
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_Home, true);
  t.ui.press(t.app.state, ImGuiKey_DownArrow);
  t.ui.press(t.app.state, ImGuiKey_Home);
  t.ui.press(t.app.state, ImGuiKey_Backspace);
  const auto& body = t.app.state.clinical.editor.body;
  CHECK(body.size() == kParagraph.size() - 1);
  CHECK(spaces(body) == spaces(kParagraph) - 1);
  CHECK(body.find('\n') == std::string::npos);
  t.ui.press(t.app.state, ImGuiKey_Z, true);
  CHECK(t.app.state.clinical.editor.body == kParagraph);
  t.ui.press(t.app.state, ImGuiKey_Y, true);
  CHECK(t.app.state.clinical.editor.body.size() == kParagraph.size() - 1);
}

TEST_CASE("Delete at the end of a wrapped line deletes the first letter of the next one") {
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_Home, true);
  t.ui.press(t.app.state, ImGuiKey_End);
  t.ui.press(t.app.state, ImGuiKey_Delete);
  const auto& body = t.app.state.clinical.editor.body;
  CHECK(body.size() == kParagraph.size() - 1);
  CHECK(spaces(body) == spaces(kParagraph));  // a letter went, not a space
}

TEST_CASE("Enter types a hard line break that stays in the stored text") {
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_End, true);
  t.ui.press(t.app.state, ImGuiKey_Enter);
  ImGui::GetIO().AddInputCharactersUTF8("Plan: review in 4 weeks.");
  t.ui.frame(t.app.state);
  t.ui.frame(t.app.state);
  CHECK(t.app.state.clinical.editor.body == kParagraph + "\nPlan: review in 4 weeks.");
}

TEST_CASE("Enter over a selection that starts at the end of a wrapped line keeps the hard line break") {
  // Found by tests/fuzz/soft_wrap_fuzz.cpp: the typed '\n' looked like the soft break it replaced, so
  // only the selected letters went and the line break the clinician typed was lost.
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_Home, true);
  t.ui.press(t.app.state, ImGuiKey_End);  // before the first soft break
  auto& io = ImGui::GetIO();
  io.AddKeyEvent(ImGuiMod_Shift, true);
  for (int i = 0; i < 3; ++i) t.ui.press(t.app.state, ImGuiKey_RightArrow);  // the soft break and two letters
  io.AddKeyEvent(ImGuiMod_Shift, false);
  t.ui.press(t.app.state, ImGuiKey_Enter);
  const auto& body = t.app.state.clinical.editor.body;
  CHECK(body.size() == kParagraph.size() - 1);
  CHECK(std::count(body.begin(), body.end(), '\n') == 1);
}

TEST_CASE("a width change after the caret moved by keys selects nothing") {
  // ImGui leaves a collapsed selection's ends where the click put them while keys move the caret;
  // re-wrapping must not read them as a selection from there to the caret.
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_End, true);
  ImGui::GetIO().DisplaySize.x -= 200.0f;
  t.ui.frame(t.app.state);
  t.ui.frame(t.app.state);
  CHECK(t.app.state.selection.empty());
  ImGui::GetIO().AddInputCharactersUTF8("!");
  t.ui.frame(t.app.state);
  t.ui.frame(t.app.state);
  CHECK(t.app.state.clinical.editor.body == kParagraph + "!");
}

TEST_CASE("Ctrl+A selects the stored text, without the display-only breaks, for the copy event") {
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_A, true);
  CHECK(t.app.state.selection == kParagraph);
  CHECK(t.app.state.selection_editable);
}

TEST_CASE("the signed note's read-only view wraps too and copies the stored text") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", kParagraph, true)}));
  ui.frame(app.state);
  CHECK(lines(app.state) >= 3);
  const auto* body = ui.target(app.state, "note_body");
  REQUIRE(body);
  ui.click(app.state, *body);
  ui.press(app.state, ImGuiKey_A, true);
  CHECK(app.state.selection == kParagraph);
  CHECK_FALSE(app.state.selection_editable);
}

TEST_CASE("a body replaced from outside while the field is active is shown, and typing continues on it") {
  OpenBody t;
  t.app.state.clinical.editor.body = "Another note.";
  t.ui.frame(t.app.state);
  ImGui::GetIO().AddInputCharactersUTF8(" More.");
  t.ui.frame(t.app.state);
  t.ui.frame(t.app.state);
  CHECK(t.app.state.clinical.editor.body == "Another note. More.");
}

TEST_CASE("both versions in the conflict view wrap") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", kParagraph)}));
  app.type(" Mine.");
  app.wait(2000);
  app.http.reply(409, conflict_reply(make_note("note-1", 5, "Title", kParagraph + " Theirs.")));
  ui.frame(app.state);
  REQUIRE(app.state.wrapped.count("theirs"));
  REQUIRE(app.state.wrapped.count("mine"));
  CHECK(app.state.wrapped["theirs"].soft_breaks >= 2);
  CHECK(app.state.wrapped["mine"].soft_breaks >= 2);
}

TEST_CASE("Escape leaves the body keeping what was typed (ImGui's default would revert it)") {
  OpenBody t;
  t.ui.press(t.app.state, ImGuiKey_End, true);
  ImGui::GetIO().AddInputCharactersUTF8(" Typed, then Escape.");
  t.ui.frame(t.app.state);
  REQUIRE(t.app.state.clinical.editor.body == kParagraph + " Typed, then Escape.");
  t.ui.press(t.app.state, ImGuiKey_Escape);
  t.ui.frame(t.app.state);
  CHECK(t.app.state.clinical.editor.body == kParagraph + " Typed, then Escape.");
  CHECK_FALSE(ImGui::IsAnyItemActive());
  CHECK(t.app.state.wrapped["note_body"].soft_breaks >= 1);
}

TEST_CASE("Escape leaves the title keeping what was typed") {
  OpenBody t;
  const auto* title = t.ui.target(t.app.state, "note_title");
  REQUIRE(title);
  t.ui.click(t.app.state, *title);
  t.ui.press(t.app.state, ImGuiKey_End);
  ImGui::GetIO().AddInputCharactersUTF8(" — follow-up");
  t.ui.frame(t.app.state);
  REQUIRE(t.app.state.clinical.editor.title == "Title — follow-up");
  t.ui.press(t.app.state, ImGuiKey_Escape);
  CHECK(t.app.state.clinical.editor.title == "Title — follow-up");
  CHECK_FALSE(ImGui::IsAnyItemActive());
}

TEST_CASE("Insert hearing summary goes in at the caret, focuses the body after it, and Ctrl+Z takes it out whole") {
  OpenBody t;
  auto& state = t.app.state;
  t.ui.press(state, ImGuiKey_Home, true);  // the caret at the very start
  const auto* insert = t.ui.target(state, "insert_summary");
  REQUIRE(insert);
  t.ui.click(state, *insert);
  for (int i = 0; i < 3; ++i) t.ui.frame(state);  // the field takes the focus back
  const auto& body = state.clinical.editor.body;
  REQUIRE(body.rfind("Hearing test on 2026-04-12", 0) == 0);
  CHECK(body.size() > kParagraph.size());
  CHECK(body.substr(body.size() - kParagraph.size()) == kParagraph);
  CHECK(state.focused_target == "note_body");
  // Typing goes in right after the summary: the caret was put there.
  ImGui::GetIO().AddInputCharactersUTF8("X");
  t.ui.frame(state);
  t.ui.frame(state);
  const auto summary_end = body.find("\n\n" + kParagraph);
  REQUIRE(summary_end != std::string::npos);
  CHECK(body[summary_end - 1] == 'X');
  // Undo: the letter, then the whole summary in one step; redo brings it back.
  t.ui.press(state, ImGuiKey_Z, true);
  CHECK(body.find('X') == std::string::npos);
  t.ui.press(state, ImGuiKey_Z, true);
  CHECK(body == kParagraph);
  t.ui.press(state, ImGuiKey_Y, true);
  CHECK(body.rfind("Hearing test on 2026-04-12", 0) == 0);
}

TEST_CASE("a summary's undo step never follows the body to another note's text") {
  OpenBody t;
  auto& state = t.app.state;
  auto& e = state.clinical.editor;
  t.ui.press(state, ImGuiKey_Escape);  // the field is not active, as after pressing a button
  // The request as Insert hearing summary leaves it, then another text before the field takes it.
  e.body = "Summary\n\n" + kParagraph;
  e.body_caret.request = CaretRequest{7, kParagraph, 0};
  t.ui.frame(state);                // the request is taken
  e.body = "Another note's text.";  // the editor moved on before the field was focused
  for (int i = 0; i < 3; ++i) t.ui.frame(state);
  const auto* body = t.ui.target(state, "note_body");
  REQUIRE(body);
  t.ui.click(state, *body);
  t.ui.press(state, ImGuiKey_Z, true);
  CHECK(e.body == "Another note's text.");
}

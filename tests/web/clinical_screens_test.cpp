// The clinician's screens drawn headless, clicked and typed into like a person would.
#include <catch2/catch_test_macros.hpp>

#include <imgui.h>

#include <utility>

#include "tests/web/clinical_harness.hpp"
#include "tests/web/headless_ui.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;

TEST_CASE(
    "every clinical state draws: loading, record with audiogram, not linked, retrying, signed, conflict, worklist") {
  HeadlessUi ui;
  {
    INFO("loading");
    ClinicalHarness app;
    CHECK(ui.frame(app.state) > 100);
  }
  {
    INFO("record");
    ClinicalHarness app;
    app.open_patient();
    ui.frame(app.state);
    CHECK(ui.frame(app.state) > 1000);
    const auto* audiogram = ui.target(app.state, "audiogram");
    REQUIRE(audiogram);
    CHECK(audiogram->w > 300);
    CHECK(audiogram->h > 150);
    CHECK(ui.target(app.state, "note_body"));
    CHECK(ui.target(app.state, "insert_summary"));
    CHECK(ui.target(app.state, "close"));
    app.state.clinical.selected_test = 1;  // the unrecognised one: drawn as such, no crash
    CHECK(ui.frame(app.state) > 1000);
  }
  {
    INFO("not linked");
    ClinicalHarness app;
    HearingRecord not_linked;  // no tests: HearLink has not got the patient
    not_linked.link.status = "needs_phone";
    app.answer("GET", "/api/patients/pat-1/hearing", 200, to_json(not_linked).dump());
    ui.frame(app.state);
    CHECK(ui.target(app.state, "not_linked"));
  }
  {
    INFO("retrying");
    ClinicalHarness app;
    app.http.fail_network(app.find("GET", "/api/patients/pat-1/hearing"));
    ui.frame(app.state);
    CHECK(ui.target(app.state, "reload"));
  }
  {
    INFO("signed");
    ClinicalHarness app;
    app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body", true)}));
    ui.frame(app.state);
    CHECK(ui.target(app.state, "signed_by"));
    CHECK_FALSE(ui.target(app.state, "sign"));
  }
  {
    INFO("conflict");
    ClinicalHarness app;
    app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
    app.type("x");
    app.wait(2000);
    app.http.reply(409, conflict_reply(make_note("note-1", 5, "Title", "Theirs")));
    ui.frame(app.state);
    CHECK(ui.target(app.state, "keep_mine"));
    CHECK(ui.target(app.state, "use_theirs"));
    CHECK(ui.target(app.state, "theirs"));
    CHECK(ui.target(app.state, "mine"));
  }
  {
    INFO("worklist");
    ClinicalHarness app(clinician_context());
    const Worklist worklist{{{"note-7", "pat-1", "Zoë Ñúñez-Łukasz", "Fitting", "Ana", "2026-04-12T10:00:00Z"}},
                            1,
                            {{"ht_2", "pat-1", "Zoë", "2026-04-12", "Priya"}},
                            1};
    app.answer("GET", "/api/worklist", 200, to_json(worklist).dump());
    ui.frame(app.state);
    const auto* draft = ui.target(app.state, "draft_0");
    REQUIRE(draft);
    CHECK(ui.target(app.state, "test_0"));
    CHECK(ui.target(app.state, "search"));
    ui.click(app.state, *draft);
    REQUIRE(app.state.commands.size() == 1);
    app.after_frame();
    CHECK(app.state.clinical.patient_id == "pat-1");
    CHECK(app.state.clinical.wanted_note_id == "note-7");
  }
}

TEST_CASE("Sign opens a confirmation; only its own Sign note button signs") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  ui.frame(app.state);
  const auto* sign = ui.target(app.state, "sign");
  REQUIRE(sign);
  ui.click(app.state, *sign);
  CHECK(app.state.clinical.editor.confirm_sign);
  CHECK(app.state.commands.empty());
  ui.frame(app.state);
  const auto* confirm = ui.target(app.state, "sign_confirm");
  REQUIRE(confirm);
  CHECK(app.state.focused_target == "sign_cancel");  // focus starts on Cancel
  ui.click(app.state, *confirm);
  REQUIRE(app.state.commands.size() == 1);
  app.after_frame();
  CHECK(app.http.last().path == "/api/interactions/note-1/sign");
}

namespace {

// Tabs from the note body until `name` has the keyboard focus (false if it never does).
bool tab_to(HeadlessUi& ui, ClinicalHarness& app, const std::string& name) {
  const auto* body = ui.target(app.state, "note_body");
  REQUIRE(body);
  ui.click(app.state, *body);
  for (int i = 0; i < 12 && app.state.focused_target != name; ++i) ui.press(app.state, ImGuiKey_Tab);
  return app.state.focused_target == name;
}

}  // namespace

TEST_CASE("Enter or Space on Sign… only opens the confirmation, held or repeated, and then lands on Cancel") {
  for (auto [key, name] : {std::pair{ImGuiKey_Enter, "Enter"}, std::pair{ImGuiKey_KeypadEnter, "KeypadEnter"},
                           std::pair{ImGuiKey_Space, "Space"}}) {
    INFO(name);  // ImGui::GetKeyName needs a context, and there is none between cases
    HeadlessUi ui;
    ClinicalHarness app;
    app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
    ui.frame(app.state);
    REQUIRE(tab_to(ui, app, "sign"));
    auto& io = ImGui::GetIO();
    io.AddKeyEvent(key, true);
    // Held well past the key-repeat delay: the press that opened the dialog never confirms it.
    for (int i = 0; i < 90; ++i) {
      io.DeltaTime = 1.0f / 60.0f;
      ui.frame(app.state);
    }
    CHECK(app.state.clinical.editor.confirm_sign);
    CHECK(app.state.commands.empty());
    io.AddKeyEvent(key, false);
    ui.frame(app.state);
    CHECK(app.state.focused_target == "sign_cancel");
    CHECK(app.state.commands.empty());
    // The next press is on Cancel: it closes the dialog and sends nothing.
    ui.press(app.state, key);
    CHECK_FALSE(app.state.clinical.editor.confirm_sign);
    CHECK(app.state.commands.empty());
  }
}

TEST_CASE("a keyboard user signs deliberately: Tab from Cancel to Sign note, then Enter") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  ui.frame(app.state);
  REQUIRE(tab_to(ui, app, "sign"));
  ui.press(app.state, ImGuiKey_Enter);
  REQUIRE(app.state.clinical.editor.confirm_sign);
  ui.frame(app.state);
  REQUIRE(app.state.focused_target == "sign_cancel");
  for (int i = 0; i < 3 && app.state.focused_target != "sign_confirm"; ++i) ui.press(app.state, ImGuiKey_Tab);
  REQUIRE(app.state.focused_target == "sign_confirm");
  CHECK(app.state.commands.empty());
  ui.press(app.state, ImGuiKey_Enter);
  REQUIRE(app.state.commands.size() == 1);
  app.after_frame();
  CHECK(app.http.last().path == "/api/interactions/note-1/sign");
}

TEST_CASE("Escape cancels the sign confirmation and nothing is sent") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.state.clinical.editor.confirm_sign = true;
  ui.frame(app.state);
  ui.frame(app.state);
  ui.press(app.state, ImGuiKey_Escape);
  CHECK_FALSE(app.state.clinical.editor.confirm_sign);
  CHECK(app.state.commands.empty());
}

TEST_CASE("typing into the note body (non-ASCII too) marks it edited and schedules the autosave") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  ui.frame(app.state);
  const auto* body = ui.target(app.state, "note_body");
  REQUIRE(body);
  ui.click(app.state, *body);
  ImGui::GetIO().AddInputCharactersUTF8(" Zoë Łukasz");
  ui.frame(app.state);
  ui.frame(app.state);
  const auto& e = app.state.clinical.editor;
  CHECK(e.body.find("Zoë Łukasz") != std::string::npos);
  CHECK(e.dirty());
  CHECK(e.save_due_ms);
}

TEST_CASE("Tab moves from the title to the note body") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  ui.frame(app.state);
  const auto* title = ui.target(app.state, "note_title");
  REQUIRE(title);
  ui.click(app.state, *title);
  ui.press(app.state, ImGuiKey_Tab);
  ImGui::GetIO().AddInputCharactersUTF8("Q");
  ui.frame(app.state);
  ui.frame(app.state);
  CHECK(app.state.clinical.editor.title == "Title");
  CHECK(app.state.clinical.editor.body.find('Q') != std::string::npos);
}

TEST_CASE("a role without sign sees the Sign button disabled with the reason") {
  HeadlessUi ui;
  auto context = ClinicalHarness::patient_context();
  context.roles = {"staff"};
  context.permissions = {Permission::view, Permission::draft};
  ClinicalHarness app(context);
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  ui.frame(app.state);
  const auto* sign = ui.target(app.state, "sign");
  REQUIRE(sign);
  CHECK(ui.target(app.state, "sign_reason"));
  ui.click(app.state, *sign);
  CHECK_FALSE(app.state.clinical.editor.confirm_sign);
}

TEST_CASE("the sign dialog's buttons are published only once drawn, where they stay") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  ui.frame(app.state);
  const auto* sign = ui.target(app.state, "sign");
  REQUIRE(sign);
  ui.click(app.state, *sign);  // the dialog appears on this click's last frame, measured unseen
  REQUIRE(app.state.clinical.editor.confirm_sign);
  CHECK_FALSE(ui.target(app.state, "sign_confirm"));  // a click there would land where nothing is drawn
  ui.frame(app.state);
  const auto* drawn = ui.target(app.state, "sign_confirm");
  REQUIRE(drawn);
  const HitTarget first = *drawn;
  ui.frame(app.state);
  const auto* again = ui.target(app.state, "sign_confirm");
  REQUIRE(again);
  CHECK(again->x == first.x);
  CHECK(again->y == first.y);
}

TEST_CASE("the worklist's tables use the card's height, page long lists, and mark a test No note needed") {
  HeadlessUi ui;
  ClinicalHarness app(clinician_context());
  Worklist list;
  for (int i = 0; i < 20; ++i) {
    list.drafts.push_back(
        {"note-" + std::to_string(i), "pat-1", "Zoë", "Draft " + std::to_string(i), "Ana", "2026-04-12T10:00:00Z"});
    list.tests_without_note.push_back({"ht_" + std::to_string(i), "pat-1", "Zoë", "2026-04-12", "Priya"});
  }
  list.drafts_total = 20;
  list.tests_total = 45;
  app.answer("GET", "/api/worklist", 200, to_json(list).dump());
  ui.frame(app.state);
  ui.frame(app.state);
  // Both tables fill the card down to its bottom (no row hidden behind a fixed height above empty space).
  const auto* panel_bottom = ui.target(app.state, "tests_older");
  REQUIRE(panel_bottom);
  CHECK(panel_bottom->y + panel_bottom->h > 700.0f);
  CHECK(panel_bottom->y + panel_bottom->h <= 768.0f);
  CHECK_FALSE(ui.target(app.state, "drafts_older"));  // one page of drafts: no pager
  ui.click(app.state, *panel_bottom);
  app.after_frame();
  CHECK(app.http.last().path == "/api/worklist?drafts_offset=0&tests_offset=20");
  app.http.reply(200, to_json(list).dump());
  ui.frame(app.state);
  const auto* mark = ui.target(app.state, "no_note_0");
  REQUIRE(mark);
  ui.click(app.state, *mark);
  REQUIRE(app.state.commands.size() == 1);
  app.after_frame();
  CHECK(app.http.last().method == "POST");
  CHECK(app.http.last().path == "/api/worklist/tests/ht_0/no-note-needed");
  CHECK(app.state.clinical.patient_id.empty());  // the button, not the row under it
}

TEST_CASE("the patient's notes: the list, each note opens, addendum and delete from the note") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient({make_note("note-2", 2, "Fitting", "Draft"), make_note("note-1", 3, "Review", "Signed", true)});
  ui.frame(app.state);
  const auto* all = ui.target(app.state, "all_notes");
  REQUIRE(all);
  REQUIRE(ui.target(app.state, "delete_note"));
  ui.click(app.state, *all);
  app.after_frame();
  app.answer(
      "GET", "/api/interactions?patient_id=pat-1", 200,
      notes_reply({make_note("note-2", 2, "Fitting", "Draft"), make_note("note-1", 3, "Review", "Signed", true)}));
  ui.frame(app.state);
  REQUIRE(ui.target(app.state, "new_note"));
  const auto* signed_row = ui.target(app.state, "note_1");
  REQUIRE(signed_row);
  ui.click(app.state, *signed_row);
  app.after_frame();
  ui.frame(app.state);
  REQUIRE(app.state.clinical.editor.read_only());
  CHECK_FALSE(ui.target(app.state, "delete_note"));  // a signed note is never deleted
  const auto* addendum = ui.target(app.state, "write_addendum");
  REQUIRE(addendum);
  ui.click(app.state, *addendum);
  app.after_frame();
  ui.frame(app.state);
  CHECK(app.state.clinical.editor.addendum_of == "note-1");
  CHECK(ui.target(app.state, "note_body"));
}

TEST_CASE("Delete draft… asks first, focused on Cancel; Escape cancels; only Delete draft deletes") {
  HeadlessUi ui;
  ClinicalHarness app;
  app.open_patient({make_note("note-1", 3, "Fitting", "Body")});
  ui.frame(app.state);
  const auto* del = ui.target(app.state, "delete_note");
  REQUIRE(del);
  ui.click(app.state, *del);
  CHECK(app.state.clinical.editor.confirm_delete);
  ui.frame(app.state);
  ui.frame(app.state);
  CHECK(app.state.focused_target == "delete_cancel");
  ui.press(app.state, ImGuiKey_Escape);
  CHECK_FALSE(app.state.clinical.editor.confirm_delete);
  CHECK(app.state.commands.empty());
  ui.click(app.state, *ui.target(app.state, "delete_note"));
  ui.frame(app.state);
  ui.frame(app.state);
  const auto* confirm = ui.target(app.state, "delete_confirm");
  REQUIRE(confirm);
  ui.click(app.state, *confirm);
  REQUIRE(app.state.commands.size() == 1);
  app.after_frame();
  CHECK(app.http.last().method == "DELETE");
  CHECK(app.http.last().path == "/api/interactions/note-1");
}

TEST_CASE("search results show date of birth and age, and page with Previous / Next") {
  HeadlessUi ui;
  ClinicalHarness app(clinician_context());
  app.state.clinical.search_query = "ana";
  search_edited(app.state, app.now);
  app.wait(300);
  PatientSearchResults page;
  for (int i = 0; i < kSearchPage; ++i)
    page.items.push_back({"pat-" + std::to_string(i), "Ana Lima", "1961-06-17", 65});
  page.total = 25;
  app.answer("GET", "/api/patients?query=ana&limit=10&offset=0", 200, to_json(page).dump());
  ui.frame(app.state);
  ui.frame(app.state);
  CHECK(ui.target(app.state, "result_9"));
  CHECK(ui.target(app.state, "results_newer"));
  const auto* next = ui.target(app.state, "results_older");
  REQUIRE(next);
  ui.click(app.state, *next);
  app.after_frame();
  CHECK(app.http.last().path == "/api/patients?query=ana&limit=10&offset=10");
  // A new query starts again from the first page.
  app.state.clinical.search_query = "ana l";
  search_edited(app.state, app.now);
  app.wait(300);
  CHECK(app.http.last().path == "/api/patients?query=ana%20l&limit=10&offset=0");
}

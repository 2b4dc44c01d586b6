#include <catch2/catch_test_macros.hpp>

#include "shared/json_input.hpp"
#include "tests/web/clinical_harness.hpp"
#include "web/published_state.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;

TEST_CASE("a clinical launch loads the context's patient, hearing record and notes") {
  ClinicalHarness app;
  CHECK(app.find("GET", "/api/patients/pat-1") >= 0);
  CHECK(app.find("GET", "/api/patients/pat-1/hearing") >= 0);
  CHECK(app.find("GET", "/api/interactions?patient_id=pat-1") >= 0);
  CHECK(app.http.last().header("Authorization") == "Bearer tok-secret-123");
  CHECK(app.state.clinical.patient.pending());
  app.open_patient();
  CHECK(app.state.clinical.patient.value().age == 65);
  CHECK(app.state.clinical.hearing.value().tests.size() == 2);
  // No note yet: a blank draft for a role that may write.
  CHECK(app.state.clinical.editor.open);
  CHECK_FALSE(app.state.clinical.editor.note);
  CHECK(app.state.clinical.editor.title == "Hearing care note 1970-01-01");  // the harness clock's day
}

TEST_CASE("a new note's title names what it is about until the clinician types one") {
  {
    INFO("started from a worklist test: that test's date, also when the record arrives after the notes");
    ClinicalHarness app(clinician_context());
    if (app.find("GET", "/api/worklist") >= 0) app.answer("GET", "/api/worklist", 200, to_json(Worklist{}).dump());
    app.state.commands.emplace_back(OpenPatient{"pat-1", {}, "ht_2"});
    app.after_frame();
    app.answer("GET", "/api/patients/pat-1", 200, patient_reply());
    app.answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply({}));
    app.answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply());
    CHECK(app.state.clinical.editor.title == "Hearing test 2026-04-12");
  }
  {
    INFO("a summary inserted into a new note retitles it; a title typed by the clinician stays");
    ClinicalHarness app;
    app.open_patient();
    auto& e = app.state.clinical.editor;
    insert_hearing_summary(app.state, app.now);
    CHECK(e.title == "Hearing test 2026-04-12");
    e.body.clear();
    e.title = "Fitting review";
    e.title_is_default = false;  // what typing in the title field does
    insert_hearing_summary(app.state, app.now);
    CHECK(e.title == "Fitting review");
  }
}

TEST_CASE("the core page without a patient loads the worklist, and choosing a draft opens that note") {
  auto context = clinician_context();
  ClinicalHarness app(context);
  REQUIRE(app.find("GET", "/api/worklist") >= 0);
  const Worklist worklist{{{"note-7", "pat-1", "Zoë", "Fitting", "Ana", "2026-04-12T10:00:00Z"}},
                          1,
                          {{"ht_2", "pat-1", "Zoë", "2026-04-12", "Priya"}},
                          1};
  app.answer("GET", "/api/worklist", 200, to_json(worklist).dump());
  REQUIRE(app.state.clinical.worklist.ready());
  CHECK(app.state.clinical.worklist.value().drafts.size() == 1);
  app.state.commands.emplace_back(OpenPatient{"pat-1", "note-7", {}});
  app.after_frame();
  app.open_patient(
      std::vector<ClinicalNote>({make_note("note-9", 1, "Newer draft", "x"), make_note("note-7", 3, "Fitting", "y")}));
  REQUIRE(app.state.clinical.editor.note);
  CHECK(app.state.clinical.editor.note->id == "note-7");
  CHECK(app.fragments == std::vector<std::string>{"note=note-7"});
}

TEST_CASE("the note Hint opened the app from is chosen over the newest draft") {
  auto context = ClinicalHarness::patient_context();
  context.surface = "clinical_interaction";
  context.interaction_id = "inter-42";
  ClinicalHarness app(context);
  app.open_patient(std::vector<ClinicalNote>(
      {make_note("note-9", 1, "Draft", "x"), make_note("note-5", 4, "Signed visit", "y", true, "inter-42")}));
  REQUIRE(app.state.clinical.editor.note);
  CHECK(app.state.clinical.editor.note->id == "note-5");
  CHECK(app.state.clinical.editor.read_only());
}

TEST_CASE("autosave waits two seconds after the last keystroke, then creates the note once") {
  ClinicalHarness app;
  app.open_patient();
  const auto before = app.http.sent.size();
  app.type("Patient reports");
  app.wait(1500);
  app.type(" tinnitus.");
  app.wait(1999);
  CHECK(app.http.sent.size() == before);  // still typing, as far as the timer knows
  CHECK(app.state.clinical.editor.status == SaveStatus::pending);
  CHECK(next_clinical_timer(app.state) == app.now + 1);
  app.wait(1);
  REQUIRE(app.http.sent.size() == before + 1);
  const auto& post = app.http.last();
  CHECK(post.method == "POST");
  CHECK(post.path == "/api/interactions");
  const auto body = parse_json(post.body).value();
  CHECK(body["patient_id"] == "pat-1");
  CHECK(body["body"] == "Patient reports tinnitus.");
  CHECK(save_status_text(app.state) == "Saving…");
  app.wait(5000);  // nothing more is due while the save is in flight
  CHECK(app.http.sent.size() == before + 1);
  app.http.reply(201, note_reply(make_note("note-1", 1, "Hearing care note", "Patient reports tinnitus.")));
  CHECK(app.state.clinical.editor.status == SaveStatus::clean);
  CHECK(app.state.clinical.editor.note->id == "note-1");
  CHECK(app.fragments.back() == "note=note-1");
  CHECK(save_status_text(app.state).rfind("Saved ", 0) == 0);
  CHECK_FALSE(next_clinical_timer(app.state));
}

TEST_CASE("Saved names the time in the browser's zone, and a signed note shows no Saved at all") {
  ClinicalHarness app;
  app.state.time_zone = [](std::int64_t) { return ZoneAt{60, "BST"}; };
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" more");
  app.wait(kAutosaveDelayMs);
  auto saved = make_note("note-1", 4, "Title", "Body more");
  saved.updated_at = 1'782'995'520;  // 2026-07-02T12:32:00Z
  app.http.reply(200, note_reply(saved));
  CHECK(save_status_text(app.state) == "Saved 13:32 BST");
  app.state.commands.emplace_back(SignNote{});
  app.after_frame();
  app.http.reply(200, note_reply(make_note("note-1", 5, "Title", "Body more", true)));
  REQUIRE(app.state.clinical.editor.read_only());
  CHECK(save_status_text(app.state).empty());
}

TEST_CASE("later edits go out as PUT with If-Match, including edits typed while a save was in flight") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" one");
  app.wait(2000);
  REQUIRE(app.http.last().method == "PUT");
  CHECK(app.http.last().path == "/api/interactions/note-1");
  CHECK(app.http.last().header("If-Match") == "\"3\"");
  app.type(" two");  // while the first save is in flight
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body one")));
  CHECK(app.state.clinical.editor.dirty());
  CHECK(app.state.clinical.editor.status == SaveStatus::pending);
  app.wait(2000);
  CHECK(app.http.last().header("If-Match") == "\"4\"");
  CHECK(parse_json(app.http.last().body).value()["body"] == "Body one two");
  app.http.reply(200, note_reply(make_note("note-1", 5, "Title", "Body one two")));
  CHECK_FALSE(app.state.clinical.editor.dirty());
}

TEST_CASE("a save without an answer shows Not saved, retrying, and retries with back-off") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type("!");
  app.wait(2000);
  app.http.fail_network();
  CHECK(app.state.clinical.editor.status == SaveStatus::retrying);
  CHECK(save_status_text(app.state) == "Not saved — retrying");
  CHECK(app.screen() == Screen::home);  // the note stays on screen
  const auto sent = app.http.sent.size();
  app.wait(999);
  CHECK(app.http.sent.size() == sent);
  app.wait(1);
  CHECK(app.http.sent.size() == sent + 1);
  app.http.reply(503, "");
  app.wait(2000);
  CHECK(app.http.sent.size() == sent + 2);
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body!")));
  CHECK(app.state.clinical.editor.status == SaveStatus::clean);
}

TEST_CASE("leaving a note whose saves fail keeps the back-off, says so across the app, and leaves once saved") {
  ClinicalHarness app(clinician_context());  // opened from the worklist: "← Worklist" is there
  if (app.find("GET", "/api/worklist") >= 0) app.answer("GET", "/api/worklist", 200, to_json(Worklist{}).dump());
  app.state.commands.emplace_back(OpenPatient{"pat-1", {}, {}});
  app.after_frame();
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type("!");
  app.wait(2000);
  app.http.fail_network();
  REQUIRE(app.state.clinical.editor.status == SaveStatus::retrying);
  app.state.commands.emplace_back(ShowWorklist{});
  app.after_frame();
  REQUIRE(app.state.clinical.requested_patient);
  // Frame after frame, no retry before the back-off: a server that is down is not hammered.
  const auto sent = app.http.sent.size();
  for (int i = 0; i < 50; ++i) app.wait(10);
  CHECK(app.http.sent.size() == sent);
  CHECK(app.state.clinical.patient_id == "pat-1");  // still on the note: its words are not saved
  // The countdown wakes the app each second, so what the banner says stays true.
  CHECK(next_clinical_timer(app.state) == app.now + 500);
  // "Try now" does not wait for the back-off.
  retry_save_now(app.state, app.now);
  app.wait(0);
  REQUIRE(app.http.sent.size() == sent + 1);
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body!")));
  app.wait(0);
  CHECK(app.state.clinical.patient_id.empty());  // saved: now it leaves
}

TEST_CASE("a 409 shows both versions; keeping mine saves over their version number") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" mine");
  app.wait(2000);
  app.http.reply(409, conflict_reply(make_note("note-1", 5, "Title", "Body theirs")));
  auto& e = app.state.clinical.editor;
  CHECK(e.status == SaveStatus::conflict);
  REQUIRE(e.theirs);
  CHECK(e.theirs->body == "Body theirs");
  CHECK(e.body == "Body mine");
  CHECK(sign_disabled_reason(app.state) == "Choose a version first.");
  app.wait(10'000);
  const auto sent = app.http.sent.size();  // no autosave while the clinician decides
  app.state.commands.emplace_back(KeepMyVersion{});
  app.after_frame();
  REQUIRE(app.http.sent.size() == sent + 1);
  CHECK(app.http.last().header("If-Match") == "\"5\"");
  CHECK(parse_json(app.http.last().body).value()["body"] == "Body mine");
}

TEST_CASE("a 409 where the clinician takes theirs drops the local text") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" mine");
  app.wait(2000);
  app.http.reply(409, conflict_reply(make_note("note-1", 5, "Title", "Signed elsewhere", true)));
  app.state.commands.emplace_back(KeepMyVersion{});  // not possible over a signed note
  app.after_frame();
  CHECK(app.state.clinical.editor.status == SaveStatus::conflict);
  app.state.commands.emplace_back(TakeTheirVersion{});
  app.after_frame();
  const auto& e = app.state.clinical.editor;
  CHECK(e.status == SaveStatus::clean);
  CHECK(e.body == "Signed elsewhere");
  CHECK(e.read_only());
  CHECK_FALSE(e.dirty());
}

TEST_CASE("a 409 without a current note shows the server's own message, not a version choice") {
  ClinicalHarness app;
  app.open_patient();
  insert_hearing_summary(app.state, app.now);  // the note is started from hearing test ht_2
  app.wait(2000);
  REQUIRE(app.http.last().method == "POST");
  CHECK(parse_json(app.http.last().body).value()["hearing_test_uid"] == "ht_2");
  // What the server answers when the test has a note already: a conflict with no "current".
  app.http.reply(
      409,
      to_json(NoteConflict{Error{ErrorCode::conflict, "A note for this hearing test exists."}, std::nullopt}).dump());
  const auto& e = app.state.clinical.editor;
  CHECK(e.status == SaveStatus::refused);
  CHECK_FALSE(e.theirs);
  CHECK(e.message == "A note for this hearing test exists.");
  CHECK(save_status_text(app.state) == "Not saved — A note for this hearing test exists.");
  CHECK(sign_disabled_reason(app.state) != "Choose a version first.");
}

TEST_CASE("a 409 on signing without a current note shows the server's own message") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.state.commands.emplace_back(SignNote{});
  app.after_frame();
  app.http.reply(409, error_body(Error{ErrorCode::conflict, "The note is signed and can no longer change."}).dump());
  const auto& e = app.state.clinical.editor;
  CHECK(e.status != SaveStatus::conflict);
  CHECK_FALSE(e.theirs);
  CHECK(e.message == "The note is signed and can no longer change.");
}

TEST_CASE("insert hearing summary puts the selected test's summary at the caret, as its own paragraph") {
  const std::string summary =
      "Hearing test on 2026-04-12 (audiologist: Priya Natarajan).\n"
      "Right ear: mild hearing loss (average 34 dB HL at 500, 1000, 2000 and 4000 Hz).\n"
      "Left ear: mild hearing loss (average 34 dB HL at 500, 1000, 2000 and 4000 Hz).";
  ClinicalHarness app;
  app.open_patient();
  auto& e = app.state.clinical.editor;
  e.body = "Seen today.";  // caret never placed: the end
  insert_hearing_summary(app.state, app.now);
  CHECK(e.body == "Seen today.\n\n" + summary);
  CHECK(e.hearing_test_uid == "ht_2");
  CHECK(e.save_due_ms == app.now + kAutosaveDelayMs);
  REQUIRE(e.body_caret.request);
  CHECK(e.body_caret.request->caret == e.body.size());
  CHECK(e.body_caret.request->undo_text == "Seen today.");  // one undo step brings this back

  // Mid-text: split into paragraphs around it, the caret after the summary.
  e.body = "Seen today. Plan: review.";
  e.body_caret = {};
  e.body_caret.position = std::string("Seen today.").size();
  insert_hearing_summary(app.state, app.now);
  CHECK(e.body == "Seen today.\n\n" + summary + "\n\n Plan: review.");
  CHECK(e.body_caret.request->caret == std::string("Seen today.\n\n").size() + summary.size());

  // At the start of a paragraph that has a blank line before it: no extra gap before.
  e.body = "First.\n\nSecond.";
  e.body_caret = {};
  e.body_caret.position = std::string("First.\n\n").size();
  insert_hearing_summary(app.state, app.now);
  CHECK(e.body == "First.\n\n" + summary + "\n\nSecond.");

  // Another test's summary is another paragraph.
  app.state.clinical.selected_test = 1;
  e.body_caret = {};
  insert_hearing_summary(app.state, app.now);
  CHECK(e.body.find("not recognised") != std::string::npos);
}

TEST_CASE("a summary already in the note is not inserted twice: the one there is shown") {
  ClinicalHarness app;
  app.open_patient();
  auto& e = app.state.clinical.editor;
  e.body = "Seen today.";
  insert_hearing_summary(app.state, app.now);
  const auto once = e.body;
  const auto edits = e.edits;
  e.body_caret = {};
  insert_hearing_summary(app.state, app.now);
  CHECK(e.body == once);
  CHECK(e.edits == edits);  // nothing changed, nothing to save
  CHECK(e.notice == "This test's summary is already in the note.");
  REQUIRE(e.body_caret.request);
  CHECK(e.body_caret.request->caret == once.size());
  CHECK_FALSE(e.body_caret.request->undo_text);
  app.type(" More.");  // the next edit clears the notice
  CHECK(e.notice.empty());
}

TEST_CASE("signing sends the version and shows the signed note read-only") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  CHECK(sign_disabled_reason(app.state).empty());
  app.state.clinical.editor.confirm_sign = true;
  app.state.commands.emplace_back(SignNote{});
  app.after_frame();
  CHECK(app.http.last().path == "/api/interactions/note-1/sign");
  CHECK(parse_json(app.http.last().body).value() == nlohmann::json{{"version", 3}});
  CHECK_FALSE(app.state.clinical.editor.confirm_sign);
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body", true)));
  CHECK(app.state.clinical.editor.read_only());
  CHECK(app.state.clinical.editor.note->signed_by == "Zoë Ñúñez-Łukasz");
  app.type("more");  // ignored: a signed note does not change
  CHECK_FALSE(app.state.clinical.editor.dirty());
  CHECK(sign_disabled_reason(app.state) == "This note is signed.");
}

TEST_CASE("without the sign permission the Sign button says why, and a 403 is shown, not fatal") {
  auto context = ClinicalHarness::patient_context();
  context.roles = {"staff"};
  context.permissions = {Permission::view, Permission::draft};
  ClinicalHarness app(context);
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  CHECK(sign_disabled_reason(app.state) == "Your role cannot sign notes.");
  const auto sent = app.http.sent.size();
  app.state.commands.emplace_back(SignNote{});
  app.after_frame();
  CHECK(app.http.sent.size() == sent);
}

TEST_CASE("a 403 on signing keeps the note and explains") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.state.commands.emplace_back(SignNote{});
  app.after_frame();
  app.http.reply(403, error_json(ErrorCode::forbidden));
  CHECK(app.screen() == Screen::home);
  CHECK_FALSE(app.state.clinical.editor.read_only());
  CHECK(app.state.clinical.editor.message == std::string(error_info(ErrorCode::forbidden).clinician));
}

TEST_CASE("Sign waits for unsaved changes, and a blank note must be saved first") {
  ClinicalHarness app;
  app.open_patient();
  CHECK(sign_disabled_reason(app.state) == "Type the note first: it is saved before it can be signed.");
  app.type("x");
  app.wait(2000);
  app.http.reply(201, note_reply(make_note("note-1", 1, "Hearing care note", "x")));
  app.type("y");
  CHECK(sign_disabled_reason(app.state) == "Wait until the note is saved.");
}

TEST_CASE("Hint's patient change waits for the note to be saved, then opens the new patient") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" edited");
  request_patient(app.state, "pat-2");
  app.wait(0);  // saves at once instead of waiting two seconds
  REQUIRE(app.http.last().method == "PUT");
  CHECK(app.state.clinical.patient_id == "pat-1");
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body edited")));
  app.wait(0);        // the switch is queued…
  app.after_frame();  // …and runs
  CHECK(app.state.clinical.patient_id == "pat-2");
  CHECK(app.find("GET", "/api/patients/pat-2") >= 0);
  CHECK_FALSE(app.state.clinical.editor.open);
}

TEST_CASE("a late save reply for the previous patient's note is ignored") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type("!");
  app.wait(2000);
  const int save = static_cast<int>(app.http.sent.size()) - 1;
  app.state.clinical.editor.save_in_flight = false;  // pretend it was abandoned: switch anyway
  app.state.clinical.editor.saved_edits = app.state.clinical.editor.edits;
  app.state.commands.emplace_back(OpenPatient{"pat-2", {}, {}});
  app.after_frame();
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body!")), save);
  CHECK_FALSE(app.state.clinical.editor.note);
}

TEST_CASE("a hearing record that gets no answer is retried, and the Retry command reloads at once") {
  ClinicalHarness app;
  app.answer("GET", "/api/patients/pat-1", 200, patient_reply());
  app.http.fail_network(app.find("GET", "/api/patients/pat-1/hearing"));
  CHECK(app.state.clinical.hearing.failed());
  CHECK(app.state.clinical.reload_at_ms == app.now + 1000);
  CHECK(next_clinical_timer(app.state) == app.now + 1000);
  const auto sent = app.http.sent.size();
  app.wait(1000);
  REQUIRE(app.http.sent.size() == sent + 1);
  CHECK(app.http.last().path == "/api/patients/pat-1/hearing");
  app.http.reply(200, hearing_reply(), static_cast<int>(app.http.sent.size()) - 1);
  CHECK(app.state.clinical.hearing.ready());
}

TEST_CASE("a hearing record with an invoice total HearLink sent unreadable is drawn with the balance incomplete") {
  ClinicalHarness app;
  app.answer("GET", "/api/patients/pat-1", 200, patient_reply());
  auto record = hearing_record();
  record.invoices.push_back({"inv_2", "INV-1002", "open", std::nullopt, 0, std::nullopt});
  record.outstanding_balance = std::nullopt;
  record.amounts_complete = false;
  app.answer("GET", "/api/patients/pat-1/hearing", 200, to_json(record).dump());
  REQUIRE(app.state.clinical.hearing.ready());
  CHECK(app.state.clinical.hearing.value() == record);
  app.after_frame();  // the panel draws the unknown amounts
  CHECK(parse_json(published_state_json(app.state)).value()["clinical"]["amounts_complete"] == false);
}

TEST_CASE("a 401 on any clinical call ends the session") {
  ClinicalHarness app;
  app.http.reply(401, error_json(ErrorCode::session_expired), app.find("GET", "/api/patients/pat-1"));
  CHECK(app.screen() == Screen::session_ended);
}

TEST_CASE("patient search is debounced and URL-encoded") {
  ClinicalHarness app(clinician_context());
  app.state.clinical.search_query = "Zoë N";
  search_edited(app.state, app.now);
  app.wait(299);
  CHECK(app.find("GET", "/api/patients?query=Zo%C3%AB%20N&limit=10&offset=0") < 0);
  app.wait(1);
  REQUIRE(app.find("GET", "/api/patients?query=Zo%C3%AB%20N&limit=10&offset=0") >= 0);
  app.answer("GET", "/api/patients?query=Zo%C3%AB%20N&limit=10&offset=0", 200,
             to_json(PatientSearchResults{{{"pat-1", "Zoë Ñúñez-Łukasz", "1961-02-03", 65}}, 1}).dump());
  CHECK(app.state.clinical.search.value().items.size() == 1);
}

TEST_CASE("a deep link names a note by fragment; other fragments are ignored") {
  CHECK(note_id_from_fragment("#note=note-123") == "note-123");
  CHECK(note_id_from_fragment("tab=x&note=abc_9") == "abc_9");
  CHECK(note_id_from_fragment("latest-test").empty());
  CHECK(note_id_from_fragment("note=../../etc").empty());
  CHECK(note_id_from_fragment("").empty());
}

TEST_CASE("a deep link on the core page opens the note's patient and the note") {
  auto context = clinician_context();
  LaunchHarness app("key-abc", "core_page");
  app.state.clinical.deep_link_note_id = "note-7";
  app.after_frame();
  app.http.reply(200, exchange_body(context));
  app.advance(0);
  app.after_frame();
  REQUIRE(app.http.last().path == "/api/interactions/note-7");
  app.http.reply(200, note_reply(make_note("note-7", 2, "T", "B")));
  CHECK(app.state.clinical.patient_id == "pat-1");
  CHECK(app.state.clinical.wanted_note_id == "note-7");
}

TEST_CASE("Close calls HintSDK.close through the host bridge") {
  ClinicalHarness app;
  app.state.commands.emplace_back(CloseApp{});
  app.after_frame();
  CHECK(app.closes == 1);
}

TEST_CASE("Close with unsaved words saves them at once and closes only once they are saved") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" last words");
  app.state.commands.emplace_back(CloseApp{});
  app.after_frame();
  CHECK(app.closes == 0);
  app.wait(0);  // saves now, not two seconds later
  REQUIRE(app.http.last().method == "PUT");
  CHECK(parse_json(app.http.last().body).value()["body"] == "Body last words");
  CHECK(save_status_text(app.state) == "Saving before closing…");
  app.wait(0);
  CHECK(app.closes == 0);  // not while the save is in flight
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body last words")));
  app.wait(0);
  app.after_frame();
  CHECK(app.closes == 1);
}

TEST_CASE("Close while the save gets no answer keeps the app open, retrying, and closes after it succeeds") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type("!");
  app.state.commands.emplace_back(CloseApp{});
  app.after_frame();
  app.wait(0);
  app.http.fail_network();
  CHECK(save_status_text(app.state) == "Not saved — retrying, then closing");
  app.wait(1000);
  app.after_frame();
  CHECK(app.closes == 0);
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body!")));
  app.wait(0);
  app.after_frame();
  CHECK(app.closes == 1);
}

TEST_CASE("when Hint closes the container or the page hides, unsaved words are sent at once") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  CHECK_FALSE(has_unsaved_words(app.state));
  app.type(" and more");
  CHECK(has_unsaved_words(app.state));
  const auto sent = app.http.sent.size();
  save_unsaved_now(app.state, app.services);
  REQUIRE(app.http.sent.size() == sent + 1);
  CHECK(app.http.last().method == "PUT");
  CHECK(parse_json(app.http.last().body).value()["body"] == "Body and more");
  CHECK(has_unsaved_words(app.state));        // in flight: not on the server yet
  save_unsaved_now(app.state, app.services);  // a second event while it is in flight sends nothing more
  CHECK(app.http.sent.size() == sent + 1);
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body and more")));
  CHECK_FALSE(has_unsaved_words(app.state));
}

TEST_CASE("leaving during a version conflict sends nothing: the clinician has to choose") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" mine");
  app.wait(2000);
  app.http.reply(409, conflict_reply(make_note("note-1", 5, "Title", "Body theirs")));
  const auto sent = app.http.sent.size();
  save_unsaved_now(app.state, app.services);
  CHECK(app.http.sent.size() == sent);
  CHECK(has_unsaved_words(app.state));  // so leaving the page still asks first
}

TEST_CASE("Close during a version conflict keeps the app open until the clinician chooses") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Title", "Body")}));
  app.type(" mine");
  app.wait(2000);
  app.state.commands.emplace_back(CloseApp{});
  app.after_frame();
  app.http.reply(409, conflict_reply(make_note("note-1", 5, "Title", "Body theirs")));
  app.wait(10'000);
  app.after_frame();
  CHECK(app.closes == 0);
  CHECK(app.state.clinical.editor.status == SaveStatus::conflict);
  CHECK(app.state.clinical.editor.body == "Body mine");
}

TEST_CASE("the published state carries ids, counts and statuses but no patient data") {
  ClinicalHarness app;
  app.open_patient(std::vector<ClinicalNote>({make_note("note-1", 3, "Secret title", "Secret body")}));
  const auto json = published_state_json(app.state);
  for (const char* phi : {"Ñúñez", "1961-02-03", "Secret title", "Secret body", "Priya", "female"}) {
    INFO(phi);
    CHECK(json.find(phi) == std::string::npos);
  }
  const auto state = parse_json(json).value();
  CHECK(state["clinical"]["view"] == "patient");
  CHECK(state["clinical"]["tests"] == 2);
  CHECK(state["clinical"]["audiogram"]["shape"] == "recognised");
  CHECK(state["clinical"]["audiogram"]["right_points"] == 7);
  CHECK(state["clinical"]["note"]["id"] == "note-1");
  CHECK(state["clinical"]["note"]["status"] == "draft");
}

TEST_CASE("opening a patient HearLink does not know asks the server to link them, once, and shows the answer") {
  ClinicalHarness app;
  app.answer("GET", "/api/patients/pat-1", 200, patient_reply());
  app.answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply("not_linked"));
  app.answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply({}));
  app.after_frame();
  const int link = app.find("POST", "/api/patients/pat-1/link");
  REQUIRE(link >= 0);
  app.http.reply(202, to_json(LinkReply{{"needs_phone", "", "Add a phone number in Hint."}}).dump(), link);
  CHECK(app.state.clinical.hearing.value().link.status == "needs_phone");
  CHECK(app.state.clinical.hearing.value().link.reason == "Add a phone number in Hint.");
  int posts = 0;
  for (const auto& sent : app.http.sent)
    posts += sent.request.method == "POST" && sent.request.path == "/api/patients/pat-1/link";
  CHECK(posts == 1);
}

TEST_CASE("a linked patient, or a role that may not draft, sends no link request") {
  ClinicalHarness linked;
  linked.open_patient();
  linked.after_frame();
  CHECK(linked.find("POST", "/api/patients/pat-1/link") < 0);

  auto viewer = ClinicalHarness::patient_context();
  viewer.permissions = {Permission::view};
  ClinicalHarness reader(viewer);
  reader.answer("GET", "/api/patients/pat-1", 200, patient_reply());
  reader.answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply("not_linked"));
  reader.after_frame();
  CHECK(reader.find("POST", "/api/patients/pat-1/link") < 0);
}

TEST_CASE("every note of a patient is reachable: the list, opening a signed note, back to the list") {
  ClinicalHarness app;
  auto signed_note = make_note("note-1", 4, "Hearing review", "Signed text", true);
  auto draft = make_note("note-2", 2, "Fitting", "Draft text");
  app.open_patient({draft, signed_note});
  auto& c = app.state.clinical;
  REQUIRE(c.editor.note->id == "note-2");  // the newest draft opens first
  app.state.commands.emplace_back(ShowNoteList{});
  app.after_frame();
  CHECK_FALSE(c.editor.open);  // the list shows, refreshed from the server
  app.answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply({draft, signed_note}));
  REQUIRE(c.notes.ready());
  CHECK_FALSE(c.editor.open);  // a refresh never opens a note by itself
  app.state.commands.emplace_back(OpenNote{"note-1"});
  app.after_frame();
  REQUIRE(c.editor.open);
  CHECK(c.editor.read_only());
  CHECK(c.editor.body == "Signed text");
}

TEST_CASE("a patient's notes arrive page by page: the list is whole before a note is chosen from it") {
  ClinicalHarness app;
  auto& c = app.state.clinical;
  app.answer("GET", "/api/patients/pat-1", 200, patient_reply());
  app.answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply());
  auto newest = make_note("note-3", 2, "Review", "Signed text", true);
  auto older = make_note("note-2", 2, "Fitting", "Signed text", true);
  app.answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply({newest, older}, "note-2"));
  CHECK(c.notes.pending());  // more to come: nothing is chosen from half a list
  CHECK_FALSE(c.editor.open);
  auto draft = make_note("note-1", 5, "Old draft", "Draft text");
  app.answer("GET", "/api/interactions?patient_id=pat-1&before=note-2", 200, notes_reply({draft}));
  REQUIRE(c.notes.ready());
  CHECK(c.notes.value().size() == 3);
  REQUIRE(c.editor.note);
  CHECK(c.editor.note->id == "note-1");  // the draft, found on the second page
}

TEST_CASE("a notes page that is no further on ends the list with an error, never a request loop") {
  ClinicalHarness app;
  auto& c = app.state.clinical;
  app.answer("GET", "/api/patients/pat-1", 200, patient_reply());
  app.answer("GET", "/api/patients/pat-1/hearing", 200, hearing_reply());
  auto newest = make_note("note-3", 2, "Review", "Signed text", true);
  app.answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply({newest}, "note-3"));
  app.answer("GET", "/api/interactions?patient_id=pat-1&before=note-3", 200, notes_reply({}, "note-3"));
  CHECK(c.notes.failed());
  CHECK(app.find("GET", "/api/interactions?patient_id=pat-1&before=note-3") >= 0);
  int asked = 0;
  for (const auto& sent : app.http.sent) asked += sent.request.path.find("/api/interactions?") == 0;
  CHECK(asked == 2);
}

TEST_CASE("asking for the list with unsaved words saves them first, then shows the list") {
  ClinicalHarness app;
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.type(" more");
  app.state.commands.emplace_back(ShowNoteList{});
  app.after_frame();
  CHECK(app.state.clinical.editor.open);
  app.wait(0);
  const int put = app.find("PUT", "/api/interactions/note-1");
  REQUIRE(put >= 0);
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body more")), put);
  app.wait(0);
  app.wait(0);
  CHECK_FALSE(app.state.clinical.editor.open);
  CHECK_FALSE(app.state.clinical.note_list_requested);
}

TEST_CASE("an addendum to a signed note is a new draft that names it; the signed note stays as it was") {
  ClinicalHarness app;
  auto signed_note = make_note("note-1", 4, "Hearing review", "Signed text", true);
  app.open_patient({signed_note});
  auto& e = app.state.clinical.editor;
  REQUIRE(e.read_only());
  app.state.commands.emplace_back(StartAddendum{});
  app.after_frame();
  REQUIRE(e.open);
  CHECK_FALSE(e.note);
  CHECK(e.addendum_of == "note-1");
  CHECK(e.title == "Addendum to Hearing review");
  app.type("Later: wax removed.");
  app.wait(kAutosaveDelayMs);
  const int post = app.find("POST", "/api/interactions");
  REQUIRE(post >= 0);
  auto sent = parse_note_create_request(nlohmann::json::parse(app.http.sent[static_cast<size_t>(post)].request.body));
  REQUIRE(sent.ok());
  CHECK(sent.value().addendum_of == "note-1");
  CHECK(sent.value().body == "Later: wax removed.");
}

TEST_CASE("deleting a draft asks first, sends its version, and returns to the list; the words are not saved again") {
  ClinicalHarness app;
  app.open_patient({make_note("note-1", 3, "Fitting", "Body")});
  auto& c = app.state.clinical;
  CHECK(delete_disabled_reason(app.state).empty());
  app.type(" unsaved");
  app.state.commands.emplace_back(DeleteNote{});
  app.after_frame();
  const int del = app.find("DELETE", "/api/interactions/note-1");
  REQUIRE(del >= 0);
  CHECK(app.http.sent[static_cast<size_t>(del)].request.header("If-Match") == "\"3\"");
  auto deleted = make_note("note-1", 4, "Fitting", "");
  deleted.deleted = true;
  app.http.reply(200, note_reply(deleted), del);
  CHECK_FALSE(c.editor.open);
  CHECK(c.note_list_notice == "Draft “Fitting” deleted.");
  app.wait(kAutosaveDelayMs * 2);
  CHECK(app.find("PUT", "/api/interactions/note-1") < 0);  // no autosave brings the words back
  // A signed note offers no delete.
  ClinicalHarness signed_app;
  signed_app.open_patient({make_note("note-1", 3, "Fitting", "Body", true)});
  CHECK(delete_disabled_reason(signed_app.state) == "A signed note cannot be deleted; write an addendum.");
}

TEST_CASE("an inserted summary's test is sent with the save, so the worklist drops it") {
  ClinicalHarness app;
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.state.clinical.selected_test = 1;
  insert_hearing_summary(app.state, app.now);
  app.wait(kAutosaveDelayMs);
  const int put = app.find("PUT", "/api/interactions/note-1");
  REQUIRE(put >= 0);
  auto sent = parse_note_update_request(nlohmann::json::parse(app.http.sent[static_cast<size_t>(put)].request.body));
  REQUIRE(sent.ok());
  CHECK(sent.value().tests == std::vector<std::string>{app.state.clinical.hearing.value().tests[1].uid});
}

TEST_CASE("the worklist pages, and No note needed reloads it with an undo") {
  ClinicalHarness app(clinician_context());
  Worklist page{{}, 0, {{"ht_2", "pat-1", "Zoë", "2026-04-12", "Priya"}}, 45};
  app.answer("GET", "/api/worklist", 200, to_json(page).dump());
  app.state.commands.emplace_back(PageWorklist{0, 20});
  app.after_frame();
  app.answer("GET", "/api/worklist?drafts_offset=0&tests_offset=20", 200, to_json(page).dump());
  CHECK(app.state.clinical.tests_offset == 20);
  app.state.commands.emplace_back(MarkNoNoteNeeded{"ht_2", true});
  app.after_frame();
  app.answer("POST", "/api/worklist/tests/ht_2/no-note-needed", 200, to_json(TestNoteMark{"ht_2", true}).dump());
  CHECK(app.state.clinical.unmarked_test == "ht_2");
  CHECK(app.state.clinical.worklist.pending());  // reloaded at the same page
  CHECK(app.http.last().path == "/api/worklist?drafts_offset=0&tests_offset=20");
  // The page emptied meanwhile: the last page with rows instead.
  Worklist shorter{{}, 0, {}, 20};
  app.http.reply(200, to_json(shorter).dump());
  CHECK(app.state.clinical.tests_offset == 0);
  CHECK(app.http.last().path == "/api/worklist");
}

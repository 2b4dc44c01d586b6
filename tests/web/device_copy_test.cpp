// No typed word is lost: unsaved words are kept on the device until the server has
// them; a session that ends keeps them on screen; the next launch offers them back.
#include <catch2/catch_test_macros.hpp>

#include "shared/json_input.hpp"
#include "tests/web/clinical_harness.hpp"
#include "tests/web/headless_ui.hpp"
#include "web/published_state.hpp"

using namespace hb;
using namespace hb::web;
using namespace hb::web::testing;

namespace {

UnsavedWords kept(const FakeDeviceStore& device) {
  REQUIRE(device.slots.size() == 1);
  auto words = parse_unsaved_words(nlohmann::json::parse(device.slots.begin()->second));
  REQUIRE(words.ok());
  return words.value();
}

}  // namespace

TEST_CASE("unsaved words are kept on the device 300 ms after typing, and removed once the server has them") {
  FakeDeviceStore device;
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.open_device(device);
  CHECK(device.prefix == "hearbridge.unsaved/pra-1/user-1/");
  app.type(" more");
  app.wait(kDeviceCopyDelayMs - 1);
  CHECK(device.slots.empty());
  app.wait(1);
  const auto words = kept(device);
  // Ids only in the slot's name: the note's, and this launch's start.
  CHECK(device.slots.begin()->first == device.prefix + "note-1/" + std::to_string(app.now - kDeviceCopyDelayMs));
  CHECK(words.body == "Body more");
  CHECK(words.base_version == 3);
  CHECK(words.note_id == "note-1");
  app.wait(kAutosaveDelayMs);
  const int put = app.find("PUT", "/api/interactions/note-1");
  REQUIRE(put >= 0);
  CHECK(device.slots.size() == 1);  // still unsaved while the save is in flight
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body more")), put);
  app.wait(0);
  app.wait(0);
  CHECK(device.slots.empty());
}

TEST_CASE("a save refused because the session ended keeps the words on screen, read-only, and on the device") {
  FakeDeviceStore device;
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.open_device(device);
  app.type(" typed just before");
  app.wait(kAutosaveDelayMs);
  app.answer("PUT", "/api/interactions/note-1", 401, error_json(ErrorCode::session_expired));
  CHECK(app.screen() == Screen::home);  // not the session-ended card: the words are still here
  CHECK(app.state.clinical.editor.body == "Body typed just before");
  CHECK(sign_disabled_reason(app.state) == "The session ended.");
  app.wait(0);
  app.wait(0);
  CHECK(kept(device).body == "Body typed just before");
  // Nothing is sent any more (the session is over); typing has no effect on a read-only field.
  const auto sent = app.http.sent.size();
  app.wait(60'000);
  CHECK(app.http.sent.size() == sent);
  auto published = nlohmann::json::parse(published_state_json(app.state));
  CHECK(published["screen"] == "home");
  CHECK(published["error"] == "session_expired");
  CHECK(published.dump().find("typed just before") == std::string::npos);  // no note text published
  // Without unsaved words an ended session shows the card as before.
  ClinicalHarness clean;
  clean.open_patient({make_note("note-1", 3, "Title", "Body")});
  clean.state.ended = Error{ErrorCode::session_expired, {}};
  CHECK(clean.screen() == Screen::session_ended);
}

TEST_CASE("the next launch offers the words for that note, and restoring saves them") {
  FakeDeviceStore device;
  {
    ClinicalHarness before(ClinicalHarness::patient_context(), &device);
    before.open_patient({make_note("note-1", 3, "Title", "Body")});
    before.open_device(device);
    before.type(" and Zoë's words");
    before.wait(kDeviceCopyDelayMs);
    REQUIRE(device.slots.size() == 1);
  }  // the tab is gone
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.open_device(device);
  REQUIRE(app.state.clinical.device.offer);
  // " and Zoë's words" is 16 characters (17 bytes); the time is the typing's, in the app's zone.
  CHECK(restore_question(app.state) == "Restore 16 characters typed at 00:16 UTC?");
  app.state.commands.emplace_back(RestoreWords{});
  app.after_frame();
  auto& e = app.state.clinical.editor;
  CHECK(e.body == "Body and Zoë's words");
  CHECK(e.dirty());
  app.wait(0);
  const int put = app.find("PUT", "/api/interactions/note-1");
  REQUIRE(put >= 0);
  CHECK(app.http.sent[static_cast<size_t>(put)].request.header("If-Match") == "\"3\"");
  app.http.reply(200, note_reply(make_note("note-1", 4, "Title", "Body and Zoë's words")), put);
  app.wait(0);
  app.wait(0);
  CHECK(device.slots.empty());
}

TEST_CASE("words for a note that changed meanwhile go through the conflict view; Discard removes them") {
  FakeDeviceStore device;
  {
    ClinicalHarness before(ClinicalHarness::patient_context(), &device);
    before.open_patient({make_note("note-1", 3, "Title", "Body")});
    before.open_device(device);
    before.type(" mine");
    before.wait(kDeviceCopyDelayMs);
  }
  {
    ClinicalHarness app(ClinicalHarness::patient_context(), &device);
    app.open_patient({make_note("note-1", 5, "Title", "Body, theirs")});
    app.open_device(device);
    app.state.commands.emplace_back(RestoreWords{});
    app.after_frame();
    const auto& e = app.state.clinical.editor;
    CHECK(e.status == SaveStatus::conflict);
    REQUIRE(e.theirs);
    CHECK(e.theirs->body == "Body, theirs");
    CHECK(e.body == "Body mine");
  }
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 5, "Title", "Body, theirs")});
  app.open_device(device);
  REQUIRE(app.state.clinical.device.offer);
  app.state.commands.emplace_back(DiscardWords{});
  app.after_frame();
  CHECK_FALSE(app.state.clinical.device.offer);
  CHECK(device.slots.empty());
}

TEST_CASE("copies the server already has, other patients' copies and unreadable ones are never offered") {
  FakeDeviceStore device;
  device.prefix = "hearbridge.unsaved/pra-1/user-1/";
  const UnsavedWords same{"pat-1", "note-1", 3, "", "", {}, "Title", "Body", 1'000};
  const UnsavedWords other{"pat-2", "note-9", 1, "", "", {}, "T", "Other patient's words", 2'000};
  device.slots[device.prefix + "note-1/1"] = to_json(same).dump();
  device.slots[device.prefix + "note-9/1"] = to_json(other).dump();
  device.slots[device.prefix + "note-x/1"] = "not words";
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.open_device(device);
  CHECK_FALSE(app.state.clinical.device.offer);
  CHECK(device.slots.size() == 1);  // only the other patient's copy is left, for when they open
  CHECK(device.slots.count(device.prefix + "note-9/1") == 1);
}

TEST_CASE("typing without a pause still saves every 30 s, so a clinician typing is never idle to the server") {
  ClinicalHarness app;
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  int saves = 0;
  for (int second = 0; second < 40 * 60; ++second) {
    app.type("a");
    app.wait(1000);
    for (size_t i = 0; i < app.http.sent.size(); ++i) {
      auto& s = app.http.sent[i];
      if (!s.answered && s.request.method == "PUT") {
        ++saves;
        const auto version = 3 + saves;
        app.http.reply(200, note_reply(make_note("note-1", version, "Title", app.state.clinical.editor.body)),
                       static_cast<int>(i));
      }
    }
  }
  // 40 minutes of typing: a save at least every 30 s (the server's idle timeout is 30 minutes).
  CHECK(saves >= 40 * 60 / 30);
}

TEST_CASE("the offer and the ended-session banner are drawn, and Restore is clicked like a person would") {
  HeadlessUi ui;
  FakeDeviceStore device;
  device.prefix = "hearbridge.unsaved/pra-1/user-1/";
  device.slots[device.prefix + "note-1/1"] =
      to_json(UnsavedWords{"pat-1", "note-1", 3, "", "", {}, "Title", "Body and more", 1'000'000}).dump();
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.open_device(device);
  ui.frame(app.state);
  REQUIRE(ui.target(app.state, "restore_offer"));
  const auto* restore = ui.target(app.state, "restore_words");
  REQUIRE(restore);
  ui.click(app.state, *restore);
  app.after_frame();
  CHECK(app.state.clinical.editor.body == "Body and more");
  app.wait(0);
  app.answer("PUT", "/api/interactions/note-1", 401, error_json(ErrorCode::session_expired));
  ui.frame(app.state);
  CHECK(ui.target(app.state, "ended_banner"));
  CHECK(ui.target(app.state, "note_body"));
  CHECK_FALSE(ui.target(app.state, "sign"));
  CHECK_FALSE(ui.target(app.state, "delete_note"));
}

TEST_CASE("an offer stays with its patient: switching patients withdraws it, and it never restores into another") {
  FakeDeviceStore device;
  device.prefix = "hearbridge.unsaved/pra-1/user-1/";
  device.slots[device.prefix + "new.pat-1/1"] =
      to_json(UnsavedWords{"pat-1", "", 0, "", "", {"ht_1"}, "Hearing test", "Words for pat-1", 1'000'000}).dump();
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({});
  app.open_device(device);
  REQUIRE(app.state.clinical.device.offer);
  app.state.commands.emplace_back(OpenPatient{"pat-2", {}, {}});
  app.after_frame();
  CHECK_FALSE(app.state.clinical.device.offer);
  app.state.commands.emplace_back(RestoreWords{});  // e.g. a click that was already on its way
  app.after_frame();
  CHECK(app.state.clinical.editor.body.empty());
  CHECK(app.find("POST", "/api/interactions") < 0);
  // Back on the first patient it is offered again, and restored with the tests it referred to.
  app.state.commands.emplace_back(OpenPatient{"pat-1", {}, {}});
  app.after_frame();
  app.answer("GET", "/api/interactions?patient_id=pat-1", 200, notes_reply({}));
  REQUIRE(app.state.clinical.device.offer);
  app.state.commands.emplace_back(RestoreWords{});
  app.after_frame();
  CHECK(app.state.clinical.editor.body == "Words for pat-1");
  CHECK(app.state.clinical.editor.referenced_tests == std::vector<std::string>{"ht_1"});
}

TEST_CASE("this launch's copy never overwrites an earlier launch's copy still on offer") {
  FakeDeviceStore device;
  device.prefix = "hearbridge.unsaved/pra-1/user-1/";
  const auto earlier = device.prefix + "note-1/1";
  device.slots[earlier] =
      to_json(UnsavedWords{"pat-1", "note-1", 3, "", "", {}, "Title", "Body, earlier words", 1'000'000}).dump();
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.open_device(device);
  REQUIRE(app.state.clinical.device.offer);
  app.type(" new words");  // typed before answering the offer
  app.wait(kDeviceCopyDelayMs);
  CHECK(device.slots.size() == 2);
  CHECK(device.slots.count(earlier) == 1);
  // Saved: this launch's copy goes, the earlier one stays on offer.
  app.wait(kAutosaveDelayMs);
  app.answer("PUT", "/api/interactions/note-1", 200, note_reply(make_note("note-1", 4, "Title", "Body new words")));
  app.wait(0);
  app.wait(0);
  CHECK(device.slots.size() == 1);
  CHECK(device.slots.count(earlier) == 1);
  CHECK(app.state.clinical.device.offer);
}

TEST_CASE("a recovery key that got no answer is asked again, so words are kept on the device after all") {
  FakeDeviceStore device;
  ClinicalHarness app(ClinicalHarness::patient_context(), &device);
  app.open_patient({make_note("note-1", 3, "Title", "Body")});
  app.http.fail_network(app.find("GET", "/api/session/recovery-key"));
  CHECK_FALSE(app.state.clinical.device.open);
  app.wait(kDeviceKeyRetryMs);
  app.open_device(device);
  CHECK(app.state.clinical.device.open);
  app.type(" kept");
  app.wait(kDeviceCopyDelayMs);
  CHECK(device.slots.size() == 1);
}

TEST_CASE("a delete that fails leaves the words it did not delete to be saved") {
  ClinicalHarness app;
  app.open_patient({make_note("note-1", 3, "Fitting", "Body")});
  app.type(" more");
  app.state.commands.emplace_back(DeleteNote{});
  app.after_frame();
  app.answer("DELETE", "/api/interactions/note-1", 500, error_json(ErrorCode::internal));
  CHECK(app.state.clinical.editor.open);
  app.wait(0);
  CHECK(app.find("PUT", "/api/interactions/note-1") >= 0);
}

// Writes that fail, injected for real into SQLite (a trigger that RAISEs, a deferred foreign key that
// fails the COMMIT): the caller gets an error, the whole transaction is rolled back, routes answer
// the catalogue's error, webhook intake does not acknowledge, and background jobs stay due.
#include <catch2/catch_test_macros.hpp>

#include "server/clinical/clinical_notes.hpp"
#include "server/clinical/hint_sync.hpp"
#include "server/hearlink/hearlink_sync.hpp"
#include "server/hearlink/patient_links.hpp"
#include "server/webhooks/inbox_processor.hpp"
#include "server/webhooks/inbox_writer.hpp"
#include "tests/server/webhook_test_support.hpp"
#include "tests/support/fake_transport.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/store_failure.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

// `event` is e.g. "BEFORE INSERT ON audit" or "BEFORE UPDATE OF hint_sync ON notes WHEN NEW.hint_sync = 'failed'".
void inject_failure(Database& db, const std::string& name, const std::string& event) {
  auto lock = db.lock();
  REQUIRE(db.exec("CREATE TRIGGER " + name + " " + event + " BEGIN SELECT RAISE(ABORT, 'injected'); END").ok());
}

void heal(Database& db, const std::string& name) {
  auto lock = db.lock();
  REQUIRE(db.exec("DROP TRIGGER " + name).ok());
}

int64_t count(Database& db, const std::string& sql) {
  auto lock = db.lock();
  return count_rows(db, sql);
}

std::string text(Database& db, const std::string& sql) {
  auto lock = db.lock();
  return text_of(db, sql);
}

struct Store {
  TempDir dir;
  FakeClock clock;
  std::filesystem::path file = dir.path() / "db.sqlite3";
  std::unique_ptr<Database> db = Database::open(file).value();
  TokenCipher cipher{std::string(32, 'k')};
  RoleMap roles = RoleMap::built_in();
  SessionStore sessions{*db, cipher, roles, SessionPolicy{120, 1800, 28800}, clock.clock()};
  ClinicalNotes notes{*db, clock.clock()};

  Handshake handshake(const std::string& practice) {
    Handshake h;
    h.user_id = "user-1";
    h.user_name = "Agustin Gomez";
    h.practice_id = practice;
    h.practice_name = "Practice " + practice;
    h.partner_roles = {"clinician"};
    h.access_token = "hint-access-token";
    return h;
  }
  std::string token(const std::string& practice) {
    return sessions.exchange(sessions.create(handshake(practice)).value(), "").value().token;
  }
};

}  // namespace

// --- the store -----------------------------------------------------------------------------------

TEST_CASE("a COMMIT that fails rolls the transaction back and leaves the connection usable") {
  Store s;
  // A deferred foreign key is only checked at COMMIT: the note, its audit row and outbox job are
  // all written, then COMMIT fails (and SQLite leaves the transaction open).
  REQUIRE(s.db->exec("CREATE TABLE wf_parent (id TEXT PRIMARY KEY); "
                     "CREATE TABLE wf_child (parent TEXT REFERENCES wf_parent (id) DEFERRABLE INITIALLY DEFERRED); "
                     "CREATE TRIGGER wf_orphan AFTER INSERT ON audit BEGIN INSERT INTO wf_child VALUES ('none'); END")
              .ok());
  auto failed = s.notes.create(clinician("pra-a"), "pat-1", "Title", "text", "");
  REQUIRE(!failed.ok());
  CHECK(failed.error().code == ErrorCode::internal);
  heal(*s.db, "wf_orphan");

  // The next save works and commits (the failed one did not stay open underneath it)…
  auto saved = s.notes.create(clinician("pra-a"), "pat-1", "Title", "text", "");
  REQUIRE(saved.ok());
  // …and another connection sees exactly that one note, with its one audit row and job.
  auto other = Database::open(s.file).value();
  CHECK(count_rows(*other, "SELECT COUNT(*) FROM notes") == 1);
  CHECK(count_rows(*other, "SELECT COUNT(*) FROM audit") == 1);
  CHECK(count_rows(*other, "SELECT COUNT(*) FROM outbox") == 1);
  CHECK(count_rows(*other, "SELECT COUNT(*) FROM wf_child") == 0);
}

// --- sessions ------------------------------------------------------------------------------------

TEST_CASE("a working token whose idle timer cannot be written is refused with internal, not let through") {
  Store s;
  auto token = s.token("pra-a");
  s.clock.advance(60);  // due for a touch
  inject_failure(*s.db, "wf_touch", "BEFORE UPDATE ON session_tokens");
  auto who = s.sessions.authenticate(token);
  REQUIRE(!who.ok());
  CHECK(who.error().code == ErrorCode::internal);
  heal(*s.db, "wf_touch");
  CHECK(s.sessions.authenticate(token).ok());
}

TEST_CASE("ending a practice's sessions deletes all or nothing") {
  Store s;
  auto token = s.token("pra-a");
  REQUIRE(s.db->exec("INSERT INTO practice_tokens (practice_id, token_enc, source, created_at) VALUES ('pra-a', x'00', "
                     "'oauth', 0)")
              .ok());
  inject_failure(*s.db, "wf_keep_token", "BEFORE DELETE ON practice_tokens");
  auto ended = end_practice_sessions(*s.db, "pra-a");
  REQUIRE(!ended.ok());
  CHECK(ended.error().code == ErrorCode::internal);
  // The tokens and sessions deleted before the failure are back: nothing was committed.
  CHECK(s.sessions.authenticate(token).ok());
  CHECK(count(*s.db, "SELECT COUNT(*) FROM sessions") == 1);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM practice_tokens") == 1);
  heal(*s.db, "wf_keep_token");
  CHECK(end_practice_sessions(*s.db, "pra-a").value() == 1);
}

TEST_CASE("a launch key whose working token cannot be stored is not used up") {
  Store s;
  auto key = s.sessions.create(s.handshake("pra-a")).value();
  inject_failure(*s.db, "wf_no_token", "BEFORE INSERT ON session_tokens");
  auto failed = s.sessions.exchange(key, "");
  REQUIRE(!failed.ok());
  CHECK(failed.error().code == ErrorCode::internal);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM sessions WHERE exchanged_at IS NOT NULL") == 0);
  heal(*s.db, "wf_no_token");
  CHECK(s.sessions.exchange(key, "").ok());
}

TEST_CASE("the handshake and exchange routes answer 500 internal when the session cannot be stored") {
  TempDir dir;
  FakeClock clock;
  auto config = manual_config(dir.path(), kHintKey);
  TestServer server(config, clock.clock());
  auto client = server.client();
  auto& db = server.app().database();

  inject_failure(db, "wf_no_session", "BEFORE INSERT ON sessions");
  check_error(post_signed(client, "/hint/handshake", handshake_body("pra-a", {"clinician"}).dump()), 500, "internal");
  heal(db, "wf_no_session");

  auto key = launch(client, handshake_body("pra-a", {"clinician"}));
  REQUIRE(!key.empty());
  inject_failure(db, "wf_no_token", "BEFORE INSERT ON session_tokens");
  auto exchange = [&] {
    return client.Post("/api/session/exchange", json{{"session_key", key}}.dump(), "application/json");
  };
  check_error(exchange(), 500, "internal");
  heal(db, "wf_no_token");
  auto res = exchange();
  REQUIRE(res);
  CHECK(res->status == 200);

  // A token due for its idle-timer write, which fails: refused with 500, never served.
  auto token = json::parse(res->body).value("token", "");
  clock.advance(60);
  inject_failure(db, "wf_touch", "BEFORE UPDATE ON session_tokens");
  check_error(client.Get("/api/session", bearer(token)), 500, "internal");
}

// --- notes: save and sign with their audit row and outbox job -------------------------------------

TEST_CASE("a note whose audit row or outbox job cannot be written is not saved at all") {
  Store s;
  auto who = clinician("pra-a");
  inject_failure(*s.db, "wf_no_audit", "BEFORE INSERT ON audit");
  auto created = s.notes.create(who, "pat-1", "Title", "text", "");
  REQUIRE(!created.ok());
  CHECK(created.error().code == ErrorCode::internal);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM notes") == 0);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM outbox") == 0);
  heal(*s.db, "wf_no_audit");

  inject_failure(*s.db, "wf_no_job", "BEFORE INSERT ON outbox");
  CHECK(s.notes.create(who, "pat-1", "Title", "text", "").error().code == ErrorCode::internal);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM notes") == 0);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM audit") == 0);
}

TEST_CASE("an edit or a signature whose write fails is an internal error, not a conflict, and changes nothing") {
  Store s;
  auto who = clinician("pra-a");
  auto note = s.notes.create(who, "pat-1", "Title", "v1", "").value();

  inject_failure(*s.db, "wf_frozen", "BEFORE UPDATE ON notes");
  CHECK(s.notes.update(who, note.id, 1, "Title", "v2").error().code == ErrorCode::internal);
  CHECK(s.notes.sign(who, note.id, 1).error().code == ErrorCode::internal);
  heal(*s.db, "wf_frozen");

  // The note's own update succeeds, its audit row fails: the update is rolled back with it.
  inject_failure(*s.db, "wf_no_audit", "BEFORE INSERT ON audit");
  CHECK(s.notes.update(who, note.id, 1, "New title", "v2").error().code == ErrorCode::internal);
  CHECK(s.notes.sign(who, note.id, 1).error().code == ErrorCode::internal);
  heal(*s.db, "wf_no_audit");
  // The re-armed outbox job fails: the signature goes with it.
  inject_failure(*s.db, "wf_no_job", "BEFORE UPDATE ON outbox");
  CHECK(s.notes.sign(who, note.id, 1).error().code == ErrorCode::internal);
  heal(*s.db, "wf_no_job");

  auto stored = s.notes.get("pra-a", note.id).value();
  CHECK(stored.version == 1);
  CHECK(stored.title == "Title");
  CHECK(stored.body == "v1");
  CHECK(!stored.signed_);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM audit") == 1);  // note.create only
  CHECK(s.notes.sign(who, note.id, 1).ok());
}

TEST_CASE("the note routes answer 500 internal when a save fails, and keep the note as it was") {
  TempDir dir;
  FakeClock clock;
  auto config = manual_config(dir.path(), kHintKey);
  TestServer server(config, clock.clock());
  auto client = server.client();
  auto& db = server.app().database();
  auto handshake = handshake_body("pra-a", {"clinician"});
  handshake.erase("access_token");
  handshake["patient"] = {{"id", "pat-1"}};
  auto token = launch_and_exchange(client, handshake);
  REQUIRE(!token.empty());
  auto headers = bearer(token);

  inject_failure(db, "wf_no_audit", "BEFORE INSERT ON audit");
  check_error(client.Post("/api/interactions", headers,
                          json{{"patient_id", "pat-1"}, {"title", "T"}, {"body", "b"}}.dump(), "application/json"),
              500, "internal");
  CHECK(count(db, "SELECT COUNT(*) FROM notes") == 0);
  heal(db, "wf_no_audit");

  auto created = client.Post("/api/interactions", headers,
                             json{{"patient_id", "pat-1"}, {"title", "T"}, {"body", "b"}}.dump(), "application/json");
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const auto id = json::parse(created->body)["note"]["id"].get<std::string>();

  inject_failure(db, "wf_frozen", "BEFORE UPDATE ON notes");
  auto edit_headers = headers;
  edit_headers.emplace("If-Match", "\"1\"");
  check_error(client.Put("/api/interactions/" + id, edit_headers, json{{"title", "T"}, {"body", "b2"}}.dump(),
                         "application/json"),
              500, "internal");
  check_error(client.Post("/api/interactions/" + id + "/sign", edit_headers, "{}", "application/json"), 500,
              "internal");
  heal(db, "wf_frozen");

  auto note = json::parse(client.Get("/api/interactions/" + id, headers)->body)["note"];
  CHECK(note["version"] == 1);
  CHECK(note["body"] == "b");
}

// --- webhooks: intake and processing ------------------------------------------------------------

TEST_CASE("a webhook whose inbox write fails is not acknowledged, and its retry is stored") {
  TempDir dir;
  FakeClock clock;
  auto config = manual_config(dir.path(), kWebhookHintKey);
  TestServer server(config, clock.clock());
  auto client = server.client();
  auto& db = server.app().database();
  const auto body = hint_event("evt-1", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z");
  auto post = [&] {
    return client.Post("/webhooks/hint", httplib::Headers{{"X-Hint-Signature", sign_hint(kWebhookHintKey, body)}}, body,
                       "application/json");
  };

  inject_failure(db, "wf_no_inbox", "BEFORE INSERT ON webhook_inbox");
  check_error(post(), 500, "internal");
  CHECK(count(db, "SELECT COUNT(*) FROM webhook_inbox") == 0);
  heal(db, "wf_no_inbox");

  auto retried = post();
  REQUIRE(retried);
  CHECK(retried->status == 200);
  CHECK(json::parse(retried->body) == json{{"received", true}, {"duplicate", false}});
  CHECK(count(db, "SELECT COUNT(*) FROM webhook_inbox") == 1);
}

namespace {

// A store with its inbox: the writer intake uses and one processor (no deactivation hook).
struct Inbox : Store {
  WebhookMetrics metrics;
  InboxProcessor processor{*db, clock.clock(), nullptr, metrics};
  std::unique_ptr<InboxWriter> writer = InboxWriter::open(file, {}).value();

  // Hint's patient.created for pra-1's pat-1, stored as intake stores it before its 200.
  void receive_patient_created() {
    const auto body = hint_event("evt-1", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z");
    REQUIRE(writer->append(InboxEvent{"hint", "evt-1", "patient.created", "pra-1", {}, clock.now->load(), body}).ok());
  }
};

}  // namespace

TEST_CASE("a Hint patient whose HearLink link cannot be queued is retried, with nothing of the event kept") {
  Inbox s;
  s.receive_patient_created();
  auto& processor = s.processor;

  inject_failure(*s.db, "wf_no_link", "BEFORE INSERT ON patient_links");
  CHECK(processor.process_due() == 1);
  CHECK(text(*s.db, "SELECT status || ' ' || attempts FROM webhook_inbox") == "pending 1");
  // The patient upsert before the failed link write went with the event's savepoint.
  CHECK(count(*s.db, "SELECT COUNT(*) FROM hint_patients") == 0);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM outbox") == 0);
  heal(*s.db, "wf_no_link");

  s.clock.advance(retry_delay_s(1));
  CHECK(processor.process_due() == 1);
  CHECK(text(*s.db, "SELECT status FROM webhook_inbox") == "processed");
  CHECK(count(*s.db, "SELECT COUNT(*) FROM hint_patients") == 1);
  CHECK(text(*s.db, "SELECT status FROM patient_links") == "pending");
  CHECK(text(*s.db, "SELECT kind FROM outbox") == kCreateHearLinkPatient);
}

TEST_CASE("a practice deactivation whose sessions cannot be ended is retried, not marked processed") {
  Store s;
  auto token = s.token("pra-1");
  WebhookMetrics metrics;
  InboxProcessor processor{*s.db, s.clock.clock(),
                           [](Database& db, std::string_view practice_id) -> Status {
                             auto ended = end_practice_sessions(db, practice_id);
                             return ended ? ok_status() : Status(ended.error());
                           },
                           metrics};
  auto writer = InboxWriter::open(s.file, {}).value();
  const auto body = json{{"id", "evt-d"}, {"type", "integration.deactivated"}, {"practice_id", "pra-1"}}.dump();
  REQUIRE(writer->append(InboxEvent{"hint", "evt-d", "integration.deactivated", "pra-1", {}, s.clock.now->load(), body})
              .ok());

  inject_failure(*s.db, "wf_keep_sessions", "BEFORE DELETE ON sessions");
  CHECK(processor.process_due() == 1);
  CHECK(text(*s.db, "SELECT status || ' ' || attempts FROM webhook_inbox") == "pending 1");
  CHECK(s.sessions.authenticate(token).ok());
  heal(*s.db, "wf_keep_sessions");
  s.clock.advance(retry_delay_s(1));
  CHECK(processor.process_due() == 1);
  CHECK(text(*s.db, "SELECT status FROM webhook_inbox") == "processed");
  CHECK(!s.sessions.authenticate(token).ok());
}

TEST_CASE("when a row's outcome cannot be recorded the whole batch is rolled back and stays due") {
  Inbox s;
  s.receive_patient_created();
  auto& processor = s.processor;

  inject_failure(*s.db, "wf_no_outcome", "BEFORE UPDATE ON webhook_inbox");
  CHECK(processor.process_due() == 0);
  CHECK(text(*s.db, "SELECT status || ' ' || attempts FROM webhook_inbox") == "pending 0");
  CHECK(count(*s.db, "SELECT COUNT(*) FROM hint_patients") == 0);
  heal(*s.db, "wf_no_outcome");
  CHECK(processor.process_due() == 1);
  CHECK(count(*s.db, "SELECT COUNT(*) FROM hint_patients") == 1);
}

// --- the outbox: job outcomes ---------------------------------------------------------------------

namespace {

struct Sync : Store {
  RecordingTransport transport;
  FakePacing pacing;
  RateLimiter limiter{18, 2, pacing.pacing()};
  HintClient hint{transport, limiter, pacing.pacing(), RetryPolicy{1, 250, 4000}, [] { return 0.5; }};
  HintSync sync{*db, sessions, cipher, hint, clock.clock(), [] { return std::string("https://hearbridge.example"); }};
  Principal who;

  Sync() { who = sessions.authenticate(token("pra-a")).value(); }
  std::string job() { return text(*db, "SELECT status || ' ' || attempts FROM outbox"); }
};

}  // namespace

TEST_CASE("a Hint create does not go out while its creating marker cannot be stored") {
  Sync f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  inject_failure(*f.db, "wf_no_marker", "BEFORE UPDATE OF hint_sync ON notes WHEN NEW.hint_sync = 'creating'");
  f.transport.answer(200, R"({"id": "inter-9"})");
  CHECK(f.sync.run_due() == 0);
  CHECK(f.transport.requests.empty());
  CHECK(f.job() == "pending 0");
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "pending");
  heal(*f.db, "wf_no_marker");
  CHECK(f.sync.run_due() == 1);
  CHECK(f.transport.requests.size() == 1);
  CHECK(f.job() == "done 0");
}

TEST_CASE("a job outcome that cannot be stored leaves the job due as it was, never half recorded") {
  Sync f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  // Hint refuses: the job gives up and the note shows failed, both or neither.
  inject_failure(*f.db, "wf_no_failed", "BEFORE UPDATE OF hint_sync ON notes WHEN NEW.hint_sync = 'failed'");
  f.transport.answer(400, R"({"error": "bad"})");
  CHECK(f.sync.run_due() == 0);
  CHECK(f.job() == "pending 0");
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "pending");
  heal(*f.db, "wf_no_failed");
  f.transport.answer(400, R"({"error": "bad"})");
  CHECK(f.sync.run_due() == 1);
  CHECK(f.job() == "failed 1");
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "failed");
}

TEST_CASE("a sync whose done mark cannot be stored stays due and is settled by the next run") {
  Sync f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  inject_failure(*f.db, "wf_not_done", "BEFORE UPDATE OF status ON outbox WHEN NEW.status = 'done'");
  f.transport.answer(200, R"({"id": "inter-9"})");
  CHECK(f.sync.run_due() == 0);
  CHECK(f.job() == "pending 0");
  heal(*f.db, "wf_not_done");
  CHECK(f.sync.run_due() == 1);
  CHECK(f.transport.requests.size() == 1);  // the interaction id was stored: no second create
  CHECK(f.job() == "done 0");
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "synced");
}

// --- practice settings ----------------------------------------------------------------------------

TEST_CASE("a settings save with a failed write answers 500 internal and changes nothing") {
  TempDir dir;
  FakeClock clock;
  auto config = manual_config(dir.path(), kHintKey);
  TestServer server(config, clock.clock());
  auto client = server.client();
  auto& db = server.app().database();
  auto handshake = handshake_body("pra-a", {"admin"});
  handshake.erase("access_token");
  auto token = launch_and_exchange(client, handshake);
  REQUIRE(!token.empty());
  const json update{{"hearlink_api_key", "hl_live_secret_9f2a"}, {"hearlink_webhook_secrets", {"whsec_one"}}};
  auto put = [&] { return client.Put("/api/settings", bearer(token), update.dump(), "application/json"); };
  auto key_set = [&] {
    return json::parse(client.Get("/api/settings", bearer(token))->body)["hearlink_api_key"]["set"];
  };

  // The API key is written first, then the secrets fail: the key must not stay.
  inject_failure(db, "wf_no_secrets", "BEFORE UPDATE OF hearlink_webhook_secrets_enc ON practice_settings");
  check_error(put(), 500, "internal");
  CHECK(key_set() == false);
  heal(db, "wf_no_secrets");

  // The settings are written, the audit row fails: nothing stays either.
  inject_failure(db, "wf_no_audit", "BEFORE INSERT ON audit");
  check_error(put(), 500, "internal");
  CHECK(key_set() == false);
  heal(db, "wf_no_audit");

  auto saved = put();
  REQUIRE(saved);
  CHECK(saved->status == 200);
  CHECK(key_set() == true);
}

// --- the HearLink bridge --------------------------------------------------------------------------

TEST_CASE("a link request whose outbox job cannot be queued answers 500 and leaves no link") {
  TempDir dir;
  FakeClock clock;
  auto config = manual_config(dir.path(), kHintKey);
  TestServer server(config, clock.clock());
  auto client = server.client();
  auto& db = server.app().database();
  {
    auto lock = db.lock();
    seed_hint_patient(db, "pra-a", "pat-a1", nlohmann::json{{"id", "pat-a1"}});
  }
  auto handshake = handshake_body("pra-a", {"clinician"});
  handshake.erase("access_token");
  auto token = launch_and_exchange(client, handshake);
  REQUIRE(!token.empty());

  inject_failure(db, "wf_no_job", "BEFORE INSERT ON outbox");
  check_error(client.Post("/api/patients/pat-a1/link", bearer(token), "", "application/json"), 500, "internal");
  CHECK(count(db, "SELECT COUNT(*) FROM patient_links") == 0);
  heal(db, "wf_no_job");

  auto res = client.Post("/api/patients/pat-a1/link", bearer(token), "", "application/json");
  REQUIRE(res);
  CHECK(res->status == 202);
  CHECK(count(db, "SELECT COUNT(*) FROM patient_links WHERE status = 'pending'") == 1);
  CHECK(count(db, "SELECT COUNT(*) FROM outbox WHERE kind = 'hearlink.create_patient'") == 1);
}

TEST_CASE("a HearLink job outcome that cannot be stored is never half recorded") {
  Store s;
  PracticeSettingsStore settings{*s.db, s.cipher, s.clock.clock()};
  RecordingTransport transport;
  FakePacing pacing;
  HearLinkClient hearlink{transport, pacing.pacing(), RetryPolicy{1, 250, 4000}, [] { return 0.5; }};
  HearLinkSync sync{*s.db, settings, hearlink, s.notes, s.clock.clock()};
  PracticeSettingsUpdate update;
  update.hearlink_api_key = "hl-key-0001";
  update.default_clinic = IdOrName{"", "Manchester"};
  update.default_referral = IdOrName{"", "Hint"};
  update.default_status = IdOrName{"", "Patient Created"};
  REQUIRE(settings.save("pra-1", "admin-1", update).ok());
  {
    auto lock = s.db->lock();
    seed_hint_patient(*s.db, "pra-1", "pat-1", nlohmann::json::parse(read_test_data("hint_patient.json")));
    auto tx = Transaction::begin(*s.db);
    REQUIRE(tx.ok());
    REQUIRE(request_link(*s.db, "pra-1", "pat-1", "", LinkRequest::created, s.clock.now->load()).value());
    REQUIRE(tx.value().commit().ok());
  }

  // HearLink refuses the patient: the link shows failed and the job gives up, both or neither.
  inject_failure(*s.db, "wf_no_failed_link", "BEFORE UPDATE ON patient_links WHEN NEW.status = 'failed'");
  transport.answer(400, R"({"success": false, "error": {"code": "VALIDATION_ERROR", "message": "Invalid"}})");
  CHECK(sync.run_due() == 0);
  CHECK(text(*s.db, "SELECT status || ' ' || attempts FROM outbox") == "pending 0");
  CHECK(text(*s.db, "SELECT status FROM patient_links") == "creating");
}

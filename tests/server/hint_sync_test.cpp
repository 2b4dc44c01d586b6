#include "server/clinical/hint_sync.hpp"

#include <catch2/catch_test_macros.hpp>
#include <map>

#include "server/clinical/clinical_notes.hpp"
#include "tests/support/fake_transport.hpp"
#include "tests/support/test_app.hpp"

using namespace hb::test;
using nlohmann::json;

namespace {

struct Fixture {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<hb::Database> db = std::move(hb::Database::open(dir.path() / "db.sqlite3")).value();
  hb::TokenCipher cipher{std::string(32, 'k')};
  hb::RoleMap roles = hb::RoleMap::built_in();
  hb::SessionStore sessions{*db, cipher, roles, {}, clock.clock()};
  RecordingTransport transport;
  FakePacing pacing;
  hb::RateLimiter limiter{18, 2, pacing.pacing()};
  hb::HintClient hint{transport, limiter, pacing.pacing(), hb::RetryPolicy{1, {500, 4000}}, [] { return 0.5; }};
  hb::ClinicalNotes notes{*db, clock.clock()};
  hb::HintSync sync{*db,  sessions,      cipher,
                    hint, clock.clock(), [] { return std::string("https://hearbridge.example"); }};
  hb::Principal who;

  Fixture() {
    hb::Handshake h;
    h.user_id = "user-1";
    h.user_name = "Dr. Ana";
    h.practice_id = "pra-a";
    h.partner_roles = {"clinician"};
    h.access_token = "session-hint-token";
    auto token = sessions.exchange(sessions.create(h).value(), "").value().token;
    who = sessions.authenticate(token).value();
  }
  std::string job_status() {
    auto lock = db->lock();
    auto stmt = db->prepare("SELECT status FROM outbox");
    return stmt.step() ? stmt.text(0) : "";
  }
};

}  // namespace

TEST_CASE("a new draft creates one partner interaction in Hint pointing back to the note") {
  Fixture f;
  auto note = f.notes.create(f.who, "pat-1", "Hearing review", "text", "").value();
  f.transport.answer(200, R"({"id": "inter-9", "status": "draft"})");
  CHECK(f.sync.run_due() == 1);
  REQUIRE(f.transport.requests.size() == 1);
  const auto& request = f.transport.requests[0];
  CHECK(request.method == "POST");
  CHECK(request.path == "/provider/patients/pat-1/interactions/partner");
  CHECK(request.headers.find("Authorization")->second == "Bearer session-hint-token");
  auto body = json::parse(request.body);
  CHECK(body["status"] == "draft");
  CHECK(body["title"] == "Hearing review");
  CHECK(body["integration_record_id"] == note.id);
  CHECK(body["integration_web_link"] == "https://hearbridge.example/hint/clinical_interaction#note=" + note.id);
  CHECK(body.find("body") == body.end());  // the note text stays in HearBridge
  auto stored = f.notes.get("pra-a", note.id).value();
  CHECK(stored.hint_interaction_id == "inter-9");
  CHECK(stored.hint_sync == "synced");
  CHECK(f.job_status() == "done");
  CHECK(f.sync.run_due() == 0);
}

TEST_CASE("signing PATCHes status signed on the existing interaction, once") {
  Fixture f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  f.transport.answer(200, R"({"id": "inter-9"})");
  f.sync.run_due();
  f.notes.sign(f.who, note.id, 1).value();
  f.transport.answer(200, R"({"id": "inter-9", "status": "signed"})");
  f.sync.run_due();
  REQUIRE(f.transport.requests.size() == 2);
  CHECK(f.transport.requests[1].method == "PATCH");
  CHECK(f.transport.requests[1].path == "/provider/patients/pat-1/interactions/partner/inter-9");
  CHECK(json::parse(f.transport.requests[1].body) == json{{"status", "signed"}});
  f.notes.sign(f.who, note.id, 2).value();  // signing again queues nothing new
  CHECK(f.sync.run_due() == 0);
}

TEST_CASE("while Hint is down drafting goes on, and the outbox catches up later with back-off") {
  Fixture f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  f.transport.fail(hb::TransportFailure::not_sent);
  f.sync.run_due();
  CHECK(f.job_status() == "pending");
  CHECK(f.notes.update(f.who, note.id, 1, "Title", "still drafting").ok());
  CHECK(f.sync.run_due() == 0);  // not due yet: back-off
  f.clock.advance(hb::outbox_backoff_s(1));
  f.transport.answer(200, R"({"id": "inter-9"})");
  CHECK(f.sync.run_due() == 1);
  CHECK(f.notes.get("pra-a", note.id).value().hint_interaction_id == "inter-9");
  CHECK(f.transport.requests.size() == 2);
}

TEST_CASE("a create whose answer was lost is never sent again: the job waits for a person's check") {
  Fixture f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  f.transport.fail(hb::TransportFailure::maybe_applied);
  f.sync.run_due();
  CHECK(f.job_status() == "needs_check");
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "needs_check");
  // Later changes (even a title change, which re-arms the job) do not resend the create.
  f.notes.update(f.who, note.id, 1, "New title", "text").value();
  f.clock.advance(7200);
  f.sync.run_due();
  CHECK(f.transport.requests.size() == 1);
}

TEST_CASE("after the session ends, the practice's activation token is used") {
  Fixture f;
  f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  REQUIRE(f.db->exec("DELETE FROM sessions").ok());
  {
    auto lock = f.db->lock();
    auto insert = f.db->prepare(
        "INSERT INTO practice_tokens (practice_id, token_enc, source, created_at) VALUES (?, ?, 'oauth', 0)");
    REQUIRE(insert.bind(1, "pra-a")
                .bind_blob(2, f.cipher.encrypt("practice-token", hb::practice_token_aad("pra-a")))
                .run());
  }
  f.transport.answer(200, R"({"id": "inter-9"})");
  f.sync.run_due();
  CHECK(f.transport.requests.at(0).headers.find("Authorization")->second == "Bearer practice-token");
}

TEST_CASE("with no Hint token at all the job waits and retries, and Hint's refusal fails it visibly") {
  Fixture f;
  f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  REQUIRE(f.db->exec("DELETE FROM sessions").ok());
  f.sync.run_due();
  CHECK(f.transport.requests.empty());
  CHECK(f.job_status() == "pending");

  Fixture g;
  auto note = g.notes.create(g.who, "pat-1", "Title", "text", "").value();
  g.transport.answer(422, R"({"status": 422, "message": "Patient is archived"})");
  g.sync.run_due();
  CHECK(g.job_status() == "failed");
  CHECK(g.notes.get("pra-a", note.id).value().hint_sync == "failed");
}

TEST_CASE("a run that stopped between sending the create and storing the answer never creates again") {
  Fixture f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  // What a SIGKILL after the request went out leaves behind: the committed marker, no Hint id.
  REQUIRE(f.db->exec("UPDATE notes SET hint_sync = 'creating'").ok());
  f.transport.answer(200, R"({"id": "inter-9"})");
  f.sync.run_due();
  CHECK(f.transport.requests.empty());
  CHECK(f.job_status() == "needs_check");
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "needs_check");
}

TEST_CASE("a create that surely did not reach Hint leaves no marker, so the retry may create") {
  Fixture f;
  auto note = f.notes.create(f.who, "pat-1", "Title", "text", "").value();
  f.transport.fail(hb::TransportFailure::not_sent);
  f.sync.run_due();
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "pending");
  f.clock.advance(hb::outbox_backoff_s(1));
  f.transport.answer(200, R"({"id": "inter-9"})");
  f.sync.run_due();
  CHECK(f.notes.get("pra-a", note.id).value().hint_sync == "synced");
}

TEST_CASE("a signed addendum turns the signed note's interaction addended; the addendum has its own") {
  Fixture f;
  auto original = f.notes.create(f.who, "pat-1", "Hearing review", "text", "").value();
  f.transport.answer(200, R"({"id": "inter-1"})");
  f.sync.run_due();
  f.notes.sign(f.who, original.id, 1).value();
  f.transport.answer(200, R"({"id": "inter-1", "status": "signed"})");
  f.sync.run_due();
  hb::NoteCreateRequest request{"pat-1", "Addendum to Hearing review", "Later: wax", "", original.id, {}};
  auto addendum = f.notes.create(f.who, request).value();
  f.transport.answer(200, R"({"id": "inter-2"})");
  f.sync.run_due();
  REQUIRE(f.transport.requests.size() == 3);
  CHECK(f.transport.requests[2].method == "POST");  // the addendum's own interaction, a draft
  f.transport.requests.clear();

  f.notes.sign(f.who, addendum.id, 1).value();
  f.transport.answer(200, R"({"id": "inter-2", "status": "signed"})");
  f.transport.answer(200, R"({"id": "inter-1", "status": "addended"})");
  CHECK(f.sync.run_due() == 2);
  REQUIRE(f.transport.requests.size() == 2);
  std::map<std::string, json> patches;
  for (const auto& r : f.transport.requests) {
    CHECK(r.method == "PATCH");
    patches[r.path.substr(r.path.rfind('/') + 1)] = json::parse(r.body);
  }
  CHECK(patches["inter-2"] == json{{"status", "signed"}});
  CHECK(patches["inter-1"] == json{{"status", "addended"}});  // no title: Hint keeps a signed one as it was
  CHECK(f.sync.run_due() == 0);
}

TEST_CASE("a deleted draft's interaction goes to deleted; a draft Hint never had is not created at all") {
  Fixture f;
  auto known = f.notes.create(f.who, "pat-1", "Hearing review", "text", "").value();
  f.transport.answer(200, R"({"id": "inter-1"})");
  f.sync.run_due();
  f.notes.remove(f.who, known.id, 1).value();
  f.transport.answer(200, R"({"id": "inter-1", "status": "deleted"})");
  f.sync.run_due();
  REQUIRE(f.transport.requests.size() == 2);
  CHECK(f.transport.requests[1].method == "PATCH");
  CHECK(json::parse(f.transport.requests[1].body) == json{{"status", "deleted"}});

  f.transport.requests.clear();
  auto unsent = f.notes.create(f.who, "pat-1", "Second", "text", "").value();
  f.notes.remove(f.who, unsent.id, 1).value();
  CHECK(f.sync.run_due() == 1);
  CHECK(f.transport.requests.empty());
  CHECK(f.sync.run_due() == 0);
}

TEST_CASE("an addendum signed before the note's signature reached Hint moves it draft → signed → addended") {
  Fixture f;
  auto original = f.notes.create(f.who, "pat-1", "Hearing review", "text", "").value();
  f.transport.answer(200, R"({"id": "inter-1"})");
  f.sync.run_due();
  f.transport.requests.clear();
  f.notes.sign(f.who, original.id, 1).value();  // Hint hears of neither signature before the addendum's
  hb::NoteCreateRequest request{"pat-1", "Addendum to Hearing review", "Later", "", original.id, {}};
  auto addendum = f.notes.create(f.who, request).value();
  f.notes.sign(f.who, addendum.id, 1).value();
  for (int i = 0; i < 4; ++i) f.transport.answer(200, R"({"id": "inter-2"})");
  f.sync.run_due();
  std::vector<json> to_original;
  for (const auto& r : f.transport.requests) {
    if (r.path.ends_with("/inter-1")) to_original.push_back(json::parse(r.body));
  }
  REQUIRE(to_original.size() == 2);
  CHECK(to_original[0] == json{{"status", "signed"}});
  CHECK(to_original[1] == json{{"status", "addended"}});
}

TEST_CASE("a draft deleted before Hint had it needs no Hint token: its job is done without one") {
  Fixture f;
  auto offline = f.who;
  offline.session_id.clear();  // no session token, and the practice is not activated: no token at all
  auto note = f.notes.create(offline, "pat-1", "Title", "text", "").value();
  f.notes.remove(offline, note.id, 1).value();
  CHECK(f.sync.run_due() == 1);
  CHECK(f.transport.requests.empty());
  CHECK(f.job_status() == "done");
}

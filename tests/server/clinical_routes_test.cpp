// Drafting and signing over HTTP, and the tenancy/permission matrix: practice A's token can
// neither read nor change practice B's patients, notes or audit; view-only cannot draft; only
// sign can sign; a denied session can do nothing.
#include <atomic>
#include <catch2/catch_test_macros.hpp>
#include <set>
#include <thread>

#include "shared/admin_views.hpp"
#include "shared/clinical_note.hpp"
#include "shared/hearing_record.hpp"
#include "shared/iso8601.hpp"
#include "shared/patient.hpp"
#include "shared/worklist.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/shared_reply.hpp"
#include "tests/support/test_app.hpp"

using namespace hb::test;
using nlohmann::json;

namespace {

struct Clinic {
  TempDir dir;
  FakeClock clock;
  TestServer server;
  httplib::Client client = server.client();

  static hb::Config config(const TempDir& d) {
    auto c = test_config(d.path());
    c.hint_webhook_secret = kHintKey;
    c.outbox_worker = false;                // Hint is not reachable here; jobs stay queued
    c.hint_api_url = "http://127.0.0.1:9";  // nothing listens: the Hint fallback fails fast
    return c;
  }
  Clinic() : server(config(dir), clock.clock()) {
    // Two practices' patients in the local copy (as webhooks would have stored them).
    seed_patient("pra-a", "pat-a1", "Zoë Ñúñez-Łukasz");
    seed_patient("pra-b", "pat-b1", "Søren Ågård");
  }
  void seed_patient(const std::string& practice, const std::string& id, const std::string& name) {
    auto& db = server.app().database();
    auto lock = db.lock();
    seed_hint_patient(db, practice, id, json{{"id", id}, {"name", name}, {"dob", "1966-10-02"}, {"age", 60}});
  }
  // Sessions without a Hint token: reads come from the local copy only (no Hint fallback).
  std::string token(const std::string& practice, std::vector<std::string> roles, const std::string& patient = "") {
    auto body = handshake_body(practice, roles);
    body.erase("access_token");
    if (!patient.empty()) body["patient"] = {{"id", patient}};
    return launch_and_exchange(client, body);
  }
  httplib::Result post(const std::string& token, const std::string& path, const json& body) {
    return client.Post(path, bearer(token), body.dump(), "application/json");
  }
  httplib::Result put(const std::string& token, const std::string& path, const json& body, int64_t version) {
    auto headers = bearer(token);
    headers.emplace("If-Match", "\"" + std::to_string(version) + "\"");
    return client.Put(path, headers, body.dump(), "application/json");
  }
  json create(const std::string& token, const std::string& patient) {
    auto res =
        post(token, "/api/interactions", {{"patient_id", patient}, {"title", "Hearing review"}, {"body", "Findings"}});
    REQUIRE(res);
    REQUIRE(res->status == 201);
    read_reply(res, hb::parse_note_reply);  // the UI's reading of it
    return json::parse(res->body)["note"];
  }
};

std::string code_of(const httplib::Result& res) {
  return std::string(hb::error_info(read_reply(res, hb::parse_error_reply).error.code).code);
}

}  // namespace

TEST_CASE("draft, two edits, sign: versions, ETags and the frozen signed note") {
  Clinic t;
  auto a = t.token("pra-a", {"clinician"});
  auto note = t.create(a, "pat-a1");
  const std::string path = "/api/interactions/" + note["id"].get<std::string>();
  CHECK(note["version"] == 1);
  CHECK(note["status"] == "draft");

  auto first = t.put(a, path, {{"title", "Hearing review"}, {"body", "Findings, Zoë"}}, 1);
  REQUIRE(first->status == 200);
  CHECK(first->get_header_value("ETag") == "\"2\"");
  auto second = t.put(a, path, {{"title", "Hearing review"}, {"body", "Findings, Zoë — revised"}}, 2);
  REQUIRE(second->status == 200);

  auto stale = t.put(a, path, {{"title", "x"}, {"body", "overwrite"}}, 2);
  REQUIRE(stale->status == 409);
  auto conflict = read_reply(stale, hb::parse_note_conflict);
  CHECK(conflict.error.code == hb::ErrorCode::conflict);
  REQUIRE(conflict.current);
  CHECK(conflict.current->version == 3);
  CHECK(conflict.current->body == "Findings, Zoë — revised");

  auto signed_note = t.post(a, path + "/sign", {{"version", 3}});
  REQUIRE(signed_note->status == 200);
  auto signed_json = read_reply(signed_note, hb::parse_note_reply).note;
  CHECK(signed_json.signed_);
  CHECK(signed_json.signed_by == "Agustin Gomez");
  CHECK(!signed_json.content_hash.empty());

  auto late_edit = t.put(a, path, {{"title", "x"}, {"body", "y"}}, 4);
  CHECK(late_edit->status == 409);
  CHECK(t.post(a, path + "/sign", {{"version", 4}})->status == 200);  // harmless

  auto listed = t.client.Get("/api/interactions?patient_id=pat-a1", bearer(a));
  CHECK(read_reply(listed, hb::parse_note_list).items.size() == 1);
  const auto admin = t.token("pra-a", {"admin"});
  auto audit = t.client.Get("/api/admin/audit", bearer(admin));
  REQUIRE(audit->status == 200);
  std::vector<std::string> actions;
  for (const auto& row : read_reply(audit, hb::parse_audit_page).items) actions.push_back(row.action);
  CHECK(actions == std::vector<std::string>{"note.sign", "note.update", "note.update", "note.create"});
  CHECK(audit->body.find("Findings") == std::string::npos);
  CHECK(audit->body.find("Zoë") == std::string::npos);
  // Paging: `before` the second row's id gives the rows after it; a limit of 1 gives one.
  const auto rows = read_reply(audit, hb::parse_audit_page).items;
  auto page = t.client.Get("/api/admin/audit?limit=1&before=" + std::to_string(rows[1].id), bearer(admin));
  REQUIRE(page->status == 200);
  const auto paged = read_reply(page, hb::parse_audit_page).items;
  REQUIRE(paged.size() == 1);
  CHECK(paged[0] == rows[2]);

  auto outbox = t.client.Get("/api/admin/outbox", bearer(admin));
  REQUIRE(outbox->status == 200);
  const auto jobs = read_reply(outbox, hb::parse_outbox_list).items;
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].status == "pending");
  // Paged by id like the audit: after the last job there is nothing.
  auto after = t.client.Get("/api/admin/outbox?limit=1&after=" + std::to_string(jobs[0].id), bearer(admin));
  REQUIRE(after->status == 200);
  CHECK(read_reply(after, hb::parse_outbox_list).items.empty());
}

TEST_CASE("practice A's token can neither read nor change practice B's patients, notes or audit") {
  Clinic t;
  auto a = t.token("pra-a", {"admin"});
  auto b = t.token("pra-b", {"admin"});
  auto b_note = t.create(b, "pat-b1");
  const std::string b_path = "/api/interactions/" + b_note["id"].get<std::string>();

  CHECK(t.client.Get("/api/patients/pat-b1", bearer(a))->status == 404);
  CHECK(t.client.Get("/api/patients/pat-b1/hearing", bearer(a))->status == 404);
  // Both practices' patients were born on 1966-10-02: only Zoë is A's.
  auto born = json::parse(t.client.Get("/api/patients?query=1966-10-02", bearer(a))->body)["items"];
  REQUIRE(born.size() == 1);
  CHECK(born[0]["id"] == "pat-a1");
  CHECK(json::parse(t.client.Get("/api/patients?query=soren", bearer(a))->body)["items"].empty());
  CHECK(t.client.Get(b_path, bearer(a))->status == 404);
  CHECK(t.put(a, b_path, {{"title", "x"}, {"body", "y"}}, 1)->status == 404);
  CHECK(t.post(a, b_path + "/sign", {{"version", 1}})->status == 404);
  CHECK(json::parse(t.client.Get("/api/interactions?patient_id=pat-b1", bearer(a))->body)["items"].empty());
  CHECK(t.post(a, "/api/interactions", {{"patient_id", "pat-b1"}, {"title", "t"}, {"body", "b"}})->status == 404);
  CHECK(json::parse(t.client.Get("/api/admin/audit", bearer(a))->body)["items"].empty());
  CHECK(json::parse(t.client.Get("/api/admin/outbox", bearer(a))->body)["items"].empty());
  CHECK(json::parse(t.client.Get("/api/worklist", bearer(a))->body)["drafts"].empty());
  // B still sees its own.
  CHECK(t.client.Get(b_path, bearer(b))->status == 200);
  CHECK(json::parse(t.client.Get("/api/worklist", bearer(b))->body)["drafts"].size() == 1);
}

TEST_CASE("permissions: view-only cannot draft, only sign can sign, admin views need admin, denied does nothing") {
  Clinic t;
  auto clinician = t.token("pra-a", {"clinician"});
  auto staff = t.token("pra-a", {"staff"});
  auto note = t.create(clinician, "pat-a1");
  const std::string path = "/api/interactions/" + note["id"].get<std::string>();

  // staff: view + draft, no sign, no admin
  CHECK(t.create(staff, "pat-a1")["status"] == "draft");
  auto staff_sign = t.post(staff, path + "/sign", {{"version", 1}});
  CHECK(staff_sign->status == 403);
  CHECK(code_of(staff_sign) == "forbidden");
  CHECK(t.client.Get("/api/admin/audit", bearer(staff))->status == 403);
  CHECK(t.client.Get("/api/admin/outbox", bearer(clinician))->status == 403);

  // a role that grants nothing is denied everywhere
  auto denied = t.token("pra-a", {});
  std::vector<httplib::Result> answers;
  answers.push_back(t.client.Get("/api/patients/pat-a1", bearer(denied)));
  answers.push_back(t.client.Get(path, bearer(denied)));
  answers.push_back(t.client.Get("/api/worklist", bearer(denied)));
  answers.push_back(t.put(denied, path, {{"title", "x"}, {"body", "y"}}, 1));
  answers.push_back(t.post(denied, "/api/interactions", {{"patient_id", "pat-a1"}, {"title", "t"}, {"body", "b"}}));
  answers.push_back(t.post(denied, path + "/sign", {{"version", 1}}));
  for (const auto& res : answers) {
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(code_of(res) == "access_denied");
  }
  CHECK(t.client.Get(path)->status == 401);
}

TEST_CASE("view-only roles can read but not draft") {
  TempDir dir;
  auto config = Clinic::config(dir);
  write_file(dir.path() / "roles.json", R"({"reader": ["view"], "clinician": ["view", "draft", "sign"]})");
  config.roles_file = (dir.path() / "roles.json").string();
  TestServer server(config);
  auto client = server.client();
  auto reader = launch_and_exchange(client, handshake_body("pra-a", {"reader"}));
  auto body = json{{"patient_id", "pat-a1"}, {"title", "t"}, {"body", "b"}}.dump();
  auto res = client.Post("/api/interactions", bearer(reader), body, "application/json");
  CHECK(res->status == 403);
  CHECK(code_of(res) == "forbidden");
  CHECK(client.Get("/api/worklist", bearer(reader))->status == 200);
}

TEST_CASE("the session's own patient can be drafted for even when Hint cannot be reached") {
  Clinic t;
  auto body = handshake_body("pra-a", {"clinician"});
  body["patient"] = {{"id", "pat-new"}};
  auto a = launch_and_exchange(t.client, body);  // with a Hint token; Hint is down
  auto res = t.post(a, "/api/interactions", {{"patient_id", "pat-new"}, {"title", "t"}, {"body", "b"}});
  CHECK(res->status == 201);
  // Another patient the local copy does not know cannot be checked with Hint down: 502, not a guess.
  auto other = t.post(a, "/api/interactions", {{"patient_id", "pat-elsewhere"}, {"title", "t"}, {"body", "b"}});
  CHECK(other->status == 502);
  CHECK(code_of(other) == "upstream_unavailable");
  // Without a Hint token an unknown patient is simply not found.
  auto no_token = t.token("pra-a", {"clinician"});
  CHECK(
      t.post(no_token, "/api/interactions", {{"patient_id", "pat-elsewhere"}, {"title", "t"}, {"body", "b"}})->status ==
      404);
}

TEST_CASE("malformed requests get clear errors") {
  Clinic t;
  auto a = t.token("pra-a", {"clinician"});
  auto note = t.create(a, "pat-a1");
  const std::string path = "/api/interactions/" + note["id"].get<std::string>();
  CHECK(code_of(t.client.Post("/api/interactions", bearer(a), "{", "application/json")) == "malformed_json");
  CHECK(code_of(t.client.Put(path, bearer(a), json{{"title", "t"}, {"body", "b"}}.dump(), "application/json")) ==
        "missing_field");
  CHECK(code_of(t.post(a, "/api/interactions", {{"patient_id", "pat-a1"}, {"title", ""}, {"body", "b"}})) ==
        "bad_request");
  CHECK(code_of(t.client.Get("/api/interactions", bearer(a))) == "missing_field");
  CHECK(t.client.Get("/api/interactions/note-nope", bearer(a))->status == 404);
  // Numbers in the query are read exactly: never a silent 0 or a clamp paging through other rows.
  const auto admin = t.token("pra-a", {"admin"});
  for (const char* bad :
       {"/api/patients?query=a&limit=abc", "/api/patients?query=a&limit=0", "/api/patients?query=a&offset=-1",
        "/api/admin/audit?limit=201", "/api/admin/audit?before=x", "/api/admin/webhooks?limit=1e3",
        "/api/admin/outbox?limit=201", "/api/admin/outbox?after=x", "/api/admin/webhooks?before=-1"}) {
    INFO(bad);
    auto res = t.client.Get(bad, bearer(admin));
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(code_of(res) == "bad_request");
  }
}

TEST_CASE("patients: the local copy, search by name fragment, and the worklist of drafts") {
  Clinic t;
  auto a = t.token("pra-a", {"clinician"});
  // Every reply is read with the parser the UI uses.
  auto patient = read_reply(t.client.Get("/api/patients/pat-a1", bearer(a)), hb::parse_patient_reply).patient;
  CHECK(patient.name == "Zoë Ñúñez-Łukasz");
  CHECK(patient.age == 60);
  auto found =
      read_reply(t.client.Get("/api/patients?query=%C3%91%C3%BA%C3%B1ez", bearer(a)), hb::parse_patient_search);
  CHECK(found.total == 1);
  REQUIRE(found.items.size() == 1);
  CHECK(found.items[0].id == "pat-a1");
  CHECK(read_reply(t.client.Get("/api/patients?query=zo", bearer(a)), hb::parse_patient_search).total == 1);
  auto hearing = read_reply(t.client.Get("/api/patients/pat-a1/hearing", bearer(a)), hb::parse_hearing_record);
  CHECK(hearing.link.status == "not_linked");
  t.create(a, "pat-a1");
  auto worklist = read_reply(t.client.Get("/api/worklist", bearer(a)), hb::parse_worklist);
  REQUIRE(worklist.drafts.size() == 1);
  CHECK(worklist.drafts[0].patient_name == "Zoë Ñúñez-Łukasz");
}

TEST_CASE("a stale local copy of a patient is refreshed from Hint; a fresh one is not; Hint down serves the copy") {
  // A stand-in for Hint's API on port 0, counting the patient reads it answers.
  httplib::Server hint;
  std::atomic<int> reads{0};
  hint.Get("/api/provider/patients/pat-a1", [&](const httplib::Request& req, httplib::Response& res) {
    ++reads;
    CHECK(req.get_header_value("Authorization") == "Bearer hint-access-token-pra-a");
    res.set_content(R"({"id": "pat-a1", "name": "Zoë Ñúñez-Łukasz Renamed", "updated_at": "2030-01-01T00:00:00Z"})",
                    "application/json");
  });
  const int port = hint.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { hint.listen_after_bind(); });
  hint.wait_until_ready();

  TempDir dir;
  FakeClock clock;
  auto config = Clinic::config(dir);
  config.hint_api_url = "http://127.0.0.1:" + std::to_string(port);
  {
    TestServer server(config, clock.clock());
    auto client = server.client();
    {
      auto& db = server.app().database();
      auto lock = db.lock();
      seed_hint_patient(db, "pra-a", "pat-a1", json{{"id", "pat-a1"}, {"name", "Zoë Ñúñez-Łukasz"}},
                        *clock.now - 2 * 86400);
    }
    auto token = launch_and_exchange(client, handshake_body("pra-a", {"clinician"}));
    auto refreshed = json::parse(client.Get("/api/patients/pat-a1", bearer(token))->body);
    CHECK(refreshed["patient"]["name"] == "Zoë Ñúñez-Łukasz Renamed");
    CHECK(reads == 1);
    client.Get("/api/patients/pat-a1", bearer(token));
    CHECK(reads == 1);  // fresh now: no second read
    clock.advance(hb::kPatientStaleAfterS + 1);
    token = launch_and_exchange(client, handshake_body("pra-a", {"clinician"}));  // the old one idled out
    client.Get("/api/patients/pat-a1", bearer(token));
    CHECK(reads == 2);

    hint.stop();
    serving.join();
    clock.advance(hb::kPatientStaleAfterS + 1);
    token = launch_and_exchange(client, handshake_body("pra-a", {"clinician"}));
    auto offline = client.Get("/api/patients/pat-a1", bearer(token));
    CHECK(offline->status == 200);
    CHECK(json::parse(offline->body)["patient"]["name"] == "Zoë Ñúñez-Łukasz Renamed");
  }
}

namespace {

// pat-a1 linked to HearLink patient hlp_1 with `tests` hearing tests dated today (ht_0, ht_1, …).
void seed_tests(Clinic& t, int tests) {
  auto& db = t.server.app().database();
  auto lock = db.lock();
  seed_link(db, "pra-a", "pat-a1", "hlp_1");
  const auto today = hb::format_timestamp(t.clock.now->load()).substr(0, 10);
  for (int i = 0; i < tests; ++i) {
    const auto uid = "ht_" + std::to_string(i);
    seed_hearlink_record(db, "pra-a", "hearing_test", uid, "hlp_1",
                         json{{"uid", uid}, {"testDate", today}, {"audiologist", {{"fullName", "Priya Natarajan"}}}});
  }
}

hb::Worklist worklist(Clinic& t, const std::string& token, const std::string& query = "") {
  auto res = t.client.Get("/api/worklist" + query, bearer(token));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return read_reply(res, hb::parse_worklist);
}

std::vector<std::string> listed_tests(const hb::Worklist& list) {
  std::vector<std::string> uids;
  for (const auto& test : list.tests_without_note) uids.push_back(test.hearing_test_uid);
  return uids;
}

std::vector<std::string> audit_actions(Clinic& t, const std::string& admin) {
  std::vector<std::string> actions;
  auto page = read_reply(t.client.Get("/api/admin/audit", bearer(admin)), hb::parse_audit_page);
  for (const auto& item : page.items) actions.push_back(item.action + " " + item.object_id);
  return actions;
}

}  // namespace

TEST_CASE("a hearing test leaves the worklist once a note refers to it or no note is needed, and comes back on undo") {
  Clinic t;
  seed_tests(t, 3);
  auto a = t.token("pra-a", {"admin"});
  auto list = worklist(t, a);
  CHECK(listed_tests(list) == std::vector<std::string>{"ht_0", "ht_1", "ht_2"});
  CHECK(list.tests_total == 3);
  CHECK(list.tests_without_note[0].audiologist == "Priya Natarajan");

  // A note started elsewhere, whose summary of ht_1 is inserted later: ht_1 leaves.
  auto note = t.create(a, "pat-a1");
  const std::string path = "/api/interactions/" + note["id"].get<std::string>();
  auto res = t.put(a, path, {{"title", "Hearing review"}, {"body", "Findings + summary"}, {"tests", {"ht_1"}}}, 1);
  REQUIRE(res->status == 200);
  CHECK(listed_tests(worklist(t, a)) == std::vector<std::string>{"ht_0", "ht_2"});

  // Marked "No note needed": ht_2 leaves, audited; undone, it is back.
  auto marked = t.post(a, "/api/worklist/tests/ht_2/no-note-needed", json::object());
  REQUIRE(marked->status == 200);
  CHECK(read_reply(marked, hb::parse_test_note_mark) == hb::TestNoteMark{"ht_2", true});
  CHECK(listed_tests(worklist(t, a)) == std::vector<std::string>{"ht_0"});
  auto undone = t.client.Delete("/api/worklist/tests/ht_2/no-note-needed", bearer(a));
  REQUIRE(undone->status == 200);
  CHECK(read_reply(undone, hb::parse_test_note_mark) == hb::TestNoteMark{"ht_2", false});
  CHECK(listed_tests(worklist(t, a)) == std::vector<std::string>{"ht_0", "ht_2"});
  auto actions = audit_actions(t, a);
  CHECK(actions[0] == "hearing_test.note_needed ht_2");
  CHECK(actions[1] == "hearing_test.no_note_needed ht_2");

  // A test of no practice's record, or another practice's, is not found; a viewer cannot mark.
  CHECK(t.post(a, "/api/worklist/tests/ht_404/no-note-needed", json::object())->status == 404);
  auto b = t.token("pra-b", {"clinician"});
  CHECK(t.post(b, "/api/worklist/tests/ht_0/no-note-needed", json::object())->status == 404);
  CHECK(listed_tests(worklist(t, a)).size() == 2);

  // Deleting the note that referred to ht_1 brings ht_1 back.
  auto headers = bearer(a);
  headers.emplace("If-Match", "\"2\"");
  REQUIRE(t.client.Delete(path, headers)->status == 200);
  CHECK(listed_tests(worklist(t, a)) == std::vector<std::string>{"ht_0", "ht_1", "ht_2"});
}

TEST_CASE("the worklist pages both lists with their totals, authors and last changes") {
  Clinic t;
  seed_tests(t, 25);
  auto a = t.token("pra-a", {"clinician"});
  for (int i = 0; i < 23; ++i) {
    t.clock.advance(60);
    t.create(a, "pat-a1");
  }
  auto first = worklist(t, a);
  CHECK(first.drafts.size() == 20);
  CHECK(first.drafts_total == 23);
  CHECK(first.tests_without_note.size() == 20);
  CHECK(first.tests_total == 25);
  CHECK(first.drafts[0].author == "Agustin Gomez");  // the handshake's user
  CHECK(first.drafts[0].updated_at == hb::format_timestamp(t.clock.now->load()));
  auto second = worklist(t, a, "?drafts_offset=20&tests_offset=20");
  CHECK(second.drafts.size() == 3);
  CHECK(second.tests_without_note.size() == 5);
  // Pages neither overlap nor skip.
  std::set<std::string> drafts, tests;
  for (const auto* page : {&first, &second}) {
    for (const auto& d : page->drafts) drafts.insert(d.note_id);
    for (const auto& uid : listed_tests(*page)) tests.insert(uid);
  }
  CHECK(drafts.size() == 23);
  CHECK(tests.size() == 25);
  CHECK(t.client.Get("/api/worklist?tests_offset=-1", bearer(a))->status == 400);
  CHECK(t.client.Get("/api/worklist?limit=0", bearer(a))->status == 400);
}

TEST_CASE("an addendum is its own note; the signed note never changes; a draft can be deleted, a signed note not") {
  Clinic t;
  auto a = t.token("pra-a", {"admin"});
  auto original = t.create(a, "pat-a1");
  const std::string original_path = "/api/interactions/" + original["id"].get<std::string>();
  REQUIRE(t.post(a, original_path + "/sign", {{"version", 1}})->status == 200);
  const auto signed_body = json::parse(t.client.Get(original_path, bearer(a))->body)["note"];

  // Not an addendum to a draft, nor to another patient's note.
  auto draft = t.create(a, "pat-a1");
  auto to_draft =
      t.post(a, "/api/interactions",
             {{"patient_id", "pat-a1"}, {"title", "Addendum"}, {"body", "x"}, {"addendum_of", draft["id"]}});
  CHECK(to_draft->status == 400);
  auto addendum_res = t.post(a, "/api/interactions",
                             {{"patient_id", "pat-a1"},
                              {"title", "Addendum to Hearing review"},
                              {"body", "Later: wax"},
                              {"addendum_of", original["id"]}});
  REQUIRE(addendum_res->status == 201);
  auto addendum = read_reply(addendum_res, hb::parse_note_reply).note;
  CHECK(addendum.addendum_of == original["id"].get<std::string>());
  CHECK(addendum.created_by == "Agustin Gomez");
  REQUIRE(t.post(a, "/api/interactions/" + addendum.id + "/sign", {{"version", 1}})->status == 200);
  // The original is as it was signed.
  CHECK(json::parse(t.client.Get(original_path, bearer(a))->body)["note"] == signed_body);
  auto actions = audit_actions(t, a);
  CHECK(actions[0] == "note.addend " + original["id"].get<std::string>());
  CHECK(actions[1] == "note.sign " + addendum.id);

  // A signed note cannot be deleted; a draft can, with its version; then it is gone from every list.
  auto headers = bearer(a);
  headers.emplace("If-Match", "\"2\"");
  auto refused = t.client.Delete(original_path, headers);
  CHECK(refused->status == 409);
  const std::string draft_path = "/api/interactions/" + draft["id"].get<std::string>();
  CHECK(t.client.Delete(draft_path, headers)->status == 409);    // stale: the draft is at version 1
  CHECK(t.client.Delete(draft_path, bearer(a))->status == 400);  // no version
  auto current = bearer(a);
  current.emplace("If-Match", "\"1\"");
  auto deleted = t.client.Delete(draft_path, current);
  REQUIRE(deleted->status == 200);
  auto gone = read_reply(deleted, hb::parse_note_reply).note;
  CHECK(gone.deleted);
  CHECK(gone.body.empty());
  CHECK(t.client.Delete(draft_path, current)->status == 200);  // again: harmless
  CHECK(t.client.Get(draft_path, bearer(a))->status == 404);
  CHECK(t.put(a, draft_path, {{"title", "t"}, {"body", "b"}}, 2)->status == 409);
  auto list = read_reply(t.client.Get("/api/interactions?patient_id=pat-a1", bearer(a)), hb::parse_note_list);
  CHECK(list.items.size() == 2);  // the original and its addendum
  CHECK(worklist(t, a).drafts_total == 0);
  CHECK(audit_actions(t, a)[0] == "note.delete " + draft["id"].get<std::string>());
  // Nor can a role without draft, even a draft.
  auto denied = t.token("pra-a", {});
  auto again = t.create(a, "pat-a1");
  auto denied_headers = bearer(denied);
  denied_headers.emplace("If-Match", "\"1\"");
  CHECK(t.client.Delete("/api/interactions/" + again["id"].get<std::string>(), denied_headers)->status == 403);
}

TEST_CASE("another practice's patient is 404 even while Hint cannot be reached; an unknown one is 502") {
  Clinic t;
  auto body = handshake_body("pra-a", {"clinician"});  // with a Hint token: a missing patient asks Hint
  const auto a = launch_and_exchange(t.client, body);
  REQUIRE(!a.empty());
  // Hint is unreachable here (hint_api_url points at a closed port).
  for (const char* path : {"/api/patients/pat-b1", "/api/patients/pat-b1/hearing"}) {
    INFO(path);
    auto res = t.client.Get(path, bearer(a));
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(code_of(res) == "not_found");
  }
  auto unknown = t.client.Get("/api/patients/pat-nowhere", bearer(a));
  REQUIRE(unknown);
  CHECK(unknown->status == 502);  // only Hint could say whose it is
}

TEST_CASE("a patient's notes page by (created_at, id): pages join into the whole list, never a note twice") {
  Clinic t;
  const auto a = t.token("pra-a", {"clinician"});
  for (int i = 0; i < 5; ++i) t.create(a, "pat-a1");
  t.clock.advance(60);
  t.create(a, "pat-a1");  // a newer one: created_at orders, id breaks the ties of one second
  auto list = [&](const std::string& query) {
    auto res = t.client.Get("/api/interactions?patient_id=pat-a1" + query, bearer(a));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return read_reply(res, hb::parse_note_list);
  };
  const auto whole = list("");
  REQUIRE(whole.items.size() == 6);
  CHECK(whole.next_before.empty());
  std::vector<hb::ClinicalNote> joined;
  std::string before;
  int pages = 0;
  do {
    auto page = list("&limit=2" + (before.empty() ? std::string() : "&before=" + before));
    CHECK(page.items.size() <= 2);
    joined.insert(joined.end(), page.items.begin(), page.items.end());
    before = page.next_before;
    ++pages;
  } while (!before.empty() && pages < 10);
  CHECK(pages == 3);
  CHECK(joined == whole.items);

  // A cursor that is not this patient's note, and limits out of range, are refused.
  const auto other = t.create(t.token("pra-b", {"clinician"}), "pat-b1");
  const std::vector<std::string> refused{"&before=" + other["id"].get<std::string>(), "&limit=101", "&limit=0"};
  for (const auto& bad : refused) {
    INFO(bad);
    auto res = t.client.Get("/api/interactions?patient_id=pat-a1" + bad, bearer(a));
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(code_of(res) == "bad_request");
  }
}

// Reads never wait on writes: every read route answers while the writing connection is held with a
// write open (what a long save, a webhook batch or housekeeping looks like from a request), and
// none of them sees that write before it commits.
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <vector>

#include "server/clinical/clinical_notes.hpp"
#include "shared/iso8601.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/store_failure.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

TEST_CASE("every read route answers while the writing connection is held with a write open") {
  TempDir dir;
  FakeClock clock;
  auto config = manual_config(dir.path(), kHintKey);
  config.hint_api_url = "http://127.0.0.1:9";  // Hint is never asked: the local copies answer
  TestServer server(config, clock.clock());
  auto& db = server.app().database();
  {
    auto lock = db.lock();
    seed_hint_patient(db, "pra-a", "pat-a1", json{{"id", "pat-a1"}, {"name", "Ana Lima"}}, clock.now->load());
    seed_link(db, "pra-a", "pat-a1", "hlp_1");
    const auto today = format_timestamp(clock.now->load()).substr(0, 10);
    seed_hearlink_record(db, "pra-a", "hearing_test", "ht_1", "hlp_1", json{{"uid", "ht_1"}, {"testDate", today}});
  }
  auto note = server.app().notes().create(clinician("pra-a"), "pat-a1", "Review", "text", "");
  REQUIRE(note.ok());
  auto client = server.client();
  auto token_for = [&](const char* role) {
    auto body = handshake_body("pra-a", {role});
    body.erase("access_token");
    auto token = launch_and_exchange(client, body);
    REQUIRE(!token.empty());
    return token;
  };
  const auto clinician_token = token_for("clinician");
  const auto admin_token = token_for("admin");

  auto lock = db.lock();
  REQUIRE(db.exec("BEGIN IMMEDIATE").ok());
  seed_hint_patient(db, "pra-a", "pat-a2", json{{"id", "pat-a2"}, {"name", "Ana Uncommitted"}}, clock.now->load());

  const std::vector<std::pair<std::string, std::string>> reads{
      {clinician_token, "/api/session"},
      {clinician_token, "/api/patients/pat-a1"},
      {clinician_token, "/api/patients/pat-a1/hearing"},
      {clinician_token, "/api/patients?query=ana"},
      {clinician_token, "/api/worklist"},
      {clinician_token, "/api/interactions?patient_id=pat-a1"},
      {clinician_token, "/api/interactions/" + note.value().id},
      {admin_token, "/api/settings"},
      {admin_token, "/api/settings/directory"},
      {admin_token, "/api/admin/audit"},
      {admin_token, "/api/admin/outbox"},
  };
  for (const auto& [token, path] : reads) {
    INFO(path);
    auto res = client.Get(path, bearer(token));
    REQUIRE(res);  // with reads behind the writer's lock, this waited until the client gave up
    CHECK(res->status == 200);
    if (path == "/api/patients?query=ana") {
      auto found = json::parse(res->body);
      CHECK(found["total"] == 1);  // the uncommitted patient is not seen
    }
  }
  // A minute on, each session's idle timer is due a touch (a write): the request still answers at
  // once, the touch left for later, while the writer is busy.
  clock.advance(60);
  for (const auto& token : {clinician_token, admin_token}) {
    auto res = client.Get("/api/session", bearer(token));
    REQUIRE(res);  // the touch waited for the writer's lock: this request hung until the client gave up
    CHECK(res->status == 200);
  }
  REQUIRE(db.rollback().ok());
  auto last_used = [&] {
    auto query = db.prepare("SELECT MAX(last_used_at) FROM session_tokens");
    REQUIRE(query.step());
    return query.integer(0);
  };
  CHECK(last_used() < clock.now->load());  // not touched while the writer was busy
  lock.unlock();
  REQUIRE(client.Get("/api/session", bearer(clinician_token))->status == 200);
  lock.lock();
  CHECK(last_used() == clock.now->load());  // touched by the first request that found the writer free
}

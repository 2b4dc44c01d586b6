// Filling the patient directory from Hint's patient list: paged, resumable, paced, reconciled.
#include <catch2/catch_test_macros.hpp>

#include "server/directory/directory_sync.hpp"
#include "server/directory/patient_directory.hpp"
#include "server/sessions/role_map.hpp"
#include "shared/iso8601.hpp"
#include "tests/support/fake_transport.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using json = nlohmann::json;

namespace {

json hint_patient(int i, const std::string& updated_at = "2026-01-01T00:00:00Z") {
  return {{"id", "pat-" + std::to_string(i)},
          {"first_name", "Ana"},
          {"last_name", "Lima" + std::to_string(i)},
          {"dob", "1961-06-17"},
          {"updated_at", updated_at}};
}

// Hint's answer to one page of GET /provider/patients: `count` patients from `first`, of `total`.
std::string page_body(int first, int count) {
  json page = json::array();
  for (int i = first; i < first + count; ++i) page.push_back(hint_patient(i));
  return page.dump();
}

struct Fixture {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<Database> db = std::move(Database::open(dir.path() / "db.sqlite3")).value();
  TokenCipher cipher{std::string(32, 'k')};
  RoleMap roles = RoleMap::built_in();
  SessionStore sessions{*db, cipher, roles, {}, clock.clock()};
  RecordingTransport transport;
  FakePacing pacing;
  RateLimiter limiter{18, 2, pacing.pacing()};
  HintClient hint{transport, limiter, pacing.pacing(), RetryPolicy{1, {500, 4000}}, [] { return 0.5; }};
  DirectorySync sync{*db, sessions, cipher, hint, clock.clock(), pacing.pacing()};

  // A clinician of pra-a launches the app with a Hint token: the practice is seen for the first time.
  void launch(const std::string& practice = "pra-a") {
    Handshake h;
    h.user_id = "user-1";
    h.user_name = "Dr. Ana";
    h.practice_id = practice;
    h.partner_roles = {"clinician"};
    h.access_token = "hint-token-" + practice;
    REQUIRE(sessions.exchange(sessions.create(h).value(), "").ok());
  }
  void answer_page(int first, int count, int total) {
    transport.answer(200, page_body(first, count), {{"X-Total-Count", std::to_string(total)}});
  }
  int64_t listed(const std::string& query = "") {
    auto lock = db->lock();
    return search_directory(*db, "pra-a", query, 100, 0, clock.now->load()).value().total;
  }
  DirectoryProgress progress() { return sync.progress("pra-a").value(); }
};

}  // namespace

TEST_CASE("a practice seen for the first time is listed from Hint page by page, with its progress") {
  Fixture f;
  CHECK(f.progress().status == "not_started");
  CHECK_FALSE(f.sync.run_due());  // nobody has used the app: nothing to do
  f.launch();
  f.answer_page(0, 100, 250);
  CHECK(f.sync.run_due());
  REQUIRE(f.transport.requests.size() == 1);
  CHECK(f.transport.requests[0].path == "/provider/patients?limit=100&offset=0&sort=created_at");
  CHECK(f.transport.requests[0].headers.find("Authorization")->second == "Bearer hint-token-pra-a");
  auto progress = f.progress();
  CHECK(progress.status == "running");
  CHECK(progress.listed == 100);
  CHECK(progress.hint_total == 250);
  CHECK(f.listed() == 100);
  f.answer_page(100, 100, 250);
  CHECK(f.sync.run_due());
  f.answer_page(200, 50, 250);
  CHECK(f.sync.run_due());
  CHECK(f.transport.requests.back().path == "/provider/patients?limit=100&offset=200&sort=created_at");
  progress = f.progress();
  CHECK(progress.status == "done");
  CHECK(progress.listed == 250);
  CHECK(progress.finished_at == format_timestamp(f.clock.now->load()));
  CHECK(progress.next_pass_at == format_timestamp(f.clock.now->load() + kDirectoryReconcileEveryS));
  CHECK(f.listed() == 250);
  CHECK(f.listed("lima249") == 1);
  CHECK_FALSE(f.sync.run_due());  // the next pass is a day away
  CHECK(f.transport.requests.size() == 3);
}

TEST_CASE("pages are paced below Hint's budget, so clinicians keep most of it") {
  Fixture f;
  f.launch();
  for (int page = 0; page < 9; ++page) f.answer_page(page * 100, 100, 2000);
  for (int page = 0; page < 9; ++page) REQUIRE(f.sync.run_due());
  // 9 pages at kDirectoryPagesPerSecond (4/s, burst 1) take at least 2 s of the fake clock.
  CHECK(*f.pacing.now >= 2000);
}

TEST_CASE("a failed page is retried later from the same offset, with the reason shown; a restart resumes") {
  Fixture f;
  f.launch();
  f.answer_page(0, 100, 300);
  REQUIRE(f.sync.run_due());
  f.transport.answer(503, R"({"status": 503, "message": "down"})");  // one attempt (RetryPolicy{1})
  CHECK_FALSE(f.sync.run_due());
  auto progress = f.progress();
  CHECK(progress.status == "running");
  CHECK(progress.listed == 100);
  CHECK_FALSE(progress.error.empty());
  CHECK_FALSE(f.sync.run_due());  // waiting out the back-off: Hint is not asked
  CHECK(f.transport.requests.size() == 2);
  f.clock.advance(kDirectoryRetry.first);
  // A new DirectorySync over the same store (a restart) goes on from offset 100.
  DirectorySync restarted{*f.db, f.sessions, f.cipher, f.hint, f.clock.clock(), f.pacing.pacing()};
  f.answer_page(100, 100, 300);
  CHECK(restarted.run_due());
  CHECK(f.transport.requests.back().path == "/provider/patients?limit=100&offset=100&sort=created_at");
  CHECK(f.progress().error.empty());
  CHECK(f.progress().listed == 200);
}

TEST_CASE("a listed copy older than what webhooks stored never overwrites it") {
  Fixture f;
  f.launch();
  {
    auto lock = f.db->lock();
    auto newer = hint_patient(1, "2026-06-01T00:00:00Z");
    newer["last_name"] = "Renamed";
    auto insert = f.db->prepare(
        "INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id) "
        "VALUES ('pra-a', 'pat-1', ?, 'active', ?, 'evt')");
    REQUIRE(insert.bind(1, int64_t{1780272000000}).bind(2, newer.dump()).run());
    REQUIRE(put_in_directory(*f.db, "pra-a", "pat-1", "active", newer, 1));
    // pat-2 was archived by a newer webhook: the list's older copy must not bring it back.
    auto archived = f.db->prepare(
        "INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id) "
        "VALUES ('pra-a', 'pat-2', ?, 'archived', '{}', 'evt')");
    REQUIRE(archived.bind(1, int64_t{1780272000000}).run());
  }
  f.answer_page(0, 3, 3);
  REQUIRE(f.sync.run_due());
  CHECK(f.listed("renamed") == 1);
  CHECK(f.listed("lima1") == 0);
  CHECK(f.listed("lima2") == 0);
  CHECK(f.listed("lima0") == 1);
}

TEST_CASE("the daily pass removes patients Hint no longer lists, after two passes without them") {
  Fixture f;
  f.launch();
  f.answer_page(0, 5, 5);
  REQUIRE(f.sync.run_due());
  CHECK(f.listed() == 5);
  // A merged patient leaves at once: Hint's list says merged_into.
  f.clock.advance(kDirectoryReconcileEveryS);
  json page = json::array();
  for (int i = 0; i < 3; ++i) page.push_back(hint_patient(i));  // pat-3 and pat-4 are gone from Hint
  auto merged = hint_patient(2);
  merged["merged_into"] = {{"id", "pat-0"}, {"name", "Ana Lima0"}};
  page[2] = merged;
  f.transport.answer(200, page.dump(), {{"X-Total-Count", "3"}});
  REQUIRE(f.sync.run_due());
  CHECK(f.listed() == 4);  // pat-2 merged; pat-3 and pat-4 missed by one pass only
  f.clock.advance(kDirectoryReconcileEveryS);
  f.transport.answer(200, page.dump(), {{"X-Total-Count", "3"}});
  REQUIRE(f.sync.run_due());
  CHECK(f.listed() == 2);  // missed by two passes: gone
  CHECK(f.listed("lima3") == 0);
}

TEST_CASE("an admin's refresh starts a pass now, and retries a waiting one at once") {
  Fixture f;
  f.launch();
  f.answer_page(0, 2, 2);
  REQUIRE(f.sync.run_due());
  CHECK(f.progress().status == "done");
  {
    auto lock = f.db->lock();
    REQUIRE(request_directory_pass(*f.db, "pra-a", f.clock.now->load()));
  }
  CHECK(f.progress().status == "running");
  CHECK(f.progress().listed == 0);
  f.transport.answer(503, "{}");
  CHECK_FALSE(f.sync.run_due());
  {
    auto lock = f.db->lock();
    REQUIRE(request_directory_pass(*f.db, "pra-a", f.clock.now->load()));
  }
  f.answer_page(0, 2, 2);
  CHECK(f.sync.run_due());  // no wait for the back-off
  CHECK(f.progress().status == "done");
}

TEST_CASE("a practice without any Hint token waits, saying so; a deactivated practice is not paged") {
  Fixture f;
  {
    auto lock = f.db->lock();
    REQUIRE(request_directory_pass(*f.db, "pra-x", f.clock.now->load()));
  }
  CHECK_FALSE(f.sync.run_due());
  CHECK(f.transport.requests.empty());
  CHECK(f.sync.progress("pra-x").value().error == "No Hint token for this practice yet.");
  {
    auto lock = f.db->lock();
    REQUIRE(f.db->prepare("INSERT INTO practices (practice_id, name, status) VALUES ('pra-x', 'X', 'inactive')").run());
  }
  f.clock.advance(kDirectoryRetry.cap);
  CHECK_FALSE(f.sync.run_due());
  CHECK(f.transport.requests.empty());
}

TEST_CASE("a token Hint refuses gives way to the next one: a newer session's, an older session's") {
  Fixture f;
  f.launch();
  f.clock.advance(1);
  f.launch();  // the newest session: its token is tried first
  f.transport.answer(401, R"({"status": 401, "message": "Unauthorized"})");
  f.answer_page(0, 2, 2);
  CHECK(f.sync.run_due());
  REQUIRE(f.transport.requests.size() == 2);
  CHECK(f.progress().status == "done");
  // Every token refused: the pass waits, saying why.
  {
    auto lock = f.db->lock();
    REQUIRE(request_directory_pass(*f.db, "pra-a", f.clock.now->load()));
  }
  f.transport.answer(401, "{}");
  f.transport.answer(401, "{}");
  CHECK_FALSE(f.sync.run_due());
  CHECK(f.progress().error == "Hint refused HearBridge's credentials.");
}

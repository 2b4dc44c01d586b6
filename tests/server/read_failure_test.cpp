// Reads that fail, injected for real into SQLite: a progress handler interrupts the statements whose
// SQL contains a given fragment, so the query stops part-way with SQLITE_INTERRUPT. The routes must
// answer the catalogue's 500, never a 200 with whatever was read before the failure.
#include <catch2/catch_test_macros.hpp>

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/clinical/clinical_notes.hpp"
#include "server/security/base64.hpp"
#include "shared/iso8601.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/store_failure.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

// While alive, every statement on any of `db`'s connections (the writer and the readers) whose SQL
// contains `fragment` is interrupted as it runs; other statements (sessions, authentication) run as
// usual.
class FailingReads {
public:
  FailingReads(Database& db, std::string fragment) : db_(db), fragment_(std::move(fragment)) {
    db_.for_each_connection([this](sqlite3* handle) { hooks_.push_back(std::make_unique<Hook>(Hook{this, handle})); });
    for (auto& hook : hooks_) sqlite3_progress_handler(hook->handle, 1, &FailingReads::interrupt, hook.get());
  }
  ~FailingReads() {
    db_.for_each_connection([](sqlite3* handle) { sqlite3_progress_handler(handle, 0, nullptr, nullptr); });
  }
  FailingReads(const FailingReads&) = delete;
  FailingReads& operator=(const FailingReads&) = delete;

private:
  struct Hook {
    FailingReads* reads;
    sqlite3* handle;
  };
  static int interrupt(void* data) {
    auto* hook = static_cast<Hook*>(data);
    for (auto* stmt = sqlite3_next_stmt(hook->handle, nullptr); stmt; stmt = sqlite3_next_stmt(hook->handle, stmt)) {
      if (sqlite3_stmt_busy(stmt) &&
          std::string_view(sqlite3_sql(stmt)).find(hook->reads->fragment_) != std::string::npos)
        return 1;
    }
    return 0;
  }

  Database& db_;
  std::string fragment_;
  std::vector<std::unique_ptr<Hook>> hooks_;
};

void check_ok(const httplib::Result& res) {
  REQUIRE(res);
  CHECK(res->status == 200);
}

// One practice with a linked patient, a hearing test with a note and one without, an invoice and a
// payment, and a draft note.
struct ReadServer {
  TempDir dir;
  FakeClock clock;
  TestServer server{config(dir), clock.clock()};
  httplib::Client client = server.client();
  std::string token;

  static Config config(const TempDir& d) {
    auto c = manual_config(d.path(), kHintKey);
    c.hint_api_url = "http://127.0.0.1:9";
    return c;
  }
  ReadServer() {
    auto& db = server.app().database();
    {
      auto lock = db.lock();
      seed_hint_patient(db, "pra-a", "pat-a1", json{{"id", "pat-a1"}, {"name", "Ana Lima"}}, clock.now->load());
      seed_link(db, "pra-a", "pat-a1", "hlp_1");
      auto record = [&db](const char* kind, const char* uid, const char* patient_uid, const json& body) {
        seed_hearlink_record(db, "pra-a", kind, uid, patient_uid, body);
      };
      const auto today = format_timestamp(clock.now->load()).substr(0, 10);
      record("hearing_test", "ht_1", "hlp_1", json{{"uid", "ht_1"}, {"testDate", today}});
      record("hearing_test", "ht_2", "hlp_1", json{{"uid", "ht_2"}, {"testDate", today}});
      record("invoice", "inv_1", "hlp_1",
             json{{"uid", "inv_1"}, {"orderNumber", "INV-1"}, {"status", "open"}, {"total", "120.00"}});
      record("transaction", "tx_1", "", json{{"uid", "tx_1"}, {"orderUid", "inv_1"}, {"amount", "20.00"}});
    }
    auto& notes = server.app().notes();
    REQUIRE(notes.create(clinician("pra-a"), "pat-a1", "Review", "text", "ht_2").ok());
    auto body = handshake_body("pra-a", {"clinician"});
    body.erase("access_token");  // Hint is never asked: what is read is the local copy
    token = launch_and_exchange(client, body);
    REQUIRE(!token.empty());
  }
  httplib::Result get(const std::string& path) { return client.Get(path, bearer(token)); }
  std::string admin_token() {
    auto body = handshake_body("pra-a", {"admin"});
    body.erase("access_token");
    auto admin = launch_and_exchange(client, body);
    REQUIRE(!admin.empty());
    return admin;
  }
  Database& db() { return server.app().database(); }
};

}  // namespace

TEST_CASE("a hearing record whose HearLink records cannot be read is a 500, not a record without them") {
  ReadServer s;
  check_ok(s.get("/api/patients/pat-a1/hearing"));
  {
    FailingReads failing(s.db(), "FROM hearlink_records WHERE practice_id = ?1 AND patient_uid = ?2");
    check_error(s.get("/api/patients/pat-a1/hearing"), 500, "internal");
  }
  check_ok(s.get("/api/patients/pat-a1/hearing"));
}

TEST_CASE("a worklist whose drafts, listed tests or their records cannot be read is a 500, not a shorter list") {
  ReadServer s;
  REQUIRE(json::parse(s.get("/api/worklist")->body)["tests_without_note"].size() == 1);
  for (const char* fragment :
       {"FROM notes WHERE practice_id = ? AND status = 'draft'", "SELECT COUNT(*) FROM notes",
        "SELECT COUNT(*) FROM (SELECT 1 FROM worklist_tests",
        "SELECT uid, patient_uid, hint_patient_id FROM worklist_tests", "kind = 'hearing_test' AND uid = ?"}) {
    INFO(fragment);
    FailingReads failing(s.db(), fragment);
    check_error(s.get("/api/worklist"), 500, "internal");
  }
  check_ok(s.get("/api/worklist"));
}

TEST_CASE("a patient search or a patient whose local copy cannot be read is a 500, not an empty answer") {
  ReadServer s;
  check_ok(s.get("/api/patients?query="));
  check_ok(s.get("/api/patients/pat-a1"));
  {
    FailingReads failing(s.db(), "FROM patient_directory WHERE practice_id = ?");
    check_error(s.get("/api/patients?query="), 500, "internal");
  }
  {
    FailingReads failing(s.db(), "FROM hint_patients WHERE practice_id = ? AND patient_id = ?");
    check_error(s.get("/api/patients/pat-a1"), 500, "internal");
  }
  check_ok(s.get("/api/patients?query="));
}

TEST_CASE("a patient's notes that cannot be read are a 500, not an empty list") {
  ReadServer s;
  check_ok(s.get("/api/interactions?patient_id=pat-a1"));
  {
    FailingReads failing(s.db(), "AND status != 'deleted' ORDER BY created_at DESC");
    check_error(s.get("/api/interactions?patient_id=pat-a1"), 500, "internal");
  }
  check_ok(s.get("/api/interactions?patient_id=pat-a1"));
}

TEST_CASE("a patient link that cannot be read is a 500, never 'not linked' hiding the HearLink record") {
  ReadServer s;
  auto before = s.get("/api/patients/pat-a1/hearing");
  check_ok(before);
  CHECK(json::parse(before->body)["link"]["status"] == "linked");
  {
    FailingReads failing(s.db(), "FROM patient_links WHERE practice_id = ? AND hint_patient_id = ?");
    check_error(s.get("/api/patients/pat-a1/hearing"), 500, "internal");
  }
  check_ok(s.get("/api/patients/pat-a1/hearing"));
}

TEST_CASE("the admin's audit and outbox that cannot be read are a 500, not an empty list") {
  ReadServer s;
  const auto admin = s.admin_token();
  auto get = [&](const std::string& path) { return s.client.Get(path, bearer(admin)); };
  check_ok(get("/api/admin/audit"));
  check_ok(get("/api/admin/outbox"));
  {
    FailingReads failing(s.db(), "FROM audit WHERE practice_id = ?");
    check_error(get("/api/admin/audit"), 500, "internal");
  }
  {
    FailingReads failing(s.db(), "FROM outbox WHERE practice_id = ? AND status != 'done'");
    check_error(get("/api/admin/outbox"), 500, "internal");
  }
  check_ok(get("/api/admin/audit"));
}

TEST_CASE("a HearLink API key that cannot be read or decrypted is a 500, never 'no key is set'") {
  ReadServer s;
  const auto admin = s.admin_token();
  PracticeSettingsUpdate update;
  update.hearlink_api_key = "hl_live_secret_9f2a";
  REQUIRE(s.server.app().practice_settings().save("pra-a", "user-1", update).ok());
  auto test_connection = [&] {
    return s.client.Post("/api/settings/test-connection", bearer(admin), "{}", "application/json");
  };
  {
    FailingReads failing(s.db(), "SELECT hearlink_api_key_enc FROM practice_settings");
    check_error(test_connection(), 500, "internal");
  }
  {
    auto lock = s.db().lock();
    REQUIRE(s.db()
                .prepare("UPDATE practice_settings SET hearlink_api_key_enc = x'00112233' WHERE practice_id = 'pra-a'")
                .run());
  }
  check_error(test_connection(), 500, "internal");
  CHECK(s.server.app().practice_settings().hearlink_api_key("pra-a").error().code == ErrorCode::internal);
}

TEST_CASE("stored HearLink webhook secrets the data key cannot read stop the start, not every delivery") {
  TempDir dir;
  auto config = test_config(dir.path());
  config.data_key = base64_encode(std::string(32, 'a'));
  REQUIRE(validate_config(config).ok());  // makes the data dir, as at start-up
  {
    auto app = App::create(config, FakeClock().clock());
    INFO((app.ok() ? std::string() : std::string(app.error().text())));
    REQUIRE(app.ok());
    PracticeSettingsUpdate update;
    update.hearlink_webhook_secrets = std::vector<std::string>{"whsec_1"};
    REQUIRE(app.value()->practice_settings().save("pra-a", "user-1", update).ok());
  }
  config.data_key = base64_encode(std::string(32, 'b'));
  auto app = App::create(config, FakeClock().clock());
  REQUIRE_FALSE(app.ok());
  CHECK(app.error().code == ErrorCode::internal);
  CHECK(app.error().message == "The stored HearLink webhook secrets cannot be read with this data key.");
}

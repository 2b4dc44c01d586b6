// The bridge's routes over HTTP against a tiny in-process HearLink: the connection test and the
// explicit link request, with their permissions and tenancy.
#include <catch2/catch_test_macros.hpp>

#include <map>
#include <thread>

#include "server/hearlink/patient_links.hpp"
#include "shared/hearing_record.hpp"
#include "shared/practice_settings.hpp"
#include "shared/worklist.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/shared_reply.hpp"
#include "tests/support/test_app.hpp"

using namespace hb::test;
using nlohmann::json;

namespace {

// Answers GET /patients/{uid} like HearLink: 401 without the right key, else 404 (no such patient).
struct FakeHearLink {
  httplib::Server http;
  int port = 0;
  std::thread thread;
  FakeHearLink() {
    http.Get("/patients/:uid", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("x-api-key") != "good-key") {
        res.status = 401;
        res.set_content(
            R"({"success": false, "error": {"code": "UNAUTHORIZED", "message": "Missing or invalid API key"}})",
            "application/json");
        return;
      }
      res.status = 404;
      res.set_content(R"({"success": false, "error": {"code": "NOT_FOUND", "message": "Patient not found"}})",
                      "application/json");
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
    http.wait_until_ready();
  }
  ~FakeHearLink() {
    http.stop();
    thread.join();
  }
};

struct BridgeServer {
  TempDir dir;
  FakeClock clock;
  FakeHearLink hearlink;
  TestServer server;
  httplib::Client client = server.client();

  static hb::Config config(const TempDir& d, int hearlink_port) {
    auto c = test_config(d.path());
    c.hint_webhook_secret = kHintKey;
    c.outbox_worker = false;  // jobs stay queued, so the route's own effect is what is checked
    c.hint_api_url = "http://127.0.0.1:9";
    c.hearlink_api_url = "http://127.0.0.1:" + std::to_string(hearlink_port);
    return c;
  }
  BridgeServer() : server(config(dir, hearlink.port), clock.clock()) {
    auto& db = server.app().database();
    auto lock = db.lock();
    for (auto [practice, id] : {std::pair{"pra-a", "pat-a1"}, std::pair{"pra-b", "pat-b1"}}) {
      seed_hint_patient(db, practice, id, json{{"id", id}, {"name", "Ana Lima"}});
    }
  }
  std::string token(const std::string& practice, std::vector<std::string> roles) {
    auto body = handshake_body(practice, roles);
    body.erase("access_token");
    return launch_and_exchange(client, body);
  }
  httplib::Result post(const std::string& token, const std::string& path) {
    return client.Post(path, bearer(token), "{}", "application/json");
  }
  void set_key(const std::string& key) {
    hb::PracticeSettingsUpdate update;
    update.hearlink_api_key = key;
    REQUIRE(server.app().practice_settings().save("pra-a", "admin", update).ok());
  }
  int64_t outbox_rows() {
    auto& db = server.app().database();
    auto lock = db.lock();
    auto query = db.prepare("SELECT COUNT(*) FROM outbox");
    return query.step() ? query.integer(0) : -1;
  }
};

}  // namespace

TEST_CASE("test-connection answers ok or a fixed reason, from the practice's stored key, for admins only") {
  BridgeServer b;
  const auto admin = b.token("pra-a", {"admin"});
  auto res = b.post(admin, "/api/settings/test-connection");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(read_reply(res, hb::parse_connection_test) == hb::ConnectionTest{false, "No HearLink API key is set."});

  b.set_key("wrong-key");
  res = b.post(admin, "/api/settings/test-connection");
  CHECK(read_reply(res, hb::parse_connection_test) == hb::ConnectionTest{false, "HearLink refused the API key."});

  b.set_key("good-key");
  res = b.post(admin, "/api/settings/test-connection");
  CHECK(res->status == 200);
  CHECK(read_reply(res, hb::parse_connection_test) == hb::ConnectionTest{true, ""});

  res = b.post(b.token("pra-a", {"clinician"}), "/api/settings/test-connection");
  CHECK(res->status == 403);
}

TEST_CASE("reading the hearing record never queues a link; POST /link does, once, for this practice's patients only") {
  BridgeServer b;
  const auto clinician = b.token("pra-a", {"clinician"});
  auto res = b.client.Get("/api/patients/pat-a1/hearing", bearer(clinician));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(read_reply(res, hb::parse_hearing_record).link.status == "not_linked");
  CHECK(b.outbox_rows() == 0);

  res = b.post(clinician, "/api/patients/pat-a1/link");
  REQUIRE(res);
  CHECK(res->status == 202);
  CHECK(read_reply(res, hb::parse_link_reply).link.status == "pending");
  b.post(clinician, "/api/patients/pat-a1/link");  // a second click
  CHECK(b.outbox_rows() == 1);
  res = b.client.Get("/api/patients/pat-a1/hearing", bearer(clinician));
  CHECK(read_reply(res, hb::parse_hearing_record).link.status == "pending");

  res = b.post(clinician, "/api/patients/pat-b1/link");  // practice B's patient
  CHECK(res->status == 404);
  CHECK(b.outbox_rows() == 1);
}

// Three readers once had three rules: the hearing record matched externalSystemId or any value in
// tracking.ids, the worklist preferred externalSystemId and ignored the link table, the webhook hook
// preferred tracking.ids.hint_patient_id. One rule now (resolve_link / hint_patient_for): the link
// row decides; without one, the record naming the patient by tracking.ids.hint_patient_id (what
// HearBridge writes), else externalSystemId.
TEST_CASE("the hearing record and the worklist find a Hint patient's HearLink patient by one rule") {
  BridgeServer b;
  {
    auto& db = b.server.app().database();
    auto lock = db.lock();
    for (const char* id : {"pat-a2", "pat-a3", "pat-a4"}) {
      seed_hint_patient(db, "pra-a", id, json{{"id", id}, {"name", std::string("Patient ") + id}});
    }
    auto record = [&](const char* kind, const char* uid, const char* patient_uid, const json& body) {
      seed_hearlink_record(db, "pra-a", kind, uid, patient_uid, body);
    };
    // Stored before the link table (no rows): names pat-a1 in tracking, pat-a2 as externalSystemId.
    record("patient", "hlp_1", "hlp_1",
           {{"uid", "hlp_1"},
            {"fullName", "Ana Lima"},
            {"externalSystemId", "pat-a2"},
            {"tracking", {{"provider", "hint"}, {"ids", {{"hint_patient_id", "pat-a1"}}}}}});
    // Another system's id in tracking.ids that happens to equal a Hint patient id names nobody.
    record("patient", "hlp_2", "hlp_2",
           {{"uid", "hlp_2"},
            {"fullName", "Bo Chen"},
            {"tracking", {{"provider", "crm"}, {"ids", {{"lead_id", "pat-a3"}}}}}});
    // Linked by the create's answer; its HearLink record has not arrived.
    REQUIRE(hb::write_link(db, "pra-a", "pat-a4", "linked", "hlp_4", "", 1));
    for (auto [test, patient] : {std::pair{"ht_1", "hlp_1"}, std::pair{"ht_2", "hlp_2"}, std::pair{"ht_4", "hlp_4"}}) {
      record("hearing_test", test, patient,
             {{"uid", test}, {"testDate", "2026-12-01"}, {"patient", {{"uid", patient}}}});
    }
  }
  const auto clinician = b.token("pra-a", {"clinician"});
  auto link_of = [&](const std::string& patient) {
    auto res = b.client.Get("/api/patients/" + patient + "/hearing", bearer(clinician));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return read_reply(res, hb::parse_hearing_record).link;
  };
  CHECK(link_of("pat-a1").status == "linked");
  CHECK(link_of("pat-a1").hearlink_uid == "hlp_1");
  CHECK(link_of("pat-a2").status == "not_linked");
  CHECK(link_of("pat-a3").status == "not_linked");
  CHECK(link_of("pat-a4").hearlink_uid == "hlp_4");

  auto res = b.client.Get("/api/worklist", bearer(clinician));
  REQUIRE(res);
  REQUIRE(res->status == 200);
  std::map<std::string, std::string> patient_of_test;
  const auto worklist = read_reply(res, hb::parse_worklist);
  for (const auto& t : worklist.tests_without_note) patient_of_test[t.hearing_test_uid] = t.patient_id;
  CHECK(patient_of_test == std::map<std::string, std::string>{{"ht_1", "pat-a1"}, {"ht_4", "pat-a4"}});
}

TEST_CASE("the hearing record carries HearLink's amounts as whole pence, converted exactly or to the nearest penny") {
  BridgeServer b;
  {
    auto& db = b.server.app().database();
    auto lock = db.lock();
    seed_link(db, "pra-a", "pat-a1", "hlp_1");
    auto record = [&db](const char* kind, const char* uid, const char* patient_uid, const json& body) {
      seed_hearlink_record(db, "pra-a", kind, uid, patient_uid, body);
    };
    // Numbers as HearLink writes them (a double ×100 would give 12049.999…), and a decimal string.
    record("invoice", "inv_1", "hlp_1",
           json{{"uid", "inv_1"}, {"orderNumber", "INV-1"}, {"status", "open"}, {"total", 120.49}});
    record("invoice", "inv_2", "hlp_1",
           json{{"uid", "inv_2"}, {"orderNumber", "INV-2"}, {"status", "open"}, {"total", "19.99"}});
    // Not a whole number of pence: shown, rounded to the nearest penny (half away from zero).
    record("invoice", "inv_3", "hlp_1",
           json{{"uid", "inv_3"}, {"orderNumber", "INV-3"}, {"status", "open"}, {"total", 1.005}});
    // Not a number at all: listed with its total unknown, and the record's amounts are incomplete.
    record("invoice", "inv_4", "hlp_1",
           json{{"uid", "inv_4"}, {"orderNumber", "INV-4"}, {"status", "open"}, {"total", "n/a"}});
    record("transaction", "tx_1", "", json{{"uid", "tx_1"}, {"orderUid", "inv_1"}, {"amount", 0.29}});
    record("credit_note", "cn_1", "", json{{"uid", "cn_1"}, {"orderUid", "inv_1"}, {"total", "100.10"}});
  }
  const auto clinician = b.token("pra-a", {"clinician"});
  const auto record =
      read_reply(b.client.Get("/api/patients/pat-a1/hearing", bearer(clinician)), hb::parse_hearing_record);
  REQUIRE(record.link.linked());
  REQUIRE(record.invoices.size() == 4);
  auto by_uid = [&record](const std::string& uid) {
    for (const auto& invoice : record.invoices) {
      if (invoice.uid == uid) return invoice;
    }
    FAIL("no invoice " << uid);
    return hb::Invoice{};
  };
  CHECK(by_uid("inv_1") == hb::Invoice{"inv_1", "INV-1", "open", 12049, 10039, 2010});
  CHECK(by_uid("inv_2") == hb::Invoice{"inv_2", "INV-2", "open", 1999, 0, 1999});
  CHECK(by_uid("inv_3") == hb::Invoice{"inv_3", "INV-3", "open", 101, 0, 101});
  CHECK(by_uid("inv_4") == hb::Invoice{"inv_4", "INV-4", "open", std::nullopt, 0, std::nullopt});
  // The readable invoices come to £41.10, but that is not the balance: INV-4 is owed too.
  CHECK(!record.amounts_complete);
  CHECK(record.outstanding_balance == std::nullopt);
}

TEST_CASE("a payment or credit note whose amount cannot be read leaves its invoice's balance unknown") {
  BridgeServer b;
  {
    auto& db = b.server.app().database();
    auto lock = db.lock();
    seed_link(db, "pra-a", "pat-a1", "hlp_1");
    auto record = [&db](const char* kind, const char* uid, const char* patient_uid, const json& body) {
      seed_hearlink_record(db, "pra-a", kind, uid, patient_uid, body);
    };
    record("invoice", "inv_1", "hlp_1",
           json{{"uid", "inv_1"}, {"orderNumber", "INV-1"}, {"status", "open"}, {"total", "100.00"}});
    record("invoice", "inv_2", "hlp_1",
           json{{"uid", "inv_2"}, {"orderNumber", "INV-2"}, {"status", "open"}, {"total", "50.00"}});
    record("transaction", "tx_1", "", json{{"uid", "tx_1"}, {"orderUid", "inv_1"}, {"amount", "40.00"}});
    // Dropping this payment would show INV-1 as owing £60.00 more than it may.
    record("transaction", "tx_2", "", json{{"uid", "tx_2"}, {"orderUid", "inv_1"}, {"amount", "n/a"}});
    // Another patient's unreadable credit note says nothing about this patient's amounts.
    record("invoice", "inv_9", "hlp_9",
           json{{"uid", "inv_9"}, {"orderNumber", "INV-9"}, {"status", "open"}, {"total", "10.00"}});
    record("credit_note", "cn_9", "", json{{"uid", "cn_9"}, {"orderUid", "inv_9"}, {"total", {{"value", 1}}}});
  }
  const auto clinician = b.token("pra-a", {"clinician"});
  auto hearing = [&] {
    return read_reply(b.client.Get("/api/patients/pat-a1/hearing", bearer(clinician)), hb::parse_hearing_record);
  };
  auto record = hearing();
  REQUIRE(record.invoices.size() == 2);
  for (const auto& invoice : record.invoices) {
    if (invoice.uid == "inv_1")
      CHECK(invoice == hb::Invoice{"inv_1", "INV-1", "open", 10000, std::nullopt, std::nullopt});
    if (invoice.uid == "inv_2") CHECK(invoice == hb::Invoice{"inv_2", "INV-2", "open", 5000, 0, 5000});
  }
  CHECK(!record.amounts_complete);
  CHECK(record.outstanding_balance == std::nullopt);

  // Once HearLink's payment reads, the balance is known again.
  {
    auto& db = b.server.app().database();
    auto lock = db.lock();
    auto fix = db.prepare("UPDATE hearlink_records SET body = ? WHERE uid = 'tx_2'");
    REQUIRE(fix.bind(1, json{{"uid", "tx_2"}, {"orderUid", "inv_1"}, {"amount", "60.00"}}.dump()).run());
  }
  record = hearing();
  CHECK(record.amounts_complete);
  CHECK(record.outstanding_balance == 5000);
}

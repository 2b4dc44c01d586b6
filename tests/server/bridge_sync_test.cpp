// The HearLink bridge end to end inside one process, without threads: webhook rows through the
// event processor (hooks), the outbox runner against a recording HearLink, the link table.
#include <catch2/catch_test_macros.hpp>

#include "server/hearlink/hearlink_sync.hpp"
#include "server/hearlink/patient_links.hpp"
#include "server/webhooks/event_processor.hpp"
#include "shared/hearing_record.hpp"
#include "shared/json_input.hpp"
#include "tests/support/fake_transport.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/test_data.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

json read_data(const std::string& name) { return parse_json(hb::test::read_test_data(name)).value(); }

// Lets a test look at the database while a request is "on the wire".
class ObservingTransport final : public Transport {
public:
  explicit ObservingTransport(RecordingTransport& inner) : inner_(inner) {}
  TransportResult send(const OutboundRequest& request) override {
    if (on_send) on_send();
    return inner_.send(request);
  }
  std::function<void()> on_send;

private:
  RecordingTransport& inner_;
};

constexpr const char* kPractice = "pra-1";
constexpr const char* kPatient = "pat-ab12C345DeF6";  // the documented example patient

struct Bridge {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<Database> db = Database::open(dir.path() / "db.sqlite3").value();
  TokenCipher cipher{std::string(32, 'k')};
  PracticeSettingsStore settings{*db, cipher, clock.clock()};
  RecordingTransport recorded;
  ObservingTransport transport{recorded};
  FakePacing pacing;
  HearLinkClient hearlink{transport, pacing.pacing(), RetryPolicy{1, {500, 4000}}, [] { return 0.5; }};
  ClinicalNotes notes{*db, clock.clock()};
  HearLinkSync sync{*db, settings, hearlink, notes, clock.clock()};
  int events = 0;

  void configure(bool with_key = true, bool auto_draft = false) {
    PracticeSettingsUpdate update;
    if (with_key) update.hearlink_api_key = "hl-key-0001";
    update.default_clinic = IdOrName{"", "Manchester"};
    update.default_referral = IdOrName{"", "Hint"};
    update.default_status = IdOrName{"", "Patient Created"};
    update.auto_draft_from_hearing_tests = auto_draft;
    REQUIRE(settings.save(kPractice, "admin-1", update).ok());
  }
  void process(const std::string& source, const std::string& type, const json& body) {
    InboxRow row;
    row.seq = ++events;
    row.source = source;
    row.event_id = "evt-" + std::to_string(events);
    row.type = type;
    row.practice_id = kPractice;
    row.body = body.dump();
    row.received_at = clock.now->load();
    auto lock = db->lock();
    auto tx = Transaction::begin(*db);
    REQUIRE(tx.ok());
    auto outcome = process_event(*db, row, nullptr);
    REQUIRE(outcome.ok());
    REQUIRE(tx.value().commit().ok());
  }
  void hint_patient(const std::string& type, const json& patient) {
    process("hint", type,
            {{"id", "evt"},
             {"created_at", "2026-04-10T14:30:00Z"},
             {"type", type},
             {"practice_id", kPractice},
             {"object", patient}});
  }
  void hearlink_event(const std::string& type, const json& data) {
    process("hearlink", type,
            {{"id", "evt"}, {"type", type}, {"createdAt", "2026-04-12T09:05:00.000Z"}, {"data", data}});
  }
  json link() {
    auto lock = db->lock();
    return to_json(link_view(read_link(*db, kPractice, kPatient).value()));
  }
  // Another practice's create job held for a check under this practice's object id for kPatient
  // (a row no code path makes any more, and that nothing of this practice may touch).
  void seed_foreign_held_job() {
    auto lock = db->lock();
    auto insert = db->prepare(
        "INSERT INTO outbox (practice_id, kind, object_id, status, attempts, generation, next_attempt_at, "
        "created_at, updated_at) VALUES ('pra-other', ?, ?, 'needs_check', 3, 1, 0, 0, 0)");
    REQUIRE(insert.bind(1, kCreateHearLinkPatient).bind(2, bridge_object_id(kPractice, kPatient)).run().ok());
  }
  std::string stored_link_status() {
    auto lock = db->lock();
    auto l = read_link(*db, kPractice, kPatient).value();
    return l ? l->status : "";
  }
  std::string outbox(const std::string& column, const std::string& kind = kCreateHearLinkPatient) {
    auto lock = db->lock();
    auto query = db->prepare("SELECT " + column + " FROM outbox WHERE kind = ?");
    query.bind(1, kind);
    return query.step() ? (query.is_null(0) ? "<null>" : query.text(0)) : "";
  }
  int64_t count(const std::string& sql) {
    auto lock = db->lock();
    auto query = db->prepare(sql);
    return query.step() ? query.integer(0) : -1;
  }
  void created(const std::string& uid) {
    recorded.answer(200, R"({"success": true, "data": {"patientUid": ")" + uid + R"("}})");
  }
};

json hearlink_patient(const std::string& uid, const std::string& hint_id) {
  auto data = read_data("hearlink/webhook.patient.created.json")["data"];
  data["uid"] = uid;
  data["externalSystemId"] = hint_id;
  data["tracking"]["ids"]["hint_patient_id"] = hint_id;
  return data;
}

json hearing_test(const std::string& uid, const std::string& patient_uid) {
  auto data = read_data("hearlink/webhook.hearing_test.created.json")["data"];
  data["uid"] = uid;
  data["patient"]["uid"] = patient_uid;
  return data;
}

}  // namespace

TEST_CASE("a Hint patient.created becomes one HearLink create with the mapped request, and its uid the link") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  CHECK(b.link()["status"] == "pending");
  b.created("hlp_new1");
  CHECK(b.sync.run_due() == 1);
  REQUIRE(b.recorded.requests.size() == 1);
  CHECK(b.recorded.requests[0].path == "/patients/create");
  CHECK(b.recorded.requests[0].headers.find("x-api-key")->second == "hl-key-0001");
  CHECK(json::parse(b.recorded.requests[0].body) == read_data("hearlink_create_patient_request.json"));
  CHECK(b.link() == json{{"status", "linked"}, {"hearlink_uid", "hlp_new1"}, {"reason", nullptr}});
  CHECK(b.outbox("status") == "done");
}

TEST_CASE("the creating marker is committed before the create goes out") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  std::string status_while_sending;
  b.transport.on_send = [&] { status_while_sending = b.stored_link_status(); };
  b.created("hlp_new1");
  b.sync.run_due();
  CHECK(status_while_sending == "creating");
}

TEST_CASE("duplicate patient.created webhooks never make a second HearLink patient") {
  Bridge b;
  b.configure();
  const auto patient = read_data("hint_patient.json");
  b.hint_patient("patient.created", patient);
  b.hint_patient("patient.created", patient);
  CHECK(b.count("SELECT COUNT(*) FROM outbox") == 1);
  b.created("hlp_new1");
  b.sync.run_due();
  b.hint_patient("patient.created", patient);  // a late re-delivery after the link exists
  b.hint_patient("patient.updated", patient);
  b.clock.advance(7200);
  b.sync.run_due();
  CHECK(b.recorded.requests.size() == 1);
  CHECK(b.link()["hearlink_uid"] == "hlp_new1");
}

TEST_CASE("a HearLink create that stopped between sending and storing the answer is never sent again") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  // What a SIGKILL after sending leaves behind: the committed marker, the job still pending.
  REQUIRE(b.db->exec("UPDATE patient_links SET status = 'creating'").ok());
  CHECK(b.sync.run_due() == 1);
  CHECK(b.recorded.requests.empty());
  CHECK(b.outbox("status") == "needs_check");
  CHECK(b.link()["status"] == "failed");
  CHECK(b.link()["reason"].get<std::string>().find("Check HearLink") != std::string::npos);
  // Duplicate webhooks do not lift the hold either.
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  b.clock.advance(7200);
  b.sync.run_due();
  CHECK(b.recorded.requests.empty());

  SECTION("HearLink's own patient.created naming the Hint patient settles it") {
    b.hearlink_event("patient.created", hearlink_patient("hlp_sent", kPatient));
    CHECK(b.link() == json{{"status", "linked"}, {"hearlink_uid", "hlp_sent"}, {"reason", nullptr}});
    CHECK(b.outbox("status") == "done");
  }
  SECTION("a person's retry sends it again") {
    {
      auto lock = b.db->lock();
      auto tx = Transaction::begin(*b.db);
      REQUIRE(tx.ok());
      CHECK(request_link(*b.db, kPractice, kPatient, "", LinkRequest::person_retry, b.clock.now->load()).value());
      REQUIRE(tx.value().commit().ok());
    }
    b.created("hlp_retry");
    b.sync.run_due();
    CHECK(b.recorded.requests.size() == 1);
    CHECK(b.link()["hearlink_uid"] == "hlp_retry");
  }
}

TEST_CASE("a create whose answer was lost is not resent: the link shows a reason and the job needs a check") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  b.recorded.fail(TransportFailure::maybe_applied);
  b.sync.run_due();
  CHECK(b.outbox("status") == "needs_check");
  CHECK(b.link()["status"] == "failed");
  b.clock.advance(7200);
  CHECK(b.sync.run_due() == 0);
  CHECK(b.recorded.requests.size() == 1);
}

TEST_CASE("a create that surely did not reach HearLink is retried later and leaves no marker") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  b.recorded.fail(TransportFailure::not_sent);
  b.sync.run_due();
  CHECK(b.stored_link_status() == "pending");
  CHECK(b.outbox("status") == "pending");
  b.clock.advance(10);
  b.created("hlp_later");
  b.sync.run_due();
  CHECK(b.link()["hearlink_uid"] == "hlp_later");
}

TEST_CASE("a patient without a phone is not sent and shows needs_phone until Hint gives one") {
  Bridge b;
  b.configure();
  auto patient = read_data("hint_patient.json");
  patient["phones"] = json::array();
  b.hint_patient("patient.created", patient);
  b.sync.run_due();
  CHECK(b.recorded.requests.empty());
  CHECK(b.link()["status"] == "needs_phone");
  CHECK(b.link()["reason"].get<std::string>().find("phone number") != std::string::npos);
  CHECK(b.outbox("status") == "done");

  patient["phones"] = json::array({{{"number", "+15553050051"}, {"type", "mobile"}}});
  patient["updated_at"] = "2026-04-11T10:00:00Z";
  b.hint_patient("patient.updated", patient);
  b.created("hlp_phone");
  b.sync.run_due();
  CHECK(b.recorded.requests.size() == 1);
  CHECK(b.link()["status"] == "linked");
}

TEST_CASE("missing settings fail with a reason an admin can act on, and the job retries until they are set") {
  Bridge b;
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  b.sync.run_due();
  CHECK(b.recorded.requests.empty());
  CHECK(b.link()["status"] == "failed");
  CHECK(b.link()["reason"] == "Set the default clinic in Settings.");
  CHECK(b.outbox("last_error") == "Set the default clinic in Settings.");

  b.configure(/*with_key=*/false);
  b.clock.advance(3600);
  b.sync.run_due();
  CHECK(b.link()["reason"] == "Set the HearLink API key in Settings.");
  CHECK(b.recorded.requests.empty());

  b.configure(/*with_key=*/true);
  b.clock.advance(3600);
  b.created("hlp_configured");
  b.sync.run_due();
  CHECK(b.link()["status"] == "linked");
}

TEST_CASE("HearLink's validation errors are kept for admins in the link reason and the outbox listing") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  b.recorded.answer(400, R"({"success": false, "error": {"code": "VALIDATION_ERROR", "message": "Validation failed",
                           "details": {"statusId": "unknown status"}}})");
  b.sync.run_due();
  const std::string expected = "HearLink refused the patient: statusId: unknown status";
  CHECK(b.link()["status"] == "failed");
  CHECK(b.link()["reason"] == expected);
  const auto listed = list_outbox(*b.db, kPractice, 200, 0).value().items;
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].kind == kCreateHearLinkPatient);
  CHECK(listed[0].status == "failed");
  CHECK(listed[0].last_error == expected);
}

TEST_CASE("a HearLink patient made in HearLink that names a Hint patient is linked to it") {
  Bridge b;
  auto data = hearlink_patient("hlp_portal", "pat-other");
  data["tracking"].erase("ids");  // only externalSystemId
  b.hearlink_event("patient.created", data);
  auto lock = b.db->lock();
  auto link = read_link(*b.db, kPractice, "pat-other").value();
  REQUIRE(link);
  CHECK(link->status == "linked");
  CHECK(link->hearlink_uid == "hlp_portal");
  CHECK(hint_patient_for(*b.db, kPractice, "hlp_portal").value() == "pat-other");
}

TEST_CASE("with auto-draft on, a hearing test of a linked patient becomes one draft note") {
  Bridge b;
  b.configure(true, /*auto_draft=*/true);
  b.hearlink_event("patient.created", hearlink_patient("hlp_7Qx2Lm9", kPatient));
  b.hearlink_event("hearing_test.created", hearing_test("ht_1", "hlp_7Qx2Lm9"));
  b.hearlink_event("hearing_test.created", hearing_test("ht_1", "hlp_7Qx2Lm9"));  // re-delivered
  b.sync.run_due();
  b.sync.run_due();
  const auto notes = b.notes.list_for_patient(kPractice, kPatient).value().items;
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].title == "Hearing test 2026-04-12");
  CHECK(notes[0].hearing_test_uid == "ht_1");
  CHECK(notes[0].updated_by == "HearLink");
  HearingTest expected;
  expected.uid = "ht_1";
  expected.test_date = "2026-04-12";
  expected.audiologist = "Priya Natarajan";
  expected.audiogram = parse_audiogram(hearing_test("ht_1", "x")["audiogram"]);
  CHECK(notes[0].body == hearing_summary(expected));
  CHECK(notes[0].body.find("Right ear") != std::string::npos);
  CHECK(b.outbox("status", kDraftFromHearingTest) == "done");

  // The same test re-delivered after the draft exists: the UNIQUE index makes it a no-op.
  b.hearlink_event("hearing_test.created", hearing_test("ht_1", "hlp_7Qx2Lm9"));
  b.sync.run_due();
  CHECK(b.notes.list_for_patient(kPractice, kPatient).value().items.size() == 1);
  CHECK(b.outbox("status", kDraftFromHearingTest) == "done");
}

TEST_CASE("no draft when auto-draft is off or the patient is not linked to Hint") {
  Bridge b;
  SECTION("auto-draft off") {
    b.configure(true, /*auto_draft=*/false);
    b.hearlink_event("patient.created", hearlink_patient("hlp_7Qx2Lm9", kPatient));
  }
  SECTION("not linked") { b.configure(true, /*auto_draft=*/true); }
  b.hearlink_event("hearing_test.created", hearing_test("ht_1", "hlp_7Qx2Lm9"));
  b.sync.run_due();
  CHECK(b.notes.list_for_patient(kPractice, kPatient).value().items.empty());
  CHECK(b.outbox("status", kDraftFromHearingTest) == "done");
}

TEST_CASE("a lost create answer is settled at once when HearLink's webhook linked the patient meanwhile") {
  Bridge b;
  b.configure();
  b.hint_patient("patient.created", read_data("hint_patient.json"));
  // HearLink applies the create and its webhook is processed while the HTTP answer is lost.
  b.transport.on_send = [&] { b.hearlink_event("patient.created", hearlink_patient("hlp_webhook", kPatient)); };
  b.recorded.fail(TransportFailure::maybe_applied);
  b.sync.run_due();
  CHECK(b.link() == json{{"status", "linked"}, {"hearlink_uid", "hlp_webhook"}, {"reason", nullptr}});
  CHECK(b.outbox("status") == "done");
}

TEST_CASE("a hearing test whose practice settings cannot be read stays due: the draft is not dropped") {
  Bridge b;
  b.configure(true, /*auto_draft=*/true);
  b.hearlink_event("patient.created", hearlink_patient("hlp_7Qx2Lm9", kPatient));
  b.hearlink_event("hearing_test.created", hearing_test("ht_1", "hlp_7Qx2Lm9"));
  // Every read of practice_settings fails for real (SQLITE_AUTH at prepare), nothing else does.
  auto deny_settings = [](void*, int action, const char* table, const char*, const char*, const char*) {
    return action == SQLITE_READ && table && std::string_view(table) == "practice_settings" ? SQLITE_DENY : SQLITE_OK;
  };
  {
    auto lock = b.db->lock();
    sqlite3_set_authorizer(b.db->handle(), deny_settings, nullptr);
  }
  CHECK(b.sync.run_due() == 0);
  CHECK(b.outbox("status", kDraftFromHearingTest) == "pending");
  CHECK(b.notes.list_for_patient(kPractice, kPatient).value().items.empty());
  {
    auto lock = b.db->lock();
    sqlite3_set_authorizer(b.db->handle(), nullptr, nullptr);
  }
  CHECK(b.sync.run_due() == 1);
  CHECK(b.notes.list_for_patient(kPractice, kPatient).value().items.size() == 1);
  CHECK(b.outbox("status", kDraftFromHearingTest) == "done");
}

TEST_CASE("two practices whose ids meet at a '|' keep their own link jobs, and each creates its own patient") {
  Bridge b;
  // Joined with a bare "|" both pairs read "pra|x|pat-1".
  const std::vector<std::pair<std::string, std::string>> pairs{{"pra|x", "pat-1"}, {"pra", "x|pat-1"}};
  for (const auto& [practice, patient] : pairs) {
    PracticeSettingsUpdate update;
    update.hearlink_api_key = "hl-key-0001";
    update.default_clinic = IdOrName{"", "Manchester"};
    update.default_referral = IdOrName{"", "Hint"};
    update.default_status = IdOrName{"", "Patient Created"};
    REQUIRE(b.settings.save(practice, "admin-1", update).ok());
    auto lock = b.db->lock();
    seed_hint_patient(*b.db, practice, patient, json::parse(read_test_data("hint_patient.json")));
    auto tx = Transaction::begin(*b.db);
    REQUIRE(tx.ok());
    REQUIRE(request_link(*b.db, practice, patient, "", LinkRequest::created, b.clock.now->load()).value());
    REQUIRE(tx.value().commit().ok());
  }
  CHECK(b.count("SELECT COUNT(*) FROM outbox WHERE kind = 'hearlink.create_patient'") == 2);
  CHECK(b.count("SELECT COUNT(DISTINCT object_id) FROM outbox") == 2);
  CHECK(b.count("SELECT COUNT(*) FROM outbox WHERE practice_id = 'pra|x'") == 1);
  CHECK(b.count("SELECT COUNT(*) FROM outbox WHERE practice_id = 'pra'") == 1);

  b.created("hlp_1");
  b.created("hlp_2");
  CHECK(b.sync.run_due() == 2);
  CHECK(b.recorded.requests.size() == 2);
  auto lock = b.db->lock();
  for (const auto& [practice, patient] : pairs) {
    INFO(practice << " " << patient);
    auto link = read_link(*b.db, practice, patient).value();
    REQUIRE(link);
    CHECK(link->status == "linked");
  }
}

TEST_CASE("a person's retry lifts only its own practice's held job") {
  Bridge b;
  b.seed_foreign_held_job();
  {
    auto lock = b.db->lock();
    REQUIRE(write_link(*b.db, kPractice, kPatient, "needs_check", "", "check", 0).ok());
    auto tx = Transaction::begin(*b.db);
    REQUIRE(tx.ok());
    auto queued = request_link(*b.db, kPractice, kPatient, "", LinkRequest::person_retry, b.clock.now->load());
    if (queued) REQUIRE(tx.value().commit().ok());
  }
  CHECK(b.count("SELECT COUNT(*) FROM outbox WHERE practice_id = 'pra-other' AND status = 'needs_check' AND "
                "attempts = 3") == 1);
}

TEST_CASE("HearLink's webhook settles only its own practice's held create job") {
  Bridge b;
  b.seed_foreign_held_job();
  b.hearlink_event("patient.created", hearlink_patient("hlp_sent", kPatient));
  CHECK(b.link()["status"] == "linked");
  CHECK(b.outbox("status") == "needs_check");
}

TEST_CASE("bridge object ids are one-to-one, and rows stored before the escaping read the same") {
  CHECK(bridge_object_id("pra-1", "pat-9") == "pra-1|pat-9");  // what is stored already
  CHECK(bridge_object_id("pra|x", "pat-1") != bridge_object_id("pra", "x|pat-1"));
  CHECK(bridge_object_id("pra%7Cx", "pat-1") != bridge_object_id("pra|x", "pat-1"));
  for (const auto& [practice, id] : std::vector<std::pair<std::string, std::string>>{
           {"pra-1", "pat-9"}, {"pra|x", "pat-1"}, {"pra", "x|pat-1"}, {"pr%a", "p%7C|q"}, {"", "|"}}) {
    INFO(practice << " " << id);
    CHECK(bridge_object_key(practice, bridge_object_id(practice, id)) == id);
  }
  CHECK(bridge_object_key("pr%a", "pr%a|pat-1") == "pat-1");    // written before the escaping
  CHECK(bridge_object_key("pra|x", "pra|x|pat-1") == "pat-1");  // likewise
}

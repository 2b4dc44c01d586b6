// The worker's unit: inbox rows → read models, synchronously (no threads but the inbox writer's).
#include <catch2/catch_test_macros.hpp>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "server/webhooks/inbox_processor.hpp"
#include "server/webhooks/inbox_writer.hpp"
#include "tests/server/webhook_test_support.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;

namespace {

struct Inbox {
  TempDir dir;
  std::filesystem::path file = dir.path() / "inbox.sqlite3";
  std::unique_ptr<Database> db = Database::open(file).value();
  FakeClock clock;
  WebhookMetrics metrics;
  std::vector<std::string> deactivated;  // practices whose sessions the processor ended
  InboxProcessor processor{*db, clock.clock(),
                           [this](Database&, std::string_view practice_id) {
                             deactivated.emplace_back(practice_id);
                             return ok_status();
                           },
                           metrics};
  std::unique_ptr<InboxWriter> writer = InboxWriter::open(file, {}).value();

  AppendOutcome add(const std::string& source, const std::string& body, const std::string& practice_id = "pra-1") {
    auto json = nlohmann::json::parse(body);
    auto outcome = writer->append(
        InboxEvent{source, json.value("id", ""), json.value("type", ""), practice_id, {}, clock.now->load(), body});
    REQUIRE(outcome.ok());
    return outcome.value();
  }
  std::string patient(const std::string& column, const std::string& patient_id = "pat-1") {
    return text_of(*db, "SELECT " + column + " FROM hint_patients WHERE practice_id = 'pra-1' AND patient_id = '" +
                            patient_id + "'");
  }
  std::string inbox(const std::string& column, const std::string& event_id) {
    return text_of(*db, "SELECT " + column + " FROM webhook_inbox WHERE event_id = '" + event_id + "'");
  }
};

}  // namespace

TEST_CASE("version_ms reads ISO-8601 with offsets and milliseconds") {
  CHECK(version_ms("2026-02-19T10:49:21.419-08:00") == 1771526961419);
  CHECK(version_ms("2026-02-19T18:49:21.419Z") == 1771526961419);
  CHECK(version_ms("2026-02-19T18:49:21Z") == 1771526961000);
  CHECK(version_ms("2026-02-19T18:49:21.4Z") == 1771526961400);
  CHECK(version_ms("2026-02-19T18:49:21.123456Z") == 1771526961123);
  CHECK(!version_ms("2026-02-19T18:49:21").has_value());
  CHECK(!version_ms("").has_value());
}

TEST_CASE("a Hint patient event upserts the practice's patient record with its version") {
  Inbox inbox;
  inbox.add("hint", hint_event("evt-1", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00.000Z"));
  CHECK(inbox.processor.process_due() == 1);
  CHECK(inbox.patient("status") == "active");
  CHECK(inbox.patient("updated_at") == "1771495200000");
  CHECK(nlohmann::json::parse(inbox.patient("body"))["id"] == "pat-1");
  CHECK(inbox.inbox("status", "evt-1") == "processed");
  CHECK(inbox.metrics.processed.value({{"source", "hint"}, {"outcome", "processed"}}) == 1);
  CHECK(inbox.processor.process_due() == 0);
}

TEST_CASE("a batch ends after the row in hand when another writer waits, and commits what it did") {
  Inbox inbox;
  for (int i = 1; i <= 3; ++i) {
    inbox.add("hint", hint_event("evt-" + std::to_string(i), "patient.created", "pra-1", "pat-" + std::to_string(i),
                                 "2026-02-19T10:00:00.000Z"));
  }
  int asked = 0;
  inbox.processor.yield_when([&] { return ++asked > 0; });  // someone always waits
  CHECK(inbox.processor.process_due() == 1);                // with no one waiting: 3 in one batch
  CHECK(inbox.inbox("status", "evt-1") == "processed");
  CHECK(inbox.inbox("status", "evt-2") == "pending");  // left due, not lost
  CHECK(inbox.metrics.processed.value({{"source", "hint"}, {"outcome", "processed"}}) == 1);
  CHECK(inbox.processor.process_due() == 1);
  CHECK(inbox.processor.process_due() == 1);
  CHECK(inbox.processor.process_due() == 0);
  CHECK(inbox.patient("status", "pat-3") == "active");
  CHECK(asked == 3);
}

TEST_CASE("the write gate says whether someone waits for it") {
  WriteGate gate;
  CHECK_FALSE(gate.contended());
  std::unique_lock held(gate);
  std::thread waiter([&] { std::lock_guard waiting(gate); });
  while (!gate.contended()) std::this_thread::yield();  // the waiter is blocked in lock()
  held.unlock();
  waiter.join();
  CHECK_FALSE(gate.contended());
}

TEST_CASE("an older update delivered after a newer one does not overwrite it") {
  Inbox inbox;
  inbox.add("hint",
            hint_event("evt-new", "patient.updated", "pra-1", "pat-1", "2026-02-19T12:00:00.000Z", "", "newer"));
  inbox.add("hint",
            hint_event("evt-old", "patient.updated", "pra-1", "pat-1", "2026-02-19T11:00:00.000Z", "", "older"));
  CHECK(inbox.processor.process_due() == 2);
  CHECK(nlohmann::json::parse(inbox.patient("body"))["note"] == "newer");
  CHECK(inbox.patient("event_id") == "evt-new");
  // Both events are done: the stale one was applied as a no-op, not retried.
  CHECK(inbox.inbox("status", "evt-old") == "processed");
}

TEST_CASE("a newer update replaces an older one, also across offsets") {
  Inbox inbox;
  inbox.add("hint", hint_event("evt-1", "patient.updated", "pra-1", "pat-1", "2026-02-19T12:00:00.000Z", "", "first"));
  CHECK(inbox.processor.process_due() == 1);
  // 04:00:00.001 -08:00 is 12:00:00.001 Z: one millisecond newer.
  inbox.add("hint",
            hint_event("evt-2", "patient.updated", "pra-1", "pat-1", "2026-02-19T04:00:00.001-08:00", "", "second"));
  CHECK(inbox.processor.process_due() == 1);
  CHECK(nlohmann::json::parse(inbox.patient("body"))["note"] == "second");
}

TEST_CASE("without the object's updated_at the envelope's created_at orders the updates") {
  Inbox inbox;
  inbox.add("hint", hint_event("evt-b", "patient.updated", "pra-1", "pat-1", "", "2026-02-19T12:00:00Z", "b"));
  inbox.add("hint", hint_event("evt-a", "patient.updated", "pra-1", "pat-1", "", "2026-02-19T11:00:00Z", "a"));
  CHECK(inbox.processor.process_due() == 2);
  CHECK(nlohmann::json::parse(inbox.patient("body"))["note"] == "b");
  CHECK(inbox.patient("updated_at") == std::to_string(*version_ms("2026-02-19T12:00:00Z")));
}

TEST_CASE("a duplicate delivery is stored once and processed once") {
  Inbox inbox;
  auto body = hint_event("evt-dup", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z");
  CHECK(inbox.add("hint", body) == AppendOutcome::stored);
  CHECK(inbox.add("hint", body) == AppendOutcome::duplicate);
  CHECK(inbox.processor.process_due() == 1);
  CHECK(inbox.add("hint", body) == AppendOutcome::duplicate);  // after processing too
  CHECK(inbox.processor.process_due() == 0);
  CHECK(count_rows(*inbox.db, "SELECT COUNT(*) FROM webhook_inbox") == 1);
  CHECK(inbox.metrics.processed.value({{"source", "hint"}, {"outcome", "processed"}}) == 1);
  // The same id from the other source is a different event.
  CHECK(inbox.add("hearlink", hearlink_event("evt-dup", "test", {{"message", "hi"}, {"triggeredBy", "u"}})) ==
        AppendOutcome::stored);
}

TEST_CASE("destroyed, inactive and archived mark the patient; an equally old update cannot revive it") {
  Inbox inbox;
  for (const char* action : {"destroyed", "inactive", "archived"}) {
    std::string patient_id = std::string("pat-") + action;
    inbox.add("hint",
              hint_event(std::string("c-") + action, "patient.created", "pra-1", patient_id, "2026-02-19T10:00:00Z"));
    inbox.add("hint", hint_event(std::string("x-") + action, std::string("patient.") + action, "pra-1", patient_id,
                                 "2026-02-19T11:00:00Z"));
    inbox.add("hint",
              hint_event(std::string("u-") + action, "patient.updated", "pra-1", patient_id, "2026-02-19T11:00:00Z"));
  }
  CHECK(inbox.processor.process_due() == 9);
  CHECK(inbox.patient("status", "pat-destroyed") == "destroyed");
  CHECK(inbox.patient("status", "pat-inactive") == "inactive");
  CHECK(inbox.patient("status", "pat-archived") == "archived");
}

TEST_CASE("patient records are kept per practice") {
  Inbox inbox;
  inbox.add("hint", hint_event("evt-a", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z"), "pra-1");
  inbox.add("hint", hint_event("evt-b", "patient.destroyed", "pra-2", "pat-1", "2026-02-19T11:00:00Z"), "pra-2");
  CHECK(inbox.processor.process_due() == 2);
  CHECK(inbox.patient("status") == "active");
  CHECK(count_rows(*inbox.db, "SELECT COUNT(*) FROM hint_patients") == 2);
}

TEST_CASE("integration.deactivated and installation.deactivated end the practice's sessions") {
  Inbox inbox;
  inbox.add("hint", R"({"id":"evt-d1","type":"integration.deactivated","practice_id":"pra-1","object":{}})", "pra-1");
  inbox.add("hint", R"({"id":"evt-d2","type":"installation.deactivated","practice_id":"pra-2","object":{}})", "pra-2");
  inbox.add("hint", hint_event("evt-p", "patient.created", "pra-3", "pat-1", "2026-02-19T10:00:00Z"), "pra-3");
  CHECK(inbox.processor.process_due() == 3);
  CHECK(inbox.deactivated == std::vector<std::string>{"pra-1", "pra-2"});
  CHECK(inbox.inbox("status", "evt-d1") == "processed");
  CHECK(inbox.inbox("status", "evt-d2") == "processed");
  CHECK(inbox.inbox("status", "evt-p") == "processed");
}

TEST_CASE("unknown types are stored and marked ignored") {
  Inbox inbox;
  inbox.add("hint", R"({"id":"evt-m","type":"membership.created","practice_id":"pra-1","object":{"id":"mem-1"}})");
  inbox.add("hint", R"({"id":"evt-n","type":"brand.new.type","practice_id":"pra-1"})");
  inbox.add("hearlink", hearlink_event("evt-h", "clinic.updated", {{"uid", "cl_1"}}));
  inbox.add("hearlink", hearlink_event("evt-h2", "patient.merged", {{"uid", "hlp_1"}}));
  CHECK(inbox.processor.process_due() == 4);
  for (const char* id : {"evt-m", "evt-n", "evt-h", "evt-h2"}) {
    INFO(id);
    CHECK(inbox.inbox("status", id) == "ignored");
  }
  CHECK(inbox.metrics.processed.value({{"source", "hint"}, {"outcome", "ignored"}}) == 2);
  CHECK(count_rows(*inbox.db, "SELECT COUNT(*) FROM hearlink_records") == 0);
}

TEST_CASE("HearLink events build the practice's read model keyed by uid, linked to the patient") {
  Inbox inbox;
  inbox.add("hearlink", read_test_data("hearlink/webhook.patient.created.json"), "pra-hl");
  inbox.add("hearlink", read_test_data("hearlink/webhook.hearing_test.created.json"), "pra-hl");
  inbox.add("hearlink",
            hearlink_event("evt-ap", "appointment.created",
                           {{"uid", "ap_1"}, {"patient", {{"uid", "hlp_7Qx2Lm9"}}}, {"confirmed", true}}),
            "pra-hl");
  inbox.add("hearlink", hearlink_event("evt-tx", "transaction.created", {{"uid", "tx_1"}, {"orderUid", "inv_1"}}),
            "pra-hl");
  CHECK(inbox.processor.process_due() == 4);
  auto& db = *inbox.db;
  CHECK(count_rows(db, "SELECT COUNT(*) FROM hearlink_records WHERE practice_id = 'pra-hl'") == 4);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM hearlink_records WHERE patient_uid = 'hlp_7Qx2Lm9'") == 3);
  CHECK(text_of(db, "SELECT kind FROM hearlink_records WHERE uid = 'ht_91KdP0'") == "hearing_test");
  CHECK(text_of(db, "SELECT patient_uid IS NULL FROM hearlink_records WHERE uid = 'tx_1'") == "1");
  auto test = nlohmann::json::parse(text_of(db, "SELECT body FROM hearlink_records WHERE uid = 'ht_91KdP0'"));
  CHECK(test["audiogram"]["right"]["4000"] == 55);
  // The patient's version is its created.at: 2026-04-10T14:30:00.000Z.
  CHECK(text_of(db, "SELECT updated_at FROM hearlink_records WHERE uid = 'hlp_7Qx2Lm9'") ==
        std::to_string(*version_ms("2026-04-10T14:30:00.000Z")));
}

TEST_CASE("a HearLink deletion marks the record; an older update arriving later does not restore it") {
  Inbox inbox;
  nlohmann::json v2{{"uid", "inv_1"}, {"patient", {{"uid", "hlp_1"}}}, {"updated", {{"at", "2026-04-11T10:00:00Z"}}}};
  nlohmann::json v1{{"uid", "inv_1"}, {"patient", {{"uid", "hlp_1"}}}, {"updated", {{"at", "2026-04-10T10:00:00Z"}}}};
  inbox.add("hearlink", hearlink_event("evt-del", "invoice.deleted", v2), "pra-hl");
  inbox.add("hearlink", hearlink_event("evt-upd", "invoice.updated", v1), "pra-hl");
  CHECK(inbox.processor.process_due() == 2);
  CHECK(text_of(*inbox.db, "SELECT deleted FROM hearlink_records WHERE uid = 'inv_1'") == "1");
}

TEST_CASE("the HearLink test event is recorded and acknowledged") {
  Inbox inbox;
  inbox.add("hearlink", hearlink_event("evt-t", "test", {{"message", "Hello from HearLink"}, {"triggeredBy", "usr_1"}}),
            "pra-hl");
  CHECK(inbox.processor.process_due() == 1);
  CHECK(inbox.inbox("status", "evt-t") == "processed");
  CHECK(count_rows(*inbox.db, "SELECT COUNT(*) FROM hearlink_records") == 0);
}

TEST_CASE("a failing event is retried with back-off, marked failed after the last attempt, and blocks nothing") {
  Inbox inbox;
  // A patient event without object.id cannot be applied.
  inbox.add("hint", R"({"id":"evt-bad","type":"patient.updated","practice_id":"pra-1","object":{"first_name":"X"}})");
  inbox.add("hint", hint_event("evt-good", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z"));
  CHECK(inbox.processor.process_due() == 2);
  CHECK(inbox.inbox("status", "evt-good") == "processed");
  CHECK(inbox.inbox("status", "evt-bad") == "pending");
  CHECK(inbox.inbox("attempts", "evt-bad") == "1");
  CHECK(inbox.inbox("last_error", "evt-bad") == "patient event without object.id");
  CHECK(inbox.metrics.failed.value({{"source", "hint"}, {"final", "no"}}) == 1);

  // Not due before its back-off has passed: 30 s, then 60, 120, … capped at an hour.
  CHECK(inbox.processor.process_due() == 0);
  for (int64_t attempt = 1; attempt < kMaxProcessingAttempts; ++attempt) {
    inbox.clock.advance(retry_delay_s(attempt) - 1);
    CHECK(inbox.processor.process_due() == 0);
    inbox.clock.advance(1);
    CHECK(inbox.processor.process_due() == 1);
  }
  CHECK(inbox.inbox("status", "evt-bad") == "failed");
  CHECK(inbox.inbox("attempts", "evt-bad") == std::to_string(kMaxProcessingAttempts));
  CHECK(inbox.metrics.failed.value({{"source", "hint"}, {"final", "yes"}}) == 1);
  inbox.clock.advance(24 * 3600);
  CHECK(inbox.processor.process_due() == 0);
  CHECK(retry_delay_s(1) == 30);
  CHECK(retry_delay_s(2) == 60);
  CHECK(retry_delay_s(20) == 3600);
}

TEST_CASE("the purge clears old payloads and then old rows, never a pending one") {
  Inbox inbox;
  const int64_t day = 24 * 3600;
  inbox.add("hint", hint_event("evt-old", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z"));
  CHECK(inbox.processor.process_due() == 1);
  inbox.add("hint", R"({"id":"evt-stuck","type":"patient.updated","practice_id":"pra-1","object":{}})");
  // Keep evt-stuck pending: give it a back-off far in the future.
  REQUIRE(inbox.db->exec("UPDATE webhook_inbox SET next_attempt_at = 9999999999 WHERE event_id = 'evt-stuck'").ok());

  inbox.clock.advance(2 * day);
  auto first = inbox.processor.purge(day).value();  // payloads kept one day
  CHECK(first.bodies_cleared == 1);
  CHECK(first.rows_deleted == 0);
  CHECK(inbox.inbox("body IS NULL", "evt-old") == "1");
  CHECK(inbox.inbox("body IS NULL", "evt-stuck") == "0");

  // The event id stays 7 days (a late Hint retry is still a duplicate)…
  CHECK(inbox.add("hint", hint_event("evt-old", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z")) ==
        AppendOutcome::duplicate);
  inbox.clock.advance(5 * day - 1);
  CHECK(inbox.processor.purge(day).value().rows_deleted == 0);
  inbox.clock.advance(2);
  // …then goes; the pending row stays whatever its age.
  CHECK(inbox.processor.purge(day).value().rows_deleted == 1);
  CHECK(count_rows(*inbox.db, "SELECT COUNT(*) FROM webhook_inbox") == 1);
  CHECK(inbox.inbox("status", "evt-stuck") == "pending");
}

TEST_CASE("a retention longer than 7 days keeps rows that long") {
  Inbox inbox;
  const int64_t day = 24 * 3600;
  inbox.add("hint", hint_event("evt-1", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00Z"));
  CHECK(inbox.processor.process_due() == 1);
  inbox.clock.advance(10 * day);
  CHECK(inbox.processor.purge(30 * day).value().rows_deleted == 0);
  CHECK(inbox.inbox("body IS NULL", "evt-1") == "0");
  inbox.clock.advance(21 * day);
  CHECK(inbox.processor.purge(30 * day).value().rows_deleted == 1);
}

TEST_CASE("the purge goes in steps of at most a batch, bodies first, and says when more is left") {
  Inbox inbox;
  const int64_t day = 24 * 3600;
  for (int i = 0; i < 5; ++i) {
    const auto id = "evt-" + std::to_string(i);
    inbox.add("hint", hint_event(id, "patient.created", "pra-1", "pat-" + std::to_string(i), "2026-02-19T10:00:00Z"));
  }
  CHECK(inbox.processor.process_due() == 5);
  inbox.clock.advance(8 * day);  // past both the payload retention and the event ids' 7 days

  std::vector<std::pair<int64_t, int64_t>> steps;  // (bodies cleared, rows deleted) per step
  for (bool more = true; more;) {
    auto step = inbox.processor.purge_step(day, 2).value();
    steps.emplace_back(step.bodies_cleared, step.rows_deleted);
    more = step.more;
  }
  // 2 + 2 + 1 bodies (the last step then starts on the rows), then rows 2 at a time.
  CHECK(steps == std::vector<std::pair<int64_t, int64_t>>{{2, 0}, {2, 0}, {1, 2}, {0, 2}, {0, 1}});
  CHECK(count_rows(*inbox.db, "SELECT COUNT(*) FROM webhook_inbox") == 0);
}

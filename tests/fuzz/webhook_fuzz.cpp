// A webhook body from intake to the read models: the envelope intake reads
// (server/webhooks/envelope.*), then the worker's processing of the stored row
// (server/webhooks/event_processor.*, and the HearLink bridge hooks behind it) against an in-memory
// database that already holds a linked, a pending and a needs-phone patient. Each input runs in a
// transaction that is rolled back, so every input meets the same state. Input: a control byte (low
// bit: 0 Hint, 1 HearLink), then the raw body.
#include <string>

#include "server/hearlink/patient_links.hpp"
#include "server/store/database.hpp"
#include "server/webhooks/envelope.hpp"
#include "server/webhooks/event_processor.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr int64_t kNow = 1770000000;
constexpr const char* kPractice = "pra-fuzz";  // the practice whose HearLink secret verified

hb::Database& database() {
  static auto db = [] {
    auto opened = hb::Database::open(":memory:");
    FUZZ_CHECK(opened.ok());
    auto db = std::move(opened).value();
    FUZZ_CHECK(hb::write_link(*db, kPractice, "pat-linked", "linked", "hlp_linked", "", kNow));
    FUZZ_CHECK(hb::write_link(*db, kPractice, "pat-phone", "needs_phone", "", "Needs a phone number.", kNow));
    FUZZ_CHECK(hb::request_link(*db, kPractice, "pat-pending", "", hb::LinkRequest::created, kNow));
    return db;
  }();
  return *db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = hb::fuzz::as_text(data, size);
  const bool hearlink = hb::fuzz::take_byte(input) & 1;
  const auto body = input;
  auto envelope = hb::parse_webhook_envelope(body);
  if (!envelope) return 0;  // intake answers 400: nothing is stored
  auto& e = envelope.value();
  FUZZ_CHECK(!e.id.empty() && !e.type.empty() && e.id.size() <= hb::kMaxWebhookIdLength);

  hb::InboxRow row{
      1,   hearlink ? "hearlink" : "hint", e.id, e.type, hearlink ? kPractice : e.practice_id, std::string(body), 0,
      kNow};
  auto& db = database();
  FUZZ_CHECK(db.exec("BEGIN").ok());
  int deactivations = 0;
  auto outcome = hb::process_event(db, row, [&deactivations](hb::Database&, std::string_view practice_id) {
    FUZZ_CHECK(!practice_id.empty());
    ++deactivations;
    return hb::ok_status();
  });
  FUZZ_CHECK(db.exec("ROLLBACK").ok());
  if (!outcome) {
    // Recorded as the row's last_error: a fixed text, never payload data.
    FUZZ_CHECK(!outcome.error().message.empty());
  }
  FUZZ_CHECK(deactivations <= 1);
  return 0;
}

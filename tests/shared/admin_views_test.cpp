// The admin's views of their practice (audit, outbox, webhook deliveries), through the shared mapping.
#include <catch2/catch_test_macros.hpp>

#include "shared/admin_views.hpp"
#include "tests/shared/message_contract.hpp"

using namespace hb;
using namespace hb::testing;

TEST_CASE("the audit page round-trips and every member is required") {
  AuditPage page{{{41,
                   "2026-04-12T10:00:00Z",
                   "user-1",
                   {"clinician", "admin"},
                   "standard",
                   "note.sign",
                   "note",
                   "note-7",
                   "req-1"}}};
  check_round_trip(page, parse_audit_page);
  check_required_members(page, parse_audit_page);
  check_round_trip(AuditPage{}, parse_audit_page);
}

TEST_CASE("the outbox list round-trips; an empty last error is null") {
  OutboxList list{{{3, "hint.create_interaction", "pra-1|note-7", "failed", 2, "2026-04-12T10:05:00Z",
                    "Hint answered 500", "2026-04-12T10:00:00Z"},
                   {4, "hearlink.create_patient", "pra-1|pat-1", "pending", 0, "2026-04-12T10:00:00Z", "",
                    "2026-04-12T10:00:00Z"}}};
  check_round_trip(list, parse_outbox_list);
  check_required_members(list, parse_outbox_list);
  CHECK(to_json(list)["items"][1]["last_error"].is_null());
}

TEST_CASE("the webhook deliveries round-trip; times are ISO, absent ones null") {
  WebhookDeliveries list{
      {{"hint", "evt-2", "patient.created", "dlv-1", "2026-04-12T10:00:00Z", "processed", 1, "2026-04-12T10:00:01Z", "",
        12},
       {"hearlink", "evt-1", "patient.updated", "", "2026-04-12T09:00:00Z", "pending", 0, "", "", 11}}};
  check_round_trip(list, parse_webhook_deliveries);
  check_required_members(list, parse_webhook_deliveries);
  const auto json = to_json(list);
  CHECK(json["deliveries"][1]["delivery_id"].is_null());
  CHECK(json["deliveries"][1]["processed_at"].is_null());
  CHECK(json["deliveries"][0]["last_error"].is_null());
}

TEST_CASE("an admin view of another shape is refused naming the member") {
  auto parsed = parse_outbox_list(nlohmann::json{{"items", {{{"id", "3"}}}}});
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().message == "Missing or invalid field: items.id.");
  CHECK_FALSE(parse_audit_page(nlohmann::json::array()).ok());
}

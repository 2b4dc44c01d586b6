// Turns one inbox row into read-model changes. Called by the worker inside its transaction (a
// savepoint per row), never on the request path. Decoding is permissive: absent or wrongly typed
// fields are treated as absent; a row that cannot be applied is an error the worker retries.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/store/database.hpp"
#include "shared/result.hpp"

namespace hb {

struct InboxRow {
  int64_t seq = 0;
  std::string source;  // "hint" | "hearlink"
  std::string event_id;
  std::string type;
  std::string practice_id;
  std::string body;
  int64_t attempts = 0;
  int64_t received_at = 0;
};

enum class EventOutcome { processed, ignored };

// Ends a practice's sessions and deletes its stored tokens (Hint `integration.deactivated` /
// `installation.deactivated`). Runs with no transaction open on `db`, so it may open its own.
using PracticeDeactivated = std::function<Status(Database& db, std::string_view practice_id)>;

// True for the types that must run through `deactivate` outside the worker's batch transaction.
bool is_practice_deactivation(std::string_view source, std::string_view type);

// Applies `row` to the read models. Expected failures come back as an Error whose message is a fixed
// text (recorded as the row's last_error, so never payload data).
Result<EventOutcome> process_event(Database& db, const InboxRow& row, const PracticeDeactivated& deactivate);

// The fields of a HearLink record that reads select on, stored beside its body (migration 10):
// the invoice a payment pays, the Hint patient a patient record names, a hearing test's date.
struct HearLinkRecordKeys {
  std::string order_uid;
  std::string named_hint_patient_id;
  std::string test_date;
};
HearLinkRecordKeys hearlink_record_keys(std::string_view kind, const nlohmann::json& data);

// An event's version for "newest wins": an ISO-8601 timestamp with offset → unix milliseconds
// ("2026-02-19T10:49:21.419-08:00" → 1771526961419); nullopt when it does not parse.
std::optional<int64_t> version_ms(std::string_view iso8601);

}  // namespace hb

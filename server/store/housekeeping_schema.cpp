namespace hb {
// Migration 12: housekeeping that costs what it removes (webhook_worker.hpp): each purge step finds
// its rows through an index that holds only candidates, never by walking rows already done.
extern const char* const kHousekeepingSchema;
const char* const kHousekeepingSchema = R"sql(
-- Finished rows whose raw body is still kept, oldest first (cleared rows leave the index).
CREATE INDEX webhook_inbox_bodies_by_received ON webhook_inbox (received_at) WHERE body IS NOT NULL;
-- Done outbox jobs, by when they finished: deleted after their retention.
CREATE INDEX outbox_done_by_update ON outbox (updated_at) WHERE status = 'done';
)sql";
}  // namespace hb

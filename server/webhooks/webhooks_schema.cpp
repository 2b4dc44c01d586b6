namespace hb {
// Migration 3. Filled in with webhook intake (inbox, read models).
extern const char* const kWebhooksSchema;
const char* const kWebhooksSchema = "SELECT 1;";
}  // namespace hb

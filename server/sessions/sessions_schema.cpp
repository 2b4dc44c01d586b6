namespace hb {
// Migration 2. Filled in with the handshake and session store.
extern const char* const kSessionsSchema;
const char* const kSessionsSchema = "SELECT 1;";
}  // namespace hb

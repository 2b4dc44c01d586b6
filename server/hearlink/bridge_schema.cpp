namespace hb {
// Migration 6. Filled in with the HearLink bridge (Hint patient ↔ HearLink patient links).
extern const char* const kBridgeSchema;
const char* const kBridgeSchema = "SELECT 1;";
}  // namespace hb

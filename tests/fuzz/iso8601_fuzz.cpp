// ISO-8601 dates and timestamps as Hint and HearLink send them (shared/iso8601.*), and the webhook
// worker's "newest wins" version (version_ms). Properties: whatever parses formats back to the same
// instant and day; a date is exactly ten characters naming a real day.
#include <string>

#include "server/webhooks/event_processor.hpp"
#include "shared/hearlink_patient.hpp"
#include "shared/iso8601.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = hb::fuzz::as_text(data, size);

  if (auto days = hb::parse_date(text)) {
    FUZZ_CHECK(text.size() == 10);
    FUZZ_CHECK(hb::is_hearlink_date(text));
    const auto formatted = hb::format_timestamp(*days * 86400);
    FUZZ_CHECK(formatted.substr(0, 10) == text);
    FUZZ_CHECK(formatted.substr(10) == "T00:00:00Z");
  } else {
    FUZZ_CHECK(!hb::is_hearlink_date(text));
  }

  const auto seconds = hb::parse_timestamp(text);
  const auto millis = hb::version_ms(text);
  FUZZ_CHECK(seconds.has_value() == millis.has_value());
  if (!seconds) return 0;
  FUZZ_CHECK(*millis >= *seconds * 1000 && *millis < *seconds * 1000 + 1000);
  // An offset can move an instant out of years 0001-9999 ("0001-01-01T00:00:00+23:59" is in year 0000,
  // which the parser refuses), where the four-digit form has no accepted spelling; format_timestamp
  // only ever sees the server's own times.
  static const int64_t kFirst = hb::days_from_civil(1, 1, 1) * 86400;
  static const int64_t kEnd = hb::days_from_civil(10000, 1, 1) * 86400;
  if (*seconds < kFirst || *seconds >= kEnd) return 0;
  const auto formatted = hb::format_timestamp(*seconds);
  const auto again = hb::parse_timestamp(formatted);
  // A leap second (":60") is read as the next second's instant, so it formats as that second.
  FUZZ_CHECK(again == seconds);
  FUZZ_CHECK(hb::parse_date(formatted.substr(0, 10)).has_value());
  return 0;
}

// Money is never a floating-point number here: amounts are whole minor units (pence) in an
// std::int64_t from HearLink's payload to the screen. HearLink sends decimal amounts (85.0, 12.5,
// or "12.50"); they are converted exactly, digit by digit, and an amount with a non-zero third
// decimal, an exponent too large, or a value past ±10^15 pence is refused rather than rounded.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hb {

using MinorUnits = std::int64_t;  // pence
constexpr MinorUnits kMaxMinorUnits = 1'000'000'000'000'000;  // 10^15 pence: far past any invoice

// "12.5" → 1250, "-3.10" → -310, "85" → 8500, "1.5e2" → 15000; "1.234", "abc", "" → nullopt.
std::optional<MinorUnits> parse_decimal_amount(std::string_view text);
// A JSON number or decimal string (HearLink's wire format) → minor units. A JSON float is read as
// the shortest decimal that round-trips to it (what the sender wrote), never multiplied as a double.
std::optional<MinorUnits> amount_from_json(const nlohmann::json& value);

// 1250 → "£12.50", -310 → "£-3.10", 123456789 → "£1234567.89" (as the screens always showed it).
std::string format_money(MinorUnits amount);

}  // namespace hb

// Money is never a floating-point number here: amounts are whole minor units (pence) in an
// std::int64_t from HearLink's payload to the screen. HearLink sends decimal amounts (85.0, 12.5,
// or "12.50"); they are converted digit by digit, never through a double. Digits below a penny
// (a JavaScript sender's 0.30000000000000004, a tax-inclusive 1.005) are rounded to the nearest
// penny, half away from zero, as an invoice prints them: refusing them would hide the invoice. What
// is not a number, or lies past ±10^15 pence, is refused.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hb {

using MinorUnits = std::int64_t;                              // pence
constexpr MinorUnits kMaxMinorUnits = 1'000'000'000'000'000;  // 10^15 pence: far past any invoice

// "12.5" → 1250, "-3.10" → -310, "85" → 8500, "1.5e2" → 15000, "1.005" → 101, "-0.004" → 0;
// "abc", "", "1e400" → nullopt.
std::optional<MinorUnits> parse_decimal_amount(std::string_view text);
// A JSON number or decimal string (HearLink's wire format) → minor units. A JSON float is read as
// the shortest decimal that round-trips to it (what the sender wrote), never multiplied as a double.
std::optional<MinorUnits> amount_from_json(const nlohmann::json& value);

// a + b and a − b, held at the int64 limits instead of overflowing: sums of many amounts near the
// limit (only a hostile sender makes them) stay ordered and defined.
MinorUnits saturating_add(MinorUnits a, MinorUnits b);
MinorUnits saturating_sub(MinorUnits a, MinorUnits b);

// 1250 → "£12.50", -310 → "-£3.10", 123456789 → "£1,234,567.89": pounds grouped in thousands.
std::string format_money(MinorUnits amount);

}  // namespace hb

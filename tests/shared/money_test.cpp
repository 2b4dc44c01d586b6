#include <catch2/catch_test_macros.hpp>

#include <limits>

#include "shared/json_input.hpp"
#include "shared/money.hpp"

using namespace hb;

TEST_CASE("decimal amounts become whole pence exactly") {
  CHECK(parse_decimal_amount("12.50") == 1250);
  CHECK(parse_decimal_amount("12.5") == 1250);
  CHECK(parse_decimal_amount("85") == 8500);
  CHECK(parse_decimal_amount("0.1") == 10);
  CHECK(parse_decimal_amount("-3.10") == -310);
  CHECK(parse_decimal_amount("1.5e2") == 15000);
  CHECK(parse_decimal_amount("1.234e1") == 1234);
  CHECK(parse_decimal_amount("12.500000") == 1250);
  CHECK(parse_decimal_amount("0") == 0);
  CHECK(parse_decimal_amount("0.000") == 0);
  // Zero is zero however large its exponent: no digit is left to overflow.
  CHECK(parse_decimal_amount("0e17") == 0);
  CHECK(parse_decimal_amount("0.0e20") == 0);
  CHECK(parse_decimal_amount("-0E+400") == 0);
  CHECK(parse_decimal_amount("000.000e999") == 0);
  CHECK(parse_decimal_amount("10000000000000.00") == kMaxMinorUnits);
}

TEST_CASE("digits below a penny round to the nearest penny, half away from zero") {
  CHECK(parse_decimal_amount("1.234") == 123);
  CHECK(parse_decimal_amount("1.235") == 124);
  CHECK(parse_decimal_amount("1.0049") == 100);
  CHECK(parse_decimal_amount("1.005") == 101);
  CHECK(parse_decimal_amount("-1.005") == -101);
  CHECK(parse_decimal_amount("0.30000000000000004") == 30);
  CHECK(parse_decimal_amount("0.001") == 0);
  CHECK(parse_decimal_amount("-0.004") == 0);
  CHECK(parse_decimal_amount("0.005") == 1);
  CHECK(parse_decimal_amount("5e-3") == 1);
  CHECK(parse_decimal_amount("5e-4") == 0);
  CHECK(parse_decimal_amount("9.999") == 1000);
  CHECK(parse_decimal_amount("10000000000000.004") == kMaxMinorUnits);
  CHECK_FALSE(parse_decimal_amount("10000000000000.005"));  // rounds past the limit
}

TEST_CASE("sums of amounts hold at the int64 limits") {
  constexpr auto kMax = std::numeric_limits<MinorUnits>::max();
  constexpr auto kMin = std::numeric_limits<MinorUnits>::min();
  CHECK(saturating_add(1250, -310) == 940);
  CHECK(saturating_add(kMax - 1, 5) == kMax);
  CHECK(saturating_add(kMin + 1, -5) == kMin);
  CHECK(saturating_add(kMax, kMin) == -1);
  CHECK(saturating_sub(1250, 310) == 940);
  CHECK(saturating_sub(kMin + 1, 5) == kMin);
  CHECK(saturating_sub(kMax - 1, -5) == kMax);
  CHECK(saturating_sub(0, kMin) == kMax);
}

TEST_CASE("amounts that are not numbers, or past the limit, are refused") {
  for (const char* text : {"", "-", ".5", "5.", "1e", "1,000.00", "£5", " 5", "5 ", "NaN", "inf", "0x10", "1e400",
                           "10000000000000.01", "99999999999999999999", "1e17", "0.1e18", "0e", "0e+"}) {
    INFO(text);
    CHECK_FALSE(parse_decimal_amount(text));
  }
}

TEST_CASE("HearLink's JSON amounts: numbers as written, and decimal strings") {
  auto amount = [](const char* json) { return amount_from_json(parse_json(json).value()); };
  CHECK(amount("85.0") == 8500);
  CHECK(amount("12.5") == 1250);
  CHECK(amount("\"12.50\"") == 1250);
  CHECK(amount("120") == 12000);
  CHECK(amount("-20") == -2000);
  // Doubles a naive ×100 gets wrong: 1.005 * 100 = 100.49999…, 0.29 * 100 = 28.999…, 1234567.89 * 100 = 123456788.99…
  CHECK(amount("1.005") == 101);
  CHECK(amount("0.29") == 29);
  CHECK(amount("1234567.89") == 123456789);
  CHECK(amount("19.99") == 1999);
  CHECK(amount("0.1234") == 12);
  CHECK_FALSE(amount("null"));
  CHECK_FALSE(amount("true"));
  CHECK_FALSE(amount("{}"));
  CHECK_FALSE(amount("1e300"));
  CHECK_FALSE(amount("18446744073709551615"));
}

TEST_CASE("pence are shown as pounds with two decimals, grouped in thousands, the sign before the £") {
  CHECK(format_money(1250) == "£12.50");
  CHECK(format_money(5) == "£0.05");
  CHECK(format_money(0) == "£0.00");
  CHECK(format_money(99999) == "£999.99");
  CHECK(format_money(100000) == "£1,000.00");
  CHECK(format_money(123456789) == "£1,234,567.89");
  CHECK(format_money(-310) == "-£3.10");
  CHECK(format_money(-123456) == "-£1,234.56");
  CHECK(format_money(INT64_MIN) == "-£92,233,720,368,547,758.08");
}

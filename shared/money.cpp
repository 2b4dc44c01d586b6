#include "shared/money.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace hb {
namespace {

constexpr int kMinorDigits = 2;  // pence per pound: 10^2

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<MinorUnits> parse_decimal_amount(std::string_view text) {
  size_t i = 0;
  const bool negative = i < text.size() && text[i] == '-';
  if (negative) ++i;
  std::string digits;  // integer part then fraction, as written
  int scale = 0;       // the value is digits × 10^scale
  size_t integer_digits = 0;
  while (i < text.size() && is_digit(text[i])) digits += text[i++], ++integer_digits;
  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && is_digit(text[i])) digits += text[i++], --scale, ++fraction_digits;
    if (fraction_digits == 0) return std::nullopt;
  }
  if (integer_digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    const bool exponent_negative = i < text.size() && text[i] == '-';
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    int exponent = 0;
    size_t exponent_digits = 0;
    while (i < text.size() && is_digit(text[i])) {
      if (exponent > 1000) return std::nullopt;
      exponent = exponent * 10 + (text[i++] - '0');
      ++exponent_digits;
    }
    if (exponent_digits == 0) return std::nullopt;
    scale += exponent_negative ? -exponent : exponent;
  }
  if (i != text.size()) return std::nullopt;
  // In minor units: digits × 10^(scale + 2). Digits below a penny round to the nearest penny,
  // half away from zero: the first dropped digit decides.
  int shift = scale + kMinorDigits;
  bool round_up = false;
  while (shift < 0 && !digits.empty()) {
    round_up = digits.back() >= '5';
    digits.pop_back();
    ++shift;
  }
  if (shift < 0) {  // every digit lay below the first dropped place, which is an implied zero
    shift = 0;
    round_up = false;
  }
  const auto first = digits.find_first_not_of('0');
  digits.erase(0, first == std::string::npos ? digits.size() : first);
  // Zero (no digit left) is zero whatever its exponent: only digits that remain can pass the limit.
  if (!digits.empty() && digits.size() + static_cast<size_t>(shift) > 16) return std::nullopt;  // past 10^15 pence
  MinorUnits value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  for (int k = 0; k < shift; ++k) value *= 10;
  if (round_up) ++value;
  if (value > kMaxMinorUnits) return std::nullopt;
  return negative ? -value : value;
}

std::optional<MinorUnits> amount_from_json(const nlohmann::json& value) {
  if (value.is_number_integer()) return parse_decimal_amount(value.dump());
  if (value.is_number_float()) {
    if (!std::isfinite(value.get<double>())) return std::nullopt;
    return parse_decimal_amount(value.dump());  // nlohmann writes the shortest round-trip decimal
  }
  if (value.is_string()) return parse_decimal_amount(value.get<std::string>());
  return std::nullopt;
}

MinorUnits saturating_add(MinorUnits a, MinorUnits b) {
  MinorUnits sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<MinorUnits>::max() : std::numeric_limits<MinorUnits>::min();
}

MinorUnits saturating_sub(MinorUnits a, MinorUnits b) {
  MinorUnits difference = 0;
  if (!__builtin_sub_overflow(a, b, &difference)) return difference;
  return b < 0 ? std::numeric_limits<MinorUnits>::max() : std::numeric_limits<MinorUnits>::min();
}

std::string format_money(MinorUnits amount) {
  // Magnitude as unsigned, so the most negative value formats too.
  const bool negative = amount < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
  // Pounds grouped in thousands ("1,234,567"), as an invoice prints them.
  const std::string digits = std::to_string(magnitude / 100);
  std::string pounds;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) pounds += ',';
    pounds += digits[i];
  }
  char pence[4];
  std::snprintf(pence, sizeof pence, "%02u", static_cast<unsigned>(magnitude % 100));
  return std::string(negative ? "-" : "") + "£" + pounds + "." + pence;
}

}  // namespace hb

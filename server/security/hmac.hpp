// HMAC-SHA256 and constant-time helpers shared by the signature verifiers.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace hb {

std::string hmac_sha256(std::string_view key, std::string_view message);  // 32 raw bytes

// Hex (either case) to bytes; nullopt for odd length or a non-hex digit.
std::optional<std::string> from_hex(std::string_view hex);

// Compares in time that depends only on the lengths, never on where the bytes differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace hb

// The sandbox's own signers: independent of server/security on purpose (it plays the other side),
// built directly on OpenSSL's HMAC.
//   Hint:     X-Hint-Signature: sha256=<lowercase hex HMAC-SHA256(key, raw body)>
//   HearLink: X-HearLink-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "{t}.{raw body}")>
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace hbs {

std::string hex_lower(std::string_view bytes);
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// "sha256=757107ea…" for key "It's a Secret to Everybody", body "Hello, World!".
std::string hint_signature(std::string_view key, std::string_view body);

// "t=1700000000,v1=<hex>"
std::string hearlink_signature(std::string_view secret, int64_t unix_seconds, std::string_view body);

// Hex of `bytes` random bytes from OpenSSL's CSPRNG (tokens, codes, delivery ids).
std::string random_hex(size_t bytes);
// Base62 of a CSPRNG draw, `length` characters (Hint-looking tokens).
std::string random_base62(size_t length);

}  // namespace hbs

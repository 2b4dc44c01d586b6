// Secrets from OpenSSL's CSPRNG.
#pragma once
#include <string>

namespace hb {

// n random bytes; aborts if the CSPRNG fails (never falls back to a weak source).
std::string random_bytes(size_t n);

// 256-bit credential, URL-safe text (session keys, working tokens). Stored only as a hash.
std::string new_credential();

// 96-bit id for correlating log lines; not a secret.
std::string new_request_id();

}  // namespace hb

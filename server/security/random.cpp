#include "server/security/random.hpp"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "server/security/base64.hpp"

namespace hb {

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    std::fputs("fatal: the CSPRNG failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string new_credential() { return base64url_encode(random_bytes(32)); }

std::string new_request_id() { return base64url_encode(random_bytes(12)); }

}  // namespace hb

#include "server/sessions/authenticator.hpp"

#include "server/http/request_headers.hpp"

namespace hb {

Result<Principal> Authenticator::authenticate(const httplib::Request& req) const {
  auto principal = sessions_.authenticate(bearer_token(req.get_header_value("Authorization")));
  if (!principal) return principal;
  if (principal.value().context.access_denied) return Error{ErrorCode::access_denied, {}};
  return principal;
}

Result<Principal> Authenticator::require(const httplib::Request& req, Permission permission) const {
  auto principal = authenticate(req);
  if (!principal) return principal;
  if (!principal.value().context.allows(permission)) return Error{ErrorCode::forbidden, {}};
  return principal;
}

}  // namespace hb

// Every /api call except the exchange carries `Authorization: Bearer <working token>`. Permission
// checks happen here, on the server: a denied session (no usable role) gets 403 for everything.
#pragma once
#include <httplib.h>

#include "server/sessions/session_store.hpp"

namespace hb {

class Authenticator {
public:
  explicit Authenticator(SessionStore& sessions) : sessions_(sessions) {}

  // unauthorized / session_expired (401), access_denied (403).
  Result<Principal> authenticate(const httplib::Request& req) const;
  // As authenticate, plus forbidden (403) when the roles do not grant `permission`.
  Result<Principal> require(const httplib::Request& req, Permission permission) const;

private:
  SessionStore& sessions_;
};

}  // namespace hb

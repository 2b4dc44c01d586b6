#include "server/sessions/authenticator.hpp"

namespace hb {

std::string_view bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(kScheme[i]))) return {};
  }
  auto token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  return token;
}

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

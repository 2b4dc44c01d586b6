// Percent-encoding of one URL path segment or query-string name or value, for every URL HearBridge,
// its UI and the sandbox build. Pure; both builds compile it.
#pragma once
#include <string>
#include <string_view>

namespace hb {

// Every byte outside RFC 3986's unreserved set (ASCII letters, digits, "-._~") becomes %XX with
// upper-case hex; UTF-8 text is encoded byte by byte. The same in every locale.
std::string url_encode(std::string_view text);

}  // namespace hb

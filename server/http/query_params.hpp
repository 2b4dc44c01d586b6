// Reading the query parameters routes take as numbers (limit, offset, before). Pure functions over
// the raw text, so unit tests reach every case without a server.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "shared/result.hpp"

namespace hb {

// Query parameter `name` whose raw value is `text` (nullopt when the request has no such parameter):
// absent → `fallback`; otherwise decimal digits only, from `min` to `max`. Anything else is
// bad_request naming the parameter and its range — never a silent 0 or a clamp that would page
// through the wrong rows.
[[nodiscard]] Result<int64_t> integer_param(std::string_view name, std::optional<std::string_view> text, int64_t min,
                                            int64_t max, int64_t fallback);

}  // namespace hb

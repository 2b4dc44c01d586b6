#include "server/http/query_params.hpp"

#include <charconv>
#include <string>

namespace hb {

Result<int64_t> integer_param(std::string_view name, std::optional<std::string_view> text, int64_t min, int64_t max,
                              int64_t fallback) {
  if (!text) return fallback;
  int64_t value = 0;
  const auto* end = text->data() + text->size();
  // from_chars accepts a leading '-'; digits only keeps "-0" and "+1" out as well.
  const bool digits = !text->empty() && text->find_first_not_of("0123456789") == std::string_view::npos;
  auto [stop, ec] = std::from_chars(text->data(), end, value);
  if (!digits || ec != std::errc() || stop != end || value < min || value > max) {
    return Error{ErrorCode::bad_request, std::string(name) + " must be a whole number from " + std::to_string(min) +
                                             " to " + std::to_string(max) + "."};
  }
  return value;
}

}  // namespace hb

// The request headers and query numbers HearBridge reads itself (server/http/request_headers.*,
// server/http/query_params.*): Authorization, If-Match, Content-Type and limit/offset/before, on
// any bytes. Properties: a bearer token is a suffix of its header with
// no leading space, and only a "Bearer " header has one; an If-Match version is read from digits
// only and formats back to them (leading zeros aside); a JSON content type is "application/json" up to case, blanks and
// parameters; a query number is read only from digits, within its range, and formats back to them.
#include <algorithm>
#include <cctype>
#include <string>

#include "server/http/query_params.hpp"
#include "server/http/request_headers.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = hb::fuzz::as_text(data, size);

  const auto token = hb::bearer_token(text);
  if (!token.empty()) {
    FUZZ_CHECK(lower(text.substr(0, 7)) == "bearer ");
    FUZZ_CHECK(token.front() != ' ');
    FUZZ_CHECK(text.ends_with(token) && token.size() < text.size());
  }

  if (const auto version = hb::parse_if_match(text)) {
    auto digits = text;
    if (digits.starts_with("W/")) digits.remove_prefix(2);
    if (digits.size() >= 2 && digits.front() == '"' && digits.back() == '"')
      digits = digits.substr(1, digits.size() - 2);
    FUZZ_CHECK(!digits.empty() &&
               std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }));
    const auto significant = digits.find_first_not_of('0');
    FUZZ_CHECK(std::to_string(*version) == (significant == std::string_view::npos ? "0" : digits.substr(significant)));
  }

  if (const auto number = hb::integer_param("limit", text, 1, 1000, 50)) {
    FUZZ_CHECK(number.value() >= 1 && number.value() <= 1000);
    FUZZ_CHECK(!text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }));
    const auto significant = text.find_first_not_of('0');
    FUZZ_CHECK(significant != std::string_view::npos && std::to_string(number.value()) == text.substr(significant));
  } else {
    FUZZ_CHECK(number.error().code == hb::ErrorCode::bad_request);
  }

  if (hb::is_json_content_type(text)) {
    auto media = text.substr(0, text.find(';'));
    const auto first = media.find_first_not_of(" \t");
    const auto last = media.find_last_not_of(" \t");
    FUZZ_CHECK(first != std::string_view::npos);
    FUZZ_CHECK(lower(media.substr(first, last - first + 1)) == "application/json");
  }
  return 0;
}

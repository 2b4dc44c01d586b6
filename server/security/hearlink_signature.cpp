#include "server/security/hearlink_signature.hpp"

#include <charconv>

#include "server/security/hash.hpp"
#include "server/security/hmac.hpp"

namespace hb {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct ParsedHeader {
  bool has_timestamp = false;
  std::string_view timestamp_text;
  int64_t timestamp = 0;
  std::vector<std::string> signatures;  // decoded v1 entries (32 bytes each)
  bool bad_entry = false;               // a v1 entry that is not 64 hex digits
};

// "t=1700000000,v1=ab…,v1=cd…" — unknown keys (v0, future schemes) are skipped.
ParsedHeader parse_header(std::string_view header) {
  ParsedHeader parsed;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    auto key = trim(item.substr(0, eq));
    auto value = trim(item.substr(eq + 1));
    if (key == "t" && !parsed.has_timestamp) {
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed.timestamp);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty() || parsed.timestamp < 0) {
        return ParsedHeader{};
      }
      parsed.has_timestamp = true;
      parsed.timestamp_text = value;
    } else if (key == "v1") {
      auto bytes = from_hex(value);
      if (bytes && bytes->size() == 32) {
        parsed.signatures.push_back(std::move(*bytes));
      } else {
        parsed.bad_entry = true;
      }
    }
  }
  return parsed;
}

}  // namespace

HearLinkSignatureCheck verify_hearlink_signature(std::string_view header, std::string_view body,
                                                 const std::vector<HearLinkSecret>& secrets, int64_t now,
                                                 int64_t tolerance_s) {
  HearLinkSignatureCheck check;
  if (secrets.empty()) {
    check.failure = HearLinkSignatureFailure::not_configured;
    return check;
  }
  if (trim(header).empty()) {
    check.failure = HearLinkSignatureFailure::missing;
    return check;
  }
  auto parsed = parse_header(header);
  if (!parsed.has_timestamp || parsed.signatures.empty()) {
    check.failure = HearLinkSignatureFailure::malformed;
    return check;
  }
  check.timestamp = parsed.timestamp;

  // The signed payload is the header's t exactly as sent, a dot, then the raw body.
  std::string signed_payload;
  signed_payload.reserve(parsed.timestamp_text.size() + 1 + body.size());
  signed_payload.append(parsed.timestamp_text).append(".").append(body);

  // Every secret is computed and compared against every entry, so timing reveals neither which
  // secret nor which entry matched. The first matching secret names the practice.
  const HearLinkSecret* matched = nullptr;
  for (const auto& secret : secrets) {
    auto expected = hmac_sha256(secret.secret, signed_payload);
    bool any = false;
    for (const auto& given : parsed.signatures) any |= constant_time_equal(expected, given);
    if (any && !matched) matched = &secret;
  }
  if (!matched) {
    check.failure = HearLinkSignatureFailure::mismatch;
    return check;
  }
  // Written so that no arithmetic can overflow, whatever t the header carries.
  if (parsed.timestamp < now - tolerance_s || parsed.timestamp - now > tolerance_s) {
    check.failure = HearLinkSignatureFailure::stale_timestamp;
    return check;
  }
  check.ok = true;
  check.practice_id = matched->practice_id;
  return check;
}

std::string sign_hearlink(std::string_view secret, int64_t t, std::string_view body) {
  auto stamp = std::to_string(t);
  std::string payload = stamp + "." + std::string(body);
  return "t=" + stamp + ",v1=" + to_hex(hmac_sha256(secret, payload));
}

const char* hearlink_failure_name(HearLinkSignatureFailure failure) {
  switch (failure) {
    case HearLinkSignatureFailure::missing:
      return "missing";
    case HearLinkSignatureFailure::malformed:
      return "malformed";
    case HearLinkSignatureFailure::mismatch:
      return "mismatch";
    case HearLinkSignatureFailure::stale_timestamp:
      return "stale_timestamp";
    case HearLinkSignatureFailure::not_configured:
      return "not_configured";
  }
  return "unknown";
}

}  // namespace hb

#include "server/security/base64.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

namespace hb {

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return std::string();
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes: remove them.
  size_t padding = static_cast<size_t>(std::count(text.end() - 2, text.end(), '='));
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  auto text = base64_encode(bytes);
  for (auto& c : text) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  text.erase(std::find(text.begin(), text.end(), '='), text.end());
  return text;
}

}  // namespace hb

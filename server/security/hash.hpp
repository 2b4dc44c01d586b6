#pragma once
#include <string>
#include <string_view>

namespace hb {

std::string sha256(std::string_view data);      // 32 raw bytes
std::string sha256_hex(std::string_view data);  // 64 lowercase hex digits
std::string to_hex(std::string_view bytes);

}  // namespace hb

// Shared by the libFuzzer targets: a property check that stops the run with a readable reason (the
// fuzzer then saves the input under build/fuzz/crashes/<target>/), and splitting an input into a
// control byte, one header line and the rest.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// Not assert(): the property must hold in every build, and the message says which one broke.
#define FUZZ_CHECK(condition)                                                                   \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "property violated at %s:%d: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                             \
    }                                                                                           \
  } while (false)

namespace hb::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Takes the first byte (0 when empty) off `text`.
inline uint8_t take_byte(std::string_view& text) {
  if (text.empty()) return 0;
  const auto byte = static_cast<uint8_t>(text.front());
  text.remove_prefix(1);
  return byte;
}

// Takes everything up to the first '\n' (which is dropped) off `text`; all of it when there is none.
inline std::string_view take_line(std::string_view& text) {
  const auto newline = text.find('\n');
  const auto line = text.substr(0, newline);
  text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
  return line;
}

}  // namespace hb::fuzz

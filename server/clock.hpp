// Time for decisions (expiry, signature tolerance) comes from an injected clock so tests can
// set it; durations for logs and metrics use steady_clock directly.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>

namespace hb {

// Unix time in seconds.
using Clock = std::function<int64_t()>;

inline Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

}  // namespace hb

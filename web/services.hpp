// What commands need from the outside world: the API (HTTP + the working token) and the time.
// main wires the browser's; tests wire a recording fake HTTP client and a fake clock.
#pragma once
#include <cstdint>
#include <functional>

#include "web/api_client.hpp"

namespace hb::web {

using MillisecondClock = std::function<std::int64_t()>;

struct Services {
  ApiClient& api;
  MillisecondClock now_ms;
};

}  // namespace hb::web

// What commands need from the outside world: the API (HTTP + the working token), the time, and
// Hint's page (HintSDK). main wires the browser's; tests wire a recording fake HTTP client, a fake
// clock and recording host callbacks.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "web/api_client.hpp"

namespace hb::web {

using MillisecondClock = std::function<std::int64_t()>;

// Hint's SDK as the app uses it; each call is a no-op when the page has no window.HintSDK.
struct HostBridge {
  std::function<void(const std::string&)> update_fragment;  // HintSDK.updateFragment("note=<id>")
  std::function<void()> close;                              // HintSDK.close()
};

struct Services {
  ApiClient& api;
  MillisecondClock now_ms;
  HostBridge host = {};
};

}  // namespace hb::web

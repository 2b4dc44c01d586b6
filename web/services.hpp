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

// The device's store for unsaved words (WebCrypto AES-GCM + localStorage in the browser): each call
// is a no-op when unset. `open` imports the key (base64), then reads every copy whose slot starts
// with `prefix`; the copies come back through device_copies_read (web/clinical/device_copy.hpp).
// Operations run in the order they were asked for.
struct DeviceStore {
  std::function<void(const std::string& key_base64, const std::string& prefix)> open;
  std::function<void(const std::string& slot, const std::string& plaintext)> put;  // encrypted first
  std::function<void(const std::string& slot)> remove;
};

struct Services {
  ApiClient& api;
  MillisecondClock now_ms;
  HostBridge host = {};
  DeviceStore device = {};
};

}  // namespace hb::web

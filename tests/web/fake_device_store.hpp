// The device store for unsaved words, in memory: what the browser keeps encrypted (WebCrypto +
// localStorage) is kept here in plain text, so tests can read what was kept and hand it to a later
// launch. The browser's encryption itself is checked by the browser tests.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "web/services.hpp"

namespace hb::web::testing {

struct FakeDeviceStore {
  std::string key;  // what open() was given
  std::string prefix;
  std::map<std::string, std::string> slots;
  int puts = 0;
  int removes = 0;

  DeviceStore store() {
    return DeviceStore{[this](const std::string&, const std::string& p) { prefix = p; },
                       [this](const std::string& slot, const std::string& text) { slots[slot] = text; },
                       [this](const std::string& slot) { slots.erase(slot); }};
  }
  // What the browser answers open() with: every copy under the prefix.
  std::vector<std::pair<std::string, std::optional<std::string>>> read() const {
    std::vector<std::pair<std::string, std::optional<std::string>>> copies;
    for (const auto& [slot, text] : slots) {
      if (slot.rfind(prefix, 0) == 0) copies.emplace_back(slot, text);
    }
    return copies;
  }
};

}  // namespace hb::web::testing

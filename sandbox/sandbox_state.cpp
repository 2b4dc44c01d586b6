#include "sandbox/sandbox_state.hpp"

namespace hbs {

uint64_t IdMaker::next(uint64_t bound) { return bound == 0 ? 0 : engine_() % bound; }  // bias irrelevant here

std::string IdMaker::base62(size_t length) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  for (size_t i = 0; i < length; ++i) out += kAlphabet[next(62)];
  return out;
}

std::string IdMaker::uuid() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    if (i == 12)
      out += '4';
    else if (i == 16)
      out += kHex[8 + next(4)];
    else
      out += kHex[next(16)];
  }
  return out;
}

const Practice* SandboxState::practice(const std::string& id) const {
  for (const auto& p : practices) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Practice* SandboxState::practice(const std::string& id) {
  for (auto& p : practices) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

PracticeRecord* SandboxState::patient(const std::string& practice_id, const std::string& id) {
  for (auto& p : patients) {
    if (p.practice_id == practice_id && p.object.value("id", "") == id) return &p;
  }
  return nullptr;
}

json* SandboxState::hearlink_record(const std::string& collection, const std::string& uid) {
  auto it = hearlink.find(collection);
  if (it == hearlink.end()) return nullptr;
  for (auto& record : it->second) {
    if (record.value("uid", "") == uid) return &record;
  }
  return nullptr;
}

}  // namespace hbs

#include "sandbox/rate_limiter.hpp"

namespace hbs {

bool RateLimiter::allow(const std::string& partner, int64_t now_ms) {
  if (per_second_ <= 0) return true;  // 0 disables the limit
  std::lock_guard lock(mutex_);
  auto& window = windows_[partner];
  while (!window.empty() && window.front() <= now_ms - 1000) window.pop_front();
  if (static_cast<int>(window.size()) >= per_second_) return false;
  window.push_back(now_ms);
  return true;
}

}  // namespace hbs

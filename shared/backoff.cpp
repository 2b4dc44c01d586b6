#include "shared/backoff.hpp"

#include <algorithm>

namespace hb {

int64_t backoff_delay(const Backoff& policy, int64_t retry) {
  const int64_t cap = std::max<int64_t>(policy.cap, 0);
  int64_t delay = std::clamp<int64_t>(policy.first, 0, cap);
  // Doubling stops at the cap, so no retry number can overflow it.
  for (int64_t i = 1; i < retry && delay < cap; ++i) delay = delay > cap / 2 ? cap : delay * 2;
  return delay;
}

int64_t jittered_backoff_delay(const Backoff& policy, int64_t retry, double random01) {
  // NaN fails both comparisons and becomes 0.
  const double fraction = random01 > 0.0 ? std::min(random01, 1.0) : 0.0;
  const int64_t ceiling = backoff_delay(policy, retry);
  // Below the ceiling even for a fraction of 1 (or a product rounded up to it).
  return std::min(static_cast<int64_t>(fraction * static_cast<double>(ceiling)), std::max<int64_t>(ceiling - 1, 0));
}

}  // namespace hb

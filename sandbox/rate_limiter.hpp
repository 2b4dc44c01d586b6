// Hint's API budget: 20 requests per second per partner, across all its keys. A sliding window
// (the request times of the last second); the caller passes the time, so tests need no sleeps.
// Over it Hint answers 429 {"status": 429, "message": "Enhance your calm"} with no Retry-After.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace hbs {

class RateLimiter {
public:
  explicit RateLimiter(int per_second) : per_second_(per_second) {}

  // Counts the request and answers whether it is within budget. now_ms: any monotonic milliseconds.
  // Refused requests are not counted (a client that backs off recovers after one window).
  bool allow(const std::string& partner, int64_t now_ms);

  int per_second() const { return per_second_; }

private:
  int per_second_;
  std::mutex mutex_;
  std::map<std::string, std::deque<int64_t>> windows_;
};

}  // namespace hbs

#include "server/background_loop.hpp"

#include <chrono>

namespace hb {

BackgroundLoop::BackgroundLoop(std::function<bool()> work) : work_(std::move(work)) {
  thread_ = std::thread([this] {
    for (;;) {
      std::uint64_t round = 0;
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        poked_ = false;
        round = ++round_;
      }
      if (work_()) continue;
      std::unique_lock lock(mutex_);
      idle_round_ = round;
      idle_.notify_all();
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return poked_ || stopping_; });
    }
  });
}

BackgroundLoop::~BackgroundLoop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  idle_.notify_all();  // a settle() still waiting returns false rather than at its limit
  thread_.join();
}

bool BackgroundLoop::settle(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  const auto wanted = round_ + 1;  // the round in progress may have read before the caller's commit
  poked_ = true;
  wake_.notify_all();
  return idle_.wait_for(lock, limit, [&] { return idle_round_ >= wanted || stopping_; }) && !stopping_;
}

void BackgroundLoop::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

}  // namespace hb

#include "server/background_loop.hpp"

#include <chrono>

namespace hb {

BackgroundLoop::BackgroundLoop(std::function<bool()> work) : work_(std::move(work)) {
  thread_ = std::thread([this] {
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        poked_ = false;
      }
      if (work_()) continue;
      std::unique_lock lock(mutex_);
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
  thread_.join();
}

void BackgroundLoop::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_all();
}

}  // namespace hb

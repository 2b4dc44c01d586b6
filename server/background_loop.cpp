#include "server/background_loop.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>

namespace hb {

BackgroundLoop::BackgroundLoop(std::function<bool()> work, int nice) : work_(std::move(work)) {
  thread_ = std::thread([this, nice] {
    if (nice > 0) (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), nice);
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

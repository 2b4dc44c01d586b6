// A thread that runs `work` again at once while it reports more to do, otherwise once a second or
// when poked; the destructor lets the current round finish, then stops it. The outbox and the
// webhook workers both run on one.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace hb {

class BackgroundLoop {
public:
  // `work` returns true when more is waiting. `nice` > 0 lowers the thread's CPU priority, so
  // request threads are served first under a burst (Linux: nice is per thread).
  explicit BackgroundLoop(std::function<bool()> work, int nice = 0);
  ~BackgroundLoop();
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  void poke();

private:
  std::function<bool()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool poked_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hb

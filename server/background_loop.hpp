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
  // `work` returns true when more is waiting. The thread keeps the process's priority: these loops
  // write to the database, and a lowered priority while holding its write lock starves the threads
  // waiting on that lock (with two cores saturated, a niced webhook worker held up intake until
  // senders timed out and other connections hit "database is locked").
  explicit BackgroundLoop(std::function<bool()> work);
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

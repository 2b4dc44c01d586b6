// A thread that runs `work` again at once while it reports more to do, otherwise once a second or
// when poked; the destructor lets the current round finish, then stops it. The outbox and the
// webhook workers both run on one.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
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
  // Pokes, then blocks until a round that began after this call has found nothing more to do:
  // whatever was committed before the call has been worked through. False when `limit` passes
  // first. For tests and shutdown paths that must wait for the work itself, never on a timer.
  bool settle(std::chrono::milliseconds limit);

private:
  std::function<bool()> work_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  bool poked_ = false;
  bool stopping_ = false;
  std::uint64_t round_ = 0;       // rounds begun
  std::uint64_t idle_round_ = 0;  // the last round that found nothing more to do
  std::thread thread_;
};

}  // namespace hb

// The one lock every writing connection of the process takes around its writes (SQLite allows one
// writer at a time; waiting here is handed over at once, where SQLite's busy handler sleeps). It
// also tells whether someone is waiting, so long background work (the webhook worker's batches)
// can commit and let a request's write or an acknowledgement in, instead of holding it for the
// whole batch.
#pragma once
#include <atomic>
#include <mutex>

namespace hb {

class WriteGate {
public:
  void lock() {
    waiting_.fetch_add(1, std::memory_order_relaxed);
    mutex_.lock();
    waiting_.fetch_sub(1, std::memory_order_relaxed);
  }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }
  // True while another thread waits in lock().
  bool contended() const { return waiting_.load(std::memory_order_relaxed) > 0; }

private:
  std::mutex mutex_;
  std::atomic<int> waiting_{0};
};

}  // namespace hb

// Sends what a WebhookQueue says is due, on its own thread, and records each answer.
// The signer builds the headers for each attempt (HearLink signs with the attempt's time and gives
// every attempt its own X-HearLink-Delivery id; Hint's signature covers only the body).
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sandbox/webhook_queue.hpp"

namespace hbs {

using Headers = std::vector<std::pair<std::string, std::string>>;
using HeaderSigner = std::function<Headers(const Delivery&, int64_t now_ms)>;
using MillisClock = std::function<int64_t()>;

class WebhookDispatcher {
public:
  WebhookDispatcher(WebhookQueue& queue, HeaderSigner signer, MillisClock clock, int timeout_s);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  void stop();
  void wake();  // something was queued: look now instead of at the next timer

private:
  void run();
  void attempt(const Delivery& delivery);

  WebhookQueue& queue_;
  HeaderSigner signer_;
  MillisClock clock_;
  int timeout_s_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace hbs

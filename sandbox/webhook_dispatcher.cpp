#include "sandbox/webhook_dispatcher.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>

namespace hbs {

WebhookDispatcher::WebhookDispatcher(WebhookQueue& queue, HeaderSigner signer, MillisClock clock, int timeout_s)
    : queue_(queue), signer_(std::move(signer)), clock_(std::move(clock)), timeout_s_(timeout_s) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
}

void WebhookDispatcher::stop() {
  stopping_ = true;
  wake();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void WebhookDispatcher::run() {
  while (!stopping_) {
    for (const auto& delivery : queue_.due(clock_())) {
      if (stopping_) return;
      attempt(delivery);
    }
    // Sleep until the next retry is due (at most 250 ms, so clock jumps are noticed) or a wake().
    int64_t wait_ms = 250;
    if (auto next = queue_.next_due_ms()) wait_ms = std::clamp<int64_t>(*next - clock_(), 0, 250);
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return woken_ || stopping_.load(); });
    woken_ = false;
  }
}

void WebhookDispatcher::attempt(const Delivery& delivery) {
  // "http://127.0.0.1:8080/webhooks/hint" -> client for the scheme+host, path for the request.
  const auto scheme_end = delivery.url.find("://");
  const auto path_start = delivery.url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  const std::string origin = delivery.url.substr(0, path_start);
  const std::string path = path_start == std::string::npos ? "/" : delivery.url.substr(path_start);

  httplib::Headers headers;
  for (auto& [name, value] : signer_(delivery, clock_())) headers.emplace(name, value);
  int status = 0;
  std::string answer;
  try {
    httplib::Client client(origin);
    client.set_connection_timeout(timeout_s_, 0);
    client.set_read_timeout(timeout_s_, 0);
    client.set_write_timeout(timeout_s_, 0);
    auto res = client.Post(path, headers, delivery.body, "application/json");
    if (res) {
      status = res->status;
      answer = res->body;
    } else {
      answer = "no answer: " + httplib::to_string(res.error());
    }
  } catch (const std::exception& e) {
    answer = std::string("no answer: ") + e.what();
  }
  queue_.record(delivery.seq, status, std::move(answer), clock_());
}

}  // namespace hbs

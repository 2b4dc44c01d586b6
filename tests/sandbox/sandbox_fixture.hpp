// Test helpers for the sandbox suites: a Sandbox served in-process on 127.0.0.1:0 with a fake
// millisecond clock, a client for it, and a recording HTTP peer that plays HearBridge.
#pragma once
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "sandbox/sandbox.hpp"

namespace hbs::testing {

struct FakeMillis {
  std::shared_ptr<std::atomic<int64_t>> now =
      std::make_shared<std::atomic<int64_t>>(1775034000000);  // 2026-04-01 09:00 UTC
  MillisClock clock() const {
    return [now = now] { return now->load(); };
  }
  void advance(int64_t ms) { *now += ms; }
};

inline SandboxConfig test_config() {
  SandboxConfig config;
  config.listen_host = "127.0.0.1";
  config.listen_port = 0;
  config.seed_webhooks = false;
  config.log_requests = false;
  config.hearbridge_url = "http://127.0.0.1:9";  // nothing listens: deliveries fail unless a test says otherwise
  config.hint_webhook_url = config.hearbridge_url + "/webhooks/hint";
  config.hearlink_webhook_url = config.hearbridge_url + "/webhooks/hearlink";
  return config;
}

// The sandbox on a free port, stopped (and joined) when the fixture goes out of scope.
class ServedSandbox {
public:
  explicit ServedSandbox(SandboxConfig config = test_config(), MillisClock clock = FakeMillis().clock())
      : sandbox_(std::make_unique<Sandbox>(std::move(config), std::move(clock))) {
    port_ = sandbox_->bind();
    thread_ = std::thread([this] { sandbox_->listen_after_bind(); });
    sandbox_->http().wait_until_ready();
  }
  ~ServedSandbox() {
    sandbox_->stop();
    if (thread_.joinable()) thread_.join();
  }
  Sandbox& operator*() { return *sandbox_; }
  Sandbox* operator->() { return sandbox_.get(); }
  httplib::Client client() const { return httplib::Client("127.0.0.1", port_); }
  int port() const { return port_; }

private:
  std::unique_ptr<Sandbox> sandbox_;
  int port_ = 0;
  std::thread thread_;
};

// Plays HearBridge: records every request and answers with `answer(request)` (status, body).
class RecordingPeer {
public:
  using Answer = std::function<std::pair<int, std::string>(const httplib::Request&)>;
  explicit RecordingPeer(Answer answer) : answer_(std::move(answer)) {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      auto [status, body] = answer_(req);
      res.status = status;
      res.set_content(body, "application/json");
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(req);
      }
      changed_.notify_all();
    };
    server_.Post(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    server_.wait_until_ready();
  }
  ~RecordingPeer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Waits (bounded) until `count` requests arrived; returns a copy of all received so far.
  std::vector<httplib::Request> wait_for(size_t count, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, limit, [&] { return requests_.size() >= count; });
    return requests_;
  }

private:
  Answer answer_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<httplib::Request> requests_;
};

}  // namespace hbs::testing

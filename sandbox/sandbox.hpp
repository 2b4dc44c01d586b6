// The sandbox as one object: configuration, state, the HTTP server with every route, and the two
// webhook queues with their dispatcher threads. main.cpp and the tests build it the same way; tests
// inject the clock (milliseconds) and never start the dispatchers unless they mean to.
#pragma once
#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "sandbox/config.hpp"
#include "sandbox/rate_limiter.hpp"
#include "sandbox/sandbox_state.hpp"
#include "sandbox/webhook_dispatcher.hpp"
#include "sandbox/webhook_queue.hpp"

namespace hbs {

MillisClock system_millis();

class Sandbox {
public:
  Sandbox(SandboxConfig config, MillisClock clock);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Binds (port 0: a free one) and returns the port, or -1. Sets the public URL if none was given.
  int bind();
  void listen_after_bind();
  void stop();
  // Dispatcher threads; then, if configured, the seed's HearLink webhooks once HearBridge answers
  // /healthz (at most 60 s later): a webhook that starts by failing 40 events is close to HearLink's
  // disable-after-50 rule, which would spoil a demo whose two processes start together.
  void start_webhook_delivery();

  const SandboxConfig& config() const { return config_; }
  SandboxState& state() { return state_; }
  WebhookQueue& hint_webhooks() { return hint_queue_; }
  WebhookQueue& hearlink_webhooks() { return hearlink_queue_; }
  RateLimiter& rate_limiter() { return limiter_; }
  httplib::Server& http() { return http_; }
  int64_t now_ms() const { return clock_(); }
  std::string hint_now() const;  // Hint's timestamp format, now

  // Queue signed webhooks. Safe to call with or without state().mutex held.
  void emit_hint_event(const std::string& practice_id, const std::string& type, const json& object);
  void emit_hearlink_event(const std::string& type, const json& data, bool always = false);
  // "<collection>.created" for every HearLink record, patients first (takes state().mutex).
  int replay_hearlink_seed();

  std::string public_origin() const { return origin_of(config_.public_url); }
  std::string hearbridge_origin() const { return origin_of(config_.hearbridge_url); }

  // POSTs `body` as JSON to HearBridge at `path` (below the configured HearBridge URL), as Hint's
  // servers do. status 0 with the reason in `body` when HearBridge did not answer.
  struct HearBridgeReply {
    int status = 0;
    std::string body;
  };
  HearBridgeReply post_to_hearbridge(const std::string& path, const httplib::Headers& headers,
                                     const std::string& body) const;

private:
  void install_cross_cutting();

  SandboxConfig config_;
  MillisClock clock_;
  SandboxState state_;
  RateLimiter limiter_;
  WebhookQueue hint_queue_;
  WebhookQueue hearlink_queue_;
  std::unique_ptr<WebhookDispatcher> hint_dispatcher_;
  std::unique_ptr<WebhookDispatcher> hearlink_dispatcher_;
  httplib::Server http_;
  std::atomic<bool> stopping_{false};
  std::thread seed_thread_;
};

// Route groups, one file each.
void register_hint_api(Sandbox& sandbox);          // /api/...            (hint_api.cpp)
void register_hearlink_api(Sandbox& sandbox);      // /hearlink/api/...   (hearlink_api.cpp)
void register_hint_host(Sandbox& sandbox);         // /, /hint-sdk.js, launch (hint_host.cpp)
void register_sandbox_controls(Sandbox& sandbox);  // /api/sandbox/...  (sandbox_controls.cpp)

}  // namespace hbs

// Outgoing webhook deliveries: the schedule each platform retries on, the delivery log, and
// HearLink's rule that a webhook is disabled after 50 consecutive failed attempts. Pure logic: the
// caller passes the time (milliseconds) and reports each attempt's outcome; WebhookDispatcher does
// the HTTP on a thread.
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hbs {

struct RetryPolicy {
  std::vector<int64_t> retry_delays_s;         // delay before retry n (after attempt n), nominal seconds
  int disable_after_consecutive_failures = 0;  // 0: never disabled
};

// Hint: "retries every hour for 72 hours" -> 72 retries, 3600 s apart.
RetryPolicy hint_retry_policy();
// HearLink: "up to 5 retries with exponential back-off" -> 60, 120, 240, 480, 960 s (our choice of
// base; the docs give no numbers); disabled after 50 consecutive failures across any events.
RetryPolicy hearlink_retry_policy();

// Real milliseconds for a nominal delay under the sandbox's time-scale factor (3600: an hour per second).
int64_t scaled_delay_ms(int64_t nominal_seconds, double time_scale);

enum class DeliveryStatus { pending, retrying, delivered, failed, disabled };
const char* to_string(DeliveryStatus status);

struct Delivery {
  int64_t seq = 0;
  std::string event_id;
  std::string type;
  std::string url;
  std::string body;     // the exact bytes signed and sent on every attempt
  bool always = false;  // HearLink's portal "Test" event: sent even when the webhook is disabled
  DeliveryStatus status = DeliveryStatus::pending;
  int attempts = 0;
  int last_http_status = 0;  // 0: no answer (connection refused, timeout)
  std::string last_answer;   // first bytes of the answer, or the transport error
  int64_t created_ms = 0;
  int64_t last_attempt_ms = 0;
  int64_t next_attempt_ms = 0;  // meaningful while pending/retrying
};

class WebhookQueue {
public:
  WebhookQueue(std::string channel, RetryPolicy policy, double time_scale);

  // Queues an event for delivery now; returns its sequence number.
  int64_t enqueue(std::string event_id, std::string type, std::string url, std::string body, int64_t now_ms,
                  bool always = false);

  // Deliveries whose attempt is due at now_ms (copies; they stay queued until record()).
  std::vector<Delivery> due(int64_t now_ms);
  // Outcome of one attempt: 2xx is success; anything else schedules the next retry or gives up.
  void record(int64_t seq, int http_status, std::string answer, int64_t now_ms);

  std::optional<int64_t> next_due_ms() const;
  bool disabled() const;
  int consecutive_failures() const;
  void enable();  // the portal's "re-enable" after a disable: counts from zero again
  std::vector<Delivery> snapshot() const;
  const std::string& channel() const { return channel_; }

private:
  Delivery* find(int64_t seq);

  std::string channel_;
  RetryPolicy policy_;
  double time_scale_;
  mutable std::mutex mutex_;
  std::deque<Delivery> deliveries_;
  int64_t next_seq_ = 1;
  int consecutive_failures_ = 0;
  bool disabled_ = false;
};

}  // namespace hbs

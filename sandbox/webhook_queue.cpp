#include "sandbox/webhook_queue.hpp"

#include <algorithm>

namespace hbs {
namespace {
constexpr size_t kLogLimit = 2000;  // the oldest finished deliveries leave the log first
bool open(const Delivery& d) { return d.status == DeliveryStatus::pending || d.status == DeliveryStatus::retrying; }
}  // namespace

RetryPolicy hint_retry_policy() {
  RetryPolicy policy;
  policy.retry_delays_s.assign(72, 3600);
  return policy;
}

RetryPolicy hearlink_retry_policy() {
  RetryPolicy policy;
  for (int64_t delay = 60; policy.retry_delays_s.size() < 5; delay *= 2) policy.retry_delays_s.push_back(delay);
  policy.disable_after_consecutive_failures = 50;
  return policy;
}

int64_t scaled_delay_ms(int64_t nominal_seconds, double time_scale) {
  if (time_scale <= 0) time_scale = 1;
  return static_cast<int64_t>(static_cast<double>(nominal_seconds) * 1000.0 / time_scale);
}

const char* to_string(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::pending:
      return "pending";
    case DeliveryStatus::retrying:
      return "retrying";
    case DeliveryStatus::delivered:
      return "delivered";
    case DeliveryStatus::failed:
      return "failed";
    case DeliveryStatus::disabled:
      return "webhook disabled";
  }
  return "?";
}

WebhookQueue::WebhookQueue(std::string channel, RetryPolicy policy, double time_scale)
    : channel_(std::move(channel)), policy_(std::move(policy)), time_scale_(time_scale) {}

int64_t WebhookQueue::enqueue(std::string event_id, std::string type, std::string url, std::string body, int64_t now_ms,
                              bool always) {
  std::lock_guard lock(mutex_);
  Delivery d;
  d.seq = next_seq_++;
  d.event_id = std::move(event_id);
  d.type = std::move(type);
  d.url = std::move(url);
  d.body = std::move(body);
  d.always = always;
  d.created_ms = now_ms;
  d.next_attempt_ms = now_ms;
  if (disabled_ && !always) d.status = DeliveryStatus::disabled;
  deliveries_.push_back(std::move(d));
  while (deliveries_.size() > kLogLimit && !open(deliveries_.front())) deliveries_.pop_front();
  return next_seq_ - 1;
}

std::vector<Delivery> WebhookQueue::due(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  std::vector<Delivery> out;
  for (const auto& d : deliveries_) {
    if (open(d) && d.next_attempt_ms <= now_ms) out.push_back(d);
  }
  return out;
}

Delivery* WebhookQueue::find(int64_t seq) {
  auto it = std::find_if(deliveries_.begin(), deliveries_.end(), [seq](const Delivery& d) { return d.seq == seq; });
  return it == deliveries_.end() ? nullptr : &*it;
}

void WebhookQueue::record(int64_t seq, int http_status, std::string answer, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  Delivery* d = find(seq);
  if (!d || !open(*d)) return;
  d->attempts++;
  d->last_http_status = http_status;
  d->last_answer = answer.substr(0, 300);
  d->last_attempt_ms = now_ms;
  if (http_status >= 200 && http_status < 300) {
    d->status = DeliveryStatus::delivered;
    consecutive_failures_ = 0;
    return;
  }
  const auto retries_done = static_cast<size_t>(d->attempts - 1);
  if (retries_done < policy_.retry_delays_s.size()) {
    d->status = DeliveryStatus::retrying;
    d->next_attempt_ms = now_ms + scaled_delay_ms(policy_.retry_delays_s[retries_done], time_scale_);
  } else {
    d->status = DeliveryStatus::failed;
  }
  consecutive_failures_++;
  if (policy_.disable_after_consecutive_failures > 0 &&
      consecutive_failures_ >= policy_.disable_after_consecutive_failures && !disabled_) {
    disabled_ = true;
    for (auto& other : deliveries_) {
      if (open(other) && !other.always) other.status = DeliveryStatus::disabled;
    }
  }
}

std::optional<int64_t> WebhookQueue::next_due_ms() const {
  std::lock_guard lock(mutex_);
  std::optional<int64_t> next;
  for (const auto& d : deliveries_) {
    if (open(d) && (!next || d.next_attempt_ms < *next)) next = d.next_attempt_ms;
  }
  return next;
}

bool WebhookQueue::disabled() const {
  std::lock_guard lock(mutex_);
  return disabled_;
}

int WebhookQueue::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return consecutive_failures_;
}

void WebhookQueue::enable() {
  std::lock_guard lock(mutex_);
  disabled_ = false;
  consecutive_failures_ = 0;
}

std::vector<Delivery> WebhookQueue::snapshot() const {
  std::lock_guard lock(mutex_);
  return {deliveries_.begin(), deliveries_.end()};
}

}  // namespace hbs

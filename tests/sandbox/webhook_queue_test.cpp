#include <catch2/catch_test_macros.hpp>

#include "sandbox/webhook_queue.hpp"

using namespace hbs;

TEST_CASE("Hint retries every hour for 72 hours") {
  const auto policy = hint_retry_policy();
  REQUIRE(policy.retry_delays_s.size() == 72);
  int64_t total = 0;
  for (auto delay : policy.retry_delays_s) {
    CHECK(delay == 3600);
    total += delay;
  }
  CHECK(total == 72 * 3600);
  CHECK(policy.disable_after_consecutive_failures == 0);
}

TEST_CASE("HearLink retries 5 times with exponential back-off and disables after 50 failures") {
  const auto policy = hearlink_retry_policy();
  CHECK(policy.retry_delays_s == std::vector<int64_t>{60, 120, 240, 480, 960});
  CHECK(policy.disable_after_consecutive_failures == 50);
}

TEST_CASE("the time-scale factor divides every delay") {
  CHECK(scaled_delay_ms(3600, 1) == 3600000);
  CHECK(scaled_delay_ms(3600, 3600) == 1000);
  CHECK(scaled_delay_ms(60, 60000) == 1);
}

TEST_CASE("a failing Hint delivery is retried on the hourly schedule, time-scaled, and then gives up") {
  WebhookQueue queue("hint", hint_retry_policy(), 3600);  // an hour per second
  int64_t now = 1'000'000;
  const auto seq = queue.enqueue("evt-1", "patient.created", "http://h/webhooks/hint", "{}", now);
  std::vector<int64_t> attempt_times;
  while (true) {
    auto due = queue.due(now);
    if (!due.empty()) {
      REQUIRE(due.size() == 1);
      attempt_times.push_back(now);
      queue.record(seq, 503, "busy", now);
    }
    auto next = queue.next_due_ms();
    if (!next) break;
    CHECK(queue.due(*next - 1).empty());  // nothing is early
    now = *next;
  }
  REQUIRE(attempt_times.size() == 73);  // the first attempt and 72 retries
  for (size_t i = 1; i < attempt_times.size(); ++i) CHECK(attempt_times[i] - attempt_times[i - 1] == 1000);
  const auto log = queue.snapshot();
  CHECK(log.front().status == DeliveryStatus::failed);
  CHECK(log.front().attempts == 73);
  CHECK(log.front().last_http_status == 503);
  CHECK(log.front().last_answer == "busy");
}

TEST_CASE("a delivery that succeeds on a retry is marked delivered and is not sent again") {
  WebhookQueue queue("hearlink", hearlink_retry_policy(), 60);  // a minute per second
  const auto seq = queue.enqueue("evt_1", "patient.created", "http://h", "{}", 0);
  queue.record(seq, 0, "no answer: connection refused", 0);
  CHECK(queue.snapshot().front().status == DeliveryStatus::retrying);
  CHECK(queue.next_due_ms() == 1000);  // 60 s / 60
  queue.record(seq, 500, "oops", 1000);
  CHECK(queue.next_due_ms() == 1000 + 2000);  // 120 s / 60
  queue.record(seq, 204, "", 3000);
  CHECK(queue.snapshot().front().status == DeliveryStatus::delivered);
  CHECK(queue.snapshot().front().attempts == 3);
  CHECK_FALSE(queue.next_due_ms());
  CHECK(queue.consecutive_failures() == 0);
}

TEST_CASE("HearLink's webhook is disabled after 50 consecutive failed attempts across events") {
  WebhookQueue queue("hearlink", hearlink_retry_policy(), 1);
  // 8 events × 6 attempts = 48 failures, then 2 more on a ninth event.
  for (int e = 0; e < 8; ++e) {
    const auto seq = queue.enqueue("evt_" + std::to_string(e), "appointment.updated", "http://h", "{}", 0);
    for (int attempt = 0; attempt < 6; ++attempt) queue.record(seq, 500, "", 0);
  }
  CHECK(queue.consecutive_failures() == 48);
  CHECK_FALSE(queue.disabled());
  const auto ninth = queue.enqueue("evt_8", "invoice.created", "http://h", "{}", 0);
  const auto tenth = queue.enqueue("evt_9", "invoice.created", "http://h", "{}", 0);
  queue.record(ninth, 500, "", 0);
  CHECK_FALSE(queue.disabled());
  queue.record(ninth, 500, "", 0);
  CHECK(queue.disabled());

  // Everything still queued stops, and new events are not attempted while disabled.
  CHECK(queue.snapshot()[9].seq == tenth);
  CHECK(queue.snapshot()[9].status == DeliveryStatus::disabled);
  queue.enqueue("evt_10", "invoice.created", "http://h", "{}", 0);
  CHECK(queue.due(1'000'000'000).empty());

  // The portal's Test event is still sent.
  queue.enqueue("evt_test", "test", "http://h", "{}", 0, true);
  CHECK(queue.due(0).size() == 1);

  queue.enable();
  CHECK_FALSE(queue.disabled());
  CHECK(queue.consecutive_failures() == 0);
  queue.enqueue("evt_11", "invoice.created", "http://h", "{}", 0);
  CHECK(queue.due(0).size() == 2);
}

TEST_CASE("a success resets the consecutive failure count") {
  WebhookQueue queue("hearlink", hearlink_retry_policy(), 1);
  for (int e = 0; e < 49; ++e) queue.record(queue.enqueue("e", "t", "u", "{}", 0), 500, "", 0);
  CHECK(queue.consecutive_failures() == 49);
  queue.record(queue.enqueue("ok", "t", "u", "{}", 0), 200, "", 0);
  CHECK(queue.consecutive_failures() == 0);
  queue.record(queue.enqueue("e", "t", "u", "{}", 0), 500, "", 0);
  CHECK_FALSE(queue.disabled());
}

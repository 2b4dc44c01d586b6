// Prometheus text exposition (format 0.0.4) for the few metrics HearBridge keeps: labelled counters,
// gauges and a latency histogram, all safe to update from any thread. No dependency beyond the STL.
//   # TYPE hearbridge_webhooks_received_total counter
//   hearbridge_webhooks_received_total{source="hint"} 12
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace hb::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// `{a="x",b="y"}` with label values escaped; "" for no labels.
std::string format_labels(const Labels& labels);

// A counter family: one monotonically increasing value per label set.
class CounterFamily {
public:
  CounterFamily(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
  void increment(const Labels& labels, uint64_t by = 1);
  uint64_t value(const Labels& labels) const;
  void render(std::string& out) const;

private:
  std::string name_, help_;
  mutable std::mutex mutex_;
  std::map<std::string, uint64_t> values_;  // formatted labels → value
};

// Cumulative buckets in seconds, for request and intake latency.
class LatencyHistogram {
public:
  static constexpr std::array<double, 14> kBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  LatencyHistogram(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}
  void observe(double seconds);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  void render(std::string& out) const;

private:
  std::string name_, help_;
  std::array<std::atomic<uint64_t>, kBounds.size()> buckets_{};  // non-cumulative counts
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

void render_gauge(std::string& out, const std::string& name, const std::string& help, const Labels& labels,
                  double value);

// The process-wide request latency histogram: every HTTP request, observed by HttpApp's logger.
LatencyHistogram& request_latency();

}  // namespace hb::metrics

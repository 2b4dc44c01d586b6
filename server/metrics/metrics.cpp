#include "server/metrics/metrics.hpp"

#include <charconv>
#include <cmath>

namespace hb::metrics {
namespace {

std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // Shortest text that reads back as the same double: "0.0025", not "0.0025000000000000001".
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer, end) : std::string("NaN");
}

void header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

std::string format_labels(const Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first + "=\"";
    for (char c : labels[i].second) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

void CounterFamily::increment(const Labels& labels, uint64_t by) {
  auto key = format_labels(labels);
  std::lock_guard lock(mutex_);
  values_[key] += by;
}

uint64_t CounterFamily::value(const Labels& labels) const {
  auto key = format_labels(labels);
  std::lock_guard lock(mutex_);
  auto it = values_.find(key);
  return it == values_.end() ? 0 : it->second;
}

void CounterFamily::render(std::string& out) const {
  header(out, name_, help_, "counter");
  std::lock_guard lock(mutex_);
  for (const auto& [labels, value] : values_) out += name_ + labels + " " + std::to_string(value) + "\n";
}

void LatencyHistogram::observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  if (i < kBounds.size()) buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(std::max(0.0, seconds) * 1e9), std::memory_order_relaxed);
}

void LatencyHistogram::render(std::string& out) const {
  header(out, name_, help_, "histogram");
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += name_ + "_bucket{le=\"" + format_number(kBounds[i]) + "\"} " + std::to_string(cumulative) + "\n";
  }
  auto count = count_.load(std::memory_order_relaxed);
  out += name_ + "_bucket{le=\"+Inf\"} " + std::to_string(count) + "\n";
  out += name_ + "_sum " + format_number(static_cast<double>(sum_ns_.load(std::memory_order_relaxed)) / 1e9) + "\n";
  out += name_ + "_count " + std::to_string(count) + "\n";
}

void render_gauge(std::string& out, const std::string& name, const std::string& help, const Labels& labels,
                  double value) {
  header(out, name, help, "gauge");
  out += name + format_labels(labels) + " " + format_number(value) + "\n";
}

LatencyHistogram& request_latency() {
  static LatencyHistogram histogram("hearbridge_http_request_duration_seconds",
                                    "Time from reading a request to writing its answer, every route.");
  return histogram;
}

}  // namespace hb::metrics

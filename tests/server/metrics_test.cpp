#include <catch2/catch_test_macros.hpp>

#include "server/metrics/metrics.hpp"

using namespace hb::metrics;

TEST_CASE("a counter family renders one Prometheus line per label set, with HELP and TYPE") {
  CounterFamily family("demo_total", "Demo events.");
  family.increment({{"source", "hint"}});
  family.increment({{"source", "hint"}}, 2);
  family.increment({{"source", "hearlink"}, {"reason", "stale"}});
  std::string out;
  family.render(out);
  CHECK(out ==
        "# HELP demo_total Demo events.\n# TYPE demo_total counter\n"
        "demo_total{source=\"hearlink\",reason=\"stale\"} 1\n"
        "demo_total{source=\"hint\"} 3\n");
  CHECK(family.value({{"source", "hint"}}) == 3);
  CHECK(family.value({{"source", "other"}}) == 0);
}

TEST_CASE("label values are escaped") {
  CHECK(format_labels({{"a", "x\"y\\z\nw"}}) == "{a=\"x\\\"y\\\\z\\nw\"}");
  CHECK(format_labels({}).empty());
}

TEST_CASE("the latency histogram renders cumulative buckets, +Inf, sum and count") {
  LatencyHistogram histogram("lat_seconds", "Latency.");
  histogram.observe(0.0004);  // ≤ 0.0005
  histogram.observe(0.003);   // ≤ 0.005
  histogram.observe(0.005);   // ≤ 0.005 (bounds are inclusive)
  histogram.observe(42);      // beyond the last bound: +Inf only
  std::string out;
  histogram.render(out);
  CHECK(out.find("# TYPE lat_seconds histogram\n") != std::string::npos);
  CHECK(out.find("lat_seconds_bucket{le=\"0.0005\"} 1\n") != std::string::npos);
  CHECK(out.find("lat_seconds_bucket{le=\"0.0025\"} 1\n") != std::string::npos);
  CHECK(out.find("lat_seconds_bucket{le=\"0.005\"} 3\n") != std::string::npos);
  CHECK(out.find("lat_seconds_bucket{le=\"10\"} 3\n") != std::string::npos);
  CHECK(out.find("lat_seconds_bucket{le=\"+Inf\"} 4\n") != std::string::npos);
  CHECK(out.find("lat_seconds_sum 42.0084\n") != std::string::npos);
  CHECK(out.find("lat_seconds_count 4\n") != std::string::npos);
}

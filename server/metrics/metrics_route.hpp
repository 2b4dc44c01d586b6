// GET /metrics: Prometheus text (format 0.0.4). The request latency histogram (every route) comes
// first, then each feature's families. Counts and durations only: no ids, no payload, no PHI.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "server/http/http_app.hpp"

namespace hb {

using MetricsSource = std::function<void(std::string& out)>;

void register_metrics_route(HttpApp& http, std::vector<MetricsSource> sources);

}  // namespace hb

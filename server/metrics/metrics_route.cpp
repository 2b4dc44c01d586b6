#include "server/metrics/metrics_route.hpp"

#include "server/metrics/metrics.hpp"

namespace hb {

void register_metrics_route(HttpApp& http, std::vector<MetricsSource> sources) {
  http.get("/metrics", [sources = std::move(sources)](const httplib::Request&, httplib::Response& res) {
    std::string text;
    metrics::request_latency().render(text);
    for (const auto& source : sources) source(text);
    res.status = 200;
    res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace hb

// The counters webhook intake and processing keep; rendered on GET /metrics.
#pragma once
#include "server/metrics/metrics.hpp"

namespace hb {

struct WebhookMetrics {
  metrics::CounterFamily received{"hearbridge_webhooks_received_total",
                                  "Verified webhook deliveries acknowledged with 2xx (new and duplicate), by source."};
  metrics::CounterFamily duplicates{"hearbridge_webhooks_duplicates_total",
                                    "Acknowledged deliveries whose event id was already in the inbox, by source."};
  metrics::CounterFamily rejected{"hearbridge_webhooks_rejected_total",
                                  "Webhook deliveries refused, by source and reason."};
  metrics::CounterFamily processed{"hearbridge_webhooks_processed_total",
                                   "Inbox events applied by the worker, by source and outcome (processed, ignored)."};
  metrics::CounterFamily failed{
      "hearbridge_webhooks_processing_failures_total",
      "Processing attempts that failed (retried with back-off), by source and final (yes once retries ran out)."};
};

}  // namespace hb

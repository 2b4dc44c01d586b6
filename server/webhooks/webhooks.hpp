// Webhook intake for Hint and HearLink, in one object App owns: the routes, the group-commit inbox
// writer, the workers, the metrics, and the admin listing's queries.
//
//   POST /webhooks/hint      X-Hint-Signature: sha256=<hex>           body {id, created_at, type, practice_id, object}
//   POST /webhooks/hearlink  X-HearLink-Signature: t=<unix>,v1=<hex>  body {id, type, createdAt, data}
//                            X-HearLink-Event: <type>   X-HearLink-Delivery: <delivery id>
//
// Each answer: 200 {"received": true, "duplicate": bool} once the event is committed; 401 bad or
// missing signature / stale timestamp; 400 malformed JSON, too deep, missing id or type, event
// header mismatch; 413 over 1 MiB (HttpApp); 415 not application/json; 503 no secret configured.
#pragma once
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/clock.hpp"
#include "server/config.hpp"
#include "server/http/http_app.hpp"
#include "server/security/hint_signature.hpp"
#include "server/webhooks/event_processor.hpp"
#include "server/webhooks/inbox_writer.hpp"
#include "server/webhooks/webhook_metrics.hpp"
#include "server/webhooks/webhook_worker.hpp"
#include "shared/admin_views.hpp"

namespace hb {

struct WebhookSettings {
  HintKeys hint_keys;
  std::vector<HearLinkSecret> hearlink_secrets;
  int64_t hearlink_tolerance_s = 300;
  int64_t payload_retention_s = 7 * 24 * 3600;
  int workers = 1;  // 0 = intake only (e.g. for a maintenance window): events wait in the inbox

  static WebhookSettings from(const Config& config);
};

class Webhooks {
public:
  // Opens its connections to `db_file` (already migrated by the App's Database::open) and starts
  // the inbox writer and the workers. `write_gate`: the process's one write lock (App passes the
  // one its Database's lock() takes), held around every write transaction here.
  static Result<std::unique_ptr<Webhooks>> open(WebhookSettings settings, Clock clock,
                                                const std::filesystem::path& db_file, PracticeDeactivated deactivate,
                                                std::shared_ptr<WriteGate> write_gate = nullptr);
  ~Webhooks();  // stops the workers, then commits what intake queued and stops the writer
  Webhooks(const Webhooks&) = delete;
  Webhooks& operator=(const Webhooks&) = delete;

  void register_routes(HttpApp& http);

  // Prometheus text for the webhook counters and inbox gauges.
  void render_metrics(std::string& out);

  // Blocks until every event acknowledged before the call has been worked through by the workers
  // (processed, or failed and waiting for its retry); false when `limit` passes first or there are
  // no workers. What tests wait on instead of polling.
  bool settle(std::chrono::milliseconds limit = std::chrono::seconds(20));
  // The practice's most recent deliveries, newest first: ids, types, status, times. Never payload.
  // `before_seq`: the last seq of the previous page (0: from the newest).
  [[nodiscard]] Result<WebhookDeliveries> recent_deliveries(std::string_view practice_id, int limit = 100,
                                                            int64_t before_seq = 0);

  WebhookMetrics& metrics() { return metrics_; }

  // HearLink secrets saved in practices' settings, accepted besides the configured ones. The App
  // calls this at start and after each settings save, so verifying a webhook reads no database.
  void set_stored_hearlink_secrets(std::vector<HearLinkSecret> stored);

private:
  Webhooks(WebhookSettings settings, Clock clock, std::unique_ptr<Database> reader, PracticeDeactivated deactivate);
  void handle_hint(const httplib::Request& req, httplib::Response& res);
  void handle_hearlink(const httplib::Request& req, httplib::Response& res);
  void reject(httplib::Response& res, const char* source, const char* reason, Error error);
  void store(httplib::Response& res, InboxEvent event);
  void wake_workers();
  std::shared_ptr<const std::vector<HearLinkSecret>> hearlink_secrets();

  WebhookSettings settings_;
  std::mutex hearlink_secrets_mutex_;  // guards the pointer only; the list it points to never changes
  std::shared_ptr<const std::vector<HearLinkSecret>> hearlink_secrets_;  // configured + stored
  Clock clock_;
  WebhookMetrics metrics_;
  std::mutex reader_mutex_;  // the reader connection serves /metrics and the admin list
  std::unique_ptr<Database> reader_;
  PracticeDeactivated deactivate_;
  std::unique_ptr<InboxWriter> writer_;
  std::vector<std::unique_ptr<WebhookWorker>> workers_;
};

}  // namespace hb

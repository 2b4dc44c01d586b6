#include "server/webhooks/webhooks.hpp"

#include <algorithm>

#include "server/http/request_headers.hpp"
#include "server/log.hpp"
#include "server/metrics/metrics.hpp"
#include "server/security/hearlink_signature.hpp"
#include "server/webhooks/envelope.hpp"
#include "shared/iso8601.hpp"

namespace hb {
namespace {

const char* reason_of(const Error& error) {
  switch (error.code) {
    case ErrorCode::malformed_json:
      return "malformed_json";
    case ErrorCode::json_too_deep:
      return "json_too_deep";
    case ErrorCode::missing_field:
      return "missing_field";
    default:
      return "bad_request";
  }
}

const char* hint_failure_name(SignatureFailure failure) {
  switch (failure) {
    case SignatureFailure::missing:
      return "signature_missing";
    case SignatureFailure::malformed:
      return "signature_malformed";
    case SignatureFailure::unknown_algorithm:
      return "signature_unknown_algorithm";
    case SignatureFailure::mismatch:
      return "signature_mismatch";
    case SignatureFailure::not_configured:
      return "not_configured";
  }
  return "signature_mismatch";
}

}  // namespace

WebhookSettings WebhookSettings::from(const Config& config) {
  WebhookSettings settings;
  settings.hint_keys = HintKeys{config.hint_webhook_secret, config.hint_webhook_secret_previous};
  settings.hearlink_secrets = config.hearlink_secrets;
  settings.hearlink_tolerance_s = config.hearlink_signature_tolerance_s;
  settings.payload_retention_s = config.payload_retention_s;
  settings.workers = config.webhook_workers;
  return settings;
}

Result<std::unique_ptr<Webhooks>> Webhooks::open(WebhookSettings settings, Clock clock,
                                                 const std::filesystem::path& db_file, PracticeDeactivated deactivate,
                                                 std::shared_ptr<WriteGate> write_gate) {
  auto reader = Database::open(db_file);
  if (!reader) return reader.error();
  std::unique_ptr<Webhooks> webhooks(
      new Webhooks(std::move(settings), std::move(clock), std::move(reader).value(), std::move(deactivate)));
  // Workers first: the writer wakes them after every commit.
  const int partitions = std::max(webhooks->settings_.workers, 1);
  if (!write_gate) write_gate = std::make_shared<WriteGate>();
  for (int i = 0; i < webhooks->settings_.workers; ++i) {
    auto db = Database::open(db_file);
    if (!db) return db.error();
    webhooks->workers_.push_back(std::make_unique<WebhookWorker>(
        std::move(db).value(), webhooks->clock_, webhooks->deactivate_, webhooks->metrics_,
        WorkerSettings{i, partitions, webhooks->settings_.payload_retention_s, i == 0, write_gate}));
  }
  auto writer = InboxWriter::open(
      db_file, [raw = webhooks.get()] { raw->wake_workers(); }, write_gate);
  if (!writer) return writer.error();
  webhooks->writer_ = std::move(writer).value();
  return webhooks;
}

Webhooks::Webhooks(WebhookSettings settings, Clock clock, std::unique_ptr<Database> reader,
                   PracticeDeactivated deactivate)
    : settings_(std::move(settings)),
      hearlink_secrets_(std::make_shared<const std::vector<HearLinkSecret>>(settings_.hearlink_secrets)),
      clock_(std::move(clock)),
      reader_(std::move(reader)),
      deactivate_(std::move(deactivate)) {}

void Webhooks::set_stored_hearlink_secrets(std::vector<HearLinkSecret> stored) {
  std::vector<HearLinkSecret> all = settings_.hearlink_secrets;
  all.insert(all.end(), std::make_move_iterator(stored.begin()), std::make_move_iterator(stored.end()));
  auto next = std::make_shared<const std::vector<HearLinkSecret>>(std::move(all));
  std::lock_guard lock(hearlink_secrets_mutex_);
  hearlink_secrets_ = std::move(next);
}

std::shared_ptr<const std::vector<HearLinkSecret>> Webhooks::hearlink_secrets() {
  std::lock_guard lock(hearlink_secrets_mutex_);
  return hearlink_secrets_;
}

Webhooks::~Webhooks() {
  // The writer first: it commits anything still queued and wakes the workers, which must exist then.
  writer_.reset();
  workers_.clear();
}

void Webhooks::wake_workers() {
  for (auto& worker : workers_) worker->wake();
}

void Webhooks::register_routes(HttpApp& http) {
  http.post("/webhooks/hint", [this](const httplib::Request& req, httplib::Response& res) { handle_hint(req, res); });
  http.post("/webhooks/hearlink",
            [this](const httplib::Request& req, httplib::Response& res) { handle_hearlink(req, res); });
}

void Webhooks::reject(httplib::Response& res, const char* source, const char* reason, Error error) {
  metrics_.rejected.increment({{"source", source}, {"reason", reason}});
  reply_error(res, error);
}

void Webhooks::store(httplib::Response& res, InboxEvent event) {
  const std::string source = event.source;
  auto outcome = writer_->append(std::move(event));
  if (!outcome) {
    // Not acknowledged, so the sender retries: nothing is lost.
    metrics_.rejected.increment({{"source", source}, {"reason", "store_failed"}});
    log::error("webhook_store_failed", {{"source", source}});
    reply_error(res, Error{ErrorCode::internal, {}});
    return;
  }
  const bool duplicate = outcome.value() == AppendOutcome::duplicate;
  metrics_.received.increment({{"source", source}});
  if (duplicate) metrics_.duplicates.increment({{"source", source}});
  reply_json(res, 200, {{"received", true}, {"duplicate", duplicate}});
}

void Webhooks::handle_hint(const httplib::Request& req, httplib::Response& res) {
  if (!settings_.hint_keys.configured()) {
    return reject(res, "hint", "not_configured",
                  Error{ErrorCode::not_configured, "No Hint webhook secret is configured."});
  }
  if (!is_json_content_type(req.get_header_value("Content-Type"))) {
    return reject(res, "hint", "unsupported_media_type", Error{ErrorCode::unsupported_media_type, {}});
  }
  auto check = verify_hint_signature(req.get_header_value("X-Hint-Signature"), req.body, settings_.hint_keys);
  if (!check.ok) return reject(res, "hint", hint_failure_name(check.failure), Error{ErrorCode::bad_signature, {}});
  auto envelope = parse_webhook_envelope(req.body);
  if (!envelope) return reject(res, "hint", reason_of(envelope.error()), envelope.error());
  auto& e = envelope.value();
  store(res, InboxEvent{"hint", std::move(e.id), std::move(e.type), std::move(e.practice_id), {}, clock_(), req.body});
}

void Webhooks::handle_hearlink(const httplib::Request& req, httplib::Response& res) {
  const auto secrets = hearlink_secrets();
  if (secrets->empty()) {
    return reject(res, "hearlink", "not_configured",
                  Error{ErrorCode::not_configured, "No HearLink webhook secret is configured."});
  }
  if (!is_json_content_type(req.get_header_value("Content-Type"))) {
    return reject(res, "hearlink", "unsupported_media_type", Error{ErrorCode::unsupported_media_type, {}});
  }
  const int64_t now = clock_();
  auto check = verify_hearlink_signature(req.get_header_value("X-HearLink-Signature"), req.body, *secrets, now,
                                         settings_.hearlink_tolerance_s);
  if (!check.ok) {
    if (check.failure == HearLinkSignatureFailure::stale_timestamp) {
      return reject(res, "hearlink", "stale_timestamp", Error{ErrorCode::stale_timestamp, {}});
    }
    std::string reason = std::string("signature_") + hearlink_failure_name(check.failure);
    metrics_.rejected.increment({{"source", "hearlink"}, {"reason", reason}});
    return reply_error(res, Error{ErrorCode::bad_signature, {}});
  }
  auto envelope = parse_webhook_envelope(req.body);
  if (!envelope) return reject(res, "hearlink", reason_of(envelope.error()), envelope.error());
  auto& e = envelope.value();
  if (req.get_header_value("X-HearLink-Event") != e.type) {
    return reject(res, "hearlink", "event_mismatch",
                  Error{ErrorCode::bad_request, "X-HearLink-Event does not match the event's type."});
  }
  auto delivery = req.get_header_value("X-HearLink-Delivery").substr(0, kMaxWebhookIdLength);
  // The practice is the one whose secret verified, never a field of the body.
  store(res, InboxEvent{"hearlink", std::move(e.id), std::move(e.type), std::move(check.practice_id),
                        std::move(delivery), now, req.body});
}

void Webhooks::render_metrics(std::string& out) {
  metrics_.received.render(out);
  metrics_.duplicates.render(out);
  metrics_.rejected.render(out);
  metrics_.processed.render(out);
  metrics_.failed.render(out);

  int64_t pending = 0, failed = 0, oldest_pending = 0;
  {
    std::lock_guard lock(reader_mutex_);
    auto counts = reader_->prepare(
        "SELECT status, COUNT(*), MIN(received_at) FROM webhook_inbox WHERE status IN ('pending', 'failed') "
        "GROUP BY status");
    while (counts.step()) {
      if (counts.text(0) == "pending") {
        pending = counts.integer(1);
        oldest_pending = counts.integer(2);
      } else {
        failed = counts.integer(1);
      }
    }
  }
  metrics::render_gauge(out, "hearbridge_webhook_inbox_pending", "Inbox events waiting to be processed.", {},
                        static_cast<double>(pending));
  metrics::render_gauge(out, "hearbridge_webhook_inbox_failed", "Inbox events whose processing gave up.", {},
                        static_cast<double>(failed));
  metrics::render_gauge(out, "hearbridge_webhook_inbox_lag_seconds",
                        "Age of the oldest pending inbox event (0 when none is pending).", {},
                        pending ? static_cast<double>(std::max<int64_t>(0, clock_() - oldest_pending)) : 0.0);
  if (writer_) {
    metrics::render_gauge(out, "hearbridge_webhook_inbox_commits", "Group commits of the inbox writer since start.", {},
                          static_cast<double>(writer_->commits()));
    metrics::render_gauge(out, "hearbridge_webhook_inbox_committed_events",
                          "Events written by the inbox writer since start (new and duplicate).", {},
                          static_cast<double>(writer_->committed_events()));
  }
}

bool Webhooks::settle(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (auto& worker : workers_) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || !worker->settle(left)) return false;
  }
  return !workers_.empty();
}

Result<WebhookDeliveries> Webhooks::recent_deliveries(std::string_view practice_id, int limit, int64_t before_seq) {
  WebhookDeliveries list;
  std::lock_guard lock(reader_mutex_);
  auto rows = reader_->prepare(
      "SELECT source, event_id, type, delivery_id, received_at, status, attempts, processed_at, last_error, seq "
      "FROM webhook_inbox WHERE practice_id = ?1 AND seq < ?3 ORDER BY seq DESC LIMIT ?2");
  // A plain range on the index, so a deep page starts where the last one ended.
  rows.bind(1, practice_id).bind(2, static_cast<int64_t>(std::clamp(limit, 1, 1000)));
  rows.bind(3, before_seq > 0 ? before_seq : INT64_MAX);
  while (rows.step()) {
    list.deliveries.push_back({rows.text(0), rows.text(1), rows.text(2), rows.is_null(3) ? std::string() : rows.text(3),
                               format_timestamp(rows.integer(4)), rows.text(5), rows.integer(6),
                               rows.is_null(7) ? std::string() : format_timestamp(rows.integer(7)),
                               rows.is_null(8) ? std::string() : rows.text(8), rows.integer(9)});
  }
  if (rows.failed()) return Error{ErrorCode::internal, {}};
  return list;
}

}  // namespace hb

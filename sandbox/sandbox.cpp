#include "sandbox/sandbox.hpp"

#include <chrono>
#include <cstdio>

#include "sandbox/embedded_files.hpp"
#include "sandbox/http_util.hpp"
#include "sandbox/seed.hpp"
#include "sandbox/signing.hpp"
#include "sandbox/time_format.hpp"

namespace hbs {

MillisClock system_millis() {
  return [] {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  };
}

Sandbox::Sandbox(SandboxConfig config, MillisClock clock)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      state_(config_.seed),
      limiter_(config_.rate_limit),
      hint_queue_("hint", hint_retry_policy(), config_.time_scale),
      hearlink_queue_("hearlink", hearlink_retry_policy(), config_.time_scale) {
  const auto& files = embedded_files();
  auto fixture = files.find("fixture:hint_patient.json");
  seed_state(state_, fixture == files.end() ? std::string_view("{}") : fixture->second);

  // Hint: the signature covers the body only (no timestamp in the header).
  hint_dispatcher_ = std::make_unique<WebhookDispatcher>(
      hint_queue_,
      [secret = config_.hint_webhook_secret](const Delivery& d, int64_t) {
        return Headers{{"X-Hint-Signature", hint_signature(secret, d.body)}, {"User-Agent", "Hint-Webhooks (sandbox)"}};
      },
      clock_, 10);
  // HearLink: signed with the attempt's time; every attempt has its own delivery id.
  hearlink_dispatcher_ = std::make_unique<WebhookDispatcher>(
      hearlink_queue_,
      [secret = config_.hearlink_webhook_secret](const Delivery& d, int64_t now) {
        return Headers{{"X-HearLink-Signature", hearlink_signature(secret, now / 1000, d.body)},
                       {"X-HearLink-Event", d.type},
                       {"X-HearLink-Delivery", "dlv_" + random_hex(12)},
                       {"User-Agent", "HearLink-Webhooks (sandbox)"}};
      },
      clock_, 30);

  install_cross_cutting();
  register_hint_host(*this);
  register_sandbox_controls(*this);
  register_hint_api(*this);
  register_hearlink_api(*this);
}

Sandbox::~Sandbox() { stop(); }

std::string Sandbox::hint_now() const { return hint_timestamp(clock_(), config_.timestamp_offset_minutes); }

void Sandbox::install_cross_cutting() {
  http_.set_payload_max_length(1 << 20);
  // One line per request on stderr: method, path (no query: it may hold a key; an activation code in
  // the path is cut off), status. No bodies, no headers.
  if (config_.log_requests)
    http_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::string path = req.path;
      if (auto at = path.find("/activation_codes/"); at != std::string::npos)
        path = path.substr(0, at) + "/activation_codes/…";
      std::fprintf(stderr, "%s\n",
                   json({{"event", "request"}, {"method", req.method}, {"path", path}, {"status", res.status}})
                       .dump(-1, ' ', false, json::error_handler_t::replace)
                       .c_str());
    });
  http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    reply_hint_error(res, 500, "Internal sandbox error");
  });
  // httplib's own errors (unknown route, body too large) in the platform's error shape.
  http_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message = res.status == 404   ? "Not found"
                                : res.status == 413 ? "Payload too large"
                                                    : "Request failed";
    if (req.path.rfind("/hearlink/", 0) == 0) {
      reply_hearlink_error(res, res.status, res.status == 404 ? "NOT_FOUND" : "BAD_REQUEST", message);
    } else {
      reply_hint_error(res, res.status, message);
    }
  });
}

int Sandbox::bind() {
  const int port = config_.listen_port == 0
                       ? http_.bind_to_any_port(config_.listen_host)
                       : (http_.bind_to_port(config_.listen_host, config_.listen_port) ? config_.listen_port : -1);
  if (port > 0 && config_.public_url.empty())
    config_.public_url = "http://" + config_.listen_host + ":" + std::to_string(port);
  config_.public_url = trim_trailing_slash(config_.public_url);
  return port;
}

void Sandbox::listen_after_bind() { http_.listen_after_bind(); }

void Sandbox::stop() {
  stopping_ = true;
  if (seed_thread_.joinable()) seed_thread_.join();
  http_.stop();
  if (hint_dispatcher_) hint_dispatcher_->stop();
  if (hearlink_dispatcher_) hearlink_dispatcher_->stop();
}

void Sandbox::start_webhook_delivery() {
  hint_dispatcher_->start();
  hearlink_dispatcher_->start();
  if (!config_.seed_webhooks || seed_thread_.joinable()) return;
  seed_thread_ = std::thread([this] {
    const std::string origin = origin_of(config_.hearbridge_url);
    const std::string health = config_.hearbridge_url.substr(origin.size()) + "/healthz";
    for (int attempt = 0; attempt < 300 && !stopping_; ++attempt) {  // 300 × 200 ms
      httplib::Client client(origin);
      client.set_connection_timeout(0, 200000);
      client.set_read_timeout(1, 0);
      if (auto res = client.Get(health); res && res->status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (!stopping_) replay_hearlink_seed();
  });
}

Sandbox::HearBridgeReply Sandbox::post_to_hearbridge(const std::string& path, const httplib::Headers& headers,
                                                     const std::string& body) const {
  const std::string origin = origin_of(config_.hearbridge_url);
  HearBridgeReply answer;
  try {
    httplib::Client client(origin);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(10, 0);
    auto reply = client.Post(config_.hearbridge_url.substr(origin.size()) + path, headers, body, "application/json");
    if (reply) {
      answer.status = reply->status;
      answer.body = reply->body;
    } else {
      answer.body = httplib::to_string(reply.error());
    }
  } catch (const std::exception& e) {
    answer.body = e.what();
  }
  return answer;
}

void Sandbox::emit_hint_event(const std::string& practice_id, const std::string& type, const json& object) {
  // {"id": "evt-…", "created_at": "<ISO-8601>", "type": "patient.created", "practice_id": "pra-…", "object": {…}}
  const std::string id = "evt-" + random_base62(12);
  const json envelope = {
      {"id", id}, {"created_at", hint_now()}, {"type", type}, {"practice_id", practice_id}, {"object", object}};
  hint_queue_.enqueue(id, type, config_.hint_webhook_url, envelope.dump(-1, ' ', false, json::error_handler_t::replace),
                      clock_());
  hint_dispatcher_->wake();
}

void Sandbox::emit_hearlink_event(const std::string& type, const json& data, bool always) {
  // {"id": "evt_<uuid>", "type": "hearing_test.created", "createdAt": "<ISO-8601>", "data": {…}}
  std::string hex = random_hex(16);
  hex[12] = '4';  // UUID v4 layout, like HearLink's ids
  hex[16] = "89ab"[(hex[16] - '0') & 3];
  const std::string id = "evt_" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                         hex.substr(16, 4) + "-" + hex.substr(20, 12);
  const json envelope = {{"id", id}, {"type", type}, {"createdAt", hearlink_timestamp(clock_())}, {"data", data}};
  hearlink_queue_.enqueue(id, type, config_.hearlink_webhook_url,
                          envelope.dump(-1, ' ', false, json::error_handler_t::replace), clock_(), always);
  hearlink_dispatcher_->wake();
}

int Sandbox::replay_hearlink_seed() {
  std::vector<std::pair<std::string, json>> events;
  {
    std::lock_guard lock(state_.mutex);
    for (const auto& [collection, event] : hearlink_collections()) {
      for (const auto& record : state_.hearlink[collection]) events.emplace_back(event + ".created", record);
    }
  }
  for (const auto& [type, data] : events) emit_hearlink_event(type, data);
  return static_cast<int>(events.size());
}

}  // namespace hbs

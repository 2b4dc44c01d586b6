// The outbox's two sides never wait on each other: with Hint hanging on a call, HearLink's jobs are
// still carried out (on one runner thread, every HearLink job waited behind each hanging Hint job).
#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "shared/practice_settings.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/test_app.hpp"
#include "tests/support/test_data.hpp"

using namespace hb;
using namespace hb::test;
using nlohmann::json;

namespace {

// An HTTP peer that reports the first request whose path contains `watched`, and holds every
// request it gets until released (or answers at once with 503 when `hold` is false).
class Peer {
public:
  Peer(std::string watched, bool hold) : watched_(std::move(watched)), hold_(hold) {
    auto handle = [this](const httplib::Request& req, httplib::Response& res) {
      if (req.path.find(watched_) != std::string::npos) {
        std::lock_guard lock(mutex_);
        if (!seen_) {
          seen_ = true;
          arrived_.set_value();
        }
      }
      if (hold_) release_future_.wait();
      res.status = 503;
      res.set_content(R"({"error": "unavailable"})", "application/json");
    };
    http_.Get(".*", handle);
    http_.Post(".*", handle);
    http_.Patch(".*", handle);
    port_ = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    http_.wait_until_ready();
  }
  ~Peer() {
    release();
    http_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // True once the watched request has arrived; false if it has not within `limit`.
  bool arrived(std::chrono::seconds limit) { return arrived_future_.wait_for(limit) == std::future_status::ready; }
  void release() {
    std::call_once(released_, [this] { release_.set_value(); });
  }

private:
  std::string watched_;
  bool hold_;
  std::mutex mutex_;
  bool seen_ = false;
  std::promise<void> arrived_;
  std::future<void> arrived_future_ = arrived_.get_future();
  std::promise<void> release_;
  std::shared_future<void> release_future_ = release_.get_future().share();
  std::once_flag released_;
  httplib::Server http_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace

TEST_CASE("a HearLink job is carried out while a Hint job hangs on its call") {
  Peer hint("/interactions/partner", true);
  Peer hearlink("/patients", false);
  TempDir dir;
  FakeClock clock;
  auto config = test_config(dir.path());
  config.hint_webhook_secret = kHintKey;
  config.outbox_worker = true;
  config.webhook_workers = 0;
  config.hint_api_url = hint.url();
  config.hearlink_api_url = hearlink.url();
  TestServer server(config, clock.clock());
  // Destroyed before the server: a failing check never leaves the Hint loop held in its call.
  struct Release {
    Peer& peer;
    ~Release() { peer.release(); }
  } release_hint{hint};
  {
    auto& db = server.app().database();
    auto lock = db.lock();
    auto patient = json::parse(read_test_data("hint_patient.json"));  // all HearLink needs to create it
    patient["id"] = "pat-a1";
    seed_hint_patient(db, "pra-a", "pat-a1", patient, clock.now->load());
  }
  PracticeSettingsUpdate settings;
  settings.hearlink_api_key = "hl-key";
  settings.default_clinic = IdOrName{"", "Manchester"};
  settings.default_referral = IdOrName{"", "Hint"};
  settings.default_status = IdOrName{"", "Patient Created"};
  REQUIRE(server.app().practice_settings().save("pra-a", "admin", settings).ok());
  auto client = server.client();
  const auto token = launch_and_exchange(client, handshake_body("pra-a", {"clinician"}));
  REQUIRE(!token.empty());

  // A note: its job creates the interaction in Hint, which holds the call.
  auto note =
      client.Post("/api/interactions", bearer(token),
                  json{{"patient_id", "pat-a1"}, {"title", "Review"}, {"body", "text"}}.dump(), "application/json");
  REQUIRE(note);
  REQUIRE(note->status == 201);
  REQUIRE(hint.arrived(std::chrono::seconds(10)));

  // A link: its job creates the patient in HearLink, while the Hint call is still held.
  auto link = client.Post("/api/patients/pat-a1/link", bearer(token), "{}", "application/json");
  REQUIRE(link);
  CHECK(link->status / 100 == 2);
  CHECK(hearlink.arrived(std::chrono::seconds(10)));
  hint.release();
}

// A real HearBridge server in-process on 127.0.0.1:0, with a temporary data dir, a tiny web
// bundle and an injected clock; tests talk to it over HTTP like any client.
#pragma once
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "server/app.hpp"

namespace hb::test {

class TempDir {
public:
  TempDir() {
    auto base = std::filesystem::temp_directory_path() / "hearbridge-test-XXXXXX";
    std::string pattern = base.string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A clock tests set by hand.
struct FakeClock {
  std::shared_ptr<std::atomic<int64_t>> now = std::make_shared<std::atomic<int64_t>>(1'800'000'000);
  Clock clock() const {
    return [now = now] { return now->load(); };
  }
  void advance(int64_t seconds) const { *now += seconds; }
};

// Config pointing at `dir` (data/ and web/ inside it), already validated.
inline Config test_config(const std::filesystem::path& dir) {
  Config config;
  config.listen = "127.0.0.1:0";
  config.data_dir = (dir / "data").string();
  config.web_dir = (dir / "web").string();
  config.frame_ancestors = "https://app.hint.com";
  write_file(dir / "web" / "shell.html", "<html><script>var base='{{ASSET_BASE}}';</script>{{HINT_SDK_SCRIPT}}</html>");
  write_file(dir / "web" / "app.js", "console.log('app');");
  return config;
}

// test_config with Hint's webhook key and no background work (no outbox loop, no webhook workers):
// the test runs the loops itself, so what it checks is what its own steps did.
inline Config manual_config(const std::filesystem::path& dir, std::string hint_webhook_secret) {
  auto config = test_config(dir);
  config.hint_webhook_secret = std::move(hint_webhook_secret);
  config.outbox_worker = false;
  config.webhook_workers = 0;
  return config;
}

class TestServer {
public:
  explicit TestServer(Config config, Clock clock = FakeClock().clock()) {
    if (auto status = validate_config(config); !status) throw std::runtime_error(std::string(status.error().text()));
    auto app = App::create(std::move(config), std::move(clock));
    if (!app) throw std::runtime_error(std::string(app.error().text()));
    app_ = std::move(app).value();
    auto port = app_->http().bind("127.0.0.1", 0);
    if (!port) throw std::runtime_error("bind failed");
    port_ = port.value();
    app_->set_public_url("http://127.0.0.1:" + std::to_string(port_));
    thread_ = std::thread([this] { app_->http().listen_after_bind(); });
    app_->http().server().wait_until_ready();
  }
  ~TestServer() {
    app_->http().stop();
    thread_.join();
  }
  int port() const { return port_; }
  App& app() { return *app_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(10, 0);
    return c;
  }

private:
  std::unique_ptr<App> app_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace hb::test

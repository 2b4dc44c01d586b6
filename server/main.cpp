// hearbridge: config → dependencies → routes → listen. Nothing else belongs here.
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "server/app.hpp"
#include "server/log.hpp"

int main(int argc, char** argv) {
  // SIGINT and SIGTERM are blocked in every thread (those started later inherit the mask) and taken
  // by one thread with sigwait below: a stop asked for at any moment, even while starting (a
  // handler installed later left a SIGTERM in the first milliseconds to kill the process outright),
  // stops the server cleanly once it runs, and nothing runs inside a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto outcome = hb::read_config(argc, argv);
  if (outcome.exit_code) return *outcome.exit_code;
  auto& config = outcome.config;
  if (auto status = hb::validate_config(config); !status) {
    std::fprintf(stderr, "hearbridge: invalid configuration: %s\n", std::string(status.error().text()).c_str());
    return 2;
  }
  hb::log::set_level(config.log_level_value);

  auto app = hb::App::create(config, hb::system_clock());
  if (!app) {
    std::fprintf(stderr, "hearbridge: cannot start: %s\n", std::string(app.error().text()).c_str());
    return 2;
  }
  auto port = app.value()->http().bind(config.listen_host, config.listen_port);
  if (!port) {
    std::fprintf(stderr, "hearbridge: cannot start: %s\n", std::string(port.error().text()).c_str());
    return 2;
  }
  // Tests and scripts read the bound address from this first line (port 0 picks a free one).
  const auto address = config.listen_host + ":" + std::to_string(port.value());
  hb::log::info("listening", {{"address", address}, {"url", "http://" + address}});
  app.value()->set_public_url("http://" + address);
  if (app.value()->generated_data_key()) {
    hb::log::warn("data_key_generated", {{"file", config.data_dir + "/data.key"},
                                         {"advice", "set HEARBRIDGE_DATA_KEY or keep this file out of backups"}});
  }
  if (app.value()->database().rebuilt_at_open()) {
    hb::log::info("database_rebuilt", {{"reason", "incremental auto-vacuum: freed space goes back to the disk"}});
  } else if (auto mode = app.value()->database().prepare("PRAGMA auto_vacuum"); mode.step() && mode.integer(0) != 2) {
    hb::log::warn("database_not_rebuilt", {{"error", app.value()->database().rebuild_error()},
                                           {"effect",
                                            "space freed by purges stays in the file until a start can "
                                            "rebuild it (VACUUM needs free disk the size of the file)"}});
  }
  if (config.hint_webhook_secret.empty()) {
    hb::log::warn("hint_not_configured",
                  {{"effect", "handshakes and Hint webhooks get 503 until HINT_WEBHOOK_SECRET is set"}});
  }

  std::atomic<bool> finished{false};
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    if (finished) return;  // woken below: the server has already ended
    app.value()->http().server().wait_until_ready();
    app.value()->http().stop();
  });
  app.value()->http().listen_after_bind();
  finished = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // blocked there: it ends its sigwait, nothing else
  stopper.join();
  hb::log::info("stopped");
  return 0;
}

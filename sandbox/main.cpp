// hearbridge-sandbox: config -> Sandbox -> bind -> deliver -> listen. Nothing else belongs here.
#include <csignal>
#include <cstdio>

#include "sandbox/sandbox.hpp"

namespace {
hbs::Sandbox* g_sandbox = nullptr;
void stop_on_signal(int) {
  if (g_sandbox) g_sandbox->http().stop();
}
}  // namespace

int main(int argc, char** argv) {
  auto outcome = hbs::read_sandbox_config(argc, argv);
  if (outcome.exit_code) return *outcome.exit_code;

  hbs::Sandbox sandbox(outcome.config, hbs::system_millis());
  const int port = sandbox.bind();
  if (port <= 0) {
    std::fprintf(stderr, "hearbridge-sandbox: cannot listen on %s\n", outcome.config.listen.c_str());
    return 2;
  }
  // Scripts read the bound address from this first line (port 0 picks a free one), as for hearbridge.
  const std::string address = sandbox.config().listen_host + ":" + std::to_string(port);
  std::fprintf(stderr, "%s\n",
               hbs::json({{"event", "listening"},
                          {"address", address},
                          {"url", sandbox.config().public_url},
                          {"hearbridge_url", sandbox.config().hearbridge_url}})
                   .dump()
                   .c_str());
  std::fflush(stderr);

  g_sandbox = &sandbox;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  sandbox.start_webhook_delivery();
  sandbox.listen_after_bind();
  sandbox.stop();
  std::fprintf(stderr, "%s\n", hbs::json({{"event", "stopped"}}).dump().c_str());
  return 0;
}

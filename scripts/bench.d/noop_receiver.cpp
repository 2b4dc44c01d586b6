// The ceiling the webhook bench measures beside hearbridge: cpp-httplib configured exactly as
// hearbridge configures it (TCP_NODELAY, listen backlog 1024, 96 worker threads, keep-alive), with a
// handler that verifies nothing, stores nothing and answers 200 at once. No receiver built on this
// HTTP layer can beat it on this machine, so it bounds what hearbridge can reach.
//   noop_receiver <port>   (prints "listening 127.0.0.1:<port>" on stderr once bound)
#include <cstdio>
#include <cstdlib>

#include <httplib.h>

int main(int argc, char** argv) {
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(96); };
  server.set_payload_max_length(1 << 20);
  server.Post("/webhooks/hint", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"received":true})", "application/json");
  });
  int port = argc > 1 ? std::atoi(argv[1]) : 0;
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port <= 0) return 1;
  std::fprintf(stderr, "listening 127.0.0.1:%d\n", port);
  return server.listen_after_bind() ? 0 : 1;
}

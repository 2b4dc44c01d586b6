// Crash safety with the real binary: events acknowledged by a server that never processed them
// (--webhook-workers 0), the process SIGKILLed, a new process started — every event is processed
// exactly once.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch_test_macros.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <thread>

#include "tests/server/webhook_test_support.hpp"
#include "tests/support/test_app.hpp"

extern char** environ;

using namespace hb;
using namespace hb::test;

namespace {

// Another process offers nothing to wait on but what it shows from outside (its log, its /metrics):
// these checks poll that until it holds. In-process tests wait on the work itself
// (Webhooks::settle), never on a pause.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

// The hearbridge binary as a child process, its log in a file; the port is read from its
// "listening" line.
class ChildServer {
public:
  ChildServer(const std::filesystem::path& dir, const std::string& name, std::vector<std::string> flags) {
    log_ = dir / (name + ".log");
    std::vector<std::string> args{HEARBRIDGE_BINARY};
    args.insert(args.end(), flags.begin(), flags.end());
    std::vector<std::string> env{std::string("HINT_WEBHOOK_SECRET=") + kWebhookHintKey};
    for (char** e = environ; *e; ++e) {
      if (!std::string_view(*e).starts_with("HINT_") && !std::string_view(*e).starts_with("HEARBRIDGE_"))
        env.emplace_back(*e);
    }
    // Everything exec needs is built before fork: the child only calls async-signal-safe functions.
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    int fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fd, STDERR_FILENO);
      ::dup2(fd, STDOUT_FILENO);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    ::close(fd);
    REQUIRE(eventually([&] { return read_port(); }));
  }
  ~ChildServer() {
    if (pid_ > 0) kill_now();
  }
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5, 0);
    c.set_read_timeout(10, 0);
    return c;
  }
  void kill_now() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  // Its stdout and stderr: the log, and any sanitizer report (scripts/sanitize runs this test with the
  // sanitized binary of the same build, which halts on a finding).
  std::string output() const {
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  // SIGTERM, then the exit status (0 when the server stopped cleanly).
  int stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

private:
  bool read_port() {
    std::ifstream in(log_);
    std::string line;
    while (std::getline(in, line)) {
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (json.is_object() && json.value("event", "") == "listening") {
        auto address = json.value("address", "");
        port_ = std::stoi(address.substr(address.rfind(':') + 1));
        return true;
      }
    }
    return false;
  }

  std::filesystem::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// The value of one series in Prometheus text; -1 when absent.
int64_t metric(const std::string& text, const std::string& series) {
  auto at = ("\n" + text).find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + series.size() + 1));
}

}  // namespace

TEST_CASE("events acknowledged before a SIGKILL are processed exactly once after the restart") {
  TempDir dir;
  (void)test_config(dir.path());  // writes the tiny web bundle
  const std::vector<std::string> common{"--listen",   "127.0.0.1:0",
                                        "--data-dir", (dir.path() / "data").string(),
                                        "--web-dir",  (dir.path() / "web").string()};
  constexpr int kEvents = 40;
  auto body = [](int i) {
    return hint_event("evt-" + std::to_string(i), "patient.created", "pra-1", "pat-" + std::to_string(i),
                      "2026-02-19T10:00:00Z");
  };
  auto post = [](httplib::Client& client, const std::string& b) {
    return client.Post("/webhooks/hint", {{"X-Hint-Signature", sign_hint(kWebhookHintKey, b)}}, b, "application/json");
  };

  {
    auto flags = common;
    flags.insert(flags.end(), {"--webhook-workers", "0"});  // intake only: nothing is processed
    ChildServer first(dir.path(), "first", flags);
    auto client = first.client();
    for (int i = 0; i < kEvents; ++i) {
      auto res = post(client, body(i));
      REQUIRE(res);
      REQUIRE(res->status == 200);
    }
    CHECK(nlohmann::json::parse(post(client, body(0))->body)["duplicate"] == true);
    first.kill_now();
  }
  {
    auto db = Database::open(dir.path() / "data" / "hearbridge.sqlite3").value();
    CHECK(count_rows(*db, "SELECT COUNT(*) FROM webhook_inbox WHERE status = 'pending'") == kEvents);
    CHECK(count_rows(*db, "SELECT COUNT(*) FROM hint_patients") == 0);
  }

  ChildServer second(dir.path(), "second", common);
  auto client = second.client();
  std::string metrics;
  CHECK(eventually([&] {
    metrics = client.Get("/metrics")->body;
    return metric(metrics, "hearbridge_webhook_inbox_pending") == 0;
  }));
  CHECK(metric(metrics, "hearbridge_webhooks_processed_total{source=\"hint\",outcome=\"processed\"}") == kEvents);
  // A late re-delivery is still recognised after the restart.
  CHECK(nlohmann::json::parse(post(client, body(7))->body)["duplicate"] == true);
  const int status = second.stop();
  INFO("the second server's output:\n" << second.output());
  CHECK(status == 0);  // SIGTERM: the workers and the writer stop cleanly

  auto db = Database::open(dir.path() / "data" / "hearbridge.sqlite3").value();
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM webhook_inbox") == kEvents);
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM webhook_inbox WHERE status = 'processed' AND attempts = 0") == kEvents);
  CHECK(count_rows(*db, "SELECT COUNT(*) FROM hint_patients WHERE practice_id = 'pra-1'") == kEvents);
}

TEST_CASE("the first line a start prints is the listening line, also when it rebuilds an older file") {
  TempDir dir;
  (void)test_config(dir.path());  // writes the tiny web bundle
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  {  // a store as an older version left it: no incremental auto-vacuum yet
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open((data / "hearbridge.sqlite3").c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA journal_mode=WAL; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 1", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  ChildServer server(
      dir.path(), "first_line",
      {"--listen", "127.0.0.1:0", "--data-dir", data.string(), "--web-dir", (dir.path() / "web").string()});
  // The rebuild is told right after the listening line (the log is a file the child appends to).
  CHECK(eventually([&] { return server.output().find("\"database_rebuilt\"") != std::string::npos; }));
  const auto output = server.output();
  const auto first = nlohmann::json::parse(output.substr(0, output.find('\n')), nullptr, false);
  CHECK(first.value("event", "") == "listening");
  CHECK(server.stop() == 0);
}

// Every query the routes and workers run reads through an index: none scans a table or sorts in a
// temporary B-tree, so no screen's cost grows with the size of the practice. The test runs the
// server's routes and the inbox worker through a realistic visit, records every statement prepared
// on any connection (Database::observe_statements), and checks SQLite's plan of each. A new query
// that scans fails here, naming itself and its plan.
#include <catch2/catch_test_macros.hpp>

#include <map>
#include <mutex>
#include <set>

#include "server/directory/directory_sync.hpp"
#include "server/webhooks/inbox_processor.hpp"
#include "server/webhooks/inbox_writer.hpp"
#include "shared/iso8601.hpp"
#include "tests/server/webhook_test_support.hpp"
#include "tests/support/fake_transport.hpp"
#include "tests/support/hint_launch.hpp"
#include "tests/support/seed_rows.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using json = nlohmann::json;

namespace {

// Statements whose scan or sort is bounded by something other than the practice's size.
const std::map<std::string, std::string> kAllowed{
    // One row per practice, read at start and after a settings save.
    {"SELECT practice_id, hearlink_webhook_secrets_enc FROM practice_settings WHERE hearlink_webhook_secrets_enc IS "
     "NOT NULL",
     "one row per practice"},
    // Live sessions (at most 8 hours old): bounded by the people using the app, not by patients.
    {"INSERT INTO directory_passes (practice_id, status, started_at, next_offset, hint_total, listed, attempts, "
     "next_attempt_at) SELECT DISTINCT s.practice_id, 'running', ?1, 0, 0, 0, 0, ?1 FROM sessions s WHERE NOT "
     "EXISTS (SELECT 1 FROM directory_passes d WHERE d.practice_id = s.practice_id)",
     "live sessions only"},
    // Migration 9 lists the copies stored before the directory existed, once.
    {"SELECT practice_id, patient_id, status, body FROM hint_patients", "a migration's one-off fill"},
};

// Tables that hold a handful of rows whatever the practice's size.
const std::set<std::string> kSmallTables{"meta", "sqlite_master"};  // sqlite_master: the schema itself

class StatementLog {
public:
  StatementLog() {
    Database::observe_statements([this](std::string_view sql) {
      std::lock_guard guard(mutex_);
      seen_.emplace(sql);
    });
  }
  ~StatementLog() { Database::observe_statements(nullptr); }
  std::set<std::string> seen() {
    std::lock_guard guard(mutex_);
    return seen_;
  }

private:
  std::mutex mutex_;
  std::set<std::string> seen_;
};

bool is_query(const std::string& sql) {
  for (const char* skip :
       {"PRAGMA", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "CREATE", "ALTER", "DROP"}) {
    if (sql.rfind(skip, 0) == 0) return false;
  }
  return true;
}

// Statements whose cheap plan depends on which index SQLite picks (with no statistics it breaks ties
// between indexes by itself): each named loop must read through the named index.
const std::map<std::string, std::vector<std::pair<std::string, std::string>>> kRequiredIndexes{
    {"p.order_uid = i.uid", {{"SEARCH i ", "hearlink_records_by_patient"}, {"SEARCH p ", "hearlink_records_by_order"}}},
    {"patient_directory_text MATCH", {{"SEARCH d ", "patient_directory_keys"}}},
};

// The plan lines that make a statement's cost grow with a table: a full scan of a table (or of an
// index) that is not small, a sort in a temporary B-tree, a full-text index probed once per row of
// an earlier loop, or a loop through another index than the one it needs.
std::vector<std::string> costly_steps(Database& db, const std::string& sql) {
  std::vector<std::string> costly;
  struct Step {
    int64_t id;
    int64_t parent;
    std::string detail;
  };
  std::vector<Step> steps;
  auto plan = db.prepare("EXPLAIN QUERY PLAN " + sql);
  while (plan.step()) steps.push_back({plan.integer(0), plan.integer(1), plan.text(3)});
  REQUIRE_FALSE(plan.failed());
  auto is_loop = [](const std::string& detail) {
    return detail.rfind("SCAN ", 0) == 0 || detail.rfind("SEARCH ", 0) == 0;
  };
  for (const auto& step : steps) {
    const auto& detail = step.detail;
    if (detail.find("TEMP B-TREE") != std::string::npos) costly.push_back(detail);
    if (detail.rfind("SCAN ", 0) != 0) continue;
    const auto table = detail.substr(5, detail.find(' ', 5) - 5);
    if (detail.find("VIRTUAL TABLE") != std::string::npos) {
      // The trigram index answers, as long as it is the outer loop.
      for (const auto& other : steps) {
        if (other.parent == step.parent && other.id < step.id && is_loop(other.detail))
          costly.push_back(detail + " (probed once per row of: " + other.detail + ")");
      }
      continue;
    }
    if (table.rfind("(subquery", 0) == 0 || table == "CONSTANT") continue;  // a bounded inner result
    if (kSmallTables.count(table)) continue;
    costly.push_back(detail);
  }
  for (const auto& [fragment, loops] : kRequiredIndexes) {
    if (sql.find(fragment) == std::string::npos) continue;
    for (const auto& [loop, index] : loops) {
      const bool through = std::any_of(steps.begin(), steps.end(), [&](const Step& s) {
        return s.detail.rfind(loop, 0) == 0 && s.detail.find(index) != std::string::npos;
      });
      if (!through) costly.push_back(loop + "is not read through " + index);
    }
  }
  return costly;
}

constexpr const char* kPractice = "pra-a";

struct Visit {
  TempDir dir;
  FakeClock clock;
  StatementLog log;
  TestServer server{config(dir), clock.clock()};
  httplib::Client client = server.client();

  static Config config(const TempDir& d) {
    auto c = manual_config(d.path(), kHintKey);
    c.hint_api_url = "http://127.0.0.1:9";
    return c;
  }

  void seed() {
    auto& db = server.app().database();
    auto lock = db.lock();
    const auto today = format_timestamp(clock.now->load()).substr(0, 10);
    for (const char* practice : {kPractice, "pra-b"}) {
      for (int i = 0; i < 30; ++i) {
        const auto id = std::string(practice) + "-pat-" + std::to_string(i);
        const auto uid = std::string(practice) + "-hlp-" + std::to_string(i);
        seed_hint_patient(db, practice, id,
                          json{{"id", id},
                               {"first_name", i % 2 ? "Zoë" : "Ana"},
                               {"last_name", "Ñúñez " + std::to_string(i)},
                               {"chosen_first_name", "Zo"},
                               {"dob", "1961-06-17"}},
                          clock.now->load());
        seed_link(db, practice, id, uid);
        seed_hearlink_record(db, practice, "patient", uid, uid, json{{"uid", uid}, {"externalSystemId", id}});
        const auto test = uid + "-ht";
        seed_hearlink_record(db, practice, "hearing_test", test, uid, json{{"uid", test}, {"testDate", today}});
        const auto invoice = uid + "-inv";
        seed_hearlink_record(db, practice, "invoice", invoice, uid, json{{"uid", invoice}, {"total", "120.00"}});
        seed_hearlink_record(db, practice, "transaction", uid + "-tx", "",
                             json{{"uid", uid + "-tx"}, {"orderUid", invoice}, {"amount", "20.00"}});
      }
    }
  }

  std::string token(const std::vector<std::string>& roles) {
    auto body = handshake_body(kPractice, roles);
    body.erase("access_token");
    auto token = launch_and_exchange(client, body);
    REQUIRE(!token.empty());
    return token;
  }

  void get(const std::string& token, const std::string& path) {
    auto res = client.Get(path, bearer(token));
    REQUIRE(res);
    INFO(path << " → " << res->body);
    CHECK(res->status == 200);
  }

  json send(const std::string& token, const std::string& method, const std::string& path, const json& body,
            int64_t version = 0) {
    auto headers = bearer(token);
    if (version) headers.emplace("If-Match", "\"" + std::to_string(version) + "\"");
    httplib::Result res = method == "POST"  ? client.Post(path, headers, body.dump(), "application/json")
                          : method == "PUT" ? client.Put(path, headers, body.dump(), "application/json")
                                            : client.Delete(path, headers);
    REQUIRE(res);
    INFO(method << " " << path << " → " << res->body);
    CHECK(res->status / 100 == 2);
    return res->body.empty() ? json() : json::parse(res->body);
  }

  // Two pages of Hint's patient list, read by a pass with a Hint token from a clinician's launch.
  void run_directory_pass() {
    REQUIRE(!launch_and_exchange(client, handshake_body(kPractice, {"clinician"})).empty());
    RecordingTransport transport;
    FakePacing pacing;
    RateLimiter limiter{18, 2, pacing.pacing()};
    HintClient hint{transport, limiter, pacing.pacing(), RetryPolicy{1, {500, 4000}}, [] { return 0.5; }};
    auto& app = server.app();
    DirectorySync pass{app.database(), app.sessions(), app.cipher(), hint, clock.clock(), pacing.pacing()};
    for (int page = 0; page < 2; ++page) {
      json patients = json::array();
      for (int i = 0; i < kDirectoryPageSize; ++i) {
        const auto id = std::string(kPractice) + "-pat-" + std::to_string(page * kDirectoryPageSize + i);
        patients.push_back(
            {{"id", id}, {"first_name", "Bo"}, {"last_name", "Ek"}, {"updated_at", "2030-01-01T00:00:00Z"}});
      }
      transport.answer(200, patients.dump(), {{"X-Total-Count", std::to_string(2 * kDirectoryPageSize - 1)}});
    }
    REQUIRE(pass.run_due());
    REQUIRE(pass.run_due());
    CHECK(pass.progress(kPractice).value().status == "done");
    clock.advance(kDirectoryReconcileEveryS);  // the daily pass, whose end removes who was not seen
    transport.answer(200, "[]", {{"X-Total-Count", "0"}});
    REQUIRE(pass.run_due());
    clock.advance(kDirectoryReconcileEveryS);
    transport.answer(200, "[]", {{"X-Total-Count", "0"}});
    REQUIRE(pass.run_due());
  }

  // What a clinician and an admin do in a day, and what the workers do meanwhile.
  void run() {
    seed();
    const auto clinician = token({"clinician"});
    const auto admin = token({"admin"});
    for (const char* query : {"zo", "zoe nunez 3", "Ñúñez", "unez", "1961-06-17", "06/17/1961", ""}) {
      httplib::Params params{{"query", query}, {"limit", "10"}, {"offset", "5"}};
      auto res = client.Get("/api/patients", params, bearer(clinician));
      REQUIRE(res);
      CHECK(res->status == 200);
    }
    const std::string patient = std::string(kPractice) + "-pat-3";
    get(clinician, "/api/patients/" + patient);
    get(clinician, "/api/patients/" + patient + "/hearing");
    CHECK(client.Get("/api/patients/pra-b-pat-1", bearer(clinician))->status == 404);  // another practice's
    get(clinician, "/api/worklist?drafts_offset=0&tests_offset=5&limit=5");
    get(clinician, "/api/session");
    get(clinician, "/api/session/recovery-key");

    auto note = send(clinician, "POST", "/api/interactions",
                     {{"patient_id", patient},
                      {"title", "Review"},
                      {"body", "text"},
                      {"hearing_test_uid", std::string(kPractice) + "-hlp-3-ht"}})["note"];
    const std::string path = "/api/interactions/" + note["id"].get<std::string>();
    auto saved = send(clinician, "PUT", path, {{"title", "Review"}, {"body", "more text"}}, 1)["note"];
    get(clinician, "/api/interactions?patient_id=" + patient);
    get(clinician, path);
    send(clinician, "POST", path + "/sign", {{"version", saved["version"]}});
    auto addendum =
        send(clinician, "POST", "/api/interactions",
             {{"patient_id", patient}, {"title", "Addendum"}, {"body", "x"}, {"addendum_of", note["id"]}})["note"];
    send(clinician, "DELETE", "/api/interactions/" + addendum["id"].get<std::string>(), json(), 1);
    const std::string test = "/api/worklist/tests/" + std::string(kPractice) + "-hlp-4-ht/no-note-needed";
    send(clinician, "POST", test, json::object());
    send(clinician, "DELETE", test, json());
    send(clinician, "POST", "/api/patients/" + std::string(kPractice) + "-pat-5/link", json::object());

    get(admin, "/api/admin/outbox");
    get(admin, "/api/admin/audit?limit=5");
    get(admin, "/api/settings");

    server.app().hint_sync().run_due();
    server.app().hearlink_sync().run_due();
    run_directory_pass();
    clock.advance(24 * 3600);
    REQUIRE(server.app().sessions().purge_expired());
  }
};

// The inbox worker applying every kind of event, and the retention purge.
void run_inbox_worker(const std::filesystem::path& dir) {
  const auto file = dir / "inbox.sqlite3";
  auto db = Database::open(file).value();
  FakeClock clock;
  WebhookMetrics metrics;
  InboxProcessor processor{*db, clock.clock(), [](Database&, std::string_view) { return ok_status(); }, metrics, 0, 2};
  auto writer = InboxWriter::open(file, {}).value();
  auto add = [&](const std::string& source, const std::string& body) {
    auto event = json::parse(body);
    REQUIRE(writer
                ->append(InboxEvent{
                    source, event.value("id", ""), event.value("type", ""), "pra-1", {}, clock.now->load(), body})
                .ok());
  };
  add("hint", hint_event("evt-1", "patient.created", "pra-1", "pat-1", "2026-02-19T10:00:00.000Z"));
  add("hint", hint_event("evt-2", "patient.archived", "pra-1", "pat-1", "2026-02-19T11:00:00.000Z"));
  add("hearlink", hearlink_event("hl-1", "patient.created", {{"uid", "hlp-1"}, {"externalSystemId", "pat-1"}}));
  add("hearlink", hearlink_event("hl-2", "hearing_test.created",
                                 {{"uid", "ht-1"}, {"patient", {{"uid", "hlp-1"}}}, {"testDate", "2026-04-01"}}));
  add("hearlink", hearlink_event("hl-3", "transaction.created", {{"uid", "tx-1"}, {"orderUid", "inv-1"}}));
  while (processor.process_due(10) > 0) {}
  InboxProcessor other{*db, clock.clock(), [](Database&, std::string_view) { return ok_status(); }, metrics, 1, 2};
  while (other.process_due(10) > 0) {}
  clock.advance(30 * 24 * 3600);
  REQUIRE(processor.purge(24 * 3600));
}

}  // namespace

TEST_CASE("no query the routes or the workers run scans a table or sorts in a temporary B-tree") {
  std::set<std::string> statements;
  TempDir scratch;
  {
    Visit visit;
    visit.run();
    run_inbox_worker(scratch.path());
    statements = visit.log.seen();
  }
  auto db = Database::open(scratch.path() / "plans.sqlite3").value();
  size_t checked = 0;
  for (const auto& sql : statements) {
    if (!is_query(sql) || kAllowed.count(sql)) continue;
    ++checked;
    const auto costly = costly_steps(*db, sql);
    std::string plan;
    for (const auto& step : costly) plan += "\n  " + step;
    INFO(sql << plan);
    CHECK(costly.empty());
  }
  // The visit reached the queries it is meant to check (a broken visit must not pass by checking none).
  CHECK(checked > 60);
  for (const char* expected :
       {"FROM patient_directory_words", "patient_directory_text MATCH", "FROM worklist_tests WHERE",
        "p.order_uid = i.uid", "FROM webhook_inbox", "DELETE FROM session_tokens", "FROM outbox"}) {
    INFO(expected);
    CHECK(std::any_of(statements.begin(), statements.end(),
                      [&](const std::string& sql) { return sql.find(expected) != std::string::npos; }));
  }
}

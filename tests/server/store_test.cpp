// The store's own guarantees: readers that run beside the writer on one consistent snapshot, space
// given back to the file system after a purge, and files of older versions brought up to date.
#include <catch2/catch_test_macros.hpp>

#include <sqlite3.h>

#include <filesystem>

#include "server/clinical/outbox.hpp"
#include "server/store/database.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;

namespace {

int64_t count(Connection& db, const std::string& sql) {
  auto stmt = db.prepare(sql);
  REQUIRE(stmt.step());
  return stmt.integer(0);
}

}  // namespace

TEST_CASE("readers run beside each other and beside an open write, each on one snapshot") {
  TempDir dir;
  auto db = Database::open(dir.path() / "db.sqlite3", 2).value();
  REQUIRE(db->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)").ok());

  auto first = db->read();
  auto second = db->read();  // two leases at once: neither waits for the other
  CHECK(count(*first, "SELECT COUNT(*) FROM t") == 1);
  {
    // The writer holds its lock with a write open: readers neither wait nor see it.
    auto lock = db->lock();
    REQUIRE(db->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)").ok());
    CHECK(count(*second, "SELECT COUNT(*) FROM t") == 1);
    REQUIRE(db->exec("COMMIT").ok());
  }
  // A lease reads one snapshot from its first statement to its end: a count and its page agree.
  CHECK(count(*first, "SELECT COUNT(*) FROM t") == 1);
  CHECK(count(*second, "SELECT COUNT(*) FROM t") == 1);
  { auto done = std::move(first); }
  CHECK(count(*db->read(), "SELECT COUNT(*) FROM t") == 2);
  // Readers are read-only.
  CHECK(!(*second).exec("INSERT INTO t VALUES (3)").ok());
}

TEST_CASE("space a purge frees goes back to the file system a step at a time") {
  TempDir dir;
  const auto file = dir.path() / "db.sqlite3";
  auto db = Database::open(file).value();
  CHECK_FALSE(db->rebuilt_at_open());  // a new file gets the mode before its first table
  CHECK(count(*db, "PRAGMA auto_vacuum") == 2);
  REQUIRE(db->exec("CREATE TABLE blobs (b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                   "WHERE i < 2000) INSERT INTO blobs SELECT zeroblob(4000) FROM n")
              .ok());
  REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  const auto full_size = std::filesystem::file_size(file);
  CHECK(full_size > 8'000'000);
  REQUIRE(db->exec("DELETE FROM blobs").ok());
  const auto free_before = count(*db, "PRAGMA freelist_count");
  CHECK(free_before >= 2000);
  auto left = db->reclaim_free_pages(100);
  REQUIRE(left.ok());
  CHECK(left.value());
  CHECK(count(*db, "PRAGMA freelist_count") == free_before - 100);
  while (db->reclaim_free_pages(1000).value()) {}
  CHECK(count(*db, "PRAGMA freelist_count") == 0);
  REQUIRE(db->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  CHECK(std::filesystem::file_size(file) < full_size / 10);  // the schema's pages are left
}

TEST_CASE("a database file made before incremental vacuum is rebuilt with it once, keeping its data") {
  TempDir dir;
  const auto file = dir.path() / "old.sqlite3";
  {  // as an older version left it: auto_vacuum off, a table with a row
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA journal_mode=WAL; CREATE TABLE kept (x TEXT); INSERT INTO kept VALUES ('a')",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = Database::open(file).value();
  CHECK(db->rebuilt_at_open());
  CHECK(count(*db, "PRAGMA auto_vacuum") == 2);
  CHECK(count(*db, "SELECT COUNT(*) FROM kept") == 1);
  CHECK(count(*db, "PRAGMA user_version") > 0);  // and migrated as usual
}

TEST_CASE("done outbox jobs go after their retention, a batch at a time; open jobs never") {
  TempDir dir;
  auto db = Database::open(dir.path() / "db.sqlite3").value();
  const int64_t now = 1'800'000'000;
  const auto old = now - kOutboxDoneRetentionS - 1;
  int n = 0;
  for (const char* status : {"done", "done", "done", "pending", "failed", "needs_check"}) {
    REQUIRE(enqueue_outbox(*db, "pra-1", "sync_interaction", "obj-" + std::to_string(n++), "", old).ok());
    auto set = db->prepare("UPDATE outbox SET status = ?, updated_at = ? WHERE object_id = ?");
    REQUIRE(set.bind(1, status).bind(2, old).bind(3, "obj-" + std::to_string(n - 1)).run().ok());
  }
  REQUIRE(enqueue_outbox(*db, "pra-1", "sync_interaction", "recent", "", now).ok());
  REQUIRE(db->exec("UPDATE outbox SET status = 'done' WHERE object_id = 'recent'").ok());

  CHECK(purge_done_outbox(*db, now, 2).value() == 2);
  CHECK(purge_done_outbox(*db, now, 2).value() == 1);
  CHECK(purge_done_outbox(*db, now, 2).value() == 0);
  CHECK(count(*db, "SELECT COUNT(*) FROM outbox WHERE status = 'done'") == 1);  // the recent one
  CHECK(count(*db, "SELECT COUNT(*) FROM outbox WHERE status <> 'done'") == 3);
}

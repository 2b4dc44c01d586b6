// The worklist's table of tests without a note (server/clinical/worklist_schema.cpp) is kept by
// triggers: after any sequence of writes to the tables it depends on, it must hold exactly what the
// rule computed from those tables says. Random writes (seeded, so a failure replays) over a small
// world where every case collides: tests moving between patients, links changing status and uid,
// patient records naming Hint patients that gain and lose link rows, notes and marks coming and going.
#include <catch2/catch_test_macros.hpp>

#include <random>
#include <set>
#include <string>
#include <tuple>

#include "server/store/database.hpp"
#include "tests/support/old_store.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;

namespace {

using Row = std::tuple<std::string, std::string, std::string, std::string, std::string>;

std::set<Row> rows(Connection& db, const std::string& sql) {
  std::set<Row> out;
  auto query = db.prepare(sql);
  while (query.step()) {
    auto text = [&](int i) { return query.is_null(i) ? std::string("<null>") : query.text(i); };
    out.emplace(text(0), text(1), text(2), text(3), text(4));
  }
  REQUIRE_FALSE(query.failed());
  return out;
}

// What the worklist read before the table existed: the rule, evaluated from the source tables.
const char* const kByRule =
    "SELECT t.practice_id, t.uid, t.patient_uid, t.test_date, COALESCE((SELECT l.hint_patient_id FROM "
    "patient_links l WHERE l.practice_id = t.practice_id AND l.hearlink_uid = t.patient_uid AND l.status = "
    "'linked' ORDER BY l.updated_at DESC LIMIT 1), (SELECT p.named_hint_patient_id FROM hearlink_records p "
    "WHERE p.practice_id = t.practice_id AND p.kind = 'patient' AND p.uid = t.patient_uid AND p.deleted = 0 "
    "AND p.named_hint_patient_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM patient_links n WHERE "
    "n.practice_id = t.practice_id AND n.hint_patient_id = p.named_hint_patient_id))) FROM hearlink_records t "
    "WHERE t.kind = 'hearing_test' AND t.deleted = 0 AND t.test_date IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM note_tests n WHERE n.practice_id = t.practice_id AND n.hearing_test_uid = t.uid) AND NOT EXISTS "
    "(SELECT 1 FROM tests_no_note_needed x WHERE x.practice_id = t.practice_id AND x.hearing_test_uid = t.uid)";

const char* const kKept = "SELECT practice_id, uid, patient_uid, test_date, hint_patient_id FROM worklist_tests";

}  // namespace

TEST_CASE("the worklist's table always holds what the rule says, whatever is written in whatever order") {
  TempDir dir;
  auto db = Database::open(dir.path() / "db.sqlite3").value();
  std::mt19937 random(20261207);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  auto one_of = [&](std::initializer_list<const char*> values) {
    return std::string(*(values.begin() + pick(static_cast<int>(values.size()))));
  };
  auto practice = [&] { return one_of({"pra-a", "pra-b"}); };
  auto hearlink_patient = [&] { return one_of({"hlp-1", "hlp-2", "hlp-3"}); };
  auto hint_patient = [&] { return one_of({"pat-1", "pat-2", "pat-3"}); };
  auto test = [&] { return one_of({"ht-1", "ht-2", "ht-3", "ht-4"}); };
  int64_t clock = 0;

  int checked = 0;
  for (int step = 0; step < 3000; ++step) {
    auto lock = db->lock();
    const int action = pick(12);
    Status written = ok_status();
    switch (action) {
      case 0:  // a hearing test stored or changed (another patient, date, deleted)
        written = db->prepare(
                        "INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, deleted, "
                        "updated_at, body, event_id, test_date) VALUES (?1, 'hearing_test', ?2, ?3, ?4, ?5, "
                        "'{}', 'e', ?6) ON CONFLICT (practice_id, kind, uid) DO UPDATE SET patient_uid = "
                        "excluded.patient_uid, deleted = excluded.deleted, test_date = excluded.test_date")
                      .bind(1, practice())
                      .bind(2, test())
                      .bind_optional(3, pick(6) ? hearlink_patient() : std::string())
                      .bind(4, int64_t{pick(4) == 0})
                      .bind(5, ++clock)
                      .bind_optional(6, pick(6) ? one_of({"2026-01-02", "2026-03-04"}) : std::string())
                      .run();
        break;
      case 1:  // a HearLink patient record stored or changed (naming a Hint patient or not, deleted)
        written = db->prepare(
                        "INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, deleted, "
                        "updated_at, body, event_id, named_hint_patient_id) VALUES (?1, 'patient', ?2, ?2, "
                        "?3, ?4, '{}', 'e', ?5) ON CONFLICT (practice_id, kind, uid) DO UPDATE SET "
                        "deleted = excluded.deleted, named_hint_patient_id = excluded.named_hint_patient_id")
                      .bind(1, practice())
                      .bind(2, hearlink_patient())
                      .bind(3, int64_t{pick(4) == 0})
                      .bind(4, ++clock)
                      .bind_optional(5, pick(3) ? hint_patient() : std::string())
                      .run();
        break;
      case 2:  // a record removed
        written = db->prepare("DELETE FROM hearlink_records WHERE practice_id = ? AND uid = ?")
                      .bind(1, practice())
                      .bind(2, pick(2) ? test() : hearlink_patient())
                      .run();
        break;
      case 3:
      case 4:  // a link row stored or changed (status, uid, time)
        written = db->prepare(
                        "INSERT INTO patient_links (practice_id, hint_patient_id, hearlink_uid, status, "
                        "updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (practice_id, hint_patient_id) DO "
                        "UPDATE SET hearlink_uid = excluded.hearlink_uid, status = excluded.status, "
                        "updated_at = excluded.updated_at")
                      .bind(1, practice())
                      .bind(2, hint_patient())
                      .bind_optional(3, pick(5) ? hearlink_patient() : std::string())
                      .bind(4, one_of({"linked", "linked", "pending", "failed"}))
                      .bind(5, pick(2) ? ++clock : clock)
                      .run();
        break;  // equal times too
      case 5:   // a link row removed
        written = db->prepare("DELETE FROM patient_links WHERE practice_id = ? AND hint_patient_id = ?")
                      .bind(1, practice())
                      .bind(2, hint_patient())
                      .run();
        break;
      case 6:
      case 7:  // a note refers to a test
        written =
            db->prepare("INSERT OR IGNORE INTO note_tests (practice_id, hearing_test_uid, note_id) VALUES (?, ?, ?)")
                .bind(1, practice())
                .bind(2, test())
                .bind(3, one_of({"note-1", "note-2"}))
                .run();
        break;
      case 8:  // a note stops referring (deleted)
        written = db->prepare("DELETE FROM note_tests WHERE practice_id = ? AND note_id = ?")
                      .bind(1, practice())
                      .bind(2, one_of({"note-1", "note-2"}))
                      .run();
        break;
      case 9:  // "No note needed"
        written = db->prepare(
                        "INSERT OR IGNORE INTO tests_no_note_needed (practice_id, hearing_test_uid, "
                        "marked_by, marked_at) VALUES (?, ?, 'u', 0)")
                      .bind(1, practice())
                      .bind(2, test())
                      .run();
        break;
      case 10:  // undone
        written = db->prepare("DELETE FROM tests_no_note_needed WHERE practice_id = ? AND hearing_test_uid = ?")
                      .bind(1, practice())
                      .bind(2, test())
                      .run();
        break;
      default:  // a link row's status alone changes (as the outbox moves it along)
        written = db->prepare("UPDATE patient_links SET status = ? WHERE practice_id = ? AND hint_patient_id = ?")
                      .bind(1, one_of({"linked", "needs_check"}))
                      .bind(2, practice())
                      .bind(3, hint_patient())
                      .run();
        break;
    }
    REQUIRE(written.ok());
    const auto kept = rows(*db, kKept);
    const auto by_rule = rows(*db, kByRule);
    INFO("step " << step << ", action " << action);
    REQUIRE(kept == by_rule);
    checked += kept.empty() ? 0 : 1;
  }
  CHECK(checked > 1000);  // the world was not empty most of the time: the comparison meant something
}

TEST_CASE("a store from before the worklist's table gets it filled from what it holds") {
  TempDir dir;
  const auto file = dir.path() / "old.sqlite3";
  write_old_store(file, 13,  // as the previous release left it
                  {"INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, updated_at, body, event_id, "
                   "test_date) VALUES ('pra-a', 'hearing_test', 'ht-1', 'hlp-1', 1, '{}', 'e', '2026-01-02'), "
                   "('pra-a', 'hearing_test', 'ht-2', 'hlp-1', 1, '{}', 'e', '2026-01-03')",
                   "INSERT INTO patient_links (practice_id, hint_patient_id, hearlink_uid, status, updated_at) "
                   "VALUES ('pra-a', 'pat-1', 'hlp-1', 'linked', 1)",
                   "INSERT INTO note_tests (practice_id, hearing_test_uid, note_id) VALUES ('pra-a', 'ht-2', 'n')"});
  auto db = Database::open(file).value();
  const auto kept = rows(*db, kKept);
  CHECK(kept == std::set<Row>{{"pra-a", "ht-1", "hlp-1", "2026-01-02", "pat-1"}});
  CHECK(kept == rows(*db, kByRule));
}

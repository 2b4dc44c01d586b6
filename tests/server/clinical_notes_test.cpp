#include "server/clinical/clinical_notes.hpp"

#include <catch2/catch_test_macros.hpp>

#include "server/clinical/outbox.hpp"
#include "tests/support/test_app.hpp"

using namespace hb::test;
using hb::ErrorCode;

namespace {

struct Fixture {
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<hb::Database> db = std::move(hb::Database::open(dir.path() / "db.sqlite3")).value();
  hb::ClinicalNotes notes{*db, clock.clock()};

  static hb::Principal clinician(const std::string& practice,
                                 std::vector<hb::Permission> permissions = {hb::Permission::view, hb::Permission::draft,
                                                                            hb::Permission::sign}) {
    hb::Principal p;
    p.session_id = "session-" + practice;
    p.context.practice_id = practice;
    p.context.user_id = "user-" + practice;
    p.context.user_name = "Dr. Ana Núñez";
    p.context.roles = {"clinician"};
    p.context.permissions = std::move(permissions);
    return p;
  }
  int64_t count(const std::string& sql) {
    auto lock = db->lock();
    auto stmt = db->prepare(sql);
    REQUIRE(stmt.step());
    return stmt.integer(0);
  }
};

}  // namespace

TEST_CASE("a draft is created at version 1, audited, and queued for Hint in one transaction") {
  Fixture f;
  auto note = f.notes.create(Fixture::clinician("pra-a"), "pat-1", "Hearing review", "Right ear worse.", "");
  REQUIRE(note.ok());
  CHECK(note.value().version == 1);
  CHECK(!note.value().signed_);
  CHECK(note.value().updated_by == "Dr. Ana Núñez");
  CHECK(note.value().hint_sync == "pending");
  CHECK(f.count("SELECT COUNT(*) FROM audit WHERE action = 'note.create' AND practice_id = 'pra-a'") == 1);
  CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'hint.sync_interaction' AND status = 'pending'") == 1);
}

TEST_CASE("edits need the current version; a stale one is a conflict and changes nothing") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  auto note = f.notes.create(who, "pat-1", "Title", "v1", "").value();
  auto second = f.notes.update(who, note.id, 1, "Title", "v2");
  REQUIRE(second.ok());
  CHECK(second.value().version == 2);
  auto stale = f.notes.update(who, note.id, 1, "Title", "someone else's v2");
  REQUIRE(!stale.ok());
  CHECK(stale.error().code == ErrorCode::conflict);
  CHECK(f.notes.get("pra-a", note.id).value().body == "v2");
}

TEST_CASE("an autosave with nothing new does not bump the version or the audit") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  auto note = f.notes.create(who, "pat-1", "Title", "same", "").value();
  CHECK(f.notes.update(who, note.id, 1, "Title", "same").value().version == 1);
  CHECK(f.count("SELECT COUNT(*) FROM audit WHERE action = 'note.update'") == 0);
}

TEST_CASE("only title changes re-arm the Hint job; body edits stay local") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  auto note = f.notes.create(who, "pat-1", "Title", "body", "").value();
  REQUIRE(f.db->exec("UPDATE outbox SET status = 'done'").ok());
  f.notes.update(who, note.id, 1, "Title", "more body").value();
  CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 0);
  f.notes.update(who, note.id, 2, "New title", "more body").value();
  CHECK(f.count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") == 1);
}

TEST_CASE("signing records who, when and a content hash, and freezes the note") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  auto note = f.notes.create(who, "pat-1", "Title", "Findings", "").value();
  f.clock.advance(60);
  auto signed_note = f.notes.sign(who, note.id, 1);
  REQUIRE(signed_note.ok());
  CHECK(signed_note.value().signed_);
  CHECK(signed_note.value().signed_by == "Dr. Ana Núñez");
  CHECK(signed_note.value().signed_at == *f.clock.now);
  CHECK(signed_note.value().content_hash == hb::note_content_hash("Title", "Findings"));
  CHECK(signed_note.value().version == 2);

  auto edit = f.notes.update(who, note.id, 2, "Title", "changed after signing");
  REQUIRE(!edit.ok());
  CHECK(edit.error().code == ErrorCode::conflict);
  // Signing twice is harmless: the same signed note comes back.
  auto again = f.notes.sign(who, note.id, 1);
  REQUIRE(again.ok());
  CHECK(again.value().signed_at == signed_note.value().signed_at);
  CHECK(f.count("SELECT COUNT(*) FROM audit WHERE action = 'note.sign'") == 1);
}

TEST_CASE("signing a stale version is a conflict") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  auto note = f.notes.create(who, "pat-1", "Title", "v1", "").value();
  f.notes.update(who, note.id, 1, "Title", "v2").value();
  CHECK(f.notes.sign(who, note.id, 1).error().code == ErrorCode::conflict);
}

TEST_CASE("another practice cannot see, edit or sign a note") {
  Fixture f;
  auto note = f.notes.create(Fixture::clinician("pra-a"), "pat-1", "Title", "body", "").value();
  auto intruder = Fixture::clinician("pra-b");
  CHECK(f.notes.get("pra-b", note.id).error().code == ErrorCode::not_found);
  CHECK(f.notes.update(intruder, note.id, 1, "x", "y").error().code == ErrorCode::not_found);
  CHECK(f.notes.sign(intruder, note.id, 1).error().code == ErrorCode::not_found);
  CHECK(f.notes.list_for_patient("pra-b", "pat-1").value().items.empty());
  CHECK(f.notes.list_for_patient("pra-a", "pat-1").value().items.size() == 1);
}

TEST_CASE("titles and bodies are validated: required title, one line, sizes, valid UTF-8") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  CHECK(f.notes.create(who, "pat-1", "  ", "body", "").error().code == ErrorCode::bad_request);
  CHECK(f.notes.create(who, "pat-1", "two\nlines", "body", "").error().code == ErrorCode::bad_request);
  CHECK(f.notes.create(who, "pat-1", std::string(201, 't'), "body", "").error().code == ErrorCode::bad_request);
  CHECK(f.notes.create(who, "pat-1", "t", std::string(hb::kMaxNoteBody + 1, 'b'), "").error().code ==
        ErrorCode::bad_request);
  CHECK(f.notes.create(who, "pat-1", "t", "bad \xff byte", "").error().code == ErrorCode::bad_request);
  CHECK(f.notes.create(who, "", "t", "b", "").error().code == ErrorCode::missing_field);
  CHECK(f.notes.create(who, "pat-1", "Zoë Ñúñez-Łukasz", "Ça va — très bien", "").ok());
}

TEST_CASE("at most one note per hearing test in a practice") {
  Fixture f;
  auto who = Fixture::clinician("pra-a");
  CHECK(f.notes.create(who, "pat-1", "Hearing test", "summary", "ht_1").ok());
  CHECK(f.notes.create(who, "pat-1", "Hearing test", "summary", "ht_1").error().code == ErrorCode::conflict);
  CHECK(f.notes.create(Fixture::clinician("pra-b"), "pat-9", "Hearing test", "summary", "ht_1").ok());
}

TEST_CASE("UTF-8 validation refuses overlong forms, surrogates and truncated sequences") {
  CHECK(hb::is_valid_utf8("plain ASCII"));
  CHECK(hb::is_valid_utf8("Zoë Ñúñez-Łukasz — €10 𝄞"));
  for (const char* bad : {"\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80", "\x80", "abc\xc3"}) {
    INFO(bad);
    CHECK(!hb::is_valid_utf8(bad));
  }
}

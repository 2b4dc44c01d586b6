#include "server/sessions/session_store.hpp"

#include <catch2/catch_test_macros.hpp>

#include "server/security/hash.hpp"
#include "tests/support/test_app.hpp"

using namespace hb::test;

namespace {

struct Fixture {
  explicit Fixture(hb::SessionPolicy p = {120, 1800, 28800}) : policy(p) {}
  hb::SessionPolicy policy;
  TempDir dir;
  FakeClock clock;
  std::unique_ptr<hb::Database> db = std::move(hb::Database::open(dir.path() / "db.sqlite3")).value();
  hb::TokenCipher cipher{std::string(32, 'k')};
  hb::RoleMap roles = hb::RoleMap::built_in();
  hb::SessionStore store{*db, cipher, roles, policy, clock.clock()};

  hb::Handshake handshake(const std::string& practice, std::vector<std::string> partner_roles = {"clinician"}) {
    hb::Handshake h;
    h.user_id = "user-1";
    h.user_name = "Agustin Gomez";
    h.practice_id = practice;
    h.practice_name = "Practice " + practice;
    h.partner_roles = std::move(partner_roles);
    h.access_token = "hint-access-token-secret";
    h.patient_id = "pat-1";
    return h;
  }

  int64_t count(const std::string& sql) {
    auto stmt = db->prepare(sql);
    REQUIRE(stmt.step());
    return stmt.integer(0);
  }
};

}  // namespace

TEST_CASE("a launch key exchanges once for a working token and the session's context") {
  Fixture f;
  auto key = f.store.create(f.handshake("pra-1"));
  REQUIRE(key.ok());
  auto reply = f.store.exchange(key.value(), "clinical_chart");
  REQUIRE(reply.ok());
  const auto& c = reply.value().context;
  CHECK(c.practice_id == "pra-1");
  CHECK(c.surface == "clinical_chart");
  CHECK(c.patient_id == "pat-1");
  CHECK(c.can_call_hint);
  CHECK(c.permissions == std::vector{hb::Permission::view, hb::Permission::draft, hb::Permission::sign});

  auto again = f.store.exchange(key.value(), "clinical_chart");
  REQUIRE(!again.ok());
  CHECK(again.error().code == hb::ErrorCode::launch_key_used);

  auto principal = f.store.authenticate(reply.value().token);
  REQUIRE(principal.ok());
  CHECK(principal.value().context.user_name == "Agustin Gomez");
}

TEST_CASE("an unknown launch key is invalid; one older than its TTL has expired") {
  Fixture f;
  CHECK(f.store.exchange("no-such-key", "").error().code == hb::ErrorCode::launch_key_invalid);
  auto key = f.store.create(f.handshake("pra-1")).value();
  f.clock.advance(121);
  CHECK(f.store.exchange(key, "").error().code == hb::ErrorCode::launch_key_expired);
}

TEST_CASE("at exactly the TTL the launch key still works") {
  Fixture f;
  auto key = f.store.create(f.handshake("pra-1")).value();
  f.clock.advance(120);
  CHECK(f.store.exchange(key, "").ok());
}

TEST_CASE("the surface is inferred from the handshake when the UI names none or an unknown one") {
  Fixture f;
  auto h = f.handshake("pra-1");
  h.interaction_id = "inter-1";
  CHECK(f.store.exchange(f.store.create(h).value(), "").value().context.surface == "clinical_interaction");
  h.interaction_id.clear();
  CHECK(f.store.exchange(f.store.create(h).value(), "billing").value().context.surface == "clinical_chart");
  h.patient_id.clear();
  CHECK(f.store.exchange(f.store.create(h).value(), "").value().context.surface == "core_page");
}

TEST_CASE("working tokens end after 30 minutes idle, and after 8 hours however busy") {
  Fixture f;
  auto token = f.store.exchange(f.store.create(f.handshake("pra-1")).value(), "").value().token;
  f.clock.advance(1799);
  CHECK(f.store.authenticate(token).ok());  // refreshes the idle timer
  f.clock.advance(1799);
  CHECK(f.store.authenticate(token).ok());
  f.clock.advance(1800);
  CHECK(f.store.authenticate(token).error().code == hb::ErrorCode::session_expired);
  CHECK(f.store.authenticate(token).error().code == hb::ErrorCode::session_expired);  // decided by time
  CHECK(f.store.purge_expired().value() == 1);
  CHECK(f.store.authenticate(token).error().code == hb::ErrorCode::unauthorized);  // forgotten with its session

  auto busy = f.store.exchange(f.store.create(f.handshake("pra-1")).value(), "").value().token;
  for (int minute = 0; minute < 8 * 60 - 1; minute += 20) {
    f.clock.advance(20 * 60);
    if (minute + 20 < 8 * 60) REQUIRE(f.store.authenticate(busy).ok());
  }
  f.clock.advance(60);
  CHECK(f.store.authenticate(busy).error().code == hb::ErrorCode::session_expired);
}

TEST_CASE("a short idle timeout still keeps a session that is used more often alive") {
  Fixture f(hb::SessionPolicy{120, 10, 28800});
  auto token = f.store.exchange(f.store.create(f.handshake("pra-1")).value(), "").value().token;
  for (int second = 0; second < 120; second += 6) {  // a request every 6 s for 2 minutes
    f.clock.advance(6);
    REQUIRE(f.store.authenticate(token).ok());
  }
  f.clock.advance(10);
  CHECK(f.store.authenticate(token).error().code == hb::ErrorCode::session_expired);
}

TEST_CASE("no roles means the context is denied; unknown roles too") {
  Fixture f;
  auto none = f.store.exchange(f.store.create(f.handshake("pra-1", {})).value(), "").value();
  CHECK(none.context.access_denied);
  auto unknown = f.store.exchange(f.store.create(f.handshake("pra-1", {"receptionist"})).value(), "").value();
  CHECK(unknown.context.access_denied);
}

TEST_CASE("keys and tokens are stored only as hashes; the Hint token only encrypted") {
  Fixture f;
  auto key = f.store.create(f.handshake("pra-1")).value();
  auto reply = f.store.exchange(key, "").value();
  CHECK(f.count("SELECT COUNT(*) FROM sessions WHERE launch_key_hash = '" + hb::sha256_hex(key) + "'") == 1);
  CHECK(f.count("SELECT COUNT(*) FROM session_tokens WHERE token_hash = '" + hb::sha256_hex(reply.token) + "'") == 1);

  // Nothing in the database file holds the key, the token, or the Hint access token in clear.
  f.db.reset();
  std::ifstream file(f.dir.path() / "db.sqlite3", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::ifstream wal(f.dir.path() / "db.sqlite3-wal", std::ios::binary);
  bytes.append((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  CHECK(!bytes.empty());
  CHECK(bytes.find(key) == std::string::npos);
  CHECK(bytes.find(reply.token) == std::string::npos);
  CHECK(bytes.find("hint-access-token-secret") == std::string::npos);
}

TEST_CASE("the Hint access token decrypts for its own session only") {
  Fixture f;
  auto a = f.store.exchange(f.store.create(f.handshake("pra-1")).value(), "").value();
  auto session = f.store.authenticate(a.token).value().session_id;
  CHECK(f.store.hint_access_token(session).value() == "hint-access-token-secret");

  auto h = f.handshake("pra-1");
  h.access_token.clear();
  auto b = f.store.exchange(f.store.create(h).value(), "").value();
  CHECK(!b.context.can_call_hint);
  CHECK(f.store.hint_access_token(f.store.authenticate(b.token).value().session_id).value().empty());

  // A ciphertext moved onto another session's row does not decrypt.
  auto other = f.store.authenticate(b.token).value().session_id;
  REQUIRE(f.db->exec("UPDATE sessions SET access_token_enc = (SELECT access_token_enc FROM sessions WHERE id = '" +
                     session + "') WHERE id = '" + other + "'")
              .ok());
  CHECK(!f.store.hint_access_token(other).ok());
}

TEST_CASE("purging removes unexchanged expired keys and sessions whose tokens all ended") {
  Fixture f;
  auto waiting = f.store.create(f.handshake("pra-1")).value();
  auto token = f.store.exchange(f.store.create(f.handshake("pra-1")).value(), "").value().token;
  CHECK(f.store.purge_expired().value() == 0);
  f.clock.advance(121);
  CHECK(f.store.purge_expired().value() == 1);  // the unexchanged key
  f.clock.advance(1800);
  CHECK(f.store.purge_expired().value() == 1);  // the idle session
  CHECK(f.count("SELECT COUNT(*) FROM sessions") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM session_tokens") == 0);
  (void)waiting;
  (void)token;
}

TEST_CASE("ending a practice's sessions leaves other practices alone and forgets its stored token") {
  Fixture f;
  auto a = f.store.exchange(f.store.create(f.handshake("pra-a")).value(), "").value().token;
  auto b = f.store.exchange(f.store.create(f.handshake("pra-b")).value(), "").value().token;
  REQUIRE(f.db->exec("INSERT INTO practice_tokens (practice_id, token_enc, source, created_at) VALUES ('pra-a', x'00', "
                     "'oauth', 0)")
              .ok());
  CHECK(hb::end_practice_sessions(*f.db, "pra-a").value() == 1);
  CHECK(f.store.authenticate(a).error().code == hb::ErrorCode::unauthorized);
  CHECK(f.store.authenticate(b).ok());
  CHECK(f.count("SELECT COUNT(*) FROM practice_tokens") == 0);
}

TEST_CASE("a sweep of a large backlog goes in short steps and removes every expired session") {
  Fixture f;
  // 1,201 never-exchanged launches and 1,201 idle sessions with one token each: more than two
  // steps of each statement.
  const auto now = f.clock.now->load();
  REQUIRE(f.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2402) "
                     "INSERT INTO sessions (id, practice_id, practice_name, user_id, user_name, roles, "
                     "platform_support, launch_key_hash, launch_expires_at, exchanged_at, created_at) "
                     "SELECT 's' || i, 'pra-1', 'P', 'u', 'U', '[]', 0, 'k' || i, " +
                     std::to_string(now - 10) + ", CASE WHEN i > 1201 THEN " + std::to_string(now - 4000) +
                     " END, 0 FROM n")
              .ok());
  REQUIRE(f.db->exec("INSERT INTO session_tokens (token_hash, session_id, practice_id, created_at, last_used_at, "
                     "expires_at) SELECT 't' || id, id, practice_id, 0, " +
                     std::to_string(now - 3600) + ", " + std::to_string(now + 3600) +
                     " FROM sessions WHERE exchanged_at IS NOT NULL")
              .ok());
  CHECK(f.store.purge_expired().value() == 2402);
  CHECK(f.count("SELECT COUNT(*) FROM sessions") == 0);
  CHECK(f.count("SELECT COUNT(*) FROM session_tokens") == 0);
}

// The patient directory: names folded as clinicians type them, and search ranked exact → prefix →
// contains, by date of birth, paged, scoped to the practice.
#include <catch2/catch_test_macros.hpp>

#include "server/directory/name_fold.hpp"
#include "server/directory/patient_directory.hpp"
#include "shared/iso8601.hpp"
#include "tests/support/old_store.hpp"
#include "tests/support/test_app.hpp"

using namespace hb;
using namespace hb::test;
using json = nlohmann::json;

namespace {

// 2026-12-02 at noon UTC.
const int64_t kToday = days_from_civil(2026, 12, 2) * 86400 + 12 * 3600;

struct Directory {
  TempDir dir;
  std::unique_ptr<Database> db = Database::open(dir.path() / "directory.sqlite3").value();

  void put(const std::string& id, const json& body, const std::string& status = "active",
           const std::string& practice = "pra-1") {
    auto lock = db->lock();
    REQUIRE(put_in_directory(*db, practice, id, status, body, 0));
  }
  PatientSearchResults search(const std::string& query, int limit = 20, int offset = 0,
                              const std::string& practice = "pra-1") {
    auto lock = db->lock();
    auto found = search_directory(*db, practice, query, limit, offset, kToday);
    REQUIRE(found);
    return found.value();
  }
  std::vector<std::string> ids(const std::string& query) {
    std::vector<std::string> out;
    for (const auto& item : search(query).items) out.push_back(item.id);
    return out;
  }
};

json person(const std::string& first, const std::string& last, const std::string& dob = "") {
  json p{{"first_name", first}, {"last_name", last}, {"name", first + " " + last}};
  if (!dob.empty()) p["dob"] = dob;
  return p;
}

}  // namespace

TEST_CASE("names fold to lower case without accents, apostrophes or punctuation") {
  CHECK(fold_name("Ñúñez") == "nunez");
  CHECK(fold_name("ZOË") == "zoe");
  CHECK(fold_name("Zoe\xCC\x88"
                  "") == "zoe");  // "e" + combining diaeresis, as macOS sends it
  CHECK(fold_name("O'Brien") == "obrien");
  CHECK(fold_name("O\xE2\x80\x99"
                  "Brien") == "obrien");  // a typographic apostrophe
  CHECK(fold_name("Smith-Jones,  Mary.") == "smith jones mary");
  CHECK(fold_name("Łukasz Ørsted Æsir Straße Œuvre ĳssel") == "lukasz orsted aesir strasse oeuvre ijssel");
  CHECK(fold_name("Ελένη 李") == "Ελένη 李");  // other scripts as typed
  CHECK(fold_name("a\xFF"
                  "b") == "a b");  // a byte that is not UTF-8 breaks the word
  CHECK(folded_words("  ") == std::vector<std::string>{});
}

TEST_CASE("dates of birth are read as ISO or US dates, and nothing else") {
  CHECK(date_of_birth_query("1961-06-17") == "1961-06-17");
  CHECK(date_of_birth_query(" 06/17/1961 ") == "1961-06-17");
  CHECK(date_of_birth_query("6/7/1961") == "1961-06-07");
  CHECK(date_of_birth_query("1961-02-30").empty());
  CHECK(date_of_birth_query("17/06/1961").empty());  // no 17th month
  CHECK(date_of_birth_query("06/17/61").empty());
  CHECK(date_of_birth_query("1961").empty());
  CHECK(date_of_birth_query("ana").empty());
}

TEST_CASE("search ranks whole names, then word prefixes, then any part of a name") {
  Directory d;
  d.put("p-contains", person("Joan", "Banan"));      // "ana" inside a word
  d.put("p-prefix", person("Anastasia", "Zimmer"));  // a word starting with "ana"
  d.put("p-exact", person("Ana", "Lima"));           // the whole name "ana lima"
  d.put("p-prefix-2", person("Ana", "Limantour"));   // prefixes of both words
  d.put("p-none", person("Bo", "Ek"));
  CHECK(d.ids("Ana Lima") == std::vector<std::string>{"p-exact", "p-prefix-2"});
  CHECK(d.ids("lima ana") == std::vector<std::string>{"p-exact", "p-prefix-2"});  // "last first" is whole too
  // Ties go by last name: Lima, Limantour, Zimmer; then the contains match.
  CHECK(d.ids("ana") == std::vector<std::string>{"p-exact", "p-prefix-2", "p-prefix", "p-contains"});
  CHECK(d.search("ana").total == 4);
  // Under three characters only prefixes match (the trigram index needs three).
  CHECK(d.ids("an") == std::vector<std::string>{"p-exact", "p-prefix-2", "p-prefix"});
  CHECK(d.ids("zz").empty());
}

TEST_CASE("search ignores case and accents, and knows chosen names") {
  Directory d;
  d.put("p-1", json{{"first_name", "Zoë"},
                    {"last_name", "Ñúñez-Łukasz"},
                    {"name", "Zoë Ñúñez-Łukasz"},
                    {"chosen_first_name", "Zo"},
                    {"dob", "1961-06-17"}});
  d.put("p-2", person("Gordon", "Sumner", "1951-10-02"));
  for (const char* query : {"nunez", "NÚÑEZ", "lukasz", "zoe", "Zo", "zo nunez", "unez-łuk", "Zoë Ñúñez-Łukasz"}) {
    INFO(query);
    CHECK(d.ids(query) == std::vector<std::string>{"p-1"});
  }
  CHECK(d.ids("bergstrom").empty());
  auto found = d.search("nunez");
  REQUIRE(found.items.size() == 1);
  CHECK(found.items[0].name == "Zoë Ñúñez-Łukasz");
  CHECK(found.items[0].dob == "1961-06-17");
  CHECK(found.items[0].age == 65);  // from the date of birth, on 2026-12-02
}

TEST_CASE("search by date of birth, in either form") {
  Directory d;
  d.put("p-1", person("Ana", "Lima", "1961-06-17"));
  d.put("p-2", person("Bo", "Ek", "1961-06-17"));
  d.put("p-3", person("Cy", "Ek", "1961-06-18"));
  CHECK(d.ids("1961-06-17") == std::vector<std::string>{"p-2", "p-1"});  // Ek before Lima
  CHECK(d.ids("06/17/1961") == std::vector<std::string>{"p-2", "p-1"});
  CHECK(d.ids("1961-06-19").empty());
}

TEST_CASE("search pages through its ranked results with the total of all of them") {
  Directory d;
  for (int i = 0; i < 25; ++i) d.put("p-" + std::to_string(100 + i), person("Ana", "Lima" + std::to_string(100 + i)));
  auto first = d.search("ana", 10, 0);
  auto third = d.search("ana", 10, 20);
  CHECK(first.total == 25);
  REQUIRE(first.items.size() == 10);
  CHECK(first.items[0].id == "p-100");
  REQUIRE(third.items.size() == 5);
  CHECK(third.items[4].id == "p-124");
  CHECK(d.search("ana", 10, 30).items.empty());
  // The empty query lists everyone by name.
  auto all = d.search("", 5, 0);
  CHECK(all.total == 25);
  CHECK(all.items.size() == 5);
}

TEST_CASE("a patient who is not active, or was merged, leaves the directory; an update relists") {
  Directory d;
  d.put("p-1", person("Ana", "Lima"));
  d.put("p-2", person("Ana", "Lopes"));
  d.put("p-1", person("Ana", "Lima"), "archived");
  auto merged = person("Ana", "Lopes");
  merged["merged_into"] = {{"id", "p-9"}, {"name", "Ana Lopes"}};
  d.put("p-2", merged);
  CHECK(d.ids("ana").empty());
  d.put("p-1", person("Ana", "Lima-Souza"));
  CHECK(d.ids("souza") == std::vector<std::string>{"p-1"});
  d.put("p-1", person("Ana", "Reis"));
  CHECK(d.ids("souza").empty());  // the old name's words went with it
  CHECK(d.ids("reis") == std::vector<std::string>{"p-1"});
}

TEST_CASE("the directory's size, kept beside it, follows every listing, relisting and removal per practice") {
  Directory d;
  auto size = [&](const std::string& practice) { return d.search("", 20, 0, practice).total; };
  CHECK(size("pra-1") == 0);  // no patient yet
  d.put("p-1", person("Ana", "Lima"));
  d.put("p-2", person("Ana", "Lopes"));
  d.put("p-3", person("Bo", "Ek"), "active", "pra-2");
  d.put("p-1", person("Ana", "Lima-Souza"));  // relisted under a new name: still one patient
  CHECK(size("pra-1") == 2);
  CHECK(size("pra-2") == 1);
  d.put("p-2", person("Ana", "Lopes"), "archived");
  CHECK(size("pra-1") == 1);
  {
    auto lock = d.db->lock();
    REQUIRE(remove_from_directory(*d.db, "pra-2", "p-3"));
    auto counted = d.db->prepare(
        "SELECT COUNT(*) FROM patient_directory_sizes s WHERE listed != (SELECT COUNT(*) FROM patient_directory p "
        "WHERE p.practice_id = s.practice_id)");
    REQUIRE(counted.step());
    CHECK(counted.integer(0) == 0);
  }
  CHECK(size("pra-2") == 0);
  CHECK(size("pra-1") == 1);
}

TEST_CASE("search finds only the practice's own patients") {
  Directory d;
  d.put("p-a", person("Ana", "Lima", "1961-06-17"), "active", "pra-a");
  d.put("p-b", person("Ana", "Lima", "1961-06-17"), "active", "pra-b");
  for (const char* query : {"ana", "Ana Lima", "ima", "1961-06-17", ""}) {
    INFO(query);
    auto found = d.search(query, 20, 0, "pra-a");
    CHECK(found.total == 1);
    REQUIRE(found.items.size() == 1);
    CHECK(found.items[0].id == "p-a");
  }
}

TEST_CASE("a query with quotes, wildcards or many words is only text") {
  Directory d;
  d.put("p-1", person("Ana", "Lima"));
  for (const char* query : {"\"ana", "ana*", "%", "ana OR lima", "a b c d e f g h i j", "NEAR(ana lima)"}) {
    INFO(query);
    auto lock = d.db->lock();
    CHECK(search_directory(*d.db, "pra-1", query, 20, 0, kToday).ok());
  }
  CHECK(d.ids("ana*") == std::vector<std::string>{"p-1"});  // '*' is a word break, not a wildcard
}

TEST_CASE("a store from before the directory is indexed when it opens: patients listed, HearLink keys filled") {
  TempDir dir;
  const auto file = dir.path() / "old.sqlite3";
  write_old_store(
      file, 8,  // as the release before the directory left it
      {R"(INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id) VALUES
      ('pra-1', 'p-1', 1, 'active', '{"first_name": "Zoë", "last_name": "Ñúñez", "dob": "1961-06-17"}', 'e1'),
      ('pra-1', 'p-2', 1, 'archived', '{"first_name": "Zoë", "last_name": "Ek"}', 'e2'),
      ('pra-1', 'p-3', 1, 'active', 'not json', 'e3'))",
       R"(INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, updated_at, body, event_id) VALUES
      ('pra-1', 'transaction', 'tx-1', NULL, 1, '{"orderUid": "inv-1"}', 'h1'),
      ('pra-1', 'patient', 'hlp-1', 'hlp-1', 1, '{"tracking": {"ids": {"hint_patient_id": "p-1"}}}', 'h2'),
      ('pra-1', 'patient', 'hlp-2', 'hlp-2', 1, '{"externalSystemId": "p-2"}', 'h3'),
      ('pra-1', 'hearing_test', 'ht-1', 'hlp-1', 1, '{"testDate": "2026-04-01"}', 'h4'),
      ('pra-1', 'invoice', 'inv-1', 'hlp-1', 1, 'not json', 'h5'))"});
  auto db = Database::open(file).value();
  auto lock = db->lock();
  auto found = search_directory(*db, "pra-1", "nunez", 20, 0, kToday);
  REQUIRE(found);
  REQUIRE(found.value().items.size() == 1);
  CHECK(found.value().items[0].id == "p-1");
  CHECK(search_directory(*db, "pra-1", "", 20, 0, kToday).value().total == 1);  // not the archived one
  auto keys = db->prepare(
      "SELECT uid, COALESCE(order_uid, '-'), COALESCE(named_hint_patient_id, '-'), COALESCE(test_date, '-') "
      "FROM hearlink_records ORDER BY uid");
  std::vector<std::string> rows;
  while (keys.step()) rows.push_back(keys.text(0) + " " + keys.text(1) + " " + keys.text(2) + " " + keys.text(3));
  CHECK(rows == std::vector<std::string>{"hlp-1 - p-1 -", "hlp-2 - p-2 -", "ht-1 - - 2026-04-01", "inv-1 - - -",
                                         "tx-1 inv-1 - -"});
}

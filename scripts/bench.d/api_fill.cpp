// scripts/bench api's filler (api.sh compiles it against the built libraries, into build/bench/).
// It WRITES THE STORE DIRECTLY, for speed: a data dir's hearbridge.sqlite3 is opened with
// hb::Database::open (which migrates it) and filled with the rows webhooks would have left, written
// the way the tests' seed_rows.hpp writes them (tests/support/seed_rows.hpp: hint_patients with
// put_in_directory, hearlink_records with hearlink_record_keys, patient_links), and notes through
// hb::ClinicalNotes itself. Nothing goes through Hint, HearLink or the webhook path; the load driver
// measures that path on its own (the ingest rate). Large transactions, PRAGMA synchronous=OFF and a
// big page cache on this connection only; the server opens the file again with its own settings.
//
//   api_fill --data-dir DIR --from N --to M [--seed S] [--meta FILE]
//            [--inbox-rows N] [--old-outbox-rows N] [--expired-sessions N]
//
// Grows practice pra-bench from N to M patients (ids pat-bench-000000 …), and pra-other alongside
// from N/10 to M/10 (pat-other-…), each patient built the same way and deterministic from (seed,
// practice, index), so a store grown 0 → 1k → 10k holds the same patients as one filled 0 → 10k:
//   - a Hint patient (names from fixed lists, some accented, sometimes a chosen first name, dob,
//     email, phones, address), listed in the patient directory;
//   - its HearLink patient record and a linked patient_links row;
//   - 1–3 hearing tests in the last 18 months with audiograms (the shape of
//     tests/data/hearlink/webhook.hearing_test.created.json), 1–3 appointments, 1–3 invoices each
//     with a payment (orderUid);
//   - about 10% a note (draft or signed, half each, most started from their latest test), written
//     by hb::ClinicalNotes (audit row and outbox job included), then marked synced with Hint and its
//     outbox job done, as a reachable Hint would have left it.
// Every pra-other patient whose index is a multiple of 20 has the last name "Quennell-Abernethy",
// which no pra-bench patient has: the load driver's scoping probe.
// For the housekeeping phase: --inbox-rows adds processed webhook_inbox rows (~1 KB bodies, received
// 8–30 days ago, arrival order), --old-outbox-rows done outbox jobs finished 31–180 days ago, and
// --expired-sessions sessions whose tokens or launch keys expired days ago.
// --meta writes what the load driver needs: counts, sample patients (ids, names, dates of birth,
// Hint bodies), patients with notes, the pra-other-only name, and this fill's time and row count.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/clinical/clinical_notes.hpp"
#include "server/clinical/outbox.hpp"
#include "server/directory/patient_directory.hpp"
#include "server/store/database.hpp"
#include "server/webhooks/event_processor.hpp"
#include "shared/iso8601.hpp"

using json = nlohmann::json;

namespace {

constexpr int64_t kDay = 24 * 3600;
constexpr int kPatientsPerTransaction = 2000;
constexpr const char* kOtherOnlyLastName = "Quennell-Abernethy";

const std::vector<std::string> kFirstNames{
    "Olivia",    "Amelia",    "Isla",     "Ava",      "Mia",      "Ivy",      "Lily",      "Isabella", "Rosie",
    "Sophia",    "Grace",     "Freya",    "Willow",   "Florence", "Emily",    "Ella",      "Poppy",    "Evie",
    "Elsie",     "Charlotte", "Margaret", "Dorothy",  "Joan",     "Patricia", "Barbara",   "Sheila",   "Maureen",
    "Brenda",    "Valerie",   "Pauline",  "Noah",     "Oliver",   "George",   "Arthur",    "Muhammad", "Leo",
    "Harry",     "Oscar",     "Archie",   "Henry",    "Theodore", "Freddie",  "Jack",      "Charlie",  "Thomas",
    "Alfie",     "Jacob",     "William",  "Edward",   "Albert",   "Kenneth",  "Ronald",    "Derek",    "Malcolm",
    "Geoffrey",  "Trevor",    "Raymond",  "Dennis",   "Colin",    "Brian",    "Zoë",       "Chloé",    "Renée",
    "Agnès",     "Siân",      "Màiri",    "Dóra",     "Žofie",    "Łucja",    "Ingrid",    "José",     "André",
    "Björn",     "Søren",     "Jürgen",   "François", "Íñigo",    "Łukasz",   "Ömer",      "Stéphane", "Priya",
    "Aisha",     "Fatima",    "Mei",      "Yuki",     "Amara",    "Nia",      "Leila",     "Ananya",   "Chiara",
    "Rajesh",    "Kwame",     "Hiroshi",  "Mateo",    "Santiago", "Luca",     "Tomasz",    "Dmitri",   "Arjun",
    "Kofi",      "Gordon",    "Sting",    "Agustin",  "Eileen",   "Bernard",  "Gwendolyn", "Ruth",     "Hugh",
    "Niamh",     "Ciarán",    "Eilidh",   "Rhodri",   "Gethin",   "Aoife",    "Seamus",    "Morag",    "Hamish",
    "Fionnuala", "Tadhg",     "Caoimhe"};

const std::vector<std::string> kLastNames{
    "Smith",        "Jones",     "Taylor",      "Brown",     "Williams", "Wilson",    "Johnson",   "Davies",
    "Robinson",     "Wright",    "Thompson",    "Evans",     "Walker",   "White",     "Roberts",   "Green",
    "Hall",         "Wood",      "Jackson",     "Clarke",    "Patel",    "Khan",      "Lewis",     "James",
    "Phillips",     "Mason",     "Mitchell",    "Rose",      "Davis",    "Rodriguez", "Cox",       "Alexander",
    "Morgan",       "Moore",     "Hughes",      "Scott",     "Edwards",  "Harris",    "Martin",    "Cooper",
    "Hill",         "Ward",      "Morris",      "Turner",    "King",     "Watson",    "Baker",     "Harrison",
    "Bennett",      "Gray",      "Cook",        "Kelly",     "Murphy",   "Bell",      "Bailey",    "Parker",
    "Sumner",       "Gomez",     "Ñúñez",       "Müller",    "García",   "Díaz",      "Fernández", "Pérez",
    "Schröder",     "Björklund", "Øvergaard",   "Ødegård",   "Dvořák",   "Nováková",  "Kowalczyk", "Wiśniewski",
    "Şahin",        "Çelik",     "Ćirić",       "Lindqvist", "Brontë",   "Ó Briain",  "O'Brien",   "Mac Giolla",
    "Nguyen",       "Tran",      "Kim",         "Park",      "Chen",     "Wang",      "Li",        "Zhang",
    "Singh",        "Kaur",      "Sharma",      "Gupta",     "Ahmed",    "Hussain",   "Ali",       "Begum",
    "Okafor",       "Mensah",    "Adeyemi",     "Nakamura",  "Tanaka",   "Rossi",     "Bianchi",   "Romano",
    "Novak",        "Horvat",    "Kovács",      "Nagy",      "Szabó",    "Popescu",   "Ivanova",   "Petrov",
    "Fitzgerald",   "Gallagher", "Doherty",     "McCarthy",  "O'Connor", "Byrne",     "Quinn",     "Whelan",
    "Macdonald",    "Campbell",  "Stewart",     "Robertson", "Fraser",   "MacLeod",   "Sinclair",  "Drummond",
    "Llewellyn",    "Pritchard", "Vaughan",     "Prosser",   "Ashworth", "Pemberton", "Haworth",   "Threlfall",
    "Kaczmarek",    "Zieliński", "Lewandowski", "Wójcik",    "Kamińska", "Dąbrowski", "Jankowski", "Mazur",
    "van der Berg", "de Vries",  "Jansen",      "Bakker",    "Visser",   "Smit",      "Meijer",    "de Jong"};

const std::vector<std::string> kChosenNames{"Alex", "Sam", "Jo", "Bea", "Kit", "Max", "Zo", "Ella", "Nico", "Vi"};
const std::vector<std::string> kMiddleNames{"Anne", "Marie", "James", "John", "Louise", "Thomas", "Rose", "Lee"};
const std::vector<std::string> kCities{"Manchester", "Leeds", "Bristol", "York", "Norwich", "Cardiff", "Bath"};
const std::vector<std::string> kStreets{"High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane"};
const std::vector<std::string> kAppointmentTypes{"Hearing assessment", "Hearing aid fitting", "Follow-up",
                                                 "Wax removal", "Tinnitus consultation"};
const json kClinic{{"uid", "cl_1"}, {"name", "Manchester"}};
const std::vector<json> kAudiologists{{{"uid", "usr_9"}, {"fullName", "Priya Natarajan"}},
                                      {{"uid", "usr_12"}, {"fullName", "Tomás Ó Súilleabháin"}},
                                      {{"uid", "usr_15"}, {"fullName", "Hannah Whitfield"}}};
const char* const kNoteText =
    "Patient attended for a hearing review. Reports difficulty following conversation in noisy rooms and on the "
    "telephone; no tinnitus, no dizziness. Otoscopy clear both sides. Pure-tone audiometry shows a bilateral "
    "sloping high-frequency loss, slightly worse on the left. Discussed the results and the options, including "
    "binaural hearing aids; the patient would like a trial. Plan: fitting appointment in four weeks.";

struct Practice {
  std::string id;
  std::string tag;  // in ids: pat-<tag>-000123, hlp_<tag>_000123
  uint32_t salt;
};

struct Person {
  int64_t index = 0;
  std::string id;   // Hint patient id
  std::string uid;  // HearLink patient uid
  std::string first, last, name, dob;
  json hint;
  int tests = 0, appointments = 0, invoices = 0;
  bool note = false, signed_note = false, note_from_test = false;
  std::mt19937 rng;  // what remains of the patient's own stream, for their records
};

std::string padded(int64_t index) {
  char out[16];
  std::snprintf(out, sizeof out, "%06lld", static_cast<long long>(index));
  return out;
}

template <class T>
const T& pick(std::mt19937& rng, const std::vector<T>& list) {
  return list[std::uniform_int_distribution<size_t>(0, list.size() - 1)(rng)];
}

int uniform(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

// Lower-case ASCII letters only ("Zoë" → "zo"): for email addresses.
std::string ascii_word(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c);
  }
  return out;
}

std::string digits(std::mt19937& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + uniform(rng, 0, 9));
  return out;
}

// The patient at `index` of `practice`: the same for the same (seed, practice, index), whatever was
// filled before (dates of birth are absolute; other dates are drawn as offsets from now later on).
Person make_person(const Practice& practice, int64_t index, uint32_t seed) {
  Person p;
  std::seed_seq seq{seed, practice.salt, static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32)};
  p.rng.seed(seq);
  auto& rng = p.rng;
  p.index = index;
  p.id = "pat-" + practice.tag + "-" + padded(index);
  p.uid = "hlp_" + practice.tag + "_" + padded(index);
  p.first = pick(rng, kFirstNames);
  p.last = pick(rng, kLastNames);
  if (practice.tag == "other" && index % 20 == 0) p.last = kOtherOnlyLastName;
  const bool has_middle = uniform(rng, 0, 99) < 30;
  const std::string middle = pick(rng, kMiddleNames);
  const bool has_chosen = uniform(rng, 0, 99) < 8;
  const std::string chosen = pick(rng, kChosenNames);
  p.name = p.first + (has_middle ? " " + middle : "") + " " + p.last;
  const int64_t born = hb::days_from_civil(1930, 1, 1) + uniform(rng, 0, 75 * 365);
  p.dob = hb::format_date(born);
  const bool female = uniform(rng, 0, 1) == 0;
  json phones = json::array({{{"number", "+1555" + digits(rng, 7)}, {"type", "mobile"}}});
  if (uniform(rng, 0, 99) < 30) phones.push_back({{"number", "+1555" + digits(rng, 7)}, {"type", "home"}});
  const auto street = std::to_string(uniform(rng, 1, 240)) + " " + pick(rng, kStreets);
  const auto city = pick(rng, kCities);
  const auto postcode = "M" + std::to_string(uniform(rng, 1, 40)) + " " + digits(rng, 1) + "AB";
  p.hint = {{"id", p.id},
            {"first_name", p.first},
            {"middle_name", has_middle ? json(middle) : json(nullptr)},
            {"last_name", p.last},
            {"name", p.name},
            {"dob", p.dob},
            {"email", ascii_word(p.first) + "." + ascii_word(p.last) + std::to_string(index) + "@example.com"},
            {"gender", female ? "female" : "male"},
            {"sex", female ? "female" : "male"},
            {"phones", phones},
            {"address_line1", street},
            {"address_line2", nullptr},
            {"address_city", city},
            {"address_state", nullptr},
            {"address_zip", postcode},
            {"address_country", "United Kingdom"},
            {"membership_status", "active"},
            {"external_link_id", nullptr},
            {"provider_web_link", "https://app.hint.com/patients/" + p.id}};
  if (has_chosen) p.hint["chosen_first_name"] = chosen;
  p.tests = uniform(rng, 1, 3);
  p.appointments = uniform(rng, 1, 3);
  p.invoices = uniform(rng, 1, 3);
  p.note = uniform(rng, 0, 99) < 10;
  p.signed_note = uniform(rng, 0, 1) == 1;
  p.note_from_test = uniform(rng, 0, 99) < 80;
  return p;
}

struct Filler {
  hb::Database& db;
  int64_t now;
  // Statements prepared once per transaction batch.
  std::unique_ptr<hb::Statement> hint_insert{}, record_insert{}, link_insert{};

  void prepare() {
    hint_insert = std::make_unique<hb::Statement>(
        db.handle(),
        "INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id, synced_at) "
        "VALUES (?, ?, 1, 'active', ?, 'bench-fill', ?)");
    record_insert = std::make_unique<hb::Statement>(
        db.handle(),
        "INSERT INTO hearlink_records (practice_id, kind, uid, patient_uid, updated_at, body, event_id, order_uid, "
        "named_hint_patient_id, test_date) VALUES (?, ?, ?, ?, 1, ?, 'bench-fill', ?, ?, ?)");
    link_insert = std::make_unique<hb::Statement>(
        db.handle(),
        "INSERT INTO patient_links (practice_id, hint_patient_id, hearlink_uid, status, updated_at) "
        "VALUES (?, ?, ?, 'linked', 1)");
  }
  void finalize() {
    hint_insert.reset();
    record_insert.reset();
    link_insert.reset();
  }

  static void check(const hb::Status& status, const char* what) {
    if (!status) {
      std::fprintf(stderr, "api_fill: %s failed\n", what);
      std::exit(1);
    }
  }

  // As seed_hint_patient: the row, then the directory. synced_at now: a copy webhooks keep current.
  void hint_patient(const std::string& practice, const Person& p) {
    auto& s = *hint_insert;
    s.reset();
    s.bind(1, practice).bind(2, p.id).bind(3, p.hint.dump()).bind(4, now);
    check(s.run(), "hint_patients insert");
    check(hb::put_in_directory(db, practice, p.id, "active", p.hint, now), "put_in_directory");
  }

  // As seed_hearlink_record, with patient_uid as the event processor sets it (the record's own uid
  // for a patient, else data.patient.uid).
  void record(const std::string& practice, const std::string& kind, const json& body) {
    const auto keys = hb::hearlink_record_keys(kind, body);
    const auto uid = body.at("uid").get<std::string>();
    const auto patient_uid =
        kind == "patient" ? uid : (body.contains("patient") ? body["patient"].value("uid", "") : std::string());
    auto& s = *record_insert;
    s.reset();
    s.bind(1, practice).bind(2, kind).bind(3, uid).bind_optional(4, patient_uid).bind(5, body.dump());
    s.bind_optional(6, keys.order_uid).bind_optional(7, keys.named_hint_patient_id).bind_optional(8, keys.test_date);
    check(s.run(), "hearlink_records insert");
  }

  // Everything but the note; returns the uid and date of the latest hearing test.
  std::pair<std::string, std::string> patient(const Practice& practice, Person& p) {
    auto& rng = p.rng;
    hint_patient(practice.id, p);
    const auto created = hb::format_timestamp_ms((now - uniform(rng, 540, 900) * kDay) * 1000);
    record(practice.id, "patient",
           {{"uid", p.uid},
            {"fullName", p.name},
            {"phoneNumber", p.hint["phones"][0]["number"]},
            {"emailAddress", p.hint["email"]},
            {"dob", p.dob},
            {"referral", {{"uid", "ref_1"}, {"name", "Hint"}}},
            {"primaryClinic", kClinic},
            {"status", {{"status", "Patient Created"}, {"subStatus", nullptr}}},
            {"lastTestDate", nullptr},
            {"externalSystemId", p.id},
            {"tracking", {{"provider", "hint"}, {"ids", {{"hint_patient_id", p.id}}}}},
            {"created", {{"at", created}, {"by", {{"uid", "usr_1"}, {"fullName", "API"}}}}}});
    auto& link = *link_insert;
    link.reset();
    check(link.bind(1, practice.id).bind(2, p.id).bind(3, p.uid).run(), "patient_links insert");

    const json ref{{"uid", p.uid}, {"fullName", p.name}};
    std::pair<std::string, std::string> latest;
    // Thresholds in dB HL, multiples of 5, high frequencies worse (age-related loss); severity 0
    // (normal) to 4 (severe), milder losses more common.
    const int severity = std::min(uniform(rng, 0, 4), uniform(rng, 0, 4));
    for (int t = 0; t < p.tests; ++t) {
      const auto date = hb::format_date(hb::days_from_unix(now) - uniform(rng, 0, 547));
      auto ear = [&](int offset) {
        static const std::pair<const char*, int> kSlope[] = {{"250", 0},   {"500", 0},   {"1000", 5},
                                                             {"2000", 10}, {"4000", 20}, {"8000", 25}};
        json thresholds = json::object();
        for (const auto& [hz, slope] : kSlope) {
          const int value = 5 + severity * 10 + slope * (severity + 1) / 2 + offset + uniform(rng, 0, 2) * 5;
          thresholds[hz] = std::min(value / 5 * 5, 120);
        }
        return thresholds;
      };
      const auto uid = "ht_" + practice.tag + "_" + padded(p.index) + "_" + std::to_string(t);
      record(practice.id, "hearing_test",
             {{"uid", uid},
              {"patient", ref},
              {"testDate", date},
              {"audiologist", pick(rng, kAudiologists)},
              {"audiogram", {{"right", ear(0)}, {"left", ear(5)}, {"bil", nullptr}}}});
      if (date >= latest.second) latest = {uid, date};
    }
    for (int a = 0; a < p.appointments; ++a) {
      // From a year ago to three months ahead, in working hours on the quarter hour.
      const int64_t day = hb::days_from_unix(now) + uniform(rng, -365, 90);
      const int64_t start = (day * kDay + uniform(rng, 36, 67) * 900) * 1000;
      const bool past = start / 1000 < now;
      record(practice.id, "appointment",
             {{"uid", "apt_" + practice.tag + "_" + padded(p.index) + "_" + std::to_string(a)},
              {"type", pick(rng, kAppointmentTypes)},
              {"clinic", kClinic},
              {"assignee", pick(rng, kAudiologists)},
              {"startDateTime", hb::format_timestamp_ms(start)},
              {"endDateTime", hb::format_timestamp_ms(start + 45 * 60 * 1000)},
              {"patient", ref},
              {"outcome", past ? json("Attended") : json(nullptr)},
              {"confirmed", true},
              {"cancelled", uniform(rng, 0, 19) == 0}});
    }
    for (int i = 0; i < p.invoices; ++i) {
      const auto uid = "inv_" + practice.tag + "_" + padded(p.index) + "_" + std::to_string(i);
      const auto at = hb::format_timestamp_ms((now - uniform(rng, 0, 540) * kDay) * 1000);
      const int aid_pence = (995 + uniform(rng, 0, 3) * 100) * 100;
      const int total_pence = 8500 + (uniform(rng, 0, 1) ? 2 * aid_pence : 0);
      const bool paid = uniform(rng, 0, 99) < 70;
      const int paid_pence = paid ? total_pence : total_pence / 2;
      record(practice.id, "invoice",
             {{"uid", uid},
              {"orderNumber", "HL-" + std::to_string(10000 + uniform(rng, 0, 89999))},
              {"patient", ref},
              {"status", paid ? "Paid" : "Part paid"},
              {"total", total_pence / 100.0},
              {"lineItems", json::array({{{"description", "Hearing assessment"}, {"quantity", 1}, {"total", 85.0}}})},
              {"created", {{"at", at}}}});
      record(practice.id, "transaction",
             {{"uid", "txn_" + practice.tag + "_" + padded(p.index) + "_" + std::to_string(i)},
              {"transactionType", "payment"},
              {"amount", paid_pence / 100.0},
              {"method", "card"},
              {"orderUid", uid},
              {"patient", ref},
              {"created", {{"at", at}}}});
    }
    return latest;
  }
};

struct NoteToWrite {
  std::string practice, patient_id, test_uid, test_date;
  bool from_test = false, sign = false;
  int64_t at = 0;
};

// Through hb::ClinicalNotes (each note its own transaction, with its audit row and outbox job), then
// synced: the note's Hint interaction recorded and the job done, as a reachable Hint leaves them.
int64_t write_notes(hb::Database& db, const std::vector<NoteToWrite>& notes) {
  int64_t clock_now = 0;
  hb::ClinicalNotes writer{db, [&clock_now] { return clock_now; }};
  std::vector<std::tuple<std::string, std::string, std::string, bool, int64_t>> written;  // id, practice, title
  for (const auto& n : notes) {
    hb::Principal who;
    who.session_id = "bench-fill";
    who.context.practice_id = n.practice;
    who.context.practice_name = n.practice;
    who.context.user_id = "user-" + n.practice + "-audiologist";
    who.context.user_name = "Priya Natarajan";
    who.context.roles = {"clinician"};
    who.context.permissions = {hb::Permission::view, hb::Permission::draft, hb::Permission::sign};
    clock_now = n.at;
    const auto title =
        n.from_test ? "Hearing test " + n.test_date : "Hearing care note " + hb::format_date(n.at / kDay);
    auto created = writer.create(who, n.patient_id, title, kNoteText, n.from_test ? n.test_uid : "");
    if (!created) {
      std::fprintf(stderr, "api_fill: ClinicalNotes::create failed: %s\n", std::string(created.error().text()).c_str());
      std::exit(1);
    }
    if (n.sign) {
      clock_now = n.at + 600;
      if (auto signed_note = writer.sign(who, created.value().id, created.value().version); !signed_note) {
        std::fprintf(stderr, "api_fill: ClinicalNotes::sign failed\n");
        std::exit(1);
      }
    }
    written.emplace_back(created.value().id, n.practice, title, n.sign, n.at + 900);
  }
  auto lock = db.lock();
  Filler::check(db.exec("BEGIN"), "BEGIN");
  auto note = db.prepare(
      "UPDATE notes SET hint_sync = 'synced', hint_interaction_id = ?, hint_synced_title = ?, hint_synced_status = ? "
      "WHERE practice_id = ? AND id = ?");
  auto job = db.prepare(
      "UPDATE outbox SET status = 'done', attempts = 1, updated_at = ? WHERE kind = ? AND object_id = ? AND "
      "practice_id = ?");
  for (const auto& [id, practice, title, is_signed, done_at] : written) {
    note.reset();
    note.bind(1, "int-" + id).bind(2, title).bind(3, is_signed ? "signed" : "draft").bind(4, practice).bind(5, id);
    Filler::check(note.run(), "notes update");
    job.reset();
    job.bind(1, done_at).bind(2, hb::kSyncInteraction).bind(3, id).bind(4, practice);
    Filler::check(job.run(), "outbox update");
  }
  Filler::check(db.exec("COMMIT"), "COMMIT");
  return static_cast<int64_t>(written.size());
}

// Patients [from, to) of `practice`, in transactions of kPatientsPerTransaction, their notes after each.
int64_t fill_practice(hb::Database& db, const Practice& practice, int64_t from, int64_t to, uint32_t seed,
                      int64_t now) {
  Filler filler{db, now};
  int64_t notes = 0;
  for (int64_t start = from; start < to; start += kPatientsPerTransaction) {
    const int64_t end = std::min(to, start + kPatientsPerTransaction);
    std::vector<NoteToWrite> to_write;
    {
      auto lock = db.lock();
      Filler::check(db.exec("BEGIN"), "BEGIN");
      filler.prepare();
      for (int64_t i = start; i < end; ++i) {
        auto p = make_person(practice, i, seed);
        const auto [test_uid, test_date] = filler.patient(practice, p);
        if (!p.note) continue;
        const bool from_test = p.note_from_test && !test_uid.empty();
        const int64_t at =
            from_test ? hb::days_from_civil(std::stoi(test_date.substr(0, 4)), std::stoul(test_date.substr(5, 2)),
                                            std::stoul(test_date.substr(8, 2))) *
                                kDay +
                            uniform(p.rng, 9 * 3600, 17 * 3600)
                      : now - uniform(p.rng, 0, 547) * kDay;
        to_write.push_back({practice.id, p.id, test_uid, test_date, from_test, p.signed_note, std::min(at, now)});
      }
      filler.finalize();
      Filler::check(db.exec("COMMIT"), "COMMIT");
    }
    notes += write_notes(db, to_write);
  }
  return notes;
}

// Processed inbox rows with ~1 KB bodies, received from 30 to 8 days ago in arrival order.
void add_inbox_rows(hb::Database& db, int64_t count, int64_t patients, uint32_t seed, int64_t now,
                    const Practice& practice) {
  auto lock = db.lock();
  int64_t base = 0;
  {
    auto last = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM webhook_inbox");
    if (!last.step()) Filler::check(hb::Error{hb::ErrorCode::internal, {}}, "reading the inbox");
    base = last.integer(0);
  }
  Filler::check(db.exec("BEGIN"), "BEGIN");
  auto insert = db.prepare(
      "INSERT INTO webhook_inbox (source, event_id, type, practice_id, received_at, body, status, attempts, "
      "processed_at) VALUES ('hint', ?, 'patient.updated', ?, ?, ?, 'processed', 1, ?)");
  std::mt19937 rng(seed);
  const int64_t oldest = now - 30 * kDay, span = 22 * kDay;
  for (int64_t n = 0; n < count; ++n) {
    const auto id = "evt-hk-" + std::to_string(base + n);
    const auto p = make_person(practice, patients > 0 ? uniform(rng, 0, static_cast<int>(patients - 1)) : 0, seed);
    const int64_t at = oldest + span * n / std::max<int64_t>(count, 1);
    auto object = p.hint;
    object["updated_at"] = hb::format_timestamp_ms(at * 1000);
    const auto body = json{
        {"id", id},
        {"created_at", hb::format_timestamp_ms(at * 1000)},
        {"type", "patient.updated"},
        {"practice_id", practice.id},
        {"object",
         object}}.dump();
    insert.reset();
    insert.bind(1, id).bind(2, practice.id).bind(3, at).bind(4, body).bind(5, at + 1);
    Filler::check(insert.run(), "webhook_inbox insert");
    if (n % 50000 == 49999) {
      Filler::check(db.exec("COMMIT"), "COMMIT");
      Filler::check(db.exec("BEGIN"), "BEGIN");
    }
  }
  Filler::check(db.exec("COMMIT"), "COMMIT");
}

// Done outbox jobs finished 31–180 days ago (past the 30 days they are kept).
void add_old_outbox_rows(hb::Database& db, int64_t count, uint32_t seed, int64_t now, const std::string& practice) {
  auto lock = db.lock();
  Filler::check(db.exec("BEGIN"), "BEGIN");
  auto insert = db.prepare(
      "INSERT INTO outbox (practice_id, kind, object_id, session_id, status, attempts, generation, next_attempt_at, "
      "created_at, updated_at) VALUES (?, ?, ?, 'bench-fill', 'done', 1, 1, 0, ?, ?)");
  std::mt19937 rng(seed + 7);
  for (int64_t n = 0; n < count; ++n) {
    const int64_t done = now - uniform(rng, 31, 180) * kDay;
    insert.reset();
    insert.bind(1, practice)
        .bind(2, hb::kSyncInteraction)
        .bind(3, "note-bench-old-" + std::to_string(now) + "-" + std::to_string(n));
    insert.bind(4, done - 60).bind(5, done);
    Filler::check(insert.run(), "outbox insert");
  }
  Filler::check(db.exec("COMMIT"), "COMMIT");
}

// Sessions that ended days ago: half with an expired working token, half never exchanged.
void add_expired_sessions(hb::Database& db, int64_t count, int64_t now, const std::string& practice) {
  auto lock = db.lock();
  Filler::check(db.exec("BEGIN"), "BEGIN");
  auto session = db.prepare(
      "INSERT INTO sessions (id, practice_id, practice_name, user_id, user_name, roles, platform_support, surface, "
      "launch_key_hash, launch_expires_at, exchanged_at, created_at) "
      "VALUES (?, ?, 'Bench practice', 'user-expired', 'Expired User', '[\"clinician\"]', 0, 'core_page', ?, ?, ?, ?)");
  auto token = db.prepare(
      "INSERT INTO session_tokens (token_hash, session_id, practice_id, created_at, last_used_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  for (int64_t n = 0; n < count; ++n) {
    const auto id = "bench-exp-" + std::to_string(now) + "-" + std::to_string(n);
    const int64_t created = now - 3 * kDay - n;
    const bool exchanged = n % 2 == 0;
    session.reset();
    session.bind(1, id).bind(2, practice).bind(3, "hash-" + id).bind(4, created + 120);
    if (exchanged) {
      session.bind(5, created + 5);
    } else {
      session.bind_null(5);
    }
    Filler::check(session.bind(6, created).run(), "sessions insert");
    if (!exchanged) continue;
    token.reset();
    token.bind(1, "token-" + id).bind(2, id).bind(3, practice).bind(4, created + 5).bind(5, created + 600);
    Filler::check(token.bind(6, created + 8 * 3600).run(), "session_tokens insert");
  }
  Filler::check(db.exec("COMMIT"), "COMMIT");
}

json sample(const Person& p) {
  return {{"id", p.id}, {"first", p.first}, {"last", p.last}, {"name", p.name}, {"dob", p.dob}, {"body", p.hint}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir, meta_file;
  int64_t from = 0, to = 0, inbox_rows = 0, old_outbox_rows = 0, expired_sessions = 0;
  uint32_t seed = 1;
  CLI::App app{"Fills a HearBridge data dir for scripts/bench api by writing its store directly.", "api_fill"};
  app.add_option("--data-dir", data_dir, "data dir (its hearbridge.sqlite3 is created or grown)")->required();
  app.add_option("--from", from, "patients of pra-bench already filled");
  app.add_option("--to", to, "patients of pra-bench after this fill");
  app.add_option("--seed", seed, "seed of every random choice");
  app.add_option("--meta", meta_file, "write counts, samples and this fill's figures here (JSON)");
  app.add_option("--inbox-rows", inbox_rows, "processed webhook_inbox rows to add (~1 KB, 8-30 days old)");
  app.add_option("--old-outbox-rows", old_outbox_rows, "done outbox jobs to add, finished 31-180 days ago");
  app.add_option("--expired-sessions", expired_sessions, "sessions to add that expired days ago");
  CLI11_PARSE(app, argc, argv);
  if (from < 0 || to < from) {
    std::fprintf(stderr, "api_fill: need 0 <= --from <= --to\n");
    return 2;
  }

  const Practice main_practice{"pra-bench", "bench", 11};
  const Practice other_practice{"pra-other", "other", 23};
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto started = std::chrono::steady_clock::now();

  std::filesystem::create_directories(data_dir);
  auto opened = hb::Database::open(std::filesystem::path(data_dir) / "hearbridge.sqlite3");
  if (!opened) {
    std::fprintf(stderr, "api_fill: cannot open the store: %s\n", std::string(opened.error().text()).c_str());
    return 1;
  }
  auto& db = *opened.value();
  for (const char* pragma : {"PRAGMA synchronous=OFF", "PRAGMA cache_size=-262144", "PRAGMA temp_store=MEMORY"}) {
    Filler::check(db.exec(pragma), pragma);
  }
  const int64_t changes_before = sqlite3_total_changes64(db.handle());

  int64_t notes = fill_practice(db, main_practice, from, to, seed, now);
  notes += fill_practice(db, other_practice, from / 10, to / 10, seed, now);
  if (inbox_rows > 0) add_inbox_rows(db, inbox_rows, to, seed, now, main_practice);
  if (old_outbox_rows > 0) add_old_outbox_rows(db, old_outbox_rows, seed, now, main_practice.id);
  if (expired_sessions > 0) add_expired_sessions(db, expired_sessions, now, main_practice.id);

  const int64_t rows = sqlite3_total_changes64(db.handle()) - changes_before;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int64_t patients = (to - from) + (to / 10 - from / 10);
  std::printf(
      "api_fill: pra-bench %lld..%lld, pra-other %lld..%lld (%lld patients, %lld notes), inbox rows %lld, old "
      "outbox jobs %lld, expired sessions %lld: %lld rows written in %.1f s (%.0f rows/s), directly into the store\n",
      static_cast<long long>(from), static_cast<long long>(to), static_cast<long long>(from / 10),
      static_cast<long long>(to / 10), static_cast<long long>(patients), static_cast<long long>(notes),
      static_cast<long long>(inbox_rows), static_cast<long long>(old_outbox_rows),
      static_cast<long long>(expired_sessions), static_cast<long long>(rows), seconds, rows / std::max(seconds, 1e-9));

  if (!meta_file.empty()) {
    // Samples across everything filled so far, so a grown store is sampled like a fresh one.
    std::mt19937 rng(seed);
    json samples = json::array(), other_samples = json::array(), note_patients = json::array();
    for (int k = 0; k < 400 && to > 0; ++k) {
      samples.push_back(sample(make_person(main_practice, uniform(rng, 0, static_cast<int>(to - 1)), seed)));
    }
    for (int k = 0; k < 40 && to / 10 > 0; ++k) {
      other_samples.push_back(
          sample(make_person(other_practice, uniform(rng, 0, static_cast<int>(to / 10 - 1)), seed)));
    }
    int64_t i = to > 0 ? uniform(rng, 0, static_cast<int>(to - 1)) : 0;
    for (int64_t seen = 0; seen < to && note_patients.size() < 200; ++seen, i = (i + 1) % to) {
      if (auto p = make_person(main_practice, i, seed); p.note) note_patients.push_back(p.id);
    }
    const json meta{{"practice", main_practice.id},
                    {"other_practice", other_practice.id},
                    {"patients", to},
                    {"other_patients", to / 10},
                    {"other_only_name", kOtherOnlyLastName},
                    {"samples", samples},
                    {"other_samples", other_samples},
                    {"note_patients", note_patients},
                    {"fill",
                     {{"from", from},
                      {"to", to},
                      {"patients", patients},
                      {"notes", notes},
                      {"inbox_rows", inbox_rows},
                      {"old_outbox_rows", old_outbox_rows},
                      {"expired_sessions", expired_sessions},
                      {"rows", rows},
                      {"seconds", seconds},
                      {"rows_per_second", rows / std::max(seconds, 1e-9)}}}};
    std::ofstream(meta_file) << meta.dump() << "\n";
  }
  return 0;
}

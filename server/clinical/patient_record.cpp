#include "server/clinical/patient_record.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "server/directory/patient_directory.hpp"
#include "server/hearlink/patient_links.hpp"
#include "server/log.hpp"
#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

// A HearLink amount (a decimal number or string) in pence, to the nearest penny. An amount that is
// absent or not a number is unknown (nullopt), with a warning naming the record (never its contents);
// the caller shows it as unknown, never as nothing.
std::optional<MinorUnits> pence_at(const nlohmann::json& json, std::string_view key, std::string_view kind) {
  const auto it = json.is_object() ? json.find(key) : json.end();
  auto amount = it != json.end() ? amount_from_json(*it) : std::nullopt;
  if (!amount)
    log::warn("hearlink_amount_unreadable", {{"kind", kind}, {"uid", string_at(json, "uid")}, {"field", key}});
  return amount;
}

// HearLink's slim references carry {uid, fullName} or {uid, name}.
std::string reference_name(const nlohmann::json& object, std::string_view key) {
  const auto* ref = object_at(object, key);
  if (!ref) return string_at(object, key);
  auto name = string_at(*ref, "fullName");
  return name.empty() ? string_at(*ref, "name") : name;
}

}  // namespace

Patient patient_summary(const nlohmann::json& p, const std::string& status) {
  std::string phone;
  if (auto phones = p.find("phones"); phones != p.end() && phones->is_array()) {
    for (const auto& entry : *phones) {  // mobile first
      if (string_at(entry, "type") == "mobile" && phone.empty()) phone = string_at(entry, "number");
    }
    if (phone.empty() && !phones->empty()) phone = string_at(phones->front(), "number");
  }
  auto sex = string_at(p, "sex");
  if (sex.empty()) sex = string_at(p, "gender");
  std::optional<int> age;
  if (auto it = p.find("age");
      it != p.end() && it->is_number_integer() && it->get<int64_t>() >= 0 && it->get<int64_t>() <= 200) {
    age = it->get<int>();
  }
  return {string_at(p, "id"),
          hint_patient_name(p),
          string_at(p, "first_name"),
          string_at(p, "last_name"),
          string_at(p, "dob"),
          age,
          sex,
          string_at(p, "email"),
          phone,
          status};
}

PatientMatch match_of(const Patient& p) { return {p.id, p.name, p.dob, p.age}; }

Result<std::optional<Patient>> PatientRecords::local_patient(const std::string& practice_id,
                                                             const std::string& patient_id, int64_t* synced_at) {
  auto reader = db_.read();
  auto query =
      reader->prepare("SELECT body, status, synced_at FROM hint_patients WHERE practice_id = ? AND patient_id = ?");
  query.bind(1, practice_id).bind(2, patient_id);
  if (!query.step()) {
    // A failed read is not "no local copy": that would ask Hint, or answer not_found.
    if (query.failed()) return Error{ErrorCode::internal, {}};
    return std::optional<Patient>();
  }
  auto body = parse_json(query.text(0));
  if (!body) return std::optional<Patient>();
  if (synced_at) *synced_at = query.integer(2);
  return std::optional<Patient>(patient_summary(body.value(), query.text(1)));
}

Result<std::string> PatientRecords::patient_name(const std::string& practice_id, const std::string& patient_id) {
  auto p = local_patient(practice_id, patient_id);
  if (!p) return p.error();
  return p.value() ? p.value()->name : std::string();
}

Result<PatientReply> PatientRecords::patient(const Principal& who, const std::string& patient_id) {
  const auto& practice = who.context.practice_id;
  int64_t synced_at = 0;
  auto read = local_patient(practice, patient_id, &synced_at);
  if (!read) return read.error();
  const auto& local = read.value();
  if (local && clock_() - synced_at < kPatientStaleAfterS) return PatientReply{*local};
  if (!local) {
    // Hint's patient ids are unique across practices: one stored for another practice is not this
    // practice's patient, and Hint need not be asked (nor reachable) to say so.
    auto reader = db_.read();
    auto elsewhere = reader->prepare("SELECT 1 FROM hint_patients WHERE patient_id = ? AND practice_id <> ? LIMIT 1");
    elsewhere.bind(1, patient_id).bind(2, practice);
    if (elsewhere.step()) return Error{ErrorCode::not_found, {}};
    if (elsewhere.failed()) return Error{ErrorCode::internal, {}};
  }
  // Missing (webhooks may lag) or stale: ask Hint with the clinician's token, which Hint scopes to
  // their practice, and keep what it says (the newer version wins, as for webhooks). A stale copy
  // is still served when Hint cannot be asked.
  auto token = sessions_.hint_access_token(who.session_id);
  if (!token || token.value().empty()) {
    if (local) return PatientReply{*local};
    return Error{ErrorCode::not_found, {}};
  }
  auto fetched = hint_.get_patient(token.value(), patient_id);
  if (!fetched && local && fetched.error().code != ErrorCode::not_found) return PatientReply{*local};
  if (!fetched) return fetched.error();
  if (string_at(fetched.value(), "id") != patient_id) return Error{ErrorCode::not_found, {}};
  auto updated = parse_timestamp(string_at(fetched.value(), "updated_at"));
  Status stored = ok_status();
  {
    auto lock = db_.lock();
    auto upsert = db_.prepare(
        "INSERT INTO hint_patients (practice_id, patient_id, updated_at, status, body, event_id, synced_at) "
        "VALUES (?, ?, ?, 'active', ?, 'api', ?) ON CONFLICT (practice_id, patient_id) DO UPDATE SET "
        "updated_at = excluded.updated_at, body = excluded.body, event_id = excluded.event_id "
        "WHERE excluded.updated_at > hint_patients.updated_at");
    upsert.bind(1, practice).bind(2, patient_id).bind(3, updated ? *updated * 1000 : 0).bind(4, fetched.value().dump());
    // The local copy is a cache of what Hint just said: when it cannot be written, the answer still
    // stands (from Hint's reply below) and the next open asks Hint again.
    stored = upsert.bind(5, clock_()).run();
    if (stored && db_.changes() > 0) {
      // The directory lists the row as stored: a newer body keeps the status webhooks gave it.
      auto status = db_.prepare("SELECT status FROM hint_patients WHERE practice_id = ? AND patient_id = ?");
      status.bind(1, practice).bind(2, patient_id);
      stored = status.step() ? put_in_directory(db_, practice, patient_id, status.text(0), fetched.value(), clock_())
                             : Status(Error{ErrorCode::internal, {}});
    }
    if (stored) {
      auto confirmed = db_.prepare("UPDATE hint_patients SET synced_at = ? WHERE practice_id = ? AND patient_id = ?");
      stored = confirmed.bind(1, clock_()).bind(2, practice).bind(3, patient_id).run();
    }
    if (!stored) log::warn("patient_cache_write_failed", {{"practice_id", practice}});
  }
  // What is stored now is the answer (a webhook may have brought something newer meanwhile).
  if (!stored) return PatientReply{patient_summary(fetched.value(), "active")};
  auto current = local_patient(practice, patient_id, nullptr);
  if (!current) return current.error();
  if (current.value()) return PatientReply{*current.value()};
  return PatientReply{patient_summary(fetched.value(), "active")};
}

Result<PatientSearchResults> PatientRecords::search(const Principal& who, const std::string& query_text, int limit,
                                                    int offset) {
  PatientSearchResults results;
  {
    auto reader = db_.read();
    auto found = search_directory(*reader, who.context.practice_id, query_text, limit, offset, clock_());
    if (!found) return found.error();
    results = std::move(found).value();
  }
  auto& items = results.items;
  auto total = static_cast<int64_t>(results.total);
  const bool has_words = query_text.find_first_not_of(' ') != std::string::npos;
  if (total == 0 && has_words) {
    // Nothing local yet: Hint's list filters are exact, so ask for the fragment as a first or last name.
    auto token = sessions_.hint_access_token(who.session_id);
    if (token && !token.value().empty()) {
      for (const char* field : {"first_name", "last_name"}) {
        auto page = hint_.list_patients(token.value(), {{field, query_text}}, limit, offset);
        if (!page) return page.error();
        for (const auto& p : page.value().items) {
          items.push_back(match_of(patient_summary(p, "active")));
        }
        total += page.value().total;
      }
    }
  }
  results.total = static_cast<int>(std::min<int64_t>(total, INT32_MAX));
  return results;
}

Result<HearingRecord> PatientRecords::hearing(const Principal& who, const std::string& patient_id) {
  auto known = patient(who, patient_id);
  if (!known) return known.error();
  const auto& practice = who.context.practice_id;
  // The link rule (resolve_link, server/hearlink/patient_links.hpp). Reading never queues anything:
  // the UI asks for a link with POST /api/patients/{id}/link when it sees not_linked.
  std::optional<PatientLink> link;
  {
    auto reader = db_.read();
    auto resolved = resolve_link(*reader, practice, patient_id);
    if (!resolved) return resolved.error();
    link = std::move(resolved).value();
  }
  const auto uid = link && link->status == "linked" ? link->hearlink_uid : std::string();
  HearingRecord reply;
  reply.link = link_view(link);
  if (uid.empty()) return reply;

  std::map<std::string, std::vector<nlohmann::json>> by_kind;
  std::map<std::string, MinorUnits> paid_by_order;  // transactions and credit notes, by invoice uid
  std::set<std::string> unreadable_paid;            // invoices with a payment or credit note we cannot read
  {
    auto reader = db_.read();
    // This patient's records, and the payments and credit notes of this patient's invoices (they
    // name the invoice, not the patient): two index lookups, never the practice's other rows. The
    // CROSS JOIN keeps the invoices first; SQLite otherwise started from the practice's payments.
    auto query = reader->prepare(
        "SELECT kind, body FROM hearlink_records WHERE practice_id = ?1 AND patient_uid = ?2 AND deleted = 0 AND "
        "kind NOT IN ('transaction', 'credit_note') "
        "UNION ALL SELECT p.kind, p.body FROM hearlink_records i CROSS JOIN hearlink_records p WHERE "
        "p.practice_id = ?1 AND p.order_uid = i.uid AND i.practice_id = ?1 AND i.patient_uid = ?2 AND "
        "i.kind = 'invoice' AND i.deleted = 0 AND p.deleted = 0 AND p.kind IN ('transaction', 'credit_note')");
    query.bind(1, practice).bind(2, uid);
    while (query.step()) {
      const auto kind = query.text(0);
      auto body = parse_json(query.text(1));
      if (!body) {
        // This patient's invoice, unreadable as a whole: its amounts are missing from the sums.
        if (kind == "invoice") reply.amounts_complete = false;
        continue;
      }
      if (kind == "transaction" || kind == "credit_note") {
        const auto paid = pence_at(body.value(), kind == "transaction" ? "amount" : "total", kind);
        const auto order_uid = string_at(body.value(), "orderUid");
        if (paid) {
          auto& sum = paid_by_order[order_uid];
          sum = saturating_add(sum, *paid);
        } else {
          unreadable_paid.insert(order_uid);
        }
      } else {
        by_kind[kind].push_back(std::move(body).value());
      }
    }
    if (query.failed()) return Error{ErrorCode::internal, {}};
  }

  auto& tests = by_kind["hearing_test"];
  std::sort(tests.begin(), tests.end(),
            [](const auto& a, const auto& b) { return string_at(a, "testDate") > string_at(b, "testDate"); });
  for (const auto& t : tests) {
    const auto* audiogram = t.is_object() && t.contains("audiogram") ? &t["audiogram"] : nullptr;
    reply.tests.push_back({string_at(t, "uid"), string_at(t, "testDate"), reference_name(t, "audiologist"),
                           parse_audiogram(audiogram ? *audiogram : nlohmann::json())});
  }

  // Upcoming soonest first, then past newest first.
  const auto now = format_timestamp(clock_());
  auto& appointments = by_kind["appointment"];
  std::sort(appointments.begin(), appointments.end(), [&](const auto& a, const auto& b) {
    auto sa = string_at(a, "startDateTime"), sb = string_at(b, "startDateTime");
    bool fa = sa >= now, fb = sb >= now;
    if (fa != fb) return fa;
    return fa ? sa < sb : sa > sb;
  });
  for (const auto& a : appointments) {
    reply.appointments.push_back({string_at(a, "uid"), string_at(a, "type"), string_at(a, "startDateTime"),
                                  string_at(a, "endDateTime"), reference_name(a, "clinic"),
                                  reference_name(a, "assignee"), bool_at(a, "confirmed"), bool_at(a, "cancelled"),
                                  string_at(a, "outcome")});
  }

  // An invoice whose amounts cannot all be read is still listed, with them unknown; the outstanding
  // balance is then unknown too, since leaving any of them out would show a wrong figure as right.
  MinorUnits outstanding = 0;
  for (const auto& invoice : by_kind["invoice"]) {
    const auto invoice_uid = string_at(invoice, "uid");
    const auto total = pence_at(invoice, "total", "invoice");
    std::optional<MinorUnits> paid;
    if (!unreadable_paid.count(invoice_uid)) paid = paid_by_order[invoice_uid];
    std::optional<MinorUnits> balance;
    if (total && paid) balance = std::max<MinorUnits>(0, saturating_sub(*total, *paid));
    if (balance) {
      outstanding = saturating_add(outstanding, *balance);
    } else {
      reply.amounts_complete = false;
    }
    reply.invoices.push_back(
        {invoice_uid, string_at(invoice, "orderNumber"), string_at(invoice, "status"), total, paid, balance});
  }
  reply.outstanding_balance = reply.amounts_complete ? std::optional<MinorUnits>(outstanding) : std::nullopt;
  return reply;
}

Result<Worklist> PatientRecords::worklist(const Principal& who, int64_t drafts_offset, int64_t tests_offset,
                                          int limit) {
  const auto& practice = who.context.practice_id;
  Worklist list;
  // note, patient, title, author, updated
  std::vector<std::tuple<std::string, std::string, std::string, std::string, int64_t>> rows;
  {
    auto reader = db_.read();
    auto count = reader->prepare("SELECT COUNT(*) FROM notes WHERE practice_id = ? AND status = 'draft'");
    count.bind(1, practice);
    if (!count.step()) return Error{ErrorCode::internal, {}};
    list.drafts_total = count.integer(0);
    auto query = reader->prepare(
        "SELECT id, patient_id, title, created_by_name, updated_at FROM notes WHERE practice_id = ? AND "
        "status = 'draft' ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?");
    query.bind(1, practice).bind(2, int64_t{limit}).bind(3, drafts_offset);
    while (query.step())
      rows.emplace_back(query.text(0), query.text(1), query.text(2), query.text(3), query.integer(4));
    if (query.failed()) return Error{ErrorCode::internal, {}};
  }
  for (const auto& [id, patient_id, title, author, updated] : rows) {
    auto name = patient_name(practice, patient_id);
    if (!name) return name.error();
    list.drafts.push_back({id, patient_id, std::move(name).value(), title, author, format_timestamp(updated)});
  }

  // Hearing tests from the last year that no note refers to, for patients linked to Hint (hearing
  // reviews are often months apart, so a shorter window would hide real work), newest first; the
  // uid orders tests of one day, so pages never overlap or skip. worklist_tests (kept by triggers,
  // server/clinical/worklist_schema.cpp) holds exactly those tests with their Hint patient, in an
  // index in page order: a page and its count read only their own rows.
  const std::string since = format_date(days_from_unix(clock_()) - 365);
  const std::string listed =
      "FROM worklist_tests WHERE practice_id = ?1 AND hint_patient_id IS NOT NULL AND test_date >= ?2";
  std::vector<std::tuple<WorklistTest, std::string>> page;  // the test, its HearLink patient uid
  {
    auto reader = db_.read();
    // Counting reads every row it counts: count the page's rows and at most kWorklistCountAhead past it.
    auto count = reader->prepare("SELECT COUNT(*) FROM (SELECT 1 " + listed + " LIMIT ?3)");
    count.bind(1, practice).bind(2, since).bind(3, tests_offset + kWorklistCountAhead + 1);
    if (!count.step()) return Error{ErrorCode::internal, {}};
    list.tests_total = std::min<int64_t>(count.integer(0), tests_offset + kWorklistCountAhead);
    list.tests_total_at_least = count.integer(0) > tests_offset + kWorklistCountAhead;
    auto query = reader->prepare("SELECT uid, patient_uid, hint_patient_id " + listed +
                                 " ORDER BY test_date DESC, uid LIMIT ?3 OFFSET ?4");
    query.bind(1, practice).bind(2, since).bind(3, int64_t{limit}).bind(4, tests_offset);
    auto test = reader->prepare(
        "SELECT body FROM hearlink_records WHERE practice_id = ? AND kind = 'hearing_test' AND uid = ?");
    while (query.step()) {
      test.reset();
      test.bind(1, practice).bind(2, query.text(0));
      if (!test.step()) return Error{ErrorCode::internal, {}};  // listed by a trigger of the same snapshot
      auto body = parse_json(test.text(0));
      const auto audiologist = body ? reference_name(body.value(), "audiologist") : std::string();
      const auto date = body ? string_at(body.value(), "testDate") : std::string();
      page.emplace_back(WorklistTest{query.text(0), query.text(2), {}, date, audiologist}, query.text(1));
    }
    if (query.failed()) return Error{ErrorCode::internal, {}};
  }
  for (auto& [test, hearlink_uid] : page) {
    auto name = patient_name(practice, test.patient_id);
    if (!name) return name.error();
    test.patient_name = name.value();
    if (test.patient_name.empty()) {  // the Hint copy has not arrived yet: HearLink's name for now
      auto reader = db_.read();
      auto patient = reader->prepare(
          "SELECT body FROM hearlink_records WHERE practice_id = ? AND kind = 'patient' AND uid = ? AND deleted = 0");
      patient.bind(1, practice).bind(2, hearlink_uid);
      if (patient.step()) {
        if (auto record = parse_json(patient.text(0))) test.patient_name = string_at(record.value(), "fullName");
      } else if (patient.failed()) {
        return Error{ErrorCode::internal, {}};
      }
    }
    list.tests_without_note.push_back(std::move(test));
  }
  return list;
}

}  // namespace hb

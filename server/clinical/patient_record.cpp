#include "server/clinical/patient_record.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "server/hearlink/patient_links.hpp"
#include "server/log.hpp"
#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

std::string full_name(const nlohmann::json& p) {
  auto name = string_at(p, "name");
  if (!name.empty()) return name;
  auto first = string_at(p, "first_name");
  auto last = string_at(p, "last_name");
  return first.empty() || last.empty() ? first + last : first + " " + last;
}

// ASCII case folding is enough for matching typed fragments against names; other letters match as typed.
std::string fold(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

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
          full_name(p),
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
  auto lock = db_.lock();
  auto query =
      db_.prepare("SELECT body, status, synced_at FROM hint_patients WHERE practice_id = ? AND patient_id = ?");
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
  const auto needle = fold(query_text);
  std::vector<PatientMatch> items;
  int64_t total = 0;
  {
    auto lock = db_.lock();
    auto query = db_.prepare(
        "SELECT body, status FROM hint_patients WHERE practice_id = ? AND status = 'active' ORDER BY patient_id");
    query.bind(1, who.context.practice_id);
    while (query.step()) {
      auto body = parse_json(query.text(0));
      if (!body || fold(full_name(body.value())).find(needle) == std::string::npos) continue;
      if (total++ < offset || static_cast<int>(items.size()) >= limit) continue;
      items.push_back(match_of(patient_summary(body.value(), query.text(1))));
    }
    if (query.failed()) return Error{ErrorCode::internal, {}};
  }
  if (total == 0 && !needle.empty()) {
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
  return PatientSearchResults{std::move(items), static_cast<int>(std::min<int64_t>(total, INT32_MAX))};
}

Result<HearingRecord> PatientRecords::hearing(const Principal& who, const std::string& patient_id) {
  auto known = patient(who, patient_id);
  if (!known) return known.error();
  const auto& practice = who.context.practice_id;
  // The link rule (resolve_link, server/hearlink/patient_links.hpp). Reading never queues anything:
  // the UI asks for a link with POST /api/patients/{id}/link when it sees not_linked.
  std::optional<PatientLink> link;
  {
    auto lock = db_.lock();
    auto resolved = resolve_link(db_, practice, patient_id);
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
    auto lock = db_.lock();
    auto query = db_.prepare(
        "SELECT kind, body FROM hearlink_records WHERE practice_id = ? AND deleted = 0 AND "
        "(patient_uid = ? OR kind IN ('transaction', 'credit_note'))");
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
  std::set<std::string> done_tests;  // a note refers to them, or no note is needed
  {
    auto lock = db_.lock();
    auto count = db_.prepare("SELECT COUNT(*) FROM notes WHERE practice_id = ? AND status = 'draft'");
    count.bind(1, practice);
    if (!count.step()) return Error{ErrorCode::internal, {}};
    list.drafts_total = count.integer(0);
    auto query = db_.prepare(
        "SELECT id, patient_id, title, created_by_name, updated_at FROM notes WHERE practice_id = ? AND "
        "status = 'draft' ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?");
    query.bind(1, practice).bind(2, int64_t{limit}).bind(3, drafts_offset);
    while (query.step())
      rows.emplace_back(query.text(0), query.text(1), query.text(2), query.text(3), query.integer(4));
    if (query.failed()) return Error{ErrorCode::internal, {}};
    // Deleted notes leave no rows in note_tests (ClinicalNotes::remove takes them out).
    auto tests = db_.prepare(
        "SELECT hearing_test_uid FROM note_tests WHERE practice_id = ? UNION "
        "SELECT hearing_test_uid FROM tests_no_note_needed WHERE practice_id = ?");
    tests.bind(1, practice).bind(2, practice);
    while (tests.step()) done_tests.insert(tests.text(0));
    // Without them every test would be listed as having no note.
    if (tests.failed()) return Error{ErrorCode::internal, {}};
  }
  for (const auto& [id, patient_id, title, author, updated] : rows) {
    auto name = patient_name(practice, patient_id);
    if (!name) return name.error();
    list.drafts.push_back({id, patient_id, std::move(name).value(), title, author, format_timestamp(updated)});
  }

  // Hearing tests from the last year that no note refers to, for patients linked to Hint (hearing
  // reviews are often months apart, so a shorter window would hide real work).
  std::map<std::string, std::string> hearlink_name_by_hint_id;  // when the Hint copy has not arrived yet
  std::vector<WorklistTest> tests;
  {
    auto lock = db_.lock();
    auto query = db_.prepare(
        "SELECT uid, patient_uid, body FROM hearlink_records WHERE practice_id = ? AND kind = 'hearing_test' AND "
        "deleted = 0");
    query.bind(1, practice);
    while (query.step()) {
      if (done_tests.count(query.text(0))) continue;
      auto body = parse_json(query.text(2));
      if (!body) continue;
      auto date = string_at(body.value(), "testDate");
      auto days = parse_date(date);
      if (!days || *days * 86400 < clock_() - 365 * 86400) continue;
      const auto patient_uid = query.text(1);
      const auto linked = hint_patient_for(db_, practice, patient_uid);  // the link rule
      if (!linked) return linked.error();
      const auto& hint_id = linked.value();
      if (hint_id.empty()) continue;
      auto patient = db_.prepare(
          "SELECT body FROM hearlink_records WHERE practice_id = ? AND kind = 'patient' AND uid = ? AND deleted = 0");
      patient.bind(1, practice).bind(2, patient_uid);
      if (patient.step()) {
        if (auto record = parse_json(patient.text(0)))
          hearlink_name_by_hint_id[hint_id] = string_at(record.value(), "fullName");
      } else if (patient.failed()) {
        return Error{ErrorCode::internal, {}};
      }
      tests.push_back({query.text(0), hint_id, {}, date, reference_name(body.value(), "audiologist")});
    }
    if (query.failed()) return Error{ErrorCode::internal, {}};
  }
  // Newest first; the uid orders tests of one day, so pages never overlap or skip.
  std::sort(tests.begin(), tests.end(), [](const auto& a, const auto& b) {
    return a.test_date != b.test_date ? a.test_date > b.test_date : a.hearing_test_uid < b.hearing_test_uid;
  });
  list.tests_total = static_cast<int64_t>(tests.size());
  for (auto i = std::min<size_t>(static_cast<size_t>(tests_offset), tests.size());
       i < tests.size() && list.tests_without_note.size() < static_cast<size_t>(limit); ++i) {
    auto& t = tests[i];
    auto name = patient_name(practice, t.patient_id);
    if (!name) return name.error();
    t.patient_name = name.value().empty() ? hearlink_name_by_hint_id[t.patient_id] : name.value();
    list.tests_without_note.push_back(std::move(t));
  }
  return list;
}

}  // namespace hb

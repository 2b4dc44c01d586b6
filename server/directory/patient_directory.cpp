#include "server/directory/patient_directory.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "server/directory/name_fold.hpp"
#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

constexpr size_t kMaxQueryWords = 6;      // more words than any name has: the rest add nothing
constexpr size_t kMinContainsLength = 3;  // the trigram index needs three characters

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

// What the directory keeps of one patient.
struct Listing {
  std::string name;
  std::string dob;
  std::optional<int64_t> age;
  std::string sort_key;
  std::string search_text;
  std::set<std::string> words;  // folded name words, and '=' + each whole form of the name
};

Listing listing_of(const nlohmann::json& p) {
  const auto first = fold_name(string_at(p, "first_name"));
  const auto middle = fold_name(string_at(p, "middle_name"));
  const auto last = fold_name(string_at(p, "last_name"));
  const auto chosen_first = fold_name(string_at(p, "chosen_first_name"));
  const auto chosen_last = fold_name(string_at(p, "chosen_last_name"));
  Listing l;
  l.name = hint_patient_name(p);
  const auto name = fold_name(l.name);
  if (auto dob = string_at(p, "dob"); parse_date(dob)) l.dob = dob;
  if (auto it = p.find("age");
      it != p.end() && it->is_number_integer() && it->get<int64_t>() >= 0 && it->get<int64_t>() <= 200) {
    l.age = it->get<int64_t>();
  }
  l.sort_key = joined({last.empty() ? name : last, first});
  std::set<std::string> forms{name, joined({first, last}), joined({first, middle, last}), joined({last, first})};
  if (!chosen_first.empty() || !chosen_last.empty()) {
    const auto& family = chosen_last.empty() ? last : chosen_last;
    forms.insert(joined({chosen_first.empty() ? first : chosen_first, family}));
    forms.insert(joined({family, chosen_first.empty() ? first : chosen_first}));
  }
  for (const auto& form : forms) {
    if (form.empty()) continue;
    l.words.insert("=" + form);
    for (auto& word : folded_words(form)) l.words.insert(std::move(word));
    l.search_text += l.search_text.empty() ? form : " | " + form;
  }
  for (auto& word : folded_words(string_at(p, "chosen_middle_name"))) l.words.insert(std::move(word));
  return l;
}

bool listed(std::string_view status, const nlohmann::json& p) {
  if (status != "active") return false;
  const auto* merged = object_at(p, "merged_into");
  return !merged || string_at(*merged, "id").empty();
}

// `stored`: Hint's age, -1 when unknown; used only without a date of birth.
std::optional<int> age_on(const std::string& dob, int64_t stored, int64_t today) {
  const auto born = parse_date(dob);
  if (!born) return stored >= 0 ? std::optional<int>(static_cast<int>(stored)) : std::nullopt;
  const auto b = civil_from_days(*born);
  const auto t = civil_from_days(days_from_unix(today));
  int age = t.year - b.year - ((t.month < b.month || (t.month == b.month && t.day < b.day)) ? 1 : 0);
  return age >= 0 ? std::optional<int>(age) : std::nullopt;
}

// patient id → (rank, sort key): the best rank a patient reached.
using Hits = std::map<std::string, std::pair<int, std::string>>;

Status collect(Statement& query, int rank, Hits& hits) {
  while (query.step()) {
    auto [it, added] = hits.try_emplace(query.text(0), rank, query.text(1));
    if (!added) it->second.first = std::min(it->second.first, rank);
  }
  if (query.failed()) return Error{ErrorCode::internal, {}};
  return ok_status();
}

// The upper bound of a prefix range: every UTF-8 string starting with `prefix` sorts below it.
std::string past_prefix(const std::string& prefix) { return prefix + "\xff"; }

Result<Hits> name_hits(Connection& db, const std::string& practice_id, std::vector<std::string> words) {
  if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
  const auto whole = joined(words);
  Hits hits;
  auto exact =
      db.prepare("SELECT patient_id, sort_key FROM patient_directory_words WHERE practice_id = ? AND word = ?");
  exact.bind(1, practice_id).bind(2, "=" + whole);
  if (auto status = collect(exact, 0, hits); !status) return status.error();

  // Every word the prefix of one of the name's words: the longest word's index range, each other
  // word an index probe into that patient's few words.
  std::stable_sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string sql =
      "SELECT w.patient_id, w.sort_key FROM patient_directory_words w WHERE w.practice_id = ? AND w.word >= ? AND "
      "w.word < ?";
  for (size_t i = 1; i < words.size(); ++i) {
    sql +=
        " AND EXISTS (SELECT 1 FROM patient_directory_words o WHERE o.practice_id = w.practice_id AND "
        "o.patient_id = w.patient_id AND o.word >= ? AND o.word < ?)";
  }
  auto prefix = db.prepare(sql);
  prefix.bind(1, practice_id);
  int index = 2;
  for (const auto& word : words) {
    prefix.bind(index, word).bind(index + 1, past_prefix(word));
    index += 2;
  }
  if (auto status = collect(prefix, 1, hits); !status) return status.error();

  if (whole.size() >= kMinContainsLength) {
    std::string phrase = "\"";
    for (char c : whole) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
    phrase += "\"";
    // The trigram index first (CROSS JOIN keeps that order): the other way round, SQLite walked the
    // practice's patients and probed the index once for each (3 s at 10k patients). Each hit's keys
    // come from the compact index by row id, not the table's whole rows (directory_keys_schema.cpp).
    auto contains = db.prepare(
        "SELECT d.patient_id, d.sort_key FROM patient_directory_text t CROSS JOIN patient_directory d INDEXED BY "
        "patient_directory_keys WHERE d.id = t.rowid AND patient_directory_text MATCH ? AND d.practice_id = ?");
    contains.bind(1, phrase).bind(2, practice_id);
    if (auto status = collect(contains, 2, hits); !status) return status.error();
  }
  return hits;
}

Result<PatientSearchResults> page_of(Connection& db, const std::string& practice_id, const Hits& hits, int limit,
                                     int offset, int64_t today) {
  std::vector<std::tuple<int, const std::string*, const std::string*>> order;
  order.reserve(hits.size());
  for (const auto& [id, hit] : hits) order.emplace_back(hit.first, &hit.second, &id);
  const auto first = std::min<size_t>(static_cast<size_t>(std::max(offset, 0)), order.size());
  const auto last = std::min<size_t>(first + static_cast<size_t>(std::max(limit, 0)), order.size());
  auto by_rank = [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), *std::get<1>(a), *std::get<2>(a)) <
           std::tie(std::get<0>(b), *std::get<1>(b), *std::get<2>(b));
  };
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(last), order.end(), by_rank);
  PatientSearchResults results;
  results.total = static_cast<int>(std::min<size_t>(hits.size(), INT32_MAX));
  auto read = db.prepare("SELECT name, dob, age FROM patient_directory WHERE practice_id = ? AND patient_id = ?");
  for (size_t i = first; i < last; ++i) {
    const auto& id = *std::get<2>(order[i]);
    read.reset();
    read.bind(1, practice_id).bind(2, id);
    if (!read.step()) return Error{ErrorCode::internal, {}};  // listed a moment ago, under the same lock
    const auto dob = read.text(1);
    const int64_t stored_age = read.is_null(2) ? -1 : read.integer(2);
    results.items.push_back({id, read.text(0), dob, age_on(dob, stored_age, today)});
  }
  return results;
}

}  // namespace

std::string hint_patient_name(const nlohmann::json& p) {
  auto name = string_at(p, "name");
  if (!name.empty()) return name;
  auto first = string_at(p, "first_name");
  auto last = string_at(p, "last_name");
  return first.empty() || last.empty() ? first + last : first + " " + last;
}

std::string date_of_birth_query(std::string_view q) {
  while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
  while (!q.empty() && q.back() == ' ') q.remove_suffix(1);
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string iso;
  if (q.size() == 10 && q[4] == '-' && q[7] == '-') {
    iso = std::string(q);
  } else if (auto a = q.find('/'), b = q.rfind('/'); a != std::string_view::npos && b != a && b + 5 == q.size() &&
                                                     a >= 1 && a <= 2 && b - a - 1 >= 1 && b - a - 1 <= 2) {
    auto month = q.substr(0, a), day = q.substr(a + 1, b - a - 1), year = q.substr(b + 1);
    if (!digits(month) || !digits(day) || !digits(year)) return {};
    iso = std::string(year) + "-" + (month.size() == 1 ? "0" : "") + std::string(month) + "-" +
          (day.size() == 1 ? "0" : "") + std::string(day);
  }
  return parse_date(iso) ? iso : std::string();
}

Status remove_from_directory(Database& db, const std::string& practice_id, const std::string& patient_id) {
  for (const char* sql : {"DELETE FROM patient_directory_words WHERE practice_id = ? AND patient_id = ?",
                          "DELETE FROM patient_directory WHERE practice_id = ? AND patient_id = ?"}) {
    if (auto done = db.prepare(sql).bind(1, practice_id).bind(2, patient_id).run(); !done) return done;
  }
  return ok_status();
}

Status put_in_directory(Database& db, const std::string& practice_id, const std::string& patient_id,
                        std::string_view status, const nlohmann::json& hint_patient, int64_t seen_at) {
  if (auto removed = remove_from_directory(db, practice_id, patient_id); !removed) return removed;
  if (!listed(status, hint_patient)) return ok_status();
  const auto l = listing_of(hint_patient);
  auto insert = db.prepare(
      "INSERT INTO patient_directory (practice_id, patient_id, name, dob, age, sort_key, search_text, seen_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, practice_id).bind(2, patient_id).bind(3, l.name).bind_optional(4, l.dob);
  if (l.age) {
    insert.bind(5, *l.age);
  } else {
    insert.bind_null(5);
  }
  if (auto done = insert.bind(6, l.sort_key).bind(7, l.search_text).bind(8, seen_at).run(); !done) return done;
  auto word =
      db.prepare("INSERT INTO patient_directory_words (practice_id, word, patient_id, sort_key) VALUES (?, ?, ?, ?)");
  for (const auto& w : l.words) {
    word.reset();
    if (auto done = word.bind(1, practice_id).bind(2, w).bind(3, patient_id).bind(4, l.sort_key).run(); !done)
      return done;
  }
  return ok_status();
}

Result<PatientSearchResults> search_directory(Connection& db, const std::string& practice_id, std::string_view query,
                                              int limit, int offset, int64_t today) {
  Hits hits;
  if (auto dob = date_of_birth_query(query); !dob.empty()) {
    auto born = db.prepare(
        "SELECT patient_id, sort_key FROM patient_directory WHERE practice_id = ? AND dob = ? "
        "ORDER BY sort_key, patient_id");
    born.bind(1, practice_id).bind(2, dob);
    if (auto status = collect(born, 0, hits); !status) return status.error();
  } else if (auto words = folded_words(query); !words.empty()) {
    auto found = name_hits(db, practice_id, std::move(words));
    if (!found) return found.error();
    hits = std::move(found).value();
  } else {
    // No words: the directory by name, one page of it.
    // The size triggers keep (directory_size_schema.cpp): no row yet is an empty directory.
    auto count = db.prepare("SELECT listed FROM patient_directory_sizes WHERE practice_id = ?");
    count.bind(1, practice_id);
    const bool counted = count.step();
    if (count.failed()) return Error{ErrorCode::internal, {}};
    PatientSearchResults results;
    results.total = counted ? static_cast<int>(std::clamp<int64_t>(count.integer(0), 0, INT32_MAX)) : 0;
    auto page = db.prepare(
        "SELECT patient_id, name, dob, age FROM patient_directory WHERE practice_id = ? "
        "ORDER BY sort_key, patient_id LIMIT ? OFFSET ?");
    page.bind(1, practice_id).bind(2, int64_t{limit}).bind(3, int64_t{offset});
    while (page.step()) {
      const auto born = page.text(2);
      const int64_t stored_age = page.is_null(3) ? -1 : page.integer(3);
      results.items.push_back({page.text(0), page.text(1), born, age_on(born, stored_age, today)});
    }
    if (page.failed()) return Error{ErrorCode::internal, {}};
    return results;
  }
  return page_of(db, practice_id, hits, limit, offset, today);
}

Status fill_patient_directory(Database& db) {
  auto query = db.prepare("SELECT practice_id, patient_id, status, body FROM hint_patients");
  while (query.step()) {
    auto body = parse_json(query.text(3));
    if (!body) continue;  // unreadable: listed again when Hint sends it next
    if (auto done = put_in_directory(db, query.text(0), query.text(1), query.text(2), body.value(), 0); !done)
      return done;
  }
  if (query.failed()) return Error{ErrorCode::internal, {}};
  return ok_status();
}

}  // namespace hb

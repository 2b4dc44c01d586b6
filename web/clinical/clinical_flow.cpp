#include "web/clinical/clinical_flow.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "shared/url_encode.hpp"
#include "web/clinical/device_copy.hpp"
#include "web/launch/launch_flow.hpp"
#include "web/local_time.hpp"

namespace hb::web {
namespace {

constexpr std::int64_t kSearchDelayMs = 300;

void fetch_worklist(AppState& state, Services& services);

const SessionContext* context_of(const AppState& state) {
  const auto& session = state.launch.session;
  return session.ready() ? &session.value() : nullptr;
}

bool allows(const AppState& state, Permission permission) {
  const auto* context = context_of(state);
  return context && context->allows(permission);
}

// A 409 carries the server's current note: show both versions and let the clinician choose. One
// without it (the note is gone, or the hearing test has a note already) offers nothing to choose:
// false, and the caller shows the error's own message (refusal_text).
bool show_conflict(NoteEditor& ed, const Error& error, const nlohmann::json& raw) {
  if (error.code != ErrorCode::conflict) return false;
  auto conflict = parse_note_conflict(raw);
  if (!conflict || !conflict.value().current) return false;
  ed.theirs = std::move(conflict).value().current;
  ed.status = SaveStatus::conflict;
  return true;
}

// What a refused save or signature shows: a conflict's own message says what happened (the
// catalogue's sentence asks to choose a version, and there is none to choose); others the
// catalogue's sentence for a person.
std::string refusal_text(const Error& error) {
  if (error.code == ErrorCode::conflict) return std::string(error.text());
  return std::string(error_info(error.code).clinician);
}

Result<ClinicalNote> note_in(const Result<nlohmann::json>& reply) {
  auto parsed = parse_note_reply(reply.value());
  if (!parsed) return parsed.error();
  return std::move(parsed).value().note;
}

// A load that got no answer is retried after 1, 2, 4 … 30 s; anything else stays failed.
void load_failed(AppState& state, Services& services, const Error& error) {
  auto& c = state.clinical;
  if (!is_retryable(error.code)) return;
  ++c.failed_loads;
  c.reload_at_ms = services.now_ms() + retry_delay_ms(c.failed_loads);
}

void publish_fragment(AppState& state, Services& services, const std::string& note_id) {
  auto& c = state.clinical;
  const std::string fragment = "note=" + note_id;
  if (note_id.empty() || c.fragment_published == fragment) return;
  c.fragment_published = fragment;
  if (services.host.update_fragment) services.host.update_fragment(fragment);
}

void reset_editor(ClinicalState& c) {
  c.editor = NoteEditor{};
  ++c.editor_generation;
}

void open_existing_note(AppState& state, Services& services, const ClinicalNote& note) {
  auto& c = state.clinical;
  reset_editor(c);
  auto& e = c.editor;
  e.open = true;
  e.note = note;
  e.title = note.title;
  e.body = note.body;
  e.saved_at = note.updated_at;
  e.hearing_test_uid = note.hearing_test_uid;
  publish_fragment(state, services, note.id);
}

// `title` cut to the longest prefix a note may have, never inside a UTF-8 sequence.
std::string fit_title(std::string title) {
  if (title.size() <= kMaxNoteTitle) return title;
  auto end = kMaxNoteTitle;
  while (end > 0 && (static_cast<unsigned char>(title[end]) & 0xC0) == 0x80) --end;
  title.resize(end);
  return title;
}

// A new note's title until the clinician types one: it names what the note is about, so the drafts
// list tells drafts apart ("Hearing test 2026-03-12", else "Hearing care note 2026-12-02").
std::string default_title(const AppState& state, const std::string& test_uid) {
  const auto& c = state.clinical;
  if (!test_uid.empty() && c.hearing.ready()) {
    for (const auto& test : c.hearing.value().tests) {
      if (test.uid == test_uid) return "Hearing test " + test.test_date;
    }
  }
  return "Hearing care note " + local_date(state.time_zone, state.now_ms / 1000);
}

void open_blank_note(AppState& state) {
  auto& c = state.clinical;
  reset_editor(c);
  if (!allows(state, Permission::draft)) return;  // view-only roles see notes, never a blank editor
  c.editor.open = true;
  c.editor.title = default_title(state, c.wanted_test_uid);
  c.editor.title_is_default = true;
  c.editor.hearing_test_uid = c.wanted_test_uid;
}

// The notes arrived: open the one asked for, else the one Hint opened us from, else the newest
// draft, else the newest (signed) note, else a blank note.
void choose_note(AppState& state, Services& services) {
  auto& c = state.clinical;
  const auto& notes = c.notes.value();
  const ClinicalNote* pick = nullptr;
  auto find = [&](auto predicate) -> const ClinicalNote* {
    auto it = std::find_if(notes.begin(), notes.end(), predicate);
    return it == notes.end() ? nullptr : &*it;
  };
  if (!c.wanted_note_id.empty()) pick = find([&](const ClinicalNote& n) { return n.id == c.wanted_note_id; });
  const auto* context = context_of(state);
  if (!pick && context && !context->interaction_id.empty()) {
    pick = find([&](const ClinicalNote& n) { return n.hint_interaction_id == context->interaction_id; });
  }
  if (!pick && c.wanted_test_uid.empty()) pick = find([](const ClinicalNote& n) { return !n.signed_; });
  // No draft: the latest signed note, read-only (its view offers "New note").
  if (!pick && c.wanted_test_uid.empty() && !notes.empty()) pick = &notes.front();
  if (pick) {
    open_existing_note(state, services, *pick);
  } else {
    open_blank_note(state);
  }
  c.wanted_note_id.clear();
}

void fetch_patient(AppState& state, Services& services) {
  auto& c = state.clinical;
  const auto ticket = c.patient.start();
  call_api(state, services.api, "GET", "/api/patients/" + c.patient_id, nullptr,
           [&services, ticket](AppState& s, const Result<nlohmann::json>& reply) {
             auto& cs = s.clinical;
             if (reply) {
               auto patient = parse_patient_reply(reply.value());
               if (patient) {
                 cs.patient.resolve(ticket, std::move(patient).value().patient);
                 return;
               }
               if (cs.patient.fail(ticket, patient.error())) load_failed(s, services, patient.error());
               return;
             }
             if (cs.patient.fail(ticket, reply.error())) load_failed(s, services, reply.error());
           });
}

// POST /api/patients/{id}/link → LinkReply; the hearing panel shows it.
void request_link(AppState& state, Services& services) {
  const auto patient_id = state.clinical.patient_id;
  call_api(state, services.api, "POST", "/api/patients/" + patient_id + "/link", nlohmann::json::object(),
           [patient_id](AppState& s, const Result<nlohmann::json>& reply) {
             auto& cs = s.clinical;
             if (!reply || cs.patient_id != patient_id || !cs.hearing.ready()) return;
             auto parsed = parse_link_reply(reply.value());
             if (parsed) cs.hearing.update_value().link = std::move(parsed).value().link;
           });
}

void fetch_hearing(AppState& state, Services& services) {
  auto& c = state.clinical;
  const auto ticket = c.hearing.start();
  call_api(state, services.api, "GET", "/api/patients/" + c.patient_id + "/hearing", nullptr,
           [&services, ticket](AppState& s, const Result<nlohmann::json>& reply) {
             auto& cs = s.clinical;
             auto record = reply ? parse_hearing_record(reply.value()) : Result<HearingRecord>(reply.error());
             if (!record) {
               if (cs.hearing.fail(ticket, record.error())) load_failed(s, services, record.error());
               return;
             }
             auto value = std::move(record).value();
             // First open of a patient HearLink does not know yet: ask the server to create them
             // there (idempotent on the server; it answers pending, needs_phone or failed at once).
             if (value.link.status == "not_linked" && allows(s, Permission::draft)) request_link(s, services);
             int selected = 0;
             for (size_t i = 0; i < value.tests.size(); ++i) {
               if (!cs.wanted_test_uid.empty() && value.tests[i].uid == cs.wanted_test_uid)
                 selected = static_cast<int>(i);
             }
             if (cs.hearing.resolve(ticket, std::move(value))) {
               cs.selected_test = selected;
               // A blank note opened for a test before the record arrived: now its date is known.
               auto& ed = cs.editor;
               if (ed.open && !ed.note && ed.title_is_default && !ed.hearing_test_uid.empty())
                 ed.title = default_title(s, ed.hearing_test_uid);
             }
           });
}

// One page of the patient's notes after `before` ("" the newest), added to `so_far`; the list is
// complete (and resolved) once a page says no older notes are left. Pages are bounded by the
// server; the whole list is what the editor needs (an addendum's original, a deep-linked note and a
// device copy's note can be anywhere in it), and a patient's notes are rarely more than one page.
void fetch_notes_page(AppState& state, Services& services, Remote<std::vector<ClinicalNote>>::Ticket ticket,
                      bool choose, std::vector<ClinicalNote> so_far, const std::string& before) {
  auto& c = state.clinical;
  auto path = "/api/interactions?patient_id=" + url_encode(c.patient_id);
  if (!before.empty()) path += "&before=" + url_encode(before);
  call_api(state, services.api, "GET", path, nullptr,
           [&services, ticket, choose, before, so_far = std::move(so_far)](
               AppState& s, const Result<nlohmann::json>& reply) mutable {
             auto& cs = s.clinical;
             auto page = reply ? parse_note_list(reply.value()) : Result<NoteList>(reply.error());
             if (!page) {
               if (cs.notes.fail(ticket, page.error())) load_failed(s, services, page.error());
               return;
             }
             auto& items = page.value().items;
             const auto& next = page.value().next_before;
             if (!next.empty() && (items.empty() || next == before)) {
               // A next page that is no further on would be asked for forever.
               const Error stuck{ErrorCode::internal, "The notes list did not advance."};
               if (cs.notes.fail(ticket, stuck)) load_failed(s, services, stuck);
               return;
             }
             so_far.insert(so_far.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
             if (!next.empty()) {
               if (cs.notes.awaits(ticket))
                 fetch_notes_page(s, services, ticket, choose, std::move(so_far), page.value().next_before);
               return;
             }
             if (!cs.notes.resolve(ticket, std::move(so_far))) return;
             if (choose) choose_note(s, services);
             offer_device_copy(s, services);
           });
}

// `choose`: open a note once they arrive (opening a patient); else the list stays on screen.
void fetch_notes(AppState& state, Services& services, bool choose = true) {
  const auto ticket = state.clinical.notes.start();
  fetch_notes_page(state, services, ticket, choose, {}, "");
}

void fetch_worklist(AppState& state, Services& services) {
  auto& c = state.clinical;
  const auto ticket = c.worklist.start();
  const auto path = c.drafts_offset == 0 && c.tests_offset == 0
                        ? std::string("/api/worklist")
                        : "/api/worklist?drafts_offset=" + std::to_string(c.drafts_offset) +
                              "&tests_offset=" + std::to_string(c.tests_offset);
  call_api(state, services.api, "GET", path, nullptr,
           [&services, ticket](AppState& s, const Result<nlohmann::json>& reply) {
             auto& cs = s.clinical;
             auto list = reply ? parse_worklist(reply.value()) : Result<Worklist>(reply.error());
             if (!list) {
               if (cs.worklist.fail(ticket, list.error())) load_failed(s, services, list.error());
               return;
             }
             // A page emptied by a change elsewhere (its last rows signed or marked): the last page
             // that has rows instead.
             const auto& l = list.value();
             auto last_page = [](std::int64_t total) {
               return total == 0 ? 0 : (total - 1) / kWorklistPage * kWorklistPage;
             };
             const bool drafts_past = cs.drafts_offset > 0 && cs.drafts_offset >= l.drafts_total;
             const bool tests_past = cs.tests_offset > 0 && cs.tests_offset >= l.tests_total;
             if (!cs.worklist.resolve(ticket, std::move(list).value()) || !(drafts_past || tests_past)) return;
             const auto& resolved = cs.worklist.value();
             if (drafts_past) cs.drafts_offset = last_page(resolved.drafts_total);
             if (tests_past) cs.tests_offset = last_page(resolved.tests_total);
             fetch_worklist(s, services);
           });
}

}  // namespace

const char* save_status_name(SaveStatus status) {
  switch (status) {
    case SaveStatus::clean:
      return "clean";
    case SaveStatus::pending:
      return "pending";
    case SaveStatus::saving:
      return "saving";
    case SaveStatus::retrying:
      return "retrying";
    case SaveStatus::conflict:
      return "conflict";
    case SaveStatus::refused:
      return "refused";
  }
  return "clean";
}

std::string note_id_from_fragment(const std::string& fragment) {
  std::string_view f = fragment;
  if (!f.empty() && f.front() == '#') f.remove_prefix(1);
  // "note=<id>", possibly among other "&"-separated parts.
  while (!f.empty()) {
    const auto end = f.find('&');
    const auto part = f.substr(0, end);
    if (part.substr(0, 5) == "note=" && part.size() > 5) {
      std::string id(part.substr(5));
      const bool safe = std::all_of(id.begin(), id.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
               ch == '_';
      });
      return safe && id.size() <= 100 ? id : std::string();
    }
    if (end == std::string_view::npos) break;
    f.remove_prefix(end + 1);
  }
  return {};
}

// --- Commands ----------------------------------------------------------------------------------

void load_worklist(AppState& state, Services& services) {
  if (state.clinical.worklist.pending()) return;
  fetch_worklist(state, services);
}

void page_worklist(AppState& state, Services& services, std::int64_t drafts_offset, std::int64_t tests_offset) {
  auto& c = state.clinical;
  c.drafts_offset = std::max<std::int64_t>(0, drafts_offset);
  c.tests_offset = std::max<std::int64_t>(0, tests_offset);
  fetch_worklist(state, services);
}

void mark_no_note_needed(AppState& state, Services& services, const std::string& test_uid, bool no_note_needed) {
  auto& c = state.clinical;
  if (test_uid.empty() || !allows(state, Permission::draft)) return;
  c.worklist_notice.clear();
  c.unmarked_test.clear();
  call_api(state, services.api, no_note_needed ? "POST" : "DELETE",
           "/api/worklist/tests/" + url_encode(test_uid) + "/no-note-needed", nlohmann::json::object(),
           [&services](AppState& s, const Result<nlohmann::json>& reply) {
             auto& cs = s.clinical;
             auto mark = reply ? parse_test_note_mark(reply.value()) : Result<TestNoteMark>(reply.error());
             if (!mark) {
               cs.worklist_notice = "Not changed: " + std::string(error_info(mark.error().code).clinician);
               return;
             }
             if (mark.value().no_note_needed) {
               cs.worklist_notice = "Marked “No note needed”.";
               cs.unmarked_test = mark.value().hearing_test_uid;
             } else {
               cs.worklist_notice = "The test is back on the list.";
             }
             if (cs.patient_id.empty()) fetch_worklist(s, services);
           });
}

void search_patients(AppState& state, Services& services) {
  auto& c = state.clinical;
  c.search_due_ms.reset();
  const auto first = c.search_query.find_first_not_of(' ');
  if (first == std::string::npos) {
    c.search.reset();
    c.searched_query.clear();
    return;
  }
  const auto query = c.search_query.substr(first, c.search_query.find_last_not_of(' ') - first + 1);
  c.searched_query = query;
  const auto ticket = c.search.start();
  const auto path = "/api/patients?query=" + url_encode(query) + "&limit=" + std::to_string(kSearchPage) +
                    "&offset=" + std::to_string(c.search_offset);
  call_api(state, services.api, "GET", path, nullptr, [ticket](AppState& s, const Result<nlohmann::json>& reply) {
    auto results = reply ? parse_patient_search(reply.value()) : Result<PatientSearchResults>(reply.error());
    if (results) {
      s.clinical.search.resolve(ticket, std::move(results).value());
    } else {
      s.clinical.search.fail(ticket, results.error());
    }
  });
}

void show_worklist(AppState& state, Services& services) {
  auto& c = state.clinical;
  if (c.editor.dirty() || c.editor.save_in_flight) {
    c.requested_patient = std::string();  // after the save
    return;
  }
  withdraw_device_offer(state);
  c.patient_id.clear();
  c.patient.reset();
  c.hearing.reset();
  c.notes.reset();
  reset_editor(c);
  c.failed_loads = 0;
  c.reload_at_ms.reset();
  c.worklist.reset();
  load_worklist(state, services);
}

void open_patient(AppState& state, Services& services, const std::string& patient_id, const std::string& note_id,
                  const std::string& test_uid) {
  auto& c = state.clinical;
  if (patient_id.empty()) return;
  if (c.editor.dirty() || c.editor.save_in_flight) {
    c.requested_patient = patient_id;  // switch once the note is saved
    return;
  }
  withdraw_device_offer(state);
  c.patient_id = patient_id;
  c.wanted_note_id = note_id;
  c.wanted_test_uid = test_uid;
  c.selected_test = 0;
  c.failed_loads = 0;
  c.reload_at_ms.reset();
  reset_editor(c);
  fetch_patient(state, services);
  fetch_hearing(state, services);
  fetch_notes(state, services);
}

void open_note_link(AppState& state, Services& services, const std::string& note_id) {
  call_api(state, services.api, "GET", "/api/interactions/" + note_id, nullptr,
           [&services](AppState& s, const Result<nlohmann::json>& reply) {
             auto note = reply ? note_in(reply) : Result<ClinicalNote>(reply.error());
             if (note) {
               open_patient(s, services, note.value().patient_id, note.value().id, {});
             } else if (s.clinical.patient_id.empty()) {
               load_worklist(s, services);  // a link to a note that is gone (or not ours): the worklist
             }
           });
}

void reload_patient(AppState& state, Services& services) {
  auto& c = state.clinical;
  c.reload_at_ms.reset();
  if (c.patient_id.empty()) {
    if (!c.worklist.ready()) load_worklist(state, services);
    return;
  }
  if (c.patient.failed() || c.patient.idle()) fetch_patient(state, services);
  if (c.hearing.failed() || c.hearing.idle()) fetch_hearing(state, services);
  if (c.notes.failed() || c.notes.idle()) fetch_notes(state, services);
}

void save_note(AppState& state, Services& services) {
  auto& c = state.clinical;
  auto& e = c.editor;
  if (!e.open || e.read_only() || e.save_in_flight || e.status == SaveStatus::conflict) return;
  e.save_due_ms.reset();
  if (!e.dirty()) {
    if (e.status == SaveStatus::pending) e.status = SaveStatus::clean;
    return;
  }
  const auto problems = validate_note_text(e.title, e.body);
  if (!problems.empty()) {
    e.status = SaveStatus::refused;
    e.message = problems.front().message;
    return;
  }
  e.save_in_flight = true;
  e.sending_edits = e.edits;
  e.unsaved_since_ms.reset();  // changes from now on wait for the next save
  e.status = SaveStatus::saving;
  e.message.clear();

  const auto generation = c.editor_generation;
  auto done = [&services, generation](AppState& s, const Result<nlohmann::json>& reply, const nlohmann::json& raw) {
    auto& cs = s.clinical;
    if (cs.editor_generation != generation) return;  // the editor moved on (another patient)
    auto& ed = cs.editor;
    ed.save_in_flight = false;
    auto note = reply ? note_in(reply) : Result<ClinicalNote>(reply.error());
    if (note) {
      ed.note = std::move(note).value();
      ed.saved_edits = ed.sending_edits;
      ed.failed_saves = 0;
      ed.saved_at = ed.note->updated_at ? ed.note->updated_at : services.now_ms() / 1000;
      ed.status = ed.dirty() ? SaveStatus::pending : SaveStatus::clean;
      if (ed.dirty() && !ed.save_due_ms) ed.save_due_ms = services.now_ms();
      publish_fragment(s, services, ed.note->id);
      return;
    }
    const auto& error = note.error();
    if (show_conflict(ed, error, raw)) return;
    if (is_retryable(error.code)) {
      ++ed.failed_saves;
      ed.status = SaveStatus::retrying;
      ed.save_due_ms = services.now_ms() + retry_delay_ms(ed.failed_saves);
      return;
    }
    ed.status = SaveStatus::refused;
    ed.message = refusal_text(error);
  };

  if (!e.note) {
    const NoteCreateRequest request{c.patient_id,       e.title,       e.body,
                                    e.hearing_test_uid, e.addendum_of, e.referenced_tests};
    call_api_with_body(state, services.api, "POST", "/api/interactions", to_json(request), {}, std::move(done));
  } else {
    // The version goes in If-Match.
    const NoteUpdateRequest request{e.title, e.body, std::nullopt, e.referenced_tests};
    call_api_with_body(state, services.api, "PUT", "/api/interactions/" + e.note->id, to_json(request),
                       {{"If-Match", "\"" + std::to_string(e.note->version) + "\""}}, std::move(done));
  }
}

void sign_note(AppState& state, Services& services) {
  auto& c = state.clinical;
  auto& e = c.editor;
  e.confirm_sign = false;
  if (!sign_disabled_reason(state).empty()) return;
  e.sign_in_flight = true;
  e.message.clear();
  const auto generation = c.editor_generation;
  call_api_with_body(
      state, services.api, "POST", "/api/interactions/" + e.note->id + "/sign",
      to_json(NoteSignRequest{e.note->version}), {},
      [&services, generation](AppState& s, const Result<nlohmann::json>& reply, const nlohmann::json& raw) {
        auto& cs = s.clinical;
        if (cs.editor_generation != generation) return;
        auto& ed = cs.editor;
        ed.sign_in_flight = false;
        auto note = reply ? note_in(reply) : Result<ClinicalNote>(reply.error());
        if (note) {
          ed.note = std::move(note).value();
          ed.title = ed.note->title;
          ed.body = ed.note->body;
          ed.status = SaveStatus::clean;
          publish_fragment(s, services, ed.note->id);
          return;
        }
        const auto& error = note.error();
        if (show_conflict(ed, error, raw)) return;
        ed.message =
            is_retryable(error.code) ? "Not signed: HearBridge did not answer. Try again." : refusal_text(error);
      });
}

void keep_my_version(AppState& state, Services& services) {
  auto& e = state.clinical.editor;
  if (e.status != SaveStatus::conflict || !e.theirs || e.theirs->signed_) return;
  e.note = std::move(*e.theirs);  // mine goes over their version number
  e.theirs.reset();
  e.status = SaveStatus::pending;
  save_note(state, services);
}

void take_their_version(AppState& state, Services& services) {
  auto& e = state.clinical.editor;
  if (e.status != SaveStatus::conflict || !e.theirs) return;
  e.note = std::move(*e.theirs);
  e.theirs.reset();
  e.title = e.note->title;
  e.body = e.note->body;
  e.saved_edits = e.edits;
  e.save_due_ms.reset();
  e.status = SaveStatus::clean;
  e.saved_at = e.note->updated_at;
  publish_fragment(state, services, e.note->id);
}

void start_new_note(AppState& state, Services&) {
  auto& c = state.clinical;
  if (c.patient_id.empty() || c.editor.dirty() || c.editor.save_in_flight) return;
  c.wanted_test_uid.clear();
  open_blank_note(state);
}

void show_note_list(AppState& state, Services& services) {
  auto& c = state.clinical;
  if (c.patient_id.empty()) return;
  if (c.editor.dirty() || c.editor.save_in_flight) {
    c.note_list_requested = true;  // once the note is saved (tick_clinical)
    return;
  }
  c.note_list_requested = false;
  c.wanted_test_uid.clear();
  reset_editor(c);
  fetch_notes(state, services, false);  // fresh: saves and signatures since the last load show
}

void open_note(AppState& state, Services& services, const std::string& note_id) {
  auto& c = state.clinical;
  if (!c.notes.ready() || c.editor.dirty() || c.editor.save_in_flight) return;
  const auto& notes = c.notes.value();
  const auto it = std::find_if(notes.begin(), notes.end(), [&](const ClinicalNote& n) { return n.id == note_id; });
  if (it == notes.end()) return;
  c.note_list_notice.clear();
  open_existing_note(state, services, *it);
}

void open_note_with_words(AppState& state, Services& services, const ClinicalNote* note, const UnsavedWords& words) {
  auto& c = state.clinical;
  if (note) {
    open_existing_note(state, services, *note);
  } else {
    reset_editor(c);
    c.editor.open = true;
    c.editor.addendum_of = words.addendum_of;
    c.editor.hearing_test_uid = words.hearing_test_uid;
  }
  auto& e = c.editor;
  e.title = words.title;
  e.body = words.body;
  e.referenced_tests = words.tests;
  ++e.edits;
  if (note && (note->signed_ || note->version != words.base_version)) {
    e.theirs = *note;  // changed (or signed) since: the clinician chooses
    e.status = SaveStatus::conflict;
    return;
  }
  e.status = SaveStatus::pending;
  e.unsaved_since_ms = services.now_ms();
  e.save_due_ms = services.now_ms();
}

void start_addendum(AppState& state, Services&) {
  auto& c = state.clinical;
  const auto& e = c.editor;
  if (!e.read_only() || !allows(state, Permission::draft)) return;
  // An addendum to an addendum adds to the note both are about.
  const auto original_id = e.note->addendum_of.empty() ? e.note->id : e.note->addendum_of;
  std::string original_title = e.note->title;
  if (!e.note->addendum_of.empty() && c.notes.ready()) {
    for (const auto& n : c.notes.value()) {
      if (n.id == original_id) original_title = n.title;
    }
  }
  reset_editor(c);
  auto& fresh = c.editor;
  fresh.open = true;
  fresh.addendum_of = original_id;
  fresh.title = fit_title("Addendum to " + original_title);
  fresh.title_is_default = true;
}

void delete_note(AppState& state, Services& services) {
  auto& c = state.clinical;
  auto& e = c.editor;
  e.confirm_delete = false;
  if (!delete_disabled_reason(state).empty()) return;
  e.delete_in_flight = true;
  e.save_due_ms.reset();  // the words are going: no autosave may bring them back
  e.message.clear();
  const auto generation = c.editor_generation;
  call_api_with_body(
      state, services.api, "DELETE", "/api/interactions/" + e.note->id, nullptr,
      {{"If-Match", "\"" + std::to_string(e.note->version) + "\""}},
      [&services, generation](AppState& s, const Result<nlohmann::json>& reply, const nlohmann::json& raw) {
        auto& cs = s.clinical;
        if (cs.editor_generation != generation) return;
        auto& ed = cs.editor;
        ed.delete_in_flight = false;
        auto note = reply ? note_in(reply) : Result<ClinicalNote>(reply.error());
        if (note) {
          ed.saved_edits = ed.edits;  // nothing left to save
          show_note_list(s, services);
          cs.note_list_notice = "Draft “" + note.value().title + "” deleted.";
          return;
        }
        const auto& error = note.error();
        if (ed.dirty()) ed.save_due_ms = services.now_ms();  // not deleted: the words are saved after all
        if (show_conflict(ed, error, raw)) return;
        ed.message = is_retryable(error.code) ? "Not deleted: HearBridge did not answer. Try again."
                                              : "Not deleted: " + refusal_text(error);
      });
}

void close_app(AppState& state, Services& services) {
  auto& c = state.clinical;
  // Unsaved words are saved first: tick_clinical saves at once and asks again once the note is clean.
  // A conflict or a refusal keeps the app open, so the clinician sees it rather than losing the text.
  c.close_requested = c.editor.dirty() || c.editor.save_in_flight;
  if (c.close_requested) return;
  if (services.host.close) services.host.close();
}

// --- Widgets and the frame loop --------------------------------------------------------------------

void note_edited(AppState& state, std::int64_t now_ms) {
  auto& e = state.clinical.editor;
  if (!e.open || e.read_only()) return;
  ++e.edits;
  e.notice.clear();
  if (!e.unsaved_since_ms) e.unsaved_since_ms = now_ms;
  // The device's copy follows 300 ms after the first change it lacks (then again for later ones).
  auto& device = state.clinical.device;
  if (device.open && !device.due_ms) device.due_ms = now_ms + kDeviceCopyDelayMs;
  e.save_due_ms = std::min(now_ms + kAutosaveDelayMs, *e.unsaved_since_ms + kAutosaveMaxWaitMs);
  if (e.status == SaveStatus::clean || e.status == SaveStatus::refused) e.status = SaveStatus::pending;
}

void insert_hearing_summary(AppState& state, std::int64_t now_ms) {
  auto& c = state.clinical;
  auto& e = c.editor;
  if (!e.open || e.read_only() || !c.hearing.ready()) return;
  const auto& tests = c.hearing.value().tests;
  if (c.selected_test < 0 || c.selected_test >= static_cast<int>(tests.size())) return;
  const auto& test = tests[static_cast<size_t>(c.selected_test)];
  const auto summary = hearing_summary(test);
  // The same summary twice says nothing new: show the one that is there instead.
  if (const auto found = e.body.find(summary); found != std::string::npos) {
    e.body_caret.request = CaretRequest{found + summary.size(), std::nullopt, 0};
    e.notice = "This test's summary is already in the note.";
    return;
  }
  // At the caret, as a paragraph of its own: a blank line before and after it.
  const auto at = std::min(e.body_caret.position.value_or(e.body.size()), e.body.size());
  std::string before_gap;
  if (at > 0 && e.body[at - 1] != '\n') {
    before_gap = "\n\n";
  } else if (at > 1 && e.body[at - 2] != '\n') {
    before_gap = "\n";
  }
  std::string after_gap;
  if (at < e.body.size() && e.body[at] != '\n') {
    after_gap = "\n\n";
  } else if (at < e.body.size() && (at + 1 >= e.body.size() || e.body[at + 1] != '\n')) {
    after_gap = "\n";
  }
  auto previous = e.body;
  e.body.insert(at, before_gap + summary + after_gap);
  e.body_caret.request = CaretRequest{at + before_gap.size() + summary.size(), std::move(previous), at};
  e.body_caret.position = e.body_caret.request->caret;
  if (!e.note && e.hearing_test_uid.empty()) e.hearing_test_uid = test.uid;
  // The note now refers to this test: it leaves the worklist once the note is saved.
  if (std::find(e.referenced_tests.begin(), e.referenced_tests.end(), test.uid) == e.referenced_tests.end())
    e.referenced_tests.push_back(test.uid);
  if (e.title_is_default) e.title = "Hearing test " + test.test_date;  // the note is now about that test
  note_edited(state, now_ms);
}

void search_edited(AppState& state, std::int64_t now_ms) {
  state.clinical.search_due_ms = now_ms + kSearchDelayMs;
  state.clinical.search_offset = 0;
}

void request_patient(AppState& state, const std::string& patient_id) {
  auto& c = state.clinical;
  if (patient_id.empty() || (patient_id == c.patient_id && !c.requested_patient)) return;
  c.requested_patient = patient_id;
}

void save_unsaved_now(AppState& state, Services& services) {
  keep_device_copy(state, services);                                // the page may be going: the freshest copy first
  if (state.clinical.editor.status == SaveStatus::refused) return;  // save_note itself holds back on a conflict
  save_note(state, services);
}

void retry_save_now(AppState& state, std::int64_t now_ms) {
  auto& e = state.clinical.editor;
  if (e.status == SaveStatus::retrying && !e.save_in_flight) e.save_due_ms = now_ms;
}

bool has_unsaved_words(const AppState& state) {
  const auto& e = state.clinical.editor;
  return e.open && !e.read_only() && (e.dirty() || e.save_in_flight);
}

namespace {

// Leaving asks for the save now, unless saves are failing: then the back-off holds (pulling the next
// try forward on every frame would hammer a server that is down, and fail just as fast).
void save_soon(NoteEditor& e, std::int64_t now_ms) {
  if (e.status == SaveStatus::retrying) return;
  if (!e.save_due_ms || *e.save_due_ms > now_ms) e.save_due_ms = now_ms;
}

}  // namespace

void tick_clinical(AppState& state, std::int64_t now_ms) {
  const auto* context = context_of(state);
  if (!context || context->access_denied) return;
  // Also once the session ended: the words it could not save are kept on the device.
  tick_device_copy(state, now_ms);
  if (state.ended) return;
  auto& c = state.clinical;
  if (!c.started) {
    c.started = true;
    if (context->surface != "settings" && context->allows(Permission::draft))
      state.commands.emplace_back(FetchRecoveryKey{});
    if (!context->patient_id.empty()) {
      state.commands.emplace_back(OpenPatient{context->patient_id, c.deep_link_note_id, {}});
    } else if (!c.deep_link_note_id.empty()) {
      state.commands.emplace_back(OpenNoteLink{c.deep_link_note_id});
    } else if (context->surface != "settings") {
      state.commands.emplace_back(LoadWorklist{});
    }
  }
  auto& e = c.editor;
  if (c.requested_patient && !e.save_in_flight) {
    if (e.dirty() && e.status != SaveStatus::conflict && e.status != SaveStatus::refused) {
      save_soon(e, now_ms);  // then switch
    } else if (!e.dirty()) {
      const auto id = std::move(*c.requested_patient);
      c.requested_patient.reset();
      if (id.empty()) {
        state.commands.emplace_back(ShowWorklist{});
      } else {
        state.commands.emplace_back(OpenPatient{id, {}, {}});
      }
    }
  }
  if (c.note_list_requested && !e.save_in_flight) {
    if (e.status == SaveStatus::conflict || e.status == SaveStatus::refused) {
      c.note_list_requested = false;  // the clinician must choose first
    } else if (e.dirty()) {
      save_soon(e, now_ms);
    } else {
      state.commands.emplace_back(ShowNoteList{});
    }
  }
  if (c.close_requested && !e.save_in_flight) {
    if (e.status == SaveStatus::conflict || e.status == SaveStatus::refused) {
      c.close_requested = false;  // the clinician must choose first
    } else if (e.dirty()) {
      save_soon(e, now_ms);
    } else {
      state.commands.emplace_back(CloseApp{});
    }
  }
  if (e.save_due_ms && now_ms >= *e.save_due_ms && !e.save_in_flight) {
    e.save_due_ms.reset();
    state.commands.emplace_back(SaveNote{});
  }
  if (c.search_due_ms && now_ms >= *c.search_due_ms) {
    c.search_due_ms.reset();
    state.commands.emplace_back(SearchPatients{});
  }
  if (c.reload_at_ms && now_ms >= *c.reload_at_ms) {
    c.reload_at_ms.reset();
    state.commands.emplace_back(ReloadPatient{});
  }
}

std::optional<std::int64_t> next_clinical_timer(const AppState& state) {
  const auto& c = state.clinical;
  std::optional<std::int64_t> next;
  auto consider = [&](const std::optional<std::int64_t>& at) {
    if (at && (!next || *at < *next)) next = at;
  };
  // A "next try in N s" countdown on screen changes every second: a frame when it does.
  auto countdown = [&](std::int64_t at) {
    const auto remaining = std::max<std::int64_t>(at - state.now_ms, 0);
    const auto step = remaining % 1000 == 0 ? 1000 : remaining % 1000;
    consider(state.now_ms + std::min(remaining, step));
  };
  if (!c.editor.save_in_flight) {
    consider(c.editor.save_due_ms);
    if (c.editor.save_due_ms && c.editor.status == SaveStatus::retrying) countdown(*c.editor.save_due_ms);
  }
  consider(c.search_due_ms);
  consider(next_device_timer(state));
  if (c.reload_at_ms) countdown(*c.reload_at_ms);
  return next;
}

std::string delete_disabled_reason(const AppState& state) {
  const auto& e = state.clinical.editor;
  if (!allows(state, Permission::draft)) return "Your role cannot delete notes.";
  if (state.ended) return "The session ended.";
  if (!e.open || !e.note) return "There is no saved draft to delete.";
  if (e.read_only()) return "A signed note cannot be deleted; write an addendum.";
  if (e.status == SaveStatus::conflict) return "Choose a version first.";
  if (e.save_in_flight || e.sign_in_flight || e.delete_in_flight) return "Wait a moment: the note is being sent.";
  return {};
}

std::vector<const ClinicalNote*> addenda_of(const AppState& state, const std::string& note_id) {
  std::vector<const ClinicalNote*> found;
  const auto& c = state.clinical;
  if (!c.notes.ready() || note_id.empty()) return found;
  for (const auto& n : c.notes.value()) {
    if (n.addendum_of == note_id && n.signed_) found.push_back(&n);
  }
  std::reverse(found.begin(), found.end());  // the list is newest first
  return found;
}

std::string sign_disabled_reason(const AppState& state) {
  const auto& e = state.clinical.editor;
  if (!allows(state, Permission::sign)) return "Your role cannot sign notes.";
  if (state.ended) return "The session ended.";
  if (!e.open) return "There is no note to sign.";
  if (e.read_only()) return "This note is signed.";
  if (e.status == SaveStatus::conflict) return "Choose a version first.";
  if (!e.note) return "Type the note first: it is saved before it can be signed.";
  if (e.dirty() || e.save_in_flight) return "Wait until the note is saved.";
  if (e.sign_in_flight) return "Signing…";
  return {};
}

std::string save_status_text(const AppState& state) {
  const auto& e = state.clinical.editor;
  // The banner across the app says what happened and what to do; this line stays short.
  if (state.ended && has_unsaved_words(state)) return "Not saved — the session ended";
  switch (e.status) {
    case SaveStatus::clean:
      // A signed note is not "saved": its own line says who signed it and when.
      if (e.read_only()) return {};
      return e.saved_at ? "Saved " + local_clock(state.time_zone, e.saved_at) : std::string();
    case SaveStatus::pending:
      return "Unsaved changes";
    case SaveStatus::saving:
      return state.clinical.close_requested ? "Saving before closing…" : "Saving…";
    case SaveStatus::retrying:
      return state.clinical.close_requested ? "Not saved — retrying, then closing" : "Not saved — retrying";
    case SaveStatus::conflict:
      return "Not saved — this note changed elsewhere";
    case SaveStatus::refused:
      return "Not saved — " + e.message;
  }
  return {};
}

}  // namespace hb::web

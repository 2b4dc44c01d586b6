// The clinician's screens' logic: what each command sends, how replies land in ClinicalState,
// autosave timing, conflicts and signing. No drawing here; tests drive it with the fake HTTP client
// and a settable clock.
//
// Every body is a shared message (read and written by the same mapping as the server's):
//   GET  /api/worklist?drafts_offset=&tests_offset= → Worklist (shared/worklist.hpp), a page of each list
//   POST|DELETE /api/worklist/tests/{uid}/no-note-needed → TestNoteMark
//   GET  /api/patients?query=<q>&limit=20&offset=0 → PatientSearchResults (shared/patient.hpp)
//   GET  /api/patients/{id}                       → PatientReply
//   GET  /api/patients/{id}/hearing               → HearingRecord (shared/hearing_record.hpp)
//   POST /api/patients/{id}/link                  → LinkReply
//   GET  /api/interactions?patient_id={id}[&before] → NoteList (shared/clinical_note.hpp), newest first, by page
//   POST /api/interactions NoteCreateRequest      → 201 NoteReply
//   PUT  /api/interactions/{id}  If-Match: "<version>"  NoteUpdateRequest → 200 NoteReply
//        409 NoteConflict (stale version, or signed meanwhile)
//   POST /api/interactions/{id}/sign NoteSignRequest → 200 NoteReply; 403 forbidden; 409 NoteConflict
//   DELETE /api/interactions/{id}  If-Match: "<version>" → 200 NoteReply (deleted); 409 NoteConflict
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/recovery.hpp"
#include "shared/result.hpp"
#include "web/app_state.hpp"
#include "web/services.hpp"

namespace hb::web {

// "note=<id>" (from HintSDK.fragment or location.hash, with or without '#') → the id, else "".
std::string note_id_from_fragment(const std::string& fragment);

// --- Commands (web/commands.hpp) ---------------------------------------------------------------
void load_worklist(AppState& state, Services& services);
void search_patients(AppState& state, Services& services);
void show_worklist(AppState& state, Services& services);
void open_patient(AppState& state, Services& services, const std::string& patient_id, const std::string& note_id,
                  const std::string& test_uid);
void open_note_link(AppState& state, Services& services, const std::string& note_id);
void reload_patient(AppState& state, Services& services);
void save_note(AppState& state, Services& services);
void sign_note(AppState& state, Services& services);
void keep_my_version(AppState& state, Services& services);
void take_their_version(AppState& state, Services& services);
void start_new_note(AppState& state, Services& services);
// The patient's notes list; with unsaved words, once they are saved.
void show_note_list(AppState& state, Services& services);
// Opens `note` (nullptr: a new note) with `words` in the editor, unsaved: saved at once, or, when the
// note changed since they were typed (or was signed), through the conflict view (restoring words
// kept on the device).
void open_note_with_words(AppState& state, Services& services, const ClinicalNote* note, const UnsavedWords& words);
// Opens a note of the loaded list (nothing when it is not there, or words are unsaved).
void open_note(AppState& state, Services& services, const std::string& note_id);
// A new draft that adds to the signed note on screen ("Addendum to <title>").
void start_addendum(AppState& state, Services& services);
// Deletes the draft on screen (after the confirmation), then shows the list.
void delete_note(AppState& state, Services& services);
void mark_no_note_needed(AppState& state, Services& services, const std::string& test_uid, bool no_note_needed);
void page_worklist(AppState& state, Services& services, std::int64_t drafts_offset, std::int64_t tests_offset);
void close_app(AppState& state, Services& services);

// --- Called by widgets and by the frame loop -------------------------------------------------------
// The clinician changed the title or body at `now_ms`: autosave runs kAutosaveDelayMs after the
// last change.
void note_edited(AppState& state, std::int64_t now_ms);
// Appends the selected hearing test's summary to the body (a change like any other).
void insert_hearing_summary(AppState& state, std::int64_t now_ms);
// The search field changed: search 300 ms after the last keystroke.
void search_edited(AppState& state, std::int64_t now_ms);
// Hint says another patient is current (HintSDK.onCurrentPatientChanged).
void request_patient(AppState& state, const std::string& patient_id);
// The app is about to go away (Hint closes its container, the page is hidden or unloads): unsaved
// words are sent now, not after autosave's delay — the page may draw no further frame. A conflict
// or a refusal sends nothing: the clinician decides.
void save_unsaved_now(AppState& state, Services& services);
// Words typed that the server does not have yet (unsaved, or their save still in flight).
bool has_unsaved_words(const AppState& state);
// While saves fail (the banner's "Try now"): the next try at once, not after the back-off.
void retry_save_now(AppState& state, std::int64_t now_ms);

// Before each frame: first loads once the session is ready, due autosaves, searches and retries,
// and a requested patient switch once the note is saved.
void tick_clinical(AppState& state, std::int64_t now_ms);
// When the app must wake without input next (autosave, search, retries); nullopt: no timer.
std::optional<std::int64_t> next_clinical_timer(const AppState& state);

// Why "Delete draft…" is disabled ("" when it is enabled).
std::string delete_disabled_reason(const AppState& state);
// The signed notes that add to `note_id` (addenda), oldest first.
std::vector<const ClinicalNote*> addenda_of(const AppState& state, const std::string& note_id);

// Why the Sign button is disabled ("" when it is enabled).
std::string sign_disabled_reason(const AppState& state);

// "Saved 14:05" / "Saving…" / "Not saved — retrying" / …: the editor's status line.
std::string save_status_text(const AppState& state);

}  // namespace hb::web

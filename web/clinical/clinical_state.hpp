// The clinician's screens' state: the worklist and patient search (core page), the open
// patient (header, hearing record, notes) and the note editor with autosave, conflict and signing.
// Part of AppState; edited by widgets, filled by replies (web/clinical/clinical_flow.*).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shared/clinical_note.hpp"
#include "shared/hearing_record.hpp"
#include "shared/patient.hpp"
#include "shared/worklist.hpp"
#include "web/remote.hpp"
#include "web/text_caret.hpp"

namespace hb::web {

enum class SaveStatus {
  clean,     // nothing to save (shows "Saved hh:mm" once something was saved)
  pending,   // typed; the autosave timer runs
  saving,    // a save is on its way
  retrying,  // the last save got no answer (or a 5xx): retried with back-off
  conflict,  // 409: the clinician chooses between the versions
  refused,   // refused for good (validation, permission): the message says why
};
const char* save_status_name(SaveStatus status);

constexpr std::int64_t kAutosaveDelayMs = 2000;

struct NoteEditor {
  bool open = false;                 // the note panel shows an editor (a new or an existing note)
  std::optional<ClinicalNote> note;  // the server's copy we last saw (none: not created yet)
  std::string title;                 // what the clinician edits
  bool title_is_default = false;     // a new note's generated title, not yet typed over
  std::string body;
  std::string hearing_test_uid;     // the test the note was started from (new notes)
  std::uint64_t edits = 0;          // bumped on each change
  std::uint64_t saved_edits = 0;    // the edit count the server has acknowledged
  std::uint64_t sending_edits = 0;  // the edit count of the save in flight
  bool save_in_flight = false;
  std::optional<std::int64_t> save_due_ms;  // autosave: 2 s after the last change
  SaveStatus status = SaveStatus::clean;
  std::int64_t saved_at = 0;  // unix seconds of the last acknowledged save (for "Saved hh:mm")
  int failed_saves = 0;
  TextCaret body_caret;                // Insert hearing summary goes where the clinician left the caret
  std::string notice;                  // a fact about the last action (e.g. the summary is in already)
  std::string message;                 // why a save or sign was refused (catalogue/validation text)
  std::optional<ClinicalNote> theirs;  // the server's version in a conflict
  bool confirm_sign = false;           // the confirmation dialog is open
  // The dialog takes a confirmation only once every key and button that could have opened it has
  // been let go: the Enter (or Space, or click) on "Sign…" can never also sign.
  bool sign_dialog_armed = false;
  bool sign_in_flight = false;

  bool dirty() const { return edits != saved_edits; }
  bool read_only() const { return note && note->signed_; }
};

struct ClinicalState {
  bool started = false;  // the first loads were queued once the session was ready
  // Core page.
  Remote<Worklist> worklist;
  std::string search_query;
  std::string searched_query;                 // what the current results are for
  std::optional<std::int64_t> search_due_ms;  // debounced search
  Remote<PatientSearchResults> search;
  // The open patient ("" on the worklist).
  std::string patient_id;
  Remote<Patient> patient;
  Remote<HearingRecord> hearing;
  Remote<std::vector<ClinicalNote>> notes;
  int selected_test = 0;        // index into hearing.tests (newest first)
  std::string wanted_note_id;   // open this note once the notes arrive (deep link, worklist)
  std::string wanted_test_uid;  // start a note from this test (worklist "tests without a note")
  NoteEditor editor;
  std::uint64_t editor_generation = 0;  // bumped whenever `editor` is replaced: late replies are dropped
  // Loads that got no answer are retried with back-off.
  int failed_loads = 0;
  std::optional<std::int64_t> reload_at_ms;
  // Hint told us the current patient changed: switch once the note is saved.
  std::optional<std::string> requested_patient;
  // From the start: HintSDK.fragment / location.hash "note=<id>".
  std::string deep_link_note_id;
  std::string fragment_published;  // the last "note=<id>" sent to HintSDK.updateFragment
  bool close_requested = false;    // Close was pressed with unsaved words: close once they are saved
};

}  // namespace hb::web

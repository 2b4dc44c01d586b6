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
#include "shared/recovery.hpp"
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
// While typing goes on without a pause, a save still goes out this long after the first unsaved
// change: the words reach the server, and the session sees the clinician is active (its idle
// timeout counts requests).
constexpr std::int64_t kAutosaveMaxWaitMs = 30000;

struct NoteEditor {
  bool open = false;                 // the note panel shows an editor (a new or an existing note)
  std::optional<ClinicalNote> note;  // the server's copy we last saw (none: not created yet)
  std::string title;                 // what the clinician edits
  bool title_is_default = false;     // a new note's generated title, not yet typed over
  std::string body;
  std::string hearing_test_uid;               // the test the note was started from (new notes)
  std::string addendum_of;                    // a new addendum: the signed note it adds to
  std::vector<std::string> referenced_tests;  // tests whose summary was inserted: sent with every save
  std::uint64_t edits = 0;                    // bumped on each change
  std::uint64_t saved_edits = 0;              // the edit count the server has acknowledged
  std::uint64_t sending_edits = 0;            // the edit count of the save in flight
  bool save_in_flight = false;
  std::optional<std::int64_t> save_due_ms;       // autosave: 2 s after the last change
  std::optional<std::int64_t> unsaved_since_ms;  // the first change no save has carried yet
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
  bool confirm_delete = false;  // the delete confirmation is open (armed like the sign dialog)
  bool delete_dialog_armed = false;
  bool delete_in_flight = false;

  bool dirty() const { return edits != saved_edits; }
  bool read_only() const { return note && note->signed_; }
};

// Unsaved words kept on the device, encrypted (web/clinical/device_copy.hpp).
struct DeviceCopy {
  std::string slot;  // its name in the device's store (ids only)
  UnsavedWords words;
};
struct DeviceCopies {
  bool requested = false;                   // the key was asked for
  bool open = false;                        // the key is in the browser and the device's copies were read
  std::string prefix;                       // every slot of this user in this practice starts with it
  std::int64_t opened_at_ms = 0;            // this launch's slots end with it (never an earlier launch's)
  std::optional<std::int64_t> retry_at_ms;  // the key fetch got no answer: asked again then
  std::vector<DeviceCopy> found;            // copies from earlier sessions, not yet offered
  std::optional<DeviceCopy> offer;          // offered for the open patient: Restore or Discard
  std::string slot;                         // where the editor's words are kept ("" none)
  std::uint64_t copied_edits = 0;           // the editor's edit count in that copy
  std::uint64_t copied_generation = 0;
  std::optional<std::int64_t> due_ms;  // a fresh copy is due
  bool forget_due = false;             // the removal is queued
  int writes = 0;                      // copies written (published: tests wait for one)
};

constexpr int kSearchPage = 10;  // search results per page

struct ClinicalState {
  bool started = false;  // the first loads were queued once the session was ready
  // Core page.
  Remote<Worklist> worklist;
  std::int64_t drafts_offset = 0;  // the worklist pages shown (GET /api/worklist's offsets)
  std::int64_t tests_offset = 0;
  std::string worklist_notice;  // e.g. "Marked “No note needed”." (with Undo while unmarked_test is set)
  std::string unmarked_test;    // the test the last "No note needed" took off the list (Undo brings it back)
  std::string search_query;
  std::string searched_query;                 // what the current results are for
  std::int64_t search_offset = 0;             // the results page shown (a new query starts at 0)
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
  DeviceCopies device;
  // "All notes" was asked for with unsaved words: the list shows once they are saved.
  bool note_list_requested = false;
  std::string note_list_notice;         // a fact about the last action on the list (e.g. a draft deleted)
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

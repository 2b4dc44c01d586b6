// Commands: what a widget asks for when the answer needs I/O. Widgets push them onto
// AppState::commands while drawing; run_commands() performs them after the frame is drawn, so
// drawing never blocks and never sends a request half-way through a frame.
#pragma once
#include <cstdint>
#include <string>
#include <variant>

namespace hb::web {

struct AppState;
struct Services;

// POST /api/session/exchange with the launch key (first attempt, automatic retry, Retry button).
struct ExchangeLaunchKey {};

// The clinician's screens (web/clinical/clinical_flow.hpp says what each one sends).
struct LoadWorklist {};    // GET /api/worklist
struct SearchPatients {};  // GET /api/patients?query=<AppState's search_query>
struct ShowWorklist {};    // back to the core page (after saving)
struct OpenPatient {       // GET the patient, their hearing record and their notes
  std::string patient_id;
  std::string note_id;   // open this note when the notes arrive
  std::string test_uid;  // or start a new note from this hearing test
};
struct OpenNoteLink {  // GET /api/interactions/{id}, then its patient (deep link)
  std::string note_id;
};
struct ReloadPatient {};     // "Retry now" on a failed load
struct SaveNote {};          // POST or PUT /api/interactions… (autosave, or before switching)
struct SignNote {};          // POST /api/interactions/{id}/sign
struct KeepMyVersion {};     // conflict: save mine over theirs
struct TakeTheirVersion {};  // conflict: drop mine, show theirs
struct StartNewNote {};      // a fresh draft for the open patient
struct ShowNoteList {};      // the open patient's notes (after saving)
struct OpenNote {            // one of the open patient's notes, from the list
  std::string note_id;
};
struct StartAddendum {};   // a new draft adding to the signed note on screen
struct DeleteNote {};      // DELETE /api/interactions/{id} (the confirmed draft)
struct MarkNoNoteNeeded {  // POST (or DELETE, to undo) /api/worklist/tests/{uid}/no-note-needed
  std::string test_uid;
  bool no_note_needed = true;
};
// Words kept on the device (web/clinical/device_copy.hpp).
struct FetchRecoveryKey {};  // GET /api/session/recovery-key, then the device's copies are read
struct KeepDeviceCopy {};    // encrypt the editor's unsaved words onto the device
struct ForgetDeviceCopy {};  // the server has them: remove the copy
struct RestoreWords {};      // the offered copy back into the editor
struct DiscardWords {};      // the offered copy removed
struct PageWorklist {        // another page of the drafts or of the tests
  std::int64_t drafts_offset = 0;
  std::int64_t tests_offset = 0;
};
struct CloseApp {};  // HintSDK.close()

// The settings screen (web/settings/settings_flow.hpp).
struct LoadSettings {};      // GET /api/settings
struct SaveSettings {};      // PUT /api/settings with the form's changes
struct TestConnection {};    // POST /api/settings/test-connection
struct LoadDirectory {};     // GET /api/settings/directory (and again while a pass runs)
struct RefreshDirectory {};  // POST /api/settings/directory/refresh

using Command = std::variant<ExchangeLaunchKey, LoadWorklist, SearchPatients, ShowWorklist, OpenPatient, OpenNoteLink,
                             ReloadPatient, SaveNote, SignNote, KeepMyVersion, TakeTheirVersion, StartNewNote,
                             ShowNoteList, OpenNote, StartAddendum, DeleteNote, MarkNoNoteNeeded, PageWorklist,
                             FetchRecoveryKey, KeepDeviceCopy, ForgetDeviceCopy, RestoreWords, DiscardWords, CloseApp,
                             LoadSettings, SaveSettings, TestConnection, LoadDirectory, RefreshDirectory>;

// Runs and clears every queued command (in order).
void run_commands(AppState& state, Services& services);

}  // namespace hb::web

#include "web/commands.hpp"

#include <utility>

#include "web/app_state.hpp"
#include "web/clinical/clinical_flow.hpp"
#include "web/clinical/device_copy.hpp"
#include "web/launch/launch_flow.hpp"
#include "web/services.hpp"
#include "web/settings/settings_flow.hpp"

namespace hb::web {
namespace {

struct Runner {
  AppState& state;
  Services& services;

  void operator()(ExchangeLaunchKey&) { exchange_launch_key(state, services); }
  void operator()(LoadWorklist&) { load_worklist(state, services); }
  void operator()(SearchPatients&) { search_patients(state, services); }
  void operator()(ShowWorklist&) { show_worklist(state, services); }
  void operator()(OpenPatient& c) { open_patient(state, services, c.patient_id, c.note_id, c.test_uid); }
  void operator()(OpenNoteLink& c) { open_note_link(state, services, c.note_id); }
  void operator()(ReloadPatient&) { reload_patient(state, services); }
  void operator()(SaveNote&) { save_note(state, services); }
  void operator()(SignNote&) { sign_note(state, services); }
  void operator()(KeepMyVersion&) { keep_my_version(state, services); }
  void operator()(TakeTheirVersion&) { take_their_version(state, services); }
  void operator()(StartNewNote&) { start_new_note(state, services); }
  void operator()(ShowNoteList&) { show_note_list(state, services); }
  void operator()(OpenNote& c) { open_note(state, services, c.note_id); }
  void operator()(StartAddendum&) { start_addendum(state, services); }
  void operator()(DeleteNote&) { delete_note(state, services); }
  void operator()(MarkNoNoteNeeded& c) { mark_no_note_needed(state, services, c.test_uid, c.no_note_needed); }
  void operator()(FetchRecoveryKey&) { fetch_recovery_key(state, services); }
  void operator()(KeepDeviceCopy&) { keep_device_copy(state, services); }
  void operator()(ForgetDeviceCopy&) { forget_device_copy(state, services); }
  void operator()(RestoreWords&) { restore_words(state, services); }
  void operator()(DiscardWords&) { discard_words(state, services); }
  void operator()(PageWorklist& c) { page_worklist(state, services, c.drafts_offset, c.tests_offset); }
  void operator()(CloseApp&) { close_app(state, services); }
  void operator()(LoadSettings&) { load_settings(state, services); }
  void operator()(SaveSettings&) { save_settings(state, services); }
  void operator()(TestConnection&) { test_connection(state, services); }
  void operator()(LoadDirectory&) { load_directory(state, services, false); }
  void operator()(RefreshDirectory&) { load_directory(state, services, true); }
};

}  // namespace

void run_commands(AppState& state, Services& services) {
  // Swap first: a command may queue another, which then runs after the next frame.
  std::vector<Command> queued;
  queued.swap(state.commands);
  Runner runner{state, services};
  for (auto& command : queued) std::visit(runner, command);
}

}  // namespace hb::web

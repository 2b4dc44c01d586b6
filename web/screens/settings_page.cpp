#include <string>

#include "web/screens/screens.hpp"
#include "web/screens/widgets.hpp"
#include "web/settings/settings_flow.hpp"
#include "web/style.hpp"

namespace hb::web {
namespace {

constexpr float kLabelWidth = 190.0f;
constexpr float kFieldWidth = 340.0f;

// A write-only, password-style field: what is typed is never drawn.
bool secret_input(AppState& state, const char* id, std::string& text, const char* target, const char* hint) {
  ImGui::SetNextItemWidth(kFieldWidth);
  ImGui::PushStyleColor(ImGuiCol_Border, style::kBorderDefault);
  const bool changed = ImGui::InputTextWithHint(id, hint, text.data(), text.capacity() + 1,
                                                ImGuiInputTextFlags_Password | ImGuiInputTextFlags_CallbackResize,
                                                widgets::resize_string, &text);
  ImGui::PopStyleColor();
  widgets::record_target(state, target);
  return changed;
}

void label(const char* text) {
  ImGui::AlignTextToFramePadding();
  style::text(style::Type::body, style::kTextPrimary, text);
  ImGui::SameLine(kLabelWidth + style::kPagePadding);
}

void field_error(const AppState& state, const char* field) {
  if (state.settings.error_field != field) return;
  ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
  style::text(style::Type::metadata, style::kErrorText, state.settings.error_message.c_str());
}

// "Clinic  (•) Name ( ) ID  [Manchester        ]"
void id_or_name_row(AppState& state, const char* title, const char* field, IdOrNameField& value) {
  ImGui::PushID(field);
  label(title);
  const std::string base = std::string("settings_") + field;
  if (ImGui::RadioButton("Name", value.by_name)) value.by_name = true, settings_edited(state, field);
  widgets::record_target(state, (base + "_by_name").c_str());
  ImGui::SameLine();
  if (ImGui::RadioButton("ID", !value.by_name)) value.by_name = false, settings_edited(state, field);
  widgets::record_target(state, (base + "_by_id").c_str());
  ImGui::SameLine();
  if (widgets::input_text(state, "##value", value.text, base.c_str(), kFieldWidth - 120.0f))
    settings_edited(state, field);
  ImGui::PopID();
  field_error(state, field);
}

void draw_form(AppState& state, const PracticeSettings& stored) {
  auto& s = state.settings;

  widgets::section_title("HearLink connection");
  label("API key");
  style::text(style::Type::body, stored.hearlink_api_key_set ? style::kSuccessText : style::kTextSecondary,
              api_key_summary(stored).c_str());
  ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
  if (secret_input(
          state, "##api_key", s.api_key_input, "settings_api_key",
          stored.hearlink_api_key_set ? "Paste a new key to replace it" : "Paste the practice's HearLink API key")) {
    settings_edited(state, "hearlink_api_key");
  }
  field_error(state, "hearlink_api_key");
  ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
  if (widgets::secondary_button(state, s.connection.pending() ? "Testing…" : "Test connection",
                                "settings_test_connection", !s.connection.pending())) {
    state.commands.emplace_back(TestConnection{});
  }
  if (s.connection.ready()) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const auto& result = s.connection.value();
    if (result.ok)
      style::text(style::Type::body, style::kSuccessText, "✓ Connected to HearLink");
    else
      style::text(style::Type::body, style::kErrorText, ("Not connected: " + result.reason).c_str());
  } else if (s.connection.failed()) {
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    style::text(style::Type::body, style::kErrorText,
                std::string(error_info(s.connection.error().code).clinician).c_str());
  }
  ImGui::Dummy(ImVec2(0, 8));

  widgets::section_title("HearLink webhook secrets");
  label("Secrets");
  style::text(style::Type::body, style::kTextSecondary, secrets_summary(stored).c_str());
  ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
  if (ImGui::Checkbox("Replace the saved secrets", &s.replace_secrets))
    settings_edited(state, "hearlink_webhook_secrets");
  widgets::record_target(state, "settings_replace_secrets");
  if (s.replace_secrets) {
    ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
    if (secret_input(state, "##secrets", s.secrets_input, "settings_secrets",
                     "whsec_… (several: separate with commas)")) {
      settings_edited(state, "hearlink_webhook_secrets");
    }
  }
  field_error(state, "hearlink_webhook_secrets");
  ImGui::Dummy(ImVec2(0, 8));

  widgets::section_title("New HearLink patients");
  id_or_name_row(state, "Default clinic", "default_clinic", s.clinic);
  id_or_name_row(state, "Default referral", "default_referral", s.referral);
  id_or_name_row(state, "Default status", "default_status", s.status);
  ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
  if (ImGui::Checkbox("Start a draft note when a new hearing test arrives", &s.auto_draft)) {
    settings_edited(state, "auto_draft_from_hearing_tests");
  }
  widgets::record_target(state, "settings_auto_draft");
  ImGui::Dummy(ImVec2(0, 12));

  ImGui::SetCursorPosX(kLabelWidth + style::kPagePadding);
  if (widgets::primary_button(state, s.saving.pending() ? "Saving…" : "Save", "settings_save", !s.saving.pending())) {
    state.commands.emplace_back(SaveSettings{});
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  if (s.saved_once) {
    style::text(style::Type::body, style::kSuccessText, "✓ Saved");
  } else if (s.saving.failed()) {
    const auto& error = s.saving.error();
    const std::string text =
        error.code == ErrorCode::bad_request
            ? (s.error_field.empty() ? s.error_message : std::string("Check the highlighted field."))
            : std::string(error_info(error.code).clinician);
    style::text(style::Type::body, style::kErrorText, text.c_str());
  }
}

// How far the patient directory (what search finds) has been filled from Hint's patient list, on one
// line with "Refresh now"; a failed page's reason below it.
void directory_section(AppState& state) {
  auto& s = state.settings;
  if (s.directory.idle()) state.commands.emplace_back(LoadDirectory{});
  if (s.directory_poll_ms && state.now_ms >= *s.directory_poll_ms) {
    s.directory_poll_ms.reset();
    state.commands.emplace_back(LoadDirectory{});
  }
  ImGui::Dummy(ImVec2(0, 8));
  widgets::section_title("Patient directory");
  const bool running = s.directory_shown && s.directory_shown->status == "running";
  if (widgets::secondary_button(state, running ? "Reading…" : "Refresh now", "settings_directory_refresh",
                                s.directory_shown && !running && !s.directory.pending())) {
    state.commands.emplace_back(RefreshDirectory{});
  }
  ImGui::SameLine(0, 12);
  ImGui::AlignTextToFramePadding();
  if (s.directory.failed()) {
    style::text(style::Type::body, style::kErrorText,
                std::string(error_info(s.directory.error().code).clinician).c_str());
  } else if (!s.directory_shown) {
    style::text(style::Type::body, style::kTextSecondary, "Loading…");
  } else {
    style::text(style::Type::body, style::kTextPrimary, directory_summary(*s.directory_shown).c_str());
    widgets::record_target(state, "settings_directory_status");
    if (!s.directory_shown->error.empty()) {
      style::text(style::Type::metadata, style::kErrorText,
                  ("The last page failed and is tried again: " + s.directory_shown->error).c_str());
    }
  }
}

}  // namespace

// The `settings` surface: practice admins connect HearLink and choose the defaults for new HearLink
// patients; anyone else is told who can.
void draw_settings_page(AppState& state, float top) {
  const float pad = style::kPagePadding;
  const auto origin = ImGui::GetMainViewport()->Pos;
  const auto size = ImGui::GetMainViewport()->Size;
  const auto& context = state.launch.session.value();
  if (!context.allows(Permission::admin)) {
    widgets::begin_message_card(widgets::Tone::info, "Only practice admins can change HearBridge settings",
                                "Ask a practice admin in Hint to connect HearLink or change these settings.", top);
    widgets::end_message_card();
    return;
  }
  auto& s = state.settings;
  if (s.loaded.idle()) state.commands.emplace_back(LoadSettings{});

  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, top + pad * 0.5f));
  ImGui::BeginChild("settings_page", ImVec2(size.x - pad * 2, origin.y + size.y - top - pad), false);
  style::text(style::Type::page_title, style::kTextPrimary, "HearBridge settings");
  style::text(style::Type::body, style::kTextSecondary,
              "Connect this practice to HearLink and choose how new HearLink patients are made.");
  ImGui::Dummy(ImVec2(0, 8));
  if (s.loaded.ready()) {
    draw_form(state, s.loaded.value());
    directory_section(state);
  } else if (s.loaded.failed()) {
    style::text(style::Type::body, style::kErrorText, std::string(error_info(s.loaded.error().code).clinician).c_str());
    if (widgets::secondary_button(state, "Retry now", "settings_retry")) state.commands.emplace_back(LoadSettings{});
  } else {
    style::text(style::Type::body, style::kTextSecondary, "Loading the settings…");
  }
  ImGui::EndChild();
}

}  // namespace hb::web

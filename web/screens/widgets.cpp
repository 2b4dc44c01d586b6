#include "web/screens/widgets.hpp"

#include <imgui_internal.h>  // GetActiveID, ClearActiveID, the current window's hidden frames

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "web/style.hpp"

namespace hb::web::widgets {
namespace {

constexpr float kCardWidth = 560.0f;
constexpr float kBadgeSize = 32.0f;

struct CardFrame {
  ImVec2 min;
  ImDrawListSplitter splitter;
  ImDrawList* list = nullptr;
};
CardFrame g_card;  // the card being drawn (cards never nest)

ImU32 tone_text(Tone tone) {
  switch (tone) {
    case Tone::warning:
      return style::kWarningText;
    case Tone::error:
      return style::kErrorText;
    case Tone::info:
      break;
  }
  return style::kPrimary;
}
ImU32 tone_background(Tone tone) {
  switch (tone) {
    case Tone::warning:
      return style::kWarningBg;
    case Tone::error:
      return style::kErrorBg;
    case Tone::info:
      break;
  }
  return style::kSurface;
}

}  // namespace

void record_target(AppState& state, const char* name) {
  // A window ImGui lays out unseen first (a popup measuring its size on the frame it appears) draws
  // its items at provisional places: publishing them would send a click where nothing is drawn.
  if (const ImGuiWindow* window = ImGui::GetCurrentWindowRead();
      window && (window->Hidden || window->HiddenFramesCannotSkipItems > 0 || window->HiddenFramesCanSkipItems > 0)) {
    return;
  }
  const auto min = ImGui::GetItemRectMin();
  const auto max = ImGui::GetItemRectMax();
  state.targets.push_back({name, min.x, min.y, max.x - min.x, max.y - min.y});
  if (ImGui::IsItemFocused()) state.focused_target = name;
}

bool primary_button(AppState& state, const char* label, const char* target_name, bool enabled) {
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, style::kButtonPadding);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, style::kTextOnPrimary);
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::Button(label);
  ImGui::EndDisabled();
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
  record_target(state, target_name);
  return clicked && enabled;
}

bool secondary_button(AppState& state, const char* label, const char* target_name, bool enabled) {
  ImGui::PushFont(style::font(style::Type::button));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, style::kButtonPadding);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, style::kPrimary);
  ImGui::PushStyleColor(ImGuiCol_Border, style::kBorderDefault);
  ImGui::PushStyleColor(ImGuiCol_Button, style::kBackground);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style::kSurface);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, style::kFieldFocus);
  ImGui::BeginDisabled(!enabled);
  const bool clicked = ImGui::Button(label);
  ImGui::EndDisabled();
  ImGui::PopStyleColor(5);
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
  record_target(state, target_name);
  return clicked && enabled;
}

void begin_panel(const char* id, ImVec2 min, ImVec2 size) {
  ImGui::SetCursorScreenPos(min);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, kPanelPadding);
  ImGui::PushStyleColor(ImGuiCol_Border, style::kBorderSubtle);
  ImGui::BeginChild(id, size, true);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
}

int resize_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

void leave_on_escape(ImGuiID id) {
  if (ImGui::GetActiveID() == id && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::ClearActiveID();
}

bool input_text(AppState& state, const char* id, std::string& text, const char* target_name, float width, float height,
                bool read_only) {
  const ImGuiID item_id = ImGui::GetID(id);
  leave_on_escape(item_id);
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize;
  if (read_only) flags |= ImGuiInputTextFlags_ReadOnly;
  ImGui::PushStyleColor(ImGuiCol_Border, style::kBorderDefault);
  bool changed = false;
  if (height > 0.0f) {
    changed = ImGui::InputTextMultiline(id, text.data(), text.capacity() + 1, ImVec2(width, height), flags,
                                        resize_string, &text);
  } else {
    ImGui::SetNextItemWidth(width);
    changed = ImGui::InputText(id, text.data(), text.capacity() + 1, flags, resize_string, &text);
  }
  ImGui::PopStyleColor();
  note_selection(state, item_id, text);
  if (!read_only && ImGui::IsItemActive()) state.selection_editable = true;
  if (ImGui::IsItemActive()) {
    ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), style::kPrimary,
                                        ImGui::GetStyle().FrameRounding, 0, 1.0f);
  }
  record_target(state, target_name);
  return changed;
}

void pill(const char* text, ImU32 foreground, ImU32 background) {
  ImGui::PushFont(style::font(style::Type::metadata));
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 pad(8.0f, 2.0f);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x + pad.x * 2, min.y + size.y + pad.y * 2);
  auto* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(min, max, background, (max.y - min.y) * 0.5f);
  list->AddText(ImVec2(min.x + pad.x, min.y + pad.y), foreground, text);
  ImGui::Dummy(ImVec2(max.x - min.x, max.y - min.y));
  ImGui::PopFont();
}

void load_status(AppState& state, RemoteStatus status, const Error* error, const char* loading_text, float wrap_width) {
  if (status == RemoteStatus::pending || status == RemoteStatus::idle || !error) {
    style::text(style::Type::body, style::kTextSecondary, loading_text);
    return;
  }
  const std::string sentence(error_info(error->code).clinician);
  const auto& reload_at = state.clinical.reload_at_ms;
  if (reload_at) {
    style::text(style::Type::button, style::kWarningText, "Network trouble: retrying…");
    style::text_wrapped(style::Type::body, style::kTextPrimary, sentence.c_str(), wrap_width);
    const auto seconds = std::max<std::int64_t>((*reload_at - state.now_ms + 999) / 1000, 0);
    const std::string countdown = "Trying again in " + std::to_string(seconds) + " s";
    if (primary_button(state, "Retry now", "reload")) state.commands.emplace_back(ReloadPatient{});
    ImGui::SameLine(0, 12);
    style::text(style::Type::metadata, style::kTextSecondary, countdown.c_str());
    return;
  }
  style::text_wrapped(style::Type::body, style::kErrorText, sentence.c_str(), wrap_width);
}

bool table_row(AppState& state, const char* id, const std::string& target, bool allow_overlap, float height) {
  ImGui::TableNextRow(ImGuiTableRowFlags_None, height);
  ImGui::TableSetColumnIndex(0);
  ImGui::PushID(id);
  ImGuiSelectableFlags flags = ImGuiSelectableFlags_SpanAllColumns;
  if (allow_overlap) flags |= ImGuiSelectableFlags_AllowOverlap;
  const bool clicked = ImGui::Selectable("##row", false, flags, ImVec2(0, height - 4.0f));
  ImGui::PopID();
  record_target(state, target.c_str());
  ImGui::SameLine(0, 0);
  return clicked;
}

void cell_text(style::Type type, ImU32 colour, const char* text) {
  const float shift = (ImGui::GetFontSize() - style::font(type)->FontSize) * 0.5f;
  if (shift > 0) ImGui::SetCursorPosY(ImGui::GetCursorPosY() + shift);
  style::text(type, colour, text);
}

bool link_button(AppState& state, const char* label, const char* target_name) {
  ImGui::PushFont(style::font(style::Type::metadata));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6.0f, 2.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
  ImGui::PushStyleColor(ImGuiCol_Text, style::kPrimary);
  ImGui::PushStyleColor(ImGuiCol_Button, IM_COL32(0, 0, 0, 0));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style::kFieldFocus);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, style::kFieldFocus);
  const bool clicked = ImGui::Button(label);
  ImGui::PopStyleColor(4);
  ImGui::PopStyleVar(2);
  ImGui::PopFont();
  record_target(state, target_name);
  return clicked;
}

namespace {

// A key or button that activates a widget is still down (from the press that opened the dialog,
// or its auto-repeat).
bool confirm_input_held() {
  for (auto key : {ImGuiKey_Enter, ImGuiKey_KeypadEnter, ImGuiKey_Space}) {
    if (ImGui::IsKeyDown(key)) return true;
  }
  return ImGui::IsMouseDown(ImGuiMouseButton_Left);
}

}  // namespace

Answer confirm_dialog(AppState& state, const ConfirmDialog& dialog, bool& open, bool& armed) {
  if (open && !ImGui::IsPopupOpen(dialog.title)) ImGui::OpenPopup(dialog.title);
  const auto* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->Pos.x + viewport->Size.x * 0.5f, viewport->Pos.y + viewport->Size.y * 0.4f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(440, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 24));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
  ImGui::PushFont(style::font(style::Type::modal_title));
  const bool shown = ImGui::BeginPopupModal(
      dialog.title, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopFont();
  ImGui::PopStyleVar(2);
  if (!shown) return Answer::none;
  if (!open) {  // answered elsewhere (the note moved on): an open modal would block the screen
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return Answer::none;
  }
  style::text_wrapped(style::Type::body, style::kTextPrimary, dialog.sentence.c_str(), 392.0f);
  ImGui::Dummy(ImVec2(0, 8));
  if (!armed && !confirm_input_held()) armed = true;
  if (dialog.destructive) {
    ImGui::PushStyleColor(ImGuiCol_Button, style::kErrorText);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, style::kErrorText);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, style::kErrorText);
  }
  const bool confirm = primary_button(state, dialog.confirm_label, dialog.confirm_target);
  if (dialog.destructive) ImGui::PopStyleColor(3);
  ImGui::SameLine(0, 12);
  // Focus starts on Cancel: Enter or Space right after opening cancels, never confirms.
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool cancel = secondary_button(state, "Cancel", dialog.cancel_target) || ImGui::IsKeyPressed(ImGuiKey_Escape);
  Answer answer = Answer::none;
  if (cancel) {
    answer = Answer::cancelled;
  } else if (confirm && armed) {
    answer = Answer::confirmed;
  }
  if (answer != Answer::none) {
    open = false;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
  return answer;
}

void section_title(const char* text) { style::text(style::Type::section_header, style::kTextPrimary, text); }

void begin_message_card(Tone tone, const char* title, const char* sentence, float top) {
  const auto* viewport = ImGui::GetMainViewport();
  const float x = viewport->Pos.x + (viewport->Size.x - kCardWidth) * 0.5f;
  const float y = viewport->Pos.y + (top > 0.0f ? top : viewport->Size.y * 0.22f);
  g_card.min = ImVec2(x, y);
  g_card.list = ImGui::GetWindowDrawList();
  // The card's background is drawn after its content, once its height is known: draw it on a
  // lower channel so it ends up underneath.
  g_card.splitter.Split(g_card.list, 2);
  g_card.splitter.SetCurrentChannel(g_card.list, 1);

  const float pad = style::kCardPadding;
  const ImVec2 badge_min(x + pad, y + pad);
  g_card.list->AddCircleFilled(ImVec2(badge_min.x + kBadgeSize * 0.5f, badge_min.y + kBadgeSize * 0.5f),
                               kBadgeSize * 0.5f, tone_background(tone));
  ImGui::PushFont(style::font(style::Type::section_header));
  const char* glyph = tone == Tone::info ? "i" : "!";
  const auto glyph_size = ImGui::CalcTextSize(glyph);
  g_card.list->AddText(
      ImVec2(badge_min.x + (kBadgeSize - glyph_size.x) * 0.5f, badge_min.y + (kBadgeSize - glyph_size.y) * 0.5f),
      tone_text(tone), glyph);
  ImGui::PopFont();

  const float text_x = badge_min.x + kBadgeSize + 16.0f;
  const float text_width = x + kCardWidth - pad - text_x;
  ImGui::SetCursorScreenPos(ImVec2(text_x, y + pad + 4.0f));
  ImGui::BeginGroup();
  style::text_wrapped(style::Type::section_header, style::kTextPrimary, title, text_width);
  ImGui::Dummy(ImVec2(0, 4));
  style::text_wrapped(style::Type::body, style::kTextPrimary, sentence, text_width);
  ImGui::Dummy(ImVec2(0, 8));
}

void end_message_card() {
  ImGui::EndGroup();
  const float bottom = ImGui::GetItemRectMax().y + style::kCardPadding - 8.0f;
  g_card.splitter.SetCurrentChannel(g_card.list, 0);
  const ImVec2 max(g_card.min.x + kCardWidth, bottom);
  g_card.list->AddRectFilled(g_card.min, max, style::kBackground, style::kCardRadius);
  g_card.list->AddRect(g_card.min, max, style::kBorderSubtle, style::kCardRadius, 0, 1.0f);
  g_card.splitter.Merge(g_card.list);
}

float draw_header(AppState& state, const SessionContext& context) {
  auto* list = ImGui::GetWindowDrawList();
  const auto* viewport = ImGui::GetMainViewport();
  const ImVec2 origin = viewport->Pos;
  const float width = viewport->Size.x;
  const float pad = style::kPagePadding;
  const float height = style::kHeaderHeight;
  list->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), style::kBackground);
  list->AddLine(ImVec2(origin.x, origin.y + height - 0.5f), ImVec2(origin.x + width, origin.y + height - 0.5f),
                style::kBorderSubtle, 1.0f);

  // Left: the app's name, then the practice.
  auto centred_y = [&](style::Type type) {
    return origin.y + (height - style::font(type)->FontSize * ImGui::GetIO().FontGlobalScale) * 0.5f;
  };
  ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, centred_y(style::Type::modal_title)));
  style::text(style::Type::modal_title, style::kPrimary, "HearBridge");
  ImGui::SameLine(0, 12);
  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, centred_y(style::Type::body)));
  style::text(style::Type::body, style::kTextDisabled, "|");
  ImGui::SameLine(0, 12);
  ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, centred_y(style::Type::body)));
  style::text(style::Type::body, style::kTextPrimary, context.practice_name.c_str());

  // Right: Close (HintSDK.close()), role chips, then the user's name, laid out from the right edge.
  float right = origin.x + width - pad;
  {
    ImGui::PushFont(style::font(style::Type::button));
    const float close_width = ImGui::CalcTextSize("Close").x + style::kButtonPadding.x * 2;
    ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(right - close_width, origin.y + (height - 36.0f) * 0.5f));
    if (secondary_button(state, "Close", "close")) state.commands.emplace_back(CloseApp{});
    right -= close_width + 16.0f;
  }
  ImGui::PushFont(style::font(style::Type::metadata));
  const ImVec2 chip_pad(10.0f, 4.0f);
  std::vector<std::pair<std::string, ImVec2>> chips;
  if (context.roles.empty()) {
    chips.push_back({"no role", ImGui::CalcTextSize("no role")});
  } else {
    for (const auto& role : context.roles) chips.push_back({role, ImGui::CalcTextSize(role.c_str())});
  }
  for (auto it = chips.rbegin(); it != chips.rend(); ++it) {
    const ImVec2 size(it->second.x + chip_pad.x * 2, it->second.y + chip_pad.y * 2);
    const ImVec2 min(right - size.x, origin.y + (height - size.y) * 0.5f);
    list->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y), style::kSurface, size.y * 0.5f);
    list->AddText(ImVec2(min.x + chip_pad.x, min.y + chip_pad.y),
                  context.roles.empty() ? style::kTextDisabled : style::kTextSecondary, it->first.c_str());
    right = min.x - 8.0f;
  }
  ImGui::PopFont();
  ImGui::PushFont(style::font(style::Type::button));
  const auto name_size = ImGui::CalcTextSize(context.user_name.c_str());
  list->AddText(ImVec2(right - 4.0f - name_size.x, origin.y + (height - name_size.y) * 0.5f), style::kTextPrimary,
                context.user_name.c_str());
  ImGui::PopFont();

  float content_top = origin.y + height;
  if (context.platform_support) {
    const float banner = 40.0f;
    list->AddRectFilled(ImVec2(origin.x, content_top), ImVec2(origin.x + width, content_top + banner),
                        style::kWarningBg);
    ImGui::SetCursorScreenPos(ImVec2(origin.x + pad, content_top + (banner - 20.0f) * 0.5f + 2.0f));
    style::text(style::Type::button, style::kWarningText,
                "Hint platform support access: you are viewing this practice's HearBridge as Hint staff.");
    content_top += banner;
  }
  return content_top;
}

}  // namespace hb::web::widgets

// The word-wrapping multiline field (widgets::wrapped_text_field) and the selection the browser's
// copy/cut events take (widgets::note_selection).
//
// ImGui edits the display text (soft breaks as '\n', web/clinical/soft_wrap.hpp). Every frame the
// field is active, one callback runs: after an edit it reconciles ImGui's change onto the stored
// text and wraps again; otherwise it applies an undo/redo or a new width. It rewrites only the
// differing middle of ImGui's buffer and places the caret. ImGui's own undo is off
// (NoUndoRedo): it would undo our re-wraps too, turning soft breaks into hard ones; the field
// keeps its own history of the stored text instead.
#include <imgui.h>
#include <imgui_internal.h>  // GetActiveID, GetInputTextState: the caret and selection of the active field

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "web/clinical/soft_wrap.hpp"
#include "web/screens/widgets.hpp"
#include "web/style.hpp"

namespace hb::web::widgets {
namespace {

constexpr std::size_t kHistoryLimit = 200;

struct Snapshot {
  std::string text;
  std::size_t cursor = 0;  // logical
};

struct WrapField {
  std::string display;              // what ImGui holds (ImGui writes it back after each frame)
  std::vector<std::size_t> breaks;  // the soft breaks in `display`
  std::string text;                 // the stored text `display` stands for
  float width = 0.0f;               // the width `breaks` were computed for
  float wanted_width = 0.0f;        // this frame's width
  GlyphWidth glyph_width;
  std::size_t cursor = 0;  // ImGui's caret (display bytes) at the end of the last frame
  std::size_t anchor = 0;  // the other end of its selection then (== cursor: none)
  bool session = false;    // active since the callback first ran
  std::vector<Snapshot> undo, redo;
  bool typing = false;                  // the last edit typed a character: coalesce into one undo step
  int history = 0;                      // -1 undo, +1 redo, asked this frame
  std::optional<std::string> replaced;  // the text was replaced from outside while active (another note)
  std::optional<CaretRequest> request;  // a button's change to show (caret, undo step) once active
};

// One per field id; a field that is not active is rebuilt from its text, so stale entries are harmless.
std::unordered_map<ImGuiID, WrapField>& fields() {
  static std::unordered_map<ImGuiID, WrapField> all;
  return all;
}

void wrap_into(WrapField& f, const std::string& text) {
  auto wrapped = soft_wrap(text, f.wanted_width, f.glyph_width);
  f.display = std::move(wrapped.display);
  f.breaks = std::move(wrapped.breaks);
  f.text = text;
  f.width = f.wanted_width;
}

void remember(WrapField& f, const std::string& next_text, std::size_t next_cursor) {
  const bool typed = next_text.size() > f.text.size() && next_text.size() - f.text.size() <= 4 && next_cursor > 0 &&
                     next_text[next_cursor - 1] != ' ' && next_text[next_cursor - 1] != '\n';
  if (!(typed && f.typing)) {
    f.undo.push_back({f.text, to_logical(f.cursor, f.breaks)});
    if (f.undo.size() > kHistoryLimit) f.undo.erase(f.undo.begin());
  }
  f.redo.clear();
  f.typing = typed;
}

// Replaces ImGui's buffer by `next`, touching only the differing middle.
void rewrite_buffer(ImGuiInputTextCallbackData* data, const std::string& next) {
  const std::string_view now(data->Buf, static_cast<std::size_t>(data->BufTextLen));
  if (now == next) return;
  std::size_t prefix = 0;
  const std::size_t limit = std::min(now.size(), next.size());
  while (prefix < limit && now[prefix] == next[prefix]) ++prefix;
  while (prefix > 0 && ((prefix < now.size() && (now[prefix] & 0xC0) == 0x80) ||
                        (prefix < next.size() && (next[prefix] & 0xC0) == 0x80))) {
    --prefix;
  }
  std::size_t suffix = 0;
  while (suffix < limit - prefix && now[now.size() - 1 - suffix] == next[next.size() - 1 - suffix]) ++suffix;
  while (suffix > 0 && (now[now.size() - suffix] & 0xC0) == 0x80) --suffix;
  data->DeleteChars(static_cast<int>(prefix), static_cast<int>(now.size() - suffix - prefix));
  data->InsertChars(static_cast<int>(prefix), next.data() + prefix, next.data() + next.size() - suffix);
}

// The selection's end away from the caret (the caret itself: none). Equal ends mean no selection,
// wherever they point: stb_textedit leaves them behind as keys move the caret.
std::size_t selection_anchor(const ImGuiInputTextCallbackData* data) {
  const int anchor = data->SelectionStart == data->SelectionEnd ? data->CursorPos
                     : data->SelectionStart == data->CursorPos  ? data->SelectionEnd
                                                                : data->SelectionStart;
  return static_cast<std::size_t>(anchor);
}

// The caret and selection as this frame leaves them: the next edit is reconciled against them.
void remember_caret(WrapField& f, const ImGuiInputTextCallbackData* data) {
  f.cursor = static_cast<std::size_t>(data->CursorPos);
  f.anchor = selection_anchor(data);
}

int on_wrapped_field(ImGuiInputTextCallbackData* data) {
  auto& f = *static_cast<WrapField*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    f.display.resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = f.display.data();
    return 0;
  }
  // `display` is ImGui's buffer as of the last frame: ImGui copies its own back after this call.
  if (!f.session) {
    f.session = true;
    f.undo.clear();
    f.redo.clear();
    f.typing = false;
    if (f.request) {
      // Focused for a change made from outside: its text is in already; put the caret after it
      // (ImGui scrolls it into view) and make the change one undo step.
      if (f.request->undo_text) f.undo.push_back({std::move(*f.request->undo_text), f.request->undo_caret});
      const auto at = static_cast<int>(to_display(std::min(f.request->caret, f.text.size()), f.breaks));
      f.request.reset();
      data->CursorPos = data->SelectionStart = data->SelectionEnd = at;
      remember_caret(f, data);
      return 0;
    }
  }
  const std::string_view now(data->Buf, static_cast<std::size_t>(data->BufTextLen));
  const auto cursor = static_cast<std::size_t>(data->CursorPos);
  std::string text;
  std::size_t text_cursor = 0;
  std::size_t text_anchor = 0;  // the other end of the selection (== text_cursor: none)
  if (f.replaced) {             // wins over this frame's edit: the field now shows another text
    text = std::move(*f.replaced);
    f.replaced.reset();
    text_cursor = text_anchor = text.size();
    f.undo.clear();
    f.redo.clear();
    f.typing = false;
  } else if (data->EventFlag == ImGuiInputTextFlags_CallbackEdit) {
    auto edit = reconcile_edit(f.display, f.breaks, f.cursor, f.anchor, now, cursor);
    remember(f, edit.logical, edit.cursor);
    text = std::move(edit.logical);
    text_cursor = text_anchor = edit.cursor;
  } else if (f.history != 0) {
    auto& from = f.history < 0 ? f.undo : f.redo;
    auto& to = f.history < 0 ? f.redo : f.undo;
    if (from.empty()) {
      remember_caret(f, data);
      return 0;
    }
    to.push_back({f.text, to_logical(cursor, f.breaks)});
    text = std::move(from.back().text);
    text_cursor = text_anchor = std::min(from.back().cursor, text.size());
    from.pop_back();
    f.typing = false;
  } else if (f.width != f.wanted_width) {
    text = f.text;
    text_cursor = to_logical(cursor, f.breaks);
    text_anchor = to_logical(selection_anchor(data), f.breaks);
  } else {
    remember_caret(f, data);
    return 0;
  }
  const auto wrapped = soft_wrap(text, f.wanted_width, f.glyph_width);
  rewrite_buffer(data, wrapped.display);
  f.breaks = wrapped.breaks;
  f.text = std::move(text);
  f.width = f.wanted_width;
  data->CursorPos = static_cast<int>(to_display(text_cursor, f.breaks));
  data->SelectionStart = static_cast<int>(to_display(text_anchor, f.breaks));
  data->SelectionEnd = data->CursorPos;
  remember_caret(f, data);
  return 0;
}

}  // namespace

void note_selection(AppState& state, ImGuiID id, const std::string& shown,
                    const std::vector<std::size_t>& soft_breaks) {
  if (ImGui::GetActiveID() != id) return;
  const ImGuiInputTextState* input = ImGui::GetInputTextState(id);
  if (!input || !input->HasSelection()) return;
  const int a = std::min(input->Stb.select_start, input->Stb.select_end);
  const int b = std::max(input->Stb.select_start, input->Stb.select_end);
  const std::size_t from = to_logical(utf8_offset(shown, a), soft_breaks);
  const std::size_t to = to_logical(utf8_offset(shown, b), soft_breaks);
  const std::string text = soft_breaks.empty() ? shown : logical_text(shown, soft_breaks);
  state.selection = text.substr(std::min(from, text.size()), to > from ? to - from : 0);
}

bool wrapped_text_field(AppState& state, const char* id, std::string& text, const char* target_name, float width,
                        float height, bool read_only, TextCaret* caret) {
  const ImGuiID item_id = ImGui::GetID(id);
  // Before anything reads the active id: Escape ends the session here, so ImGui never reverts (its
  // revert is the one buffer change that would bypass the callback).
  leave_on_escape(item_id);
  auto& f = fields()[item_id];
  const auto& imgui_style = ImGui::GetStyle();
  // The text area inside the frame, a scrollbar always reserved (so wrapping does not flip when it
  // appears), and a pixel for the caret.
  f.wanted_width = width - 2.0f * imgui_style.FramePadding.x - imgui_style.ScrollbarSize - 2.0f;
  ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  f.glyph_width = [font, scale](char32_t c) {
    return font->GetCharAdvance(c <= 0xFFFF ? static_cast<ImWchar>(c) : static_cast<ImWchar>(0xFFFD)) * scale;
  };
  const bool active = ImGui::GetActiveID() == item_id;
  if (!active) {
    f.session = false;
    // A request not yet taken belongs to the text it was made for: once the field shows another
    // (the editor moved to another note), its undo step must never bring the old text back.
    if (text != f.text) f.request.reset();
    if (text != f.text || f.width != f.wanted_width || logical_text(f.display, f.breaks) != f.text) wrap_into(f, text);
  } else if (read_only && f.width != f.wanted_width) {
    wrap_into(f, text);
  }
  if (active && !read_only) {
    // ImGui ignores the buffer while a field is active: a text replaced from outside (the editor
    // switched to another note) must be pushed in, or the next keystroke would write the old one back.
    if (text != f.text) f.replaced = text;
    const auto& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Z)) f.history = io.KeyShift ? 1 : -1;
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGuiKey_Y)) f.history = 1;
  }

  // A button's change (the field is never active then: pressing the button took the focus).
  if (caret && caret->request && !read_only && !active) {
    f.request = std::move(caret->request);
    caret->request.reset();
  }
  if (f.request && !active) ImGui::SetKeyboardFocusHere();

  ImGuiInputTextFlags flags = ImGuiInputTextFlags_NoUndoRedo;
  if (read_only) {
    flags |= ImGuiInputTextFlags_ReadOnly;
  } else {
    flags |= ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_CallbackEdit | ImGuiInputTextFlags_CallbackAlways;
  }
  ImGui::PushStyleColor(ImGuiCol_Border, style::kBorderDefault);
  ImGui::InputTextMultiline(id, f.display.data(), f.display.capacity() + 1, ImVec2(width, height), flags,
                            read_only ? nullptr : on_wrapped_field, &f);
  ImGui::PopStyleColor();
  f.history = 0;
  const bool still_active = ImGui::IsItemActive();
  if (caret && still_active) caret->position = to_logical(f.cursor, f.breaks);
  note_selection(state, item_id, f.display, f.breaks);
  if (still_active && !read_only) state.selection_editable = true;
  if (still_active) {
    ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), style::kPrimary,
                                        ImGui::GetStyle().FrameRounding, 0, 1.0f);
  }
  record_target(state, target_name);
  state.wrapped[target_name] = {static_cast<int>(std::count(f.display.begin(), f.display.end(), '\n')) + 1,
                                static_cast<int>(f.breaks.size())};
  if (read_only || text == f.text) return false;
  text = f.text;
  return true;
}

}  // namespace hb::web::widgets

// Word wrap for ImGui 1.90.1's InputTextMultiline, which never wraps (a paragraph scrolls sideways).
//
// The field edits a *display* text: the stored (logical) text with a '\n' inserted at every soft
// break. The soft breaks' byte offsets are kept beside it, so display → logical is "remove those
// bytes", and every edit ImGui makes to the display text is reconciled back onto the logical text
// (reconcile_edit), which is then wrapped again. Why '\n': it is the only character stb_textedit
// and ImGui's renderer treat as a line end, so the caret, selection, arrows, Home/End, clicks and
// scrolling all behave as on real lines without touching ImGui. Everything here is pure (a glyph
// width function stands in for the font), so it is unit-tested natively.
//
//   logical  "The quick brown fox"           (what is stored and saved)
//   display  "The quick \nbrown fox"         soft_breaks = {10}
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hb::web {

// Advance width in pixels of one code point.
using GlyphWidth = std::function<float(char32_t)>;

struct WrappedText {
  std::string display;              // the logical text with a '\n' at every soft break
  std::vector<std::size_t> breaks;  // byte offsets in `display` of those '\n', ascending
};

// Wraps each hard line of `logical` at `width` pixels: a line breaks after its last space that
// still fits (spaces hang at the end of a line and never cause a break); a word longer than the
// width breaks before the code point that overflows. Never splits a UTF-8 sequence. A width <= 0
// wraps nothing.
WrappedText soft_wrap(std::string_view logical, float width, const GlyphWidth& glyph_width);

// Display → logical: the display text without its soft breaks.
std::string logical_text(std::string_view display, const std::vector<std::size_t>& breaks);

// Caret and selection positions (byte offsets) both ways. A logical position at a soft break maps
// to the start of the next display line (where typing continues).
std::size_t to_logical(std::size_t display_pos, const std::vector<std::size_t>& breaks);
std::size_t to_display(std::size_t logical_pos, const std::vector<std::size_t>& breaks);

// What ImGui did to the display text, put back onto the logical text.
struct LogicalEdit {
  std::string logical;
  std::size_t cursor = 0;  // byte offset in `logical`
};

// `before` (with its soft `breaks`) is the display text ImGui had; `after` what it holds now, with the
// caret at `cursor_after`; `cursor_before` is where the caret was before the edit and `anchor_before`
// the other end of the selection then (== cursor_before: none). The change is located as the
// differing middle (common prefix/suffix, bounded by the caret, on code point boundaries; a replaced
// selection is the middle); soft breaks outside it survive, soft breaks inside it are gone, and everything
// inserted is logical text (a pasted or typed '\n' is a hard line break). A soft break deleted on
// its own (Backspace at the start of a display line, Delete at its end) deletes the neighbouring
// logical code point instead, otherwise the key would seem dead.
LogicalEdit reconcile_edit(std::string_view before, const std::vector<std::size_t>& breaks, std::size_t cursor_before,
                           std::size_t anchor_before, std::string_view after, std::size_t cursor_after);

// Byte offset of the `index`-th code point of `utf8` (ImGui counts caret and selection in code
// points; clamped to the text's size).
std::size_t utf8_offset(std::string_view utf8, int index);

}  // namespace hb::web

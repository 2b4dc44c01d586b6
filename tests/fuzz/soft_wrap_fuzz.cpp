// Property target for the note field's word wrap (web/clinical/soft_wrap.*), for any text, width and
// glyph widths. Input: a width byte, a glyph-width byte, an edit-position byte, an edit-length byte,
// an inserted-text byte, then the logical text. Properties, as tests/web/soft_wrap_test.cpp states
// them for chosen cases:
//   - unwrap(wrap(x)) == x; breaks ascend, are '\n' in the display text, never make an empty
//     display line and (in valid UTF-8) never split a code point;
//   - every logical caret maps to a display caret in range, not on a soft break, and back to itself;
//     every display caret maps to a logical caret in range;
//   - an edit ImGui could make at a display caret or selection (typing, pasting, Backspace, Delete,
//     replacing a selection) reconciles to the same edit of the logical text, with the caret after
//     the inserted text; a soft break deleted on its own deletes the neighbouring code point.
#include <algorithm>
#include <string>
#include <vector>

#include "shared/clinical_note.hpp"
#include "tests/fuzz/fuzz_support.hpp"
#include "web/clinical/soft_wrap.hpp"

namespace {

using hb::web::GlyphWidth;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code point boundaries as ImGui sees them (a byte that is not a continuation starts one).
std::vector<std::size_t> boundaries(std::string_view text) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || !is_continuation(text[i])) out.push_back(i);
  }
  return out;
}

// Fixed-width, zero-width (combining marks), and uneven glyphs, as fonts have them.
GlyphWidth glyph_width_for(uint8_t mode) {
  switch (mode % 4) {
    case 0:
      return [](char32_t) { return 10.0f; };
    case 1:
      return [](char32_t c) { return static_cast<float>(c % 7) * 2.5f; };
    case 2:
      return [](char32_t c) { return c == ' ' ? 4.0f : c < 0x80 ? 7.0f : 0.0f; };
    default:
      return [](char32_t c) { return c % 5 == 0 ? 31.0f : 0.5f; };
  }
}

const std::string_view kInserts[] = {"", "x", " ", "\n", "é", "ab cd", "\n\n", " \n", "€€", "word "};

// The code point before / after logical offset `at` (for a soft break deleted on its own).
std::size_t start_of_previous(std::string_view text, std::size_t at) {
  if (at == 0) return 0;
  std::size_t start = at - 1;
  while (start > 0 && is_continuation(text[start])) --start;
  return start;
}

void check_edit(const std::string& logical, const hb::web::WrappedText& wrapped, std::size_t from, std::size_t to,
                std::size_t cursor_before, std::size_t anchor_before, std::string_view inserted) {
  const auto& display = wrapped.display;
  std::string after = display.substr(0, from);
  after.append(inserted).append(display.substr(to));
  const auto edit =
      hb::web::reconcile_edit(display, wrapped.breaks, cursor_before, anchor_before, after, from + inserted.size());
  const bool lone_break =
      inserted.empty() && to == from + 1 && std::binary_search(wrapped.breaks.begin(), wrapped.breaks.end(), from);
  const auto logical_from = hb::web::to_logical(from, wrapped.breaks);
  if (lone_break && cursor_before > from) {  // Backspace at the start of a display line
    const auto start = start_of_previous(logical, logical_from);
    FUZZ_CHECK(edit.logical == logical.substr(0, start) + logical.substr(logical_from));
    FUZZ_CHECK(edit.cursor == start);
    return;
  }
  if (lone_break) {  // Delete at the end of a display line: ImGui deleted the soft break's code point
    return;          // (its neighbour depends on decoding; tests/web covers it); only ranges are checked
  }
  const auto logical_to = hb::web::to_logical(to, wrapped.breaks);
  std::string expected = logical.substr(0, logical_from);
  expected.append(inserted).append(logical.substr(logical_to));
  FUZZ_CHECK(edit.logical == expected);
  FUZZ_CHECK(edit.cursor == logical_from + inserted.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto input = hb::fuzz::as_text(data, size);
  const float width = static_cast<float>(static_cast<int>(hb::fuzz::take_byte(input)) - 16) * 2.5f;
  const auto glyph_width = glyph_width_for(hb::fuzz::take_byte(input));
  const auto position = hb::fuzz::take_byte(input);
  const auto length = hb::fuzz::take_byte(input);
  const auto inserted = kInserts[hb::fuzz::take_byte(input) % std::size(kInserts)];
  const std::string logical(input);

  const auto wrapped = hb::web::soft_wrap(logical, width, glyph_width);
  const auto& display = wrapped.display;
  const auto& breaks = wrapped.breaks;
  FUZZ_CHECK(hb::web::logical_text(display, breaks) == logical);
  FUZZ_CHECK(display.size() == logical.size() + breaks.size());
  FUZZ_CHECK(std::is_sorted(breaks.begin(), breaks.end()));
  FUZZ_CHECK(std::adjacent_find(breaks.begin(), breaks.end()) == breaks.end());
  if (width <= 0) FUZZ_CHECK(breaks.empty());
  const bool valid_utf8 = hb::is_valid_utf8(logical);
  for (const auto at : breaks) {
    FUZZ_CHECK(at > 0 && at + 1 < display.size());
    FUZZ_CHECK(display[at] == '\n' && display[at - 1] != '\n' && display[at + 1] != '\n');
    if (valid_utf8) FUZZ_CHECK(!is_continuation(display[at + 1]));
  }

  const auto logical_carets = boundaries(logical);
  for (const auto p : logical_carets) {
    const auto shown = hb::web::to_display(p, breaks);
    FUZZ_CHECK(shown <= display.size());
    FUZZ_CHECK(!std::binary_search(breaks.begin(), breaks.end(), shown));
    FUZZ_CHECK(hb::web::to_logical(shown, breaks) == p);
  }
  for (std::size_t d = 0; d <= display.size(); ++d) FUZZ_CHECK(hb::web::to_logical(d, breaks) <= logical.size());

  // One edit at a display caret / selection on code point boundaries (edits only make sense in
  // text ImGui could hold: valid UTF-8).
  if (!valid_utf8) return 0;
  const auto carets = boundaries(display);
  const auto from_index = position % carets.size();
  const auto to_index = std::min(carets.size() - 1, from_index + length % 4);
  const auto from = carets[from_index];
  const auto to = carets[to_index];
  check_edit(logical, wrapped, from, to, to, from, inserted);  // typing, or a selection made left to right
  check_edit(logical, wrapped, from, to, from, to, inserted);  // a selection made right to left
  if (inserted.empty() && to_index == from_index + 1) {
    check_edit(logical, wrapped, from, to, to, to, inserted);      // Backspace
    check_edit(logical, wrapped, from, to, from, from, inserted);  // Delete
  }
  for (int i = 0; i < 5; ++i) (void)hb::web::utf8_offset(display, position - 2 + i);
  return 0;
}

#include "web/clinical/soft_wrap.hpp"

#include <algorithm>

namespace hb::web {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool is_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// Decodes the code point at `at`; returns its length in bytes (1 for a malformed byte, decoded
// as U+FFFD, so a wrap point is always on a boundary of the original bytes).
std::size_t decode(std::string_view text, std::size_t at, char32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || at + length > text.size()) {
    code_point = 0xFFFD;
    return 1;
  }
  code_point = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (std::size_t i = 1; i < length; ++i) {
    if (!is_continuation(text[at + i])) {
      code_point = 0xFFFD;
      return 1;
    }
    code_point = (code_point << 6) | (static_cast<unsigned char>(text[at + i]) & 0x3F);
  }
  return length;
}

float width_of(std::string_view text, std::size_t from, std::size_t to, const GlyphWidth& glyph_width) {
  float x = 0.0f;
  for (std::size_t at = from; at < to;) {
    char32_t code_point = 0;
    at += decode(text, at, code_point);
    x += glyph_width(code_point);
  }
  return x;
}

// Appends the logical offsets where the hard line [from, to) breaks.
void wrap_line(std::string_view text, std::size_t from, std::size_t to, float width, const GlyphWidth& glyph_width,
               std::vector<std::size_t>& cuts) {
  std::size_t line_start = from;
  std::size_t after_space = kNone;  // just after the last space on this display line
  float x = 0.0f;
  for (std::size_t at = from; at < to;) {
    char32_t code_point = 0;
    const std::size_t length = decode(text, at, code_point);
    const float w = glyph_width(code_point);
    if (code_point == ' ') {  // spaces hang: they never push a line over the edge
      x += w;
      at += length;
      after_space = at;
      continue;
    }
    while (x + w > width && at > line_start) {
      const std::size_t cut = after_space != kNone && after_space > line_start ? after_space : at;
      cuts.push_back(cut);
      line_start = cut;
      after_space = kNone;
      x = width_of(text, cut, at, glyph_width);
    }
    x += w;
    at += length;
  }
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
  const auto limit = std::min(a.size(), b.size());
  std::size_t n = 0;
  while (n < limit && a[n] == b[n]) ++n;
  return n;
}

}  // namespace

WrappedText soft_wrap(std::string_view logical, float width, const GlyphWidth& glyph_width) {
  std::vector<std::size_t> cuts;  // logical offsets
  if (width > 0.0f) {
    for (std::size_t from = 0;;) {
      const auto newline = logical.find('\n', from);
      const std::size_t to = newline == std::string_view::npos ? logical.size() : newline;
      wrap_line(logical, from, to, width, glyph_width, cuts);
      if (newline == std::string_view::npos) break;
      from = newline + 1;
    }
  }
  WrappedText out;
  out.display.reserve(logical.size() + cuts.size());
  out.breaks.reserve(cuts.size());
  std::size_t copied = 0;
  for (const auto cut : cuts) {
    out.display.append(logical.substr(copied, cut - copied));
    out.breaks.push_back(out.display.size());
    out.display.push_back('\n');
    copied = cut;
  }
  out.display.append(logical.substr(copied));
  return out;
}

std::string logical_text(std::string_view display, const std::vector<std::size_t>& breaks) {
  std::string out;
  out.reserve(display.size());
  std::size_t copied = 0;
  for (const auto at : breaks) {
    if (at < copied || at >= display.size() || display[at] != '\n') continue;  // not a soft break of this text
    out.append(display.substr(copied, at - copied));
    copied = at + 1;
  }
  out.append(display.substr(copied));
  return out;
}

std::size_t to_logical(std::size_t display_pos, const std::vector<std::size_t>& breaks) {
  const auto before =
      static_cast<std::size_t>(std::lower_bound(breaks.begin(), breaks.end(), display_pos) - breaks.begin());
  return display_pos - before;
}

std::size_t to_display(std::size_t logical_pos, const std::vector<std::size_t>& breaks) {
  std::size_t display_pos = logical_pos;
  for (std::size_t k = 0; k < breaks.size(); ++k) {
    if (breaks[k] - k > logical_pos) break;  // breaks[k] - k: the break's logical offset
    ++display_pos;
  }
  return display_pos;
}

LogicalEdit reconcile_edit(std::string_view old_text, const std::vector<std::size_t>& breaks, std::size_t cursor_before,
                           std::size_t anchor_before, std::string_view after, std::size_t cursor_after) {
  cursor_after = std::min(cursor_after, after.size());
  // The differing middle: old [prefix, old_end) became after [prefix, new_end). Where bytes repeat
  // it is ambiguous, so it is anchored at the caret, which ImGui leaves at the end of what it
  // inserted (or where it deleted): the common suffix first, up to the caret, then the prefix. So
  // an Enter typed just before a soft break is the new '\n', and the soft break stays after it.
  const std::size_t suffix_limit = std::min(old_text.size(), after.size() - cursor_after);
  std::size_t suffix = 0;
  while (suffix < suffix_limit && old_text[old_text.size() - 1 - suffix] == after[after.size() - 1 - suffix]) ++suffix;
  while (suffix > 0 && is_continuation(old_text[old_text.size() - suffix])) --suffix;
  const std::size_t old_end = old_text.size() - suffix;
  const std::size_t new_end = after.size() - suffix;
  std::size_t prefix = std::min({common_prefix(old_text, after), cursor_after, old_end, new_end});
  // ImGui replaces a selection whole: when the change ends where the selection ended, it began where
  // the selection began (an Enter typed over a selection that starts at a soft break replaces it).
  const auto [selection_from, selection_to] = std::minmax(cursor_before, anchor_before);
  if (selection_from < selection_to && selection_to == old_end && selection_from < prefix) prefix = selection_from;
  while (prefix > 0 && ((prefix < old_text.size() && is_continuation(old_text[prefix])) ||
                        (prefix < after.size() && is_continuation(after[prefix])))) {
    --prefix;
  }

  // A soft break deleted on its own: delete the logical neighbour instead.
  const auto deleted_break = std::lower_bound(breaks.begin(), breaks.end(), prefix);
  if (new_end == prefix && old_end == prefix + 1 && deleted_break != breaks.end() && *deleted_break == prefix) {
    LogicalEdit edit{logical_text(old_text, breaks), 0};
    const std::size_t at = prefix - static_cast<std::size_t>(deleted_break - breaks.begin());  // logical
    if (cursor_before > prefix) {  // Backspace: the caret was after the break
      std::size_t start = at;
      while (start > 0 && is_continuation(edit.logical[--start])) {}
      edit.logical.erase(start, at - start);
      edit.cursor = start;
    } else {  // Delete: the caret was before it
      char32_t code_point = 0;
      if (at < edit.logical.size()) edit.logical.erase(at, decode(edit.logical, at, code_point));
      edit.cursor = at;
    }
    return edit;
  }

  std::vector<std::size_t> kept;
  kept.reserve(breaks.size());
  for (const auto at : breaks) {
    if (at < prefix) {
      kept.push_back(at);
    } else if (at >= old_end) {
      kept.push_back(at - old_end + new_end);
    }
  }
  return LogicalEdit{logical_text(after, kept), to_logical(cursor_after, kept)};
}

std::size_t utf8_offset(std::string_view utf8, int index) {
  std::size_t at = 0;
  for (int i = 0; i < index && at < utf8.size(); ++i) {
    ++at;
    while (at < utf8.size() && is_continuation(utf8[at])) ++at;
  }
  return at;
}

}  // namespace hb::web

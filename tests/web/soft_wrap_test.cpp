// Word wrap for the note body (web/clinical/soft_wrap.*): wrapping, the display ↔ logical mapping
// and reconciling ImGui's edits of the display text. Every glyph is 10 px wide here.
#include <catch2/catch_test_macros.hpp>

#include <random>
#include <string>
#include <vector>

#include "web/clinical/soft_wrap.hpp"

using namespace hb::web;

namespace {

const GlyphWidth kTen = [](char32_t) { return 10.0f; };

using Breaks = std::vector<std::size_t>;

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code point boundaries of `text` (0 … size).
std::vector<std::size_t> boundaries(const std::string& text) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || !is_continuation(text[i])) out.push_back(i);
  }
  return out;
}

}  // namespace

TEST_CASE("a short line is not wrapped") {
  const auto w = soft_wrap("Hearing aids fitted.", 1000.0f, kTen);
  CHECK(w.display == "Hearing aids fitted.");
  CHECK(w.breaks.empty());
}

TEST_CASE("a line that fits exactly is not wrapped; one pixel less breaks it after the space") {
  CHECK(soft_wrap("aaaaa bbbbb", 110.0f, kTen).breaks.empty());
  const auto w = soft_wrap("aaaaa bbbbb", 109.0f, kTen);
  CHECK(w.display == "aaaaa \nbbbbb");
  CHECK(w.breaks == Breaks{6});
}

TEST_CASE("a word longer than the width breaks mid-word") {
  const auto w = soft_wrap("abcdefghijkl", 50.0f, kTen);
  CHECK(w.display == "abcde\nfghij\nkl");
  CHECK(w.breaks == Breaks{5, 11});
}

TEST_CASE("a run of spaces hangs at the end of the line and the next word starts the next line") {
  const auto w = soft_wrap("aaa   bbb", 50.0f, kTen);
  CHECK(w.display == "aaa   \nbbb");
  CHECK(w.breaks == Breaks{6});
}

TEST_CASE("hard line breaks stay and each hard line wraps on its own") {
  const auto w = soft_wrap("aaaa\nbbbb cccc\n\ndd", 60.0f, kTen);
  CHECK(w.display == "aaaa\nbbbb \ncccc\n\ndd");
  CHECK(w.breaks == Breaks{10});
}

TEST_CASE("non-ASCII letters are measured as one glyph and never split") {
  const auto w = soft_wrap("ééééé", 30.0f, kTen);  // five 2-byte code points
  CHECK(w.display == "ééé\néé");
  CHECK(w.breaks == Breaks{6});
  const auto euro = soft_wrap("Zoë €€€€ Łukasz", 45.0f, kTen);
  CHECK(logical_text(euro.display, euro.breaks) == "Zoë €€€€ Łukasz");
  for (const auto at : euro.breaks) {
    REQUIRE(at + 1 < euro.display.size());
    CHECK_FALSE(is_continuation(euro.display[at + 1]));
  }
}

TEST_CASE("no width, no wrapping") {
  CHECK(soft_wrap("aaaa bbbb", 0.0f, kTen).breaks.empty());
  CHECK(soft_wrap("", 100.0f, kTen).display.empty());
}

TEST_CASE("random texts survive logical → display → logical, breaks sit between glyphs, positions map both ways") {
  const std::vector<std::string> pieces{"a", "b", "word", " ", "  ", "\n", "é", "Ł", "€", "Zoë"};
  std::mt19937 random(20261122);
  for (int round = 0; round < 500; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    const float width = static_cast<float>(10 + random() % 80);
    const auto w = soft_wrap(text, width, kTen);
    INFO("text \"" << text << "\" width " << width);
    REQUIRE(logical_text(w.display, w.breaks) == text);
    REQUIRE(w.display.size() == text.size() + w.breaks.size());
    for (const auto at : w.breaks) {
      REQUIRE(w.display[at] == '\n');
      REQUIRE(at > 0);
      REQUIRE(w.display[at - 1] != '\n');  // never an empty display line
      REQUIRE(at + 1 < w.display.size());
      REQUIRE(w.display[at + 1] != '\n');
      REQUIRE_FALSE(is_continuation(w.display[at + 1]));
    }
    for (const auto p : boundaries(text)) REQUIRE(to_logical(to_display(p, w.breaks), w.breaks) == p);
  }
}

TEST_CASE("a caret at a soft break is shown at the start of the next display line") {
  const auto w = soft_wrap("aaaaa bbbbb", 60.0f, kTen);  // "aaaaa \nbbbbb"
  REQUIRE(w.breaks == Breaks{6});
  CHECK(to_display(6, w.breaks) == 7);
  CHECK(to_display(5, w.breaks) == 5);
  CHECK(to_display(11, w.breaks) == 12);
  CHECK(to_logical(6, w.breaks) == 6);  // before the break, end of the first line
  CHECK(to_logical(7, w.breaks) == 6);  // after it
  CHECK(to_logical(12, w.breaks) == 11);
}

TEST_CASE("typed and pasted text lands in the logical text; a pasted newline is a hard one") {
  const auto w = soft_wrap("aaaaa bbbbb", 60.0f, kTen);  // "aaaaa \nbbbbb"
  auto edit = reconcile_edit(w.display, w.breaks, 9, 9, "aaaaa \nbbXbbb", 10);
  CHECK(edit.logical == "aaaaa bbXbbb");
  CHECK(edit.cursor == 9);
  edit = reconcile_edit(w.display, w.breaks, 2, 2, "aaline\nnewaaa \nbbbbb", 10);  // pasted "line\nnew"
  CHECK(edit.logical == "aaline\nnewaaa bbbbb");
  CHECK(edit.cursor == 10);
}

TEST_CASE("Backspace on a soft break deletes the character before it; Delete the one after it") {
  const auto w = soft_wrap("aaaaa bbbbb", 60.0f, kTen);  // "aaaaa \nbbbbb"
  // Backspace at the start of the second display line: ImGui removed the '\n', caret 7 → 6.
  auto edit = reconcile_edit(w.display, w.breaks, 7, 7, "aaaaa bbbbb", 6);
  CHECK(edit.logical == "aaaaabbbbb");
  CHECK(edit.cursor == 5);
  // Delete at the end of the first display line: caret stays at 6.
  edit = reconcile_edit(w.display, w.breaks, 6, 6, "aaaaa bbbbb", 6);
  CHECK(edit.logical == "aaaaa bbbb");
  CHECK(edit.cursor == 6);
  // A two-byte letter before the break goes whole.
  const auto e = soft_wrap("aaaaébbbbb", 50.0f, kTen);  // "aaaaé\nbbbbb": a word broken mid-word
  REQUIRE(e.breaks == Breaks{6});
  edit = reconcile_edit(e.display, e.breaks, 7, 7, "aaaaébbbbb", 6);
  CHECK(edit.logical == "aaaabbbbb");
  CHECK(edit.cursor == 4);
}

TEST_CASE("cutting a selection across a soft break removes only logical text") {
  const auto w = soft_wrap("aaaaa bbbbb ccccc", 60.0f, kTen);  // "aaaaa \nbbbbb \nccccc"
  REQUIRE(w.breaks == Breaks{6, 13});
  // Select "a \nbb" (display 4..9) and cut: caret at 4.
  const auto edit = reconcile_edit(w.display, w.breaks, 9, 4, "aaaabbb \nccccc", 4);
  CHECK(edit.logical == "aaaabbb ccccc");
  CHECK(edit.cursor == 4);
}

TEST_CASE("replacing a letter by one sharing its first UTF-8 byte keeps the text valid") {
  const auto w = soft_wrap("é", 100.0f, kTen);
  const auto edit = reconcile_edit(w.display, w.breaks, 2, 2, "è", 2);  // C3 A9 → C3 A8
  CHECK(edit.logical == "è");
  CHECK(edit.cursor == 2);
}

TEST_CASE("utf8_offset counts code points as ImGui does") {
  CHECK(utf8_offset("Zoë Ł", 0) == 0);
  CHECK(utf8_offset("Zoë Ł", 3) == 4);
  CHECK(utf8_offset("Zoë Ł", 5) == 7);
  CHECK(utf8_offset("Zoë Ł", 99) == 7);
}

TEST_CASE("Enter at the end of a display line puts the caret on the new line") {
  // Found by tests/fuzz/soft_wrap_fuzz.cpp: the inserted '\n' and the soft break look alike, and the
  // caret was placed before the new line break instead of after it.
  const auto w = soft_wrap("aaaaa bbbbb", 60.0f, kTen);  // "aaaaa \nbbbbb"
  REQUIRE(w.breaks == Breaks{6});
  // End on the first display line (caret 6, before the soft break), then Enter: '\n' at 6, caret 7.
  const auto edit = reconcile_edit(w.display, w.breaks, 6, 6, "aaaaa \n\nbbbbb", 7);
  CHECK(edit.logical == "aaaaa \nbbbbb");
  CHECK(edit.cursor == 7);
}

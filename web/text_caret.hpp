// What a text field shares with the state that owns its text: where the clinician left the caret,
// and a change made from outside the field (a button) that the field should show and undo.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace hb::web {

// Taken by the field on its next frame: it takes the keyboard focus with its caret at `caret`
// (scrolled into view); with `undo_text`, Ctrl+Z brings that text back, the change one undo step.
struct CaretRequest {
  std::size_t caret = 0;                 // bytes into the stored text
  std::optional<std::string> undo_text;  // the text before the change
  std::size_t undo_caret = 0;            // the caret in `undo_text`
};

struct TextCaret {
  std::optional<std::size_t> position;  // the caret as last left (bytes into the stored text)
  std::optional<CaretRequest> request;
};

}  // namespace hb::web

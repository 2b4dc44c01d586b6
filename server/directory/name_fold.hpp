// Names as search compares them: lower case, accents removed ("Ñúñez" → "nunez"), apostrophes
// dropped ("O'Brien" → "obrien"), every other mark a word break ("Smith-Jones" → "smith jones").
// Letters outside Latin are kept as typed. The directory stores names folded this way and folds
// each query the same way, so an index can compare them byte for byte.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace hb {

// The words of `text`, folded.
std::vector<std::string> folded_words(std::string_view text);
// The folded words joined by one space.
std::string fold_name(std::string_view text);

}  // namespace hb

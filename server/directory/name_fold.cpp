#include "server/directory/name_fold.hpp"

#include <cstdint>

namespace hb {
namespace {

// Latin-1 Supplement U+00C0…U+00FF and Latin Extended-A U+0100…U+017F → base letters. '*' is a word
// break (× ÷), 'A' stands for "ae", 'O' for "oe", 'I' for "ij", 'T' for "th", 'S' for "ss".
constexpr std::string_view kLatin1 = "aaaaaaAceeeeiiiidnooooo*ouuuuyTSaaaaaaAceeeeiiiidnooooo*ouuuuyTy";
constexpr std::string_view kExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkkllllllllllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuu"
    "uuwwyyyzzzzzzs";
static_assert(kLatin1.size() == 64 && kExtendedA.size() == 128);

std::string_view expand(char c) {
  switch (c) {
    case 'A':
      return "ae";
    case 'O':
      return "oe";
    case 'I':
      return "ij";
    case 'T':
      return "th";
    case 'S':
      return "ss";
    default:
      return {};
  }
}

// One code point from `text` at `i` (advancing it); invalid bytes give U+FFFD and advance by one.
char32_t next_code_point(std::string_view text, size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte >> 6) != 0x2) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte & 0x3F);
  }
  i += length;
  return cp;
}

}  // namespace

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  auto add_letter = [&](char c) {
    if (c == '*') return end_word();
    if (auto many = expand(c); !many.empty()) return void(word += many);
    word += c;
  };
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const char32_t cp = next_code_point(text, i);
    if (cp < 0x80) {
      const auto c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        word += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word += c;
      } else if (c != '\'') {  // O'Brien is one word
        end_word();
      }
    } else if (cp >= 0xC0 && cp <= 0xFF) {
      add_letter(kLatin1[cp - 0xC0]);
    } else if (cp >= 0x100 && cp <= 0x17F) {
      add_letter(kExtendedA[cp - 0x100]);
    } else if ((cp >= 0x300 && cp <= 0x36F) || cp == 0x2019 || cp == 0x2018) {
      // Combining accents (a decomposed "n" + "~") and typographic apostrophes: no break.
    } else if (cp < 0xC0 || cp == 0xFFFD || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000) {
      end_word();  // Latin-1 punctuation and spaces, general punctuation, bad bytes
    } else {
      word.append(text.substr(start, i - start));  // another script: as typed
    }
  }
  end_word();
  return words;
}

std::string fold_name(std::string_view text) {
  std::string out;
  for (const auto& word : folded_words(text)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

}  // namespace hb

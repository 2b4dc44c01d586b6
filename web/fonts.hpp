// The UI font (Inter, from Debian's fonts-inter), subset at build time and embedded into the binary
// by web/tools/embed_fonts.py (the definitions are generated into the build tree).
#pragma once
#include <imgui.h>

namespace hb::web::fonts {

extern const unsigned char kInterRegular[];
extern const unsigned kInterRegularSize;
extern const unsigned char kInterMedium[];
extern const unsigned kInterMediumSize;

// The code points kept in the subset (Latin, Latin-1 Supplement, Latin Extended-A, common
// punctuation and symbols), as ImGui glyph ranges: {first, last, …, 0}.
extern const ImWchar kGlyphRanges[];

}  // namespace hb::web::fonts

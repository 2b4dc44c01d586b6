// The sandbox's page files (sandbox/web/*) and the Hint patient fixture, embedded at build time by
// embed_files.cmake, so the binary never reads the source tree at run time.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace hbs {

// Keyed by file name ("index.html", "hint-sdk.js", …); the fixture as "fixture:hint_patient.json".
const std::map<std::string, std::string_view>& embedded_files();

}  // namespace hbs

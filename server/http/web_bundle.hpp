// The built UI, read once at start into memory: the HTML shell plus its assets (wasm, js, font).
// Assets are served under /static/<content hash>/<name> so browsers may cache them for a year;
// a new build gets a new hash and the shell (never cached) points at it.
#pragma once
#include <filesystem>
#include <map>
#include <string>

#include "shared/result.hpp"

namespace hb {

struct WebFile {
  std::string body;
  std::string content_type;
};

class WebBundle {
public:
  static constexpr const char* kShellName = "shell.html";

  // Fails (naming HEARBRIDGE_WEB_DIR) when the folder or its shell is missing.
  static Result<WebBundle> load(const std::filesystem::path& dir, const std::string& hint_sdk_url);

  const std::string& shell_html() const { return shell_; }
  const std::string& version() const { return version_; }
  std::string asset_base() const { return "/static/" + version_; }
  const WebFile* find(const std::string& name) const;

private:
  std::string shell_;
  std::string version_;
  std::map<std::string, WebFile> files_;
};

}  // namespace hb

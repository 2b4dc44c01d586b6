#include "server/http/web_bundle.hpp"

#include <fstream>
#include <sstream>

#include "server/http/html_escape.hpp"
#include "server/security/hash.hpp"

namespace hb {
namespace {

std::string content_type_for(const std::filesystem::path& path) {
  auto ext = path.extension().string();
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".png") return "image/png";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".json") return "application/json";
  return "application/octet-stream";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

Result<WebBundle> WebBundle::load(const std::filesystem::path& dir, const std::string& hint_sdk_url) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(dir / kShellName, ec)) {
    return Error{ErrorCode::bad_request, "HEARBRIDGE_WEB_DIR: '" + dir.string() + "' holds no built UI (" + kShellName +
                                             "); run scripts/build"};
  }
  WebBundle bundle;
  std::string all;  // names and contents, hashed into the version
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    auto name = entry.path().filename().string();
    auto body = read_file(entry.path());
    all += name + '\0' + body + '\0';
    if (name == kShellName)
      bundle.shell_ = std::move(body);
    else
      bundle.files_[name] = WebFile{std::move(body), content_type_for(entry.path())};
  }
  bundle.version_ = sha256_hex(all).substr(0, 16);
  replace_all(bundle.shell_, "{{ASSET_BASE}}", bundle.asset_base());
  const std::string sdk_tag = hint_sdk_url.empty() ? "" : "<script src=\"" + html_escape(hint_sdk_url) + "\"></script>";
  replace_all(bundle.shell_, "{{HINT_SDK_SCRIPT}}", sdk_tag);
  return bundle;
}

const WebFile* WebBundle::find(const std::string& name) const {
  auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace hb

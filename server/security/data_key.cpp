#include "server/security/data_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "server/security/base64.hpp"
#include "server/security/random.hpp"

namespace hb {
namespace {

Error key_error(const std::string& what) { return Error{ErrorCode::internal, "HEARBRIDGE_DATA_KEY: " + what}; }

}  // namespace

Result<DataKey> load_data_key(const std::string& configured, const std::filesystem::path& data_dir) {
  if (!configured.empty()) {
    auto key = base64_decode(configured);
    if (!key || key->size() != 32) return key_error("not the base64 of exactly 32 bytes");
    return DataKey{std::move(*key), false};
  }
  const auto path = data_dir / "data.key";
  if (std::filesystem::exists(path)) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
      return key_error("key file " + path.string() + " is readable by group or others; chmod 600 it");
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto key = base64_decode(text.str());
    if (!key || key->size() != 32)
      return key_error("key file " + path.string() + " does not hold a 32-byte base64 key");
    return DataKey{std::move(*key), false};
  }
  // O_EXCL: two servers starting at once cannot both write a key.
  auto key = random_bytes(32);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return key_error("cannot create key file " + path.string());
  auto text = base64_encode(key) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    std::filesystem::remove(path);
    return key_error("cannot write key file " + path.string());
  }
  return DataKey{std::move(key), true};
}

}  // namespace hb

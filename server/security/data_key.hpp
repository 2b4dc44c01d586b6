// The data key that encrypts stored tokens: HEARBRIDGE_DATA_KEY (base64 of 32 bytes), or, when
// unset, a key generated once into <data dir>/data.key with mode 0600 and reused after that.
// Keep the key file outside database backups: a backup without it holds no readable token.
#pragma once
#include <filesystem>
#include <string>

#include "shared/result.hpp"

namespace hb {

struct DataKey {
  std::string bytes;       // 32 raw bytes
  bool generated = false;  // true when this start created the key file (the caller logs it)
};

Result<DataKey> load_data_key(const std::string& configured_base64, const std::filesystem::path& data_dir);

}  // namespace hb

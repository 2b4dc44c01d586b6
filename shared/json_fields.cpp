#include "shared/json_fields.hpp"

#include <limits>

namespace hb {
namespace {

// An integer that fits int64_t: nlohmann keeps a literal above INT64_MAX as unsigned, and reading
// that as int64_t would wrap it negative.
bool fits_int64(const nlohmann::json& value) {
  if (!value.is_number_integer()) return false;
  return !value.is_number_unsigned() ||
         value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

}  // namespace

FieldReader::FieldReader(const nlohmann::json& json) : json_(json) {}

FieldReader::FieldReader(const nlohmann::json& json, FieldReader* parent, std::string_view key)
    : json_(json), parent_(parent), path_(parent->path_ + std::string(key) + ".") {}

const nlohmann::json& FieldReader::empty_object() {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

const nlohmann::json* FieldReader::find(std::string_view key) const {
  if (!json_.is_object()) return nullptr;
  auto it = json_.find(key);
  return it == json_.end() ? nullptr : &*it;
}

void FieldReader::fail(std::string_view key) {
  auto& first = root().failed_;
  if (first.empty()) first = path_ + std::string(key);
}

Status only_known_members(const nlohmann::json& object, std::initializer_list<std::string_view> known) {
  if (!object.is_object()) return ok_status();
  for (const auto& member : object.items()) {
    bool listed = false;
    for (auto name : known) listed = listed || member.key() == name;
    if (!listed) return Error{ErrorCode::bad_request, "Unknown field: " + member.key() + "."};
  }
  return ok_status();
}

Error FieldReader::error() const {
  return Error{ErrorCode::missing_field, "Missing or invalid field: " + root().failed_ + "."};
}

bool FieldReader::has(std::string_view key) const { return find(key) != nullptr; }

const nlohmann::json& FieldReader::member(std::string_view key) {
  static const nlohmann::json kNull;
  const auto* value = find(key);
  if (!value) {
    fail(key);
    return kNull;
  }
  return *value;
}

std::string FieldReader::text(std::string_view key) {
  const auto& value = member(key);
  if (value.is_string()) return value.get<std::string>();
  fail(key);
  return {};
}

std::int64_t FieldReader::integer(std::string_view key) {
  const auto& value = member(key);
  if (fits_int64(value)) return value.get<std::int64_t>();
  fail(key);
  return 0;
}

bool FieldReader::boolean(std::string_view key) {
  const auto& value = member(key);
  if (value.is_boolean()) return value.get<bool>();
  fail(key);
  return false;
}

std::string FieldReader::nullable_text(std::string_view key) {
  const auto& value = member(key);
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_null()) fail(key);
  return {};
}

std::optional<std::int64_t> FieldReader::nullable_integer(std::string_view key) {
  const auto& value = member(key);
  if (fits_int64(value)) return value.get<std::int64_t>();
  if (!value.is_null()) fail(key);
  return std::nullopt;
}

std::string FieldReader::optional_text(std::string_view key) {
  const auto* value = find(key);
  if (!value || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  fail(key);
  return {};
}

std::optional<bool> FieldReader::optional_boolean(std::string_view key) {
  const auto* value = find(key);
  if (!value || value->is_null()) return std::nullopt;
  if (value->is_boolean()) return value->get<bool>();
  fail(key);
  return std::nullopt;
}

std::vector<std::string> FieldReader::text_list(std::string_view key) {
  std::vector<std::string> out;
  const auto& value = member(key);
  if (!value.is_array()) {
    fail(key);
    return out;
  }
  for (const auto& item : value) {
    if (!item.is_string()) {
      fail(key);
      break;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Error not_an_object(std::string_view message) {
  return Error{ErrorCode::missing_field, "The " + std::string(message) + " is not a JSON object."};
}

}  // namespace hb

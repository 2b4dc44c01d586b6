// Reading one API message strictly: a required member that is absent or of the wrong type is an
// error naming it ("missing or invalid field: invoices.total"), so a field renamed on one side fails
// on the other instead of reading as empty. Non-throwing (the wasm build has no exceptions).
//
// One reader per message; nested objects and list items get child readers that report into the
// same first error. Readers only point into the JSON: keep it alive while reading.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hb {

class FieldReader {
public:
  explicit FieldReader(const nlohmann::json& json);
  FieldReader(const FieldReader&) = delete;
  FieldReader& operator=(const FieldReader&) = delete;

  // Required: present with this type.
  std::string text(std::string_view key);
  std::int64_t integer(std::string_view key);
  bool boolean(std::string_view key);
  // Required to be present, but may be null ("" / nullopt).
  std::string nullable_text(std::string_view key);
  std::optional<std::int64_t> nullable_integer(std::string_view key);
  // May be absent or null ("" / nullopt / fallback); the wrong type is still an error.
  std::string optional_text(std::string_view key);
  std::optional<bool> optional_boolean(std::string_view key);
  // Required, any type (null included): the raw member, for shapes read elsewhere.
  const nlohmann::json& member(std::string_view key);
  bool has(std::string_view key) const;

  // A required object member, read by `read(FieldReader&)`.
  template <class F>
  auto object(std::string_view key, F read) -> decltype(read(std::declval<FieldReader&>())) {
    const auto& value = member(key);
    if (!value.is_object()) fail(key);
    FieldReader child(value.is_object() ? value : empty_object(), this, key);
    return read(child);
  }
  // A required list of objects, each read by `read(FieldReader&)`.
  template <class F>
  auto list(std::string_view key, F read) -> std::vector<decltype(read(std::declval<FieldReader&>()))> {
    std::vector<decltype(read(std::declval<FieldReader&>()))> out;
    const auto& value = member(key);
    if (!value.is_array()) {
      fail(key);
      return out;
    }
    for (const auto& item : value) {
      if (!item.is_object()) {
        fail(key);
        break;
      }
      FieldReader child(item, this, key);
      out.push_back(read(child));
    }
    return out;
  }
  // A required list of strings.
  std::vector<std::string> text_list(std::string_view key);

  // Marks `key` as invalid (for checks beyond the type: an unknown enum value, a bad amount).
  void fail(std::string_view key);
  bool ok() const { return root().failed_.empty(); }
  // missing_field naming the first failing field (root readers only).
  Error error() const;
  // `value` when every read succeeded, else error().
  template <class T>
  Result<T> finish(T value) const {
    if (!ok()) return error();
    return Result<T>(std::move(value));
  }

private:
  FieldReader(const nlohmann::json& json, FieldReader* parent, std::string_view key);
  const FieldReader& root() const { return parent_ ? parent_->root() : *this; }
  FieldReader& root() { return parent_ ? parent_->root() : *this; }
  const nlohmann::json* find(std::string_view key) const;
  static const nlohmann::json& empty_object();

  const nlohmann::json& json_;
  FieldReader* parent_ = nullptr;
  std::string path_;    // "invoices." for a child
  std::string failed_;  // root only: the first failing field's path
};

// A message's top level must be an object: this error otherwise.
Error not_an_object(std::string_view message);

// Request bodies (what the server accepts): a member outside `known` is bad_request naming it
// ("Unknown field: titel."), so a misspelt field is refused instead of ignored while the request
// succeeds. Replies are read leniently here: a newer server may add members an open UI does not know.
[[nodiscard]] Status only_known_members(const nlohmann::json& object, std::initializer_list<std::string_view> known);

}  // namespace hb

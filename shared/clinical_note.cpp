#include "shared/clinical_note.hpp"

#include "shared/iso8601.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

nlohmann::json optional_text(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }
nlohmann::json optional_time(int64_t t) { return t == 0 ? nlohmann::json() : nlohmann::json(format_timestamp(t)); }
int64_t time_at(const nlohmann::json& json, std::string_view key) {
  auto parsed = parse_timestamp(string_at(json, key));
  return parsed ? *parsed : 0;
}

}  // namespace

nlohmann::json to_json(const ClinicalNote& n) {
  return {
      {"id", n.id},
      {"patient_id", n.patient_id},
      {"title", n.title},
      {"body", n.body},
      {"version", n.version},
      {"status", n.signed_ ? "signed" : "draft"},
      {"created_at", optional_time(n.created_at)},
      {"updated_at", optional_time(n.updated_at)},
      {"updated_by", n.updated_by},
      {"signed_by", optional_text(n.signed_by)},
      {"signed_at", optional_time(n.signed_at)},
      {"content_hash", optional_text(n.content_hash)},
      {"hearing_test_uid", optional_text(n.hearing_test_uid)},
      {"hint", {{"interaction_id", optional_text(n.hint_interaction_id)}, {"sync", n.hint_sync}}},
  };
}

Result<ClinicalNote> parse_clinical_note(const nlohmann::json& json) {
  ClinicalNote n;
  n.id = string_at(json, "id");
  n.patient_id = string_at(json, "patient_id");
  auto version = json.is_object() ? json.find("version") : json.end();
  if (n.id.empty() || n.patient_id.empty() || !json.is_object() || version == json.end() || !version->is_number_integer()) {
    return Error{ErrorCode::missing_field, "The note is incomplete."};
  }
  n.version = version->get<int64_t>();
  n.title = string_at(json, "title");
  n.body = string_at(json, "body");
  n.signed_ = string_at(json, "status") == "signed";
  n.created_at = time_at(json, "created_at");
  n.updated_at = time_at(json, "updated_at");
  n.updated_by = string_at(json, "updated_by");
  n.signed_by = string_at(json, "signed_by");
  n.signed_at = time_at(json, "signed_at");
  n.content_hash = string_at(json, "content_hash");
  n.hearing_test_uid = string_at(json, "hearing_test_uid");
  if (const auto* hint = object_at(json, "hint")) {
    n.hint_interaction_id = string_at(*hint, "interaction_id");
    n.hint_sync = string_at(*hint, "sync");
  }
  return n;
}

bool is_valid_utf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t extra = 0;
    uint32_t code = 0;
    if ((lead & 0xE0) == 0xC0) extra = 1, code = lead & 0x1F;
    else if ((lead & 0xF0) == 0xE0) extra = 2, code = lead & 0x0F;
    else if ((lead & 0xF8) == 0xF0) extra = 3, code = lead & 0x07;
    else return false;
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not text.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) || (extra == 3 && (code < 0x10000 || code > 0x10FFFF)) ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::vector<FieldError> validate_note_text(const std::string& title, const std::string& body) {
  std::vector<FieldError> errors;
  if (title.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"title", "A title is required."});
  if (title.size() > kMaxNoteTitle) errors.push_back({"title", "The title is too long (200 characters at most)."});
  if (title.find('\n') != std::string::npos) errors.push_back({"title", "The title must be one line."});
  if (body.size() > kMaxNoteBody) errors.push_back({"body", "The note is too long (64 KB at most)."});
  if (!is_valid_utf8(title)) errors.push_back({"title", "The title is not valid text."});
  if (!is_valid_utf8(body)) errors.push_back({"body", "The note is not valid text."});
  return errors;
}

}  // namespace hb

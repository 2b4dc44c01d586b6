#include "shared/clinical_note.hpp"

#include <algorithm>

#include "shared/iso8601.hpp"
#include "shared/json_fields.hpp"

namespace hb {
namespace {

nlohmann::json optional_text(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }
nlohmann::json optional_time(int64_t t) { return t == 0 ? nlohmann::json() : nlohmann::json(format_timestamp(t)); }

// A required member that is an ISO-8601 timestamp or null (0).
int64_t read_time(FieldReader& r, const char* key) {
  const auto text = r.nullable_text(key);
  if (text.empty()) return 0;
  auto parsed = parse_timestamp(text);
  if (!parsed) r.fail(key);
  return parsed ? *parsed : 0;
}

// A request's optional "version": a note's versions start at 1, so anything below is refused
// rather than sent on to the store as a version no note has.
std::optional<int64_t> read_request_version(FieldReader& r) {
  if (!r.has("version")) return std::nullopt;
  auto version = r.nullable_integer("version");
  if (version && *version < 1) r.fail("version");
  return version;
}

// A request's optional "tests": hearing test ids, bounded in number and length, none empty.
std::vector<std::string> read_tests(FieldReader& r) {
  if (!r.has("tests")) return {};
  auto tests = r.text_list("tests");
  const bool bounded = tests.size() <= kMaxNoteTests && std::all_of(tests.begin(), tests.end(), [](const auto& t) {
                         return !t.empty() && t.size() <= kMaxTestUid;
                       });
  if (!bounded) r.fail("tests");
  return tests;
}

ClinicalNote read_note(FieldReader& r) {
  ClinicalNote n;
  n.id = r.text("id");
  n.patient_id = r.text("patient_id");
  n.title = r.text("title");
  n.body = r.text("body");
  n.version = r.integer("version");
  const auto status = r.text("status");
  if (status != "draft" && status != "signed" && status != "deleted") r.fail("status");
  n.signed_ = status == "signed";
  n.deleted = status == "deleted";
  n.created_at = read_time(r, "created_at");
  n.created_by = r.text("created_by");
  n.updated_at = read_time(r, "updated_at");
  n.updated_by = r.text("updated_by");
  n.signed_by = r.nullable_text("signed_by");
  n.signed_at = read_time(r, "signed_at");
  n.content_hash = r.nullable_text("content_hash");
  n.hearing_test_uid = r.nullable_text("hearing_test_uid");
  n.addendum_of = r.nullable_text("addendum_of");
  r.object("hint", [&n](FieldReader& hint) {
    n.hint_interaction_id = hint.nullable_text("interaction_id");
    n.hint_sync = hint.text("sync");
    return 0;
  });
  if (n.id.empty()) r.fail("id");
  return n;
}

}  // namespace

nlohmann::json to_json(const ClinicalNote& n) {
  return {
      {"id", n.id},
      {"patient_id", n.patient_id},
      {"title", n.title},
      {"body", n.body},
      {"version", n.version},
      {"status", n.deleted   ? "deleted"
                 : n.signed_ ? "signed"
                             : "draft"},
      {"created_at", optional_time(n.created_at)},
      {"created_by", n.created_by},
      {"updated_at", optional_time(n.updated_at)},
      {"updated_by", n.updated_by},
      {"signed_by", optional_text(n.signed_by)},
      {"signed_at", optional_time(n.signed_at)},
      {"content_hash", optional_text(n.content_hash)},
      {"hearing_test_uid", optional_text(n.hearing_test_uid)},
      {"addendum_of", optional_text(n.addendum_of)},
      {"hint", {{"interaction_id", optional_text(n.hint_interaction_id)}, {"sync", n.hint_sync}}},
  };
}

Result<ClinicalNote> parse_clinical_note(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("note");
  FieldReader r(json);
  auto note = read_note(r);
  return r.finish(std::move(note));
}

nlohmann::json to_json(const NoteCreateRequest& request) {
  nlohmann::json json{{"patient_id", request.patient_id}, {"title", request.title}, {"body", request.body}};
  if (!request.hearing_test_uid.empty()) json["hearing_test_uid"] = request.hearing_test_uid;
  if (!request.addendum_of.empty()) json["addendum_of"] = request.addendum_of;
  if (!request.tests.empty()) json["tests"] = request.tests;
  return json;
}

Result<NoteCreateRequest> parse_note_create_request(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("note");
  FieldReader r(json);
  NoteCreateRequest request{
      r.text("patient_id"),           r.text("title"), r.text("body"), r.optional_text("hearing_test_uid"),
      r.optional_text("addendum_of"), read_tests(r)};
  if (!r.ok()) return r.error();  // a renamed member is reported as the one missing
  if (auto known =
          only_known_members(json, {"patient_id", "title", "body", "hearing_test_uid", "addendum_of", "tests"});
      !known)
    return known.error();
  return request;
}

nlohmann::json to_json(const NoteUpdateRequest& request) {
  nlohmann::json json{{"title", request.title}, {"body", request.body}};
  if (request.version) json["version"] = *request.version;
  if (!request.tests.empty()) json["tests"] = request.tests;
  return json;
}

Result<NoteUpdateRequest> parse_note_update_request(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("note");
  FieldReader r(json);
  NoteUpdateRequest request{r.text("title"), r.text("body"), read_request_version(r), read_tests(r)};
  if (!r.ok()) return r.error();
  if (auto known = only_known_members(json, {"title", "body", "version", "tests"}); !known) return known.error();
  return request;
}

nlohmann::json to_json(const NoteSignRequest& request) {
  nlohmann::json json = nlohmann::json::object();
  if (request.version) json["version"] = *request.version;
  return json;
}

Result<NoteSignRequest> parse_note_sign_request(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("sign request");
  FieldReader r(json);
  NoteSignRequest request{read_request_version(r)};
  if (!r.ok()) return r.error();
  if (auto known = only_known_members(json, {"version"}); !known) return known.error();
  return request;
}

nlohmann::json to_json(const NoteReply& reply) { return {{"note", to_json(reply.note)}}; }

Result<NoteReply> parse_note_reply(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("note reply");
  FieldReader r(json);
  NoteReply reply{r.object("note", read_note)};
  return r.finish(std::move(reply));
}

nlohmann::json to_json(const NoteList& list) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& note : list.items) items.push_back(to_json(note));
  return {{"items", items},
          {"next_before", list.next_before.empty() ? nlohmann::json() : nlohmann::json(list.next_before)}};
}

Result<NoteList> parse_note_list(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("note list");
  FieldReader r(json);
  NoteList list{r.list("items", read_note), r.optional_text("next_before")};
  return r.finish(std::move(list));
}

nlohmann::json to_json(const NoteConflict& conflict) {
  auto json = error_body(conflict.error);
  if (conflict.current) json["current"] = to_json(*conflict.current);
  return json;
}

Result<NoteConflict> parse_note_conflict(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("conflict");
  FieldReader r(json);
  auto error = parse_error_reply(json);
  if (!error) return error.error();
  NoteConflict conflict{std::move(error).value().error, std::nullopt};
  // Absent when there is no note to show (it is gone, or a create met a hearing test's note).
  if (r.has("current")) conflict.current = r.object("current", read_note);
  return r.finish(std::move(conflict));
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
    if ((lead & 0xE0) == 0xC0)
      extra = 1, code = lead & 0x1F;
    else if ((lead & 0xF0) == 0xE0)
      extra = 2, code = lead & 0x0F;
    else if ((lead & 0xF8) == 0xF0)
      extra = 3, code = lead & 0x07;
    else
      return false;
    if (i + extra >= text.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not text.
    if ((extra == 1 && code < 0x80) || (extra == 2 && code < 0x800) ||
        (extra == 3 && (code < 0x10000 || code > 0x10FFFF)) || (code >= 0xD800 && code <= 0xDFFF)) {
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

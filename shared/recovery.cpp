#include "shared/recovery.hpp"

#include "shared/json_fields.hpp"

namespace hb {

nlohmann::json to_json(const RecoveryKeyReply& reply) { return {{"key", reply.key}}; }

Result<RecoveryKeyReply> parse_recovery_key_reply(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("recovery key");
  FieldReader r(json);
  RecoveryKeyReply reply{r.text("key")};
  if (reply.key.empty()) r.fail("key");
  return r.finish(std::move(reply));
}

nlohmann::json to_json(const UnsavedWords& w) {
  return {{"patient_id", w.patient_id},
          {"note_id", w.note_id},
          {"base_version", w.base_version},
          {"addendum_of", w.addendum_of},
          {"hearing_test_uid", w.hearing_test_uid},
          {"tests", w.tests},
          {"title", w.title},
          {"body", w.body},
          {"typed_at_ms", w.typed_at_ms}};
}

Result<UnsavedWords> parse_unsaved_words(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("unsaved words");
  FieldReader r(json);
  UnsavedWords w{r.text("patient_id"),       r.text("note_id"),    r.integer("base_version"), r.text("addendum_of"),
                 r.text("hearing_test_uid"), r.text_list("tests"), r.text("title"),           r.text("body"),
                 r.integer("typed_at_ms")};
  if (w.patient_id.empty()) r.fail("patient_id");
  return r.finish(std::move(w));
}

}  // namespace hb

#include "shared/worklist.hpp"

#include "shared/json_fields.hpp"

namespace hb {

nlohmann::json to_json(const Worklist& worklist) {
  nlohmann::json drafts = nlohmann::json::array();
  for (const auto& d : worklist.drafts) {
    drafts.push_back({{"note_id", d.note_id},
                      {"patient_id", d.patient_id},
                      {"patient_name", d.patient_name},
                      {"title", d.title},
                      {"updated_at", d.updated_at}});
  }
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& t : worklist.tests_without_note) {
    tests.push_back({{"hearing_test_uid", t.hearing_test_uid},
                     {"patient_id", t.patient_id},
                     {"patient_name", t.patient_name},
                     {"test_date", t.test_date}});
  }
  return {{"drafts", drafts}, {"tests_without_note", tests}};
}

Result<Worklist> parse_worklist(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("worklist");
  FieldReader r(json);
  Worklist list;
  list.drafts = r.list("drafts", [](FieldReader& item) {
    return WorklistDraft{item.text("note_id"), item.text("patient_id"), item.text("patient_name"), item.text("title"),
                         item.text("updated_at")};
  });
  list.tests_without_note = r.list("tests_without_note", [](FieldReader& item) {
    return WorklistTest{item.text("hearing_test_uid"), item.text("patient_id"), item.text("patient_name"),
                        item.text("test_date")};
  });
  return r.finish(std::move(list));
}

}  // namespace hb

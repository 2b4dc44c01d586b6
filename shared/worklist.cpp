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
                      {"author", d.author},
                      {"updated_at", d.updated_at}});
  }
  nlohmann::json tests = nlohmann::json::array();
  for (const auto& t : worklist.tests_without_note) {
    tests.push_back({{"hearing_test_uid", t.hearing_test_uid},
                     {"patient_id", t.patient_id},
                     {"patient_name", t.patient_name},
                     {"test_date", t.test_date},
                     {"audiologist", t.audiologist}});
  }
  return {{"drafts", drafts},
          {"drafts_total", worklist.drafts_total},
          {"tests_without_note", tests},
          {"tests_total", worklist.tests_total},
          {"tests_total_at_least", worklist.tests_total_at_least}};
}

Result<Worklist> parse_worklist(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("worklist");
  FieldReader r(json);
  Worklist list;
  list.drafts = r.list("drafts", [](FieldReader& item) {
    return WorklistDraft{item.text("note_id"), item.text("patient_id"), item.text("patient_name"),
                         item.text("title"),   item.text("author"),     item.text("updated_at")};
  });
  list.drafts_total = r.integer("drafts_total");
  list.tests_without_note = r.list("tests_without_note", [](FieldReader& item) {
    return WorklistTest{item.text("hearing_test_uid"), item.text("patient_id"), item.text("patient_name"),
                        item.text("test_date"), item.text("audiologist")};
  });
  list.tests_total = r.integer("tests_total");
  list.tests_total_at_least = r.boolean("tests_total_at_least");
  // A total below the rows it came with would hide rows behind a wrong "of n".
  if (list.drafts_total < static_cast<std::int64_t>(list.drafts.size())) r.fail("drafts_total");
  if (list.tests_total < static_cast<std::int64_t>(list.tests_without_note.size())) r.fail("tests_total");
  return r.finish(std::move(list));
}

nlohmann::json to_json(const TestNoteMark& mark) {
  return {{"hearing_test_uid", mark.hearing_test_uid}, {"no_note_needed", mark.no_note_needed}};
}

Result<TestNoteMark> parse_test_note_mark(const nlohmann::json& json) {
  if (!json.is_object()) return not_an_object("test mark");
  FieldReader r(json);
  TestNoteMark mark{r.text("hearing_test_uid"), r.boolean("no_note_needed")};
  return r.finish(std::move(mark));
}

}  // namespace hb

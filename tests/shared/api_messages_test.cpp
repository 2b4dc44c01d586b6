// Every body that passes between the server and the UI, through the one shared mapping.
#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <limits>

#include "shared/clinical_note.hpp"
#include "shared/error_catalogue.hpp"
#include "shared/hearing_record.hpp"
#include "shared/json_fields.hpp"
#include "shared/patient.hpp"
#include "shared/practice_settings.hpp"
#include "shared/session_context.hpp"
#include "shared/worklist.hpp"
#include "tests/shared/message_contract.hpp"

using namespace hb;
using namespace hb::testing;

namespace {

SessionContext sample_context() {
  SessionContext c;
  c.surface = "clinical_interaction";
  c.practice_id = "pra-1";
  c.practice_name = "Zoë's Practice";
  c.user_id = "user-1";
  c.user_name = "Agustin Gomez";
  c.roles = {"clinician"};
  c.permissions = {Permission::view, Permission::draft, Permission::sign};
  c.platform_support = true;
  c.patient_id = "pat-1";
  c.interaction_id = "inter-1";
  c.can_call_hint = true;
  return c;
}

ClinicalNote sample_note(bool is_signed) {
  ClinicalNote n;
  n.id = "note-1";
  n.patient_id = "pat-1";
  n.title = "Hearing review";
  n.body = "Findings, Zoë — revised";
  n.version = 3;
  n.signed_ = is_signed;
  n.created_at = 1'790'000'000;
  n.updated_at = 1'790'000'120;
  n.updated_by = "Priya Natarajan";
  n.created_by = "Dr. Ana Núñez";
  if (is_signed) {
    n.signed_by = "Priya Natarajan";
    n.signed_at = 1'790'000'180;
    n.content_hash = std::string(64, 'a');
  }
  n.hearing_test_uid = "ht_2";
  n.hint_interaction_id = "inter-42";
  n.hint_sync = "synced";
  return n;
}

HearingRecord sample_record() {
  HearingRecord r;
  r.link = {"linked", "hlp_7Qx2Lm9", ""};
  Audiogram recognised{AudiogramShape::recognised, {{250, 15}, {1000, 25.5}, {8000, 65}}, {{500, 20}}};
  r.tests = {{"ht_2", "2026-04-12", "Priya Natarajan", recognised},
             {"ht_1", "2024-03-01", "", Audiogram{AudiogramShape::unrecognised, {}, {}}},
             {"ht_0", "2023-01-01", "", Audiogram{}}};
  r.appointments = {{"ap_1", "Hearing aid fitting", "2026-12-01T09:30:00Z", "2026-12-01T10:30:00Z", "Main", "Priya",
                     true, false, "attended"}};
  r.invoices = {{"inv_1", "INV-1001", "open", 120050, 20000, 100050}};
  r.outstanding_balance = 100050;
  return r;
}

// HearLink sent amounts that could not be read: one invoice's total, another's payment.
HearingRecord incomplete_record() {
  auto r = sample_record();
  r.invoices = {{"inv_1", "INV-1001", "open", std::nullopt, 0, std::nullopt},
                {"inv_2", "INV-1002", "open", 5000, std::nullopt, std::nullopt},
                {"inv_3", "INV-1003", "paid", 2500, 2500, 0}};
  r.outstanding_balance = std::nullopt;
  r.amounts_complete = false;
  return r;
}

Patient sample_patient() {
  return {"pat-1",        "Zoë Ñúñez-Łukasz", "Zoë",
          "Ñúñez-Łukasz", "1961-02-03",       65,
          "female",       "zoe@example.test", "+44 7700 900123",
          "active"};
}

PracticeSettings sample_settings() { return {true, "9f2a", 2, {"cl_1", ""}, {"", "GP referral"}, {"st_3", ""}, true}; }

}  // namespace

TEST_CASE("session messages: exchange request and reply, session reply") {
  check_round_trip(ExchangeRequest{"key-abc", "core_page"}, parse_exchange_request);
  check_required_members(ExchangeRequest{"key-abc", "core_page"}, parse_exchange_request, {"surface"});
  check_round_trip(ExchangeReply{"tok", sample_context()}, parse_exchange_reply);
  check_required_members(ExchangeReply{"tok", sample_context()}, parse_exchange_reply);
  check_round_trip(SessionReply{sample_context()}, parse_session_reply);
  check_required_members(SessionReply{sample_context()}, parse_session_reply);
  auto denied = sample_context();
  denied.access_denied = true;
  denied.platform_support = false;
  denied.patient_id.clear();
  denied.interaction_id.clear();
  denied.permissions.clear();
  check_round_trip(SessionReply{denied}, parse_session_reply);
}

TEST_CASE("session context values outside the contract are errors naming the field") {
  auto json = to_json(sample_context());
  json["permissions"].push_back("fly");
  CHECK(parse_session_context(json).error().message == "Missing or invalid field: permissions.");
  json = to_json(sample_context());
  json["access"] = "maybe";
  CHECK(parse_session_context(json).error().message == "Missing or invalid field: access.");
  json = to_json(sample_context());
  json["user"]["roles"] = "clinician";
  CHECK(parse_session_context(json).error().message == "Missing or invalid field: user.roles.");
  CHECK_FALSE(parse_exchange_reply(to_json(ExchangeReply{"", sample_context()})));  // no token
  CHECK_FALSE(parse_exchange_request(to_json(ExchangeRequest{"", "core_page"})));
}

TEST_CASE("patient messages: the patient reply and search results") {
  check_round_trip(PatientReply{sample_patient()}, parse_patient_reply);
  check_required_members(PatientReply{sample_patient()}, parse_patient_reply);
  Patient sparse{"pat-2", "Ann", "Ann", "", "", std::nullopt, "", "", "", "active"};
  check_round_trip(PatientReply{sparse}, parse_patient_reply);
  PatientSearchResults results{{{"pat-1", "Zoë", "1961-02-03", 65}, {"pat-2", "Ann", "", std::nullopt}}, 7};
  check_round_trip(results, parse_patient_search);
  check_required_members(results, parse_patient_search);
  auto json = to_json(results);
  json["items"][0]["age"] = "sixty";
  CHECK(parse_patient_search(json).error().message == "Missing or invalid field: items.age.");
}

TEST_CASE("the hearing record and the link reply") {
  check_round_trip(sample_record(), parse_hearing_record);
  check_required_members(sample_record(), parse_hearing_record, {}, {"hearing_tests.audiogram"});
  check_round_trip(HearingRecord{}, parse_hearing_record);
  // Amounts that could not be read cross as null, and the record says so.
  check_round_trip(incomplete_record(), parse_hearing_record);
  check_required_members(incomplete_record(), parse_hearing_record, {}, {"hearing_tests.audiogram"});
  const auto incomplete = to_json(incomplete_record());
  CHECK(incomplete["invoices"][0]["total_pence"].is_null());
  CHECK(incomplete["invoices"][0]["balance_pence"].is_null());
  CHECK(incomplete["invoices"][1]["paid_pence"].is_null());
  CHECK(incomplete["outstanding_balance_pence"].is_null());
  CHECK(incomplete["amounts_complete"] == false);
  CHECK(to_json(sample_record())["amounts_complete"] == true);
  check_round_trip(LinkReply{{"needs_phone", "", "HearLink needs a phone number."}}, parse_link_reply);
  check_required_members(LinkReply{{"failed", "", "Refused."}}, parse_link_reply);
  auto json = to_json(sample_record());
  json["invoices"][0]["total_pence"] = 1200.5;  // money is whole pence on the wire
  CHECK(parse_hearing_record(json).error().message == "Missing or invalid field: invoices.total_pence.");
}

TEST_CASE("an audiogram crosses the API as the server read it") {
  const auto record = sample_record();
  const auto json = to_json(record);
  CHECK(json["hearing_tests"][0]["audiogram"]["right"]["1000"] == 25.5);
  CHECK(json["hearing_tests"][1]["audiogram"] == nlohmann::json{{"unrecognised", true}});
  CHECK(json["hearing_tests"][2]["audiogram"].is_null());
}

TEST_CASE("the worklist") {
  Worklist list{{{"note-7", "pat-1", "Zoë", "Fitting", "Dr. Ana Núñez", "2026-04-12T10:00:00Z"}},
                41,
                {{"ht_2", "pat-1", "Zoë", "2026-04-12", "Priya Natarajan"}},
                1001,
                true};
  check_round_trip(list, parse_worklist);
  check_required_members(list, parse_worklist);
  check_round_trip(Worklist{}, parse_worklist);
  // A total below the rows sent would hide rows behind a wrong "of n".
  auto json = to_json(list);
  json["drafts_total"] = 0;
  CHECK(!parse_worklist(json).ok());
  check_round_trip(TestNoteMark{"ht_2", true}, parse_test_note_mark);
  check_required_members(TestNoteMark{"ht_2", false}, parse_test_note_mark);
}

TEST_CASE("notes carry their author, addendum link and deleted status; requests carry the tests they refer to") {
  auto note = sample_note(true);
  note.addendum_of = "note-0";
  check_round_trip(NoteReply{note}, parse_note_reply);
  auto deleted = sample_note(false);
  deleted.deleted = true;
  check_round_trip(NoteReply{deleted}, parse_note_reply);
  CHECK(to_json(deleted)["status"] == "deleted");
  const NoteCreateRequest create{"pat-1", "Addendum to Fitting", "Later: wax", "", "note-0", {"ht_1", "ht_2"}};
  check_round_trip(create, parse_note_create_request);
  check_required_members(create, parse_note_create_request, {"hearing_test_uid", "addendum_of", "tests"});
  check_round_trip(NoteUpdateRequest{"t", "b", 4, {"ht_1"}}, parse_note_update_request);
  // Tests are bounded: none empty, none oversize, at most kMaxNoteTests.
  for (const auto& tests :
       {nlohmann::json::array({""}), nlohmann::json::array({std::string(kMaxTestUid + 1, 'h')}),
        nlohmann::json(std::vector<std::string>(kMaxNoteTests + 1, "ht_1")), nlohmann::json::array({1})}) {
    CHECK(!parse_note_update_request(nlohmann::json{{"title", "t"}, {"body", "b"}, {"tests", tests}}).ok());
  }
}

TEST_CASE("note messages: requests, reply, list and conflict") {
  check_round_trip(NoteCreateRequest{"pat-1", "Hearing care note", "Zoë reports tinnitus.", "ht_2", "", {}},
                   parse_note_create_request);
  check_required_members(NoteCreateRequest{"pat-1", "t", "b", "ht_2", "", {}}, parse_note_create_request,
                         {"hearing_test_uid"});
  check_round_trip(NoteCreateRequest{"pat-1", "t", "b", "", "", {}}, parse_note_create_request);
  check_round_trip(NoteUpdateRequest{"t", "b", 4, {}}, parse_note_update_request);
  check_round_trip(NoteUpdateRequest{"t", "b", std::nullopt, {}}, parse_note_update_request);
  check_required_members(NoteUpdateRequest{"t", "b", 4, {}}, parse_note_update_request, {"version", "tests"});
  check_round_trip(NoteSignRequest{4}, parse_note_sign_request);
  check_round_trip(NoteSignRequest{}, parse_note_sign_request);
  CHECK(parse_note_sign_request(nlohmann::json{{"version", "4"}}).error().message ==
        "Missing or invalid field: version.");

  for (bool is_signed : {false, true}) {
    check_round_trip(NoteReply{sample_note(is_signed)}, parse_note_reply);
    check_required_members(NoteReply{sample_note(is_signed)}, parse_note_reply);
  }
  check_round_trip(NoteList{{sample_note(false), sample_note(true)}, "note-9"}, parse_note_list);
  // next_before may be absent: a server from before paging sent the whole list.
  check_required_members(NoteList{{sample_note(true)}, "note-9"}, parse_note_list, {"next_before"});
  check_round_trip(NoteList{}, parse_note_list);
  CHECK(to_json(NoteList{}).at("next_before").is_null());  // the last page

  NoteConflict conflict{Error{ErrorCode::conflict, "The note was signed meanwhile."}, sample_note(true)};
  check_round_trip(conflict, parse_note_conflict);
  check_required_members(conflict, parse_note_conflict, {"current"});  // may be absent; a note when present
  check_round_trip(NoteConflict{Error{ErrorCode::conflict, {}}, sample_note(false)}, parse_note_conflict);
  auto json = to_json(NoteReply{sample_note(false)});
  json["note"]["status"] = "approved";
  CHECK(parse_note_reply(json).error().message == "Missing or invalid field: note.status.");
  json = to_json(NoteReply{sample_note(false)});
  json["note"]["updated_at"] = "yesterday";
  CHECK(parse_note_reply(json).error().message == "Missing or invalid field: note.updated_at.");
}

TEST_CASE("a 409 without the current note round-trips: it is absent when the note is gone") {
  for (auto error :
       {Error{ErrorCode::conflict, "A note for this hearing test exists."}, Error{ErrorCode::conflict, {}}}) {
    const NoteConflict conflict{error, std::nullopt};
    CHECK_FALSE(to_json(conflict).contains("current"));
    check_round_trip(conflict, parse_note_conflict);
  }
  // Present, it must still be a note.
  auto json = to_json(NoteConflict{Error{ErrorCode::conflict, {}}, sample_note(false)});
  json["current"].erase("version");
  CHECK(parse_note_conflict(json).error().message == "Missing or invalid field: current.version.");
  json["current"] = "note-1";
  CHECK(parse_note_conflict(json).error().message == "Missing or invalid field: current.");
}

TEST_CASE("a note version in a request is a positive integer that fits: anything else names version") {
  for (const char* body :
       {R"({"version": 0})", R"({"version": -1})", R"({"version": -9223372036854775808})",
        R"({"version": 9223372036854775808})", R"({"version": 18446744073709551615})", R"({"version": 1.5})"}) {
    INFO(body);
    auto json = nlohmann::json::parse(body);
    auto sign = parse_note_sign_request(json);
    REQUIRE_FALSE(sign.ok());
    CHECK(sign.error().message == "Missing or invalid field: version.");
    json["title"] = "t";
    json["body"] = "b";
    auto update = parse_note_update_request(json);
    REQUIRE_FALSE(update.ok());
    CHECK(update.error().message == "Missing or invalid field: version.");
  }
  auto largest = nlohmann::json::parse(R"({"version": 9223372036854775807})");
  CHECK(parse_note_sign_request(largest).value().version == std::numeric_limits<std::int64_t>::max());
  CHECK(parse_note_sign_request(nlohmann::json{{"version", 1}}).value().version == 1);
  CHECK(parse_note_sign_request(nlohmann::json{{"version", nullptr}}).value().version == std::nullopt);
}

TEST_CASE("the strict readers refuse an unsigned integer past int64 instead of wrapping it") {
  auto json = nlohmann::json::parse(R"({"count": 9223372036854775808, "at": 18446744073709551615, "ok": 42})");
  REQUIRE(json["count"].is_number_unsigned());
  {
    FieldReader r(json);
    CHECK(r.integer("count") == 0);
    CHECK(r.error().message == "Missing or invalid field: count.");
  }
  {
    FieldReader r(json);
    CHECK(r.nullable_integer("at") == std::nullopt);
    CHECK(r.error().message == "Missing or invalid field: at.");
  }
  FieldReader r(json);
  CHECK(r.integer("ok") == 42);
  CHECK(r.ok());
}

TEST_CASE("settings messages: the stored settings, an update, the connection test") {
  check_round_trip(sample_settings(), parse_practice_settings);
  check_required_members(sample_settings(), parse_practice_settings);
  check_round_trip(PracticeSettings{}, parse_practice_settings);
  PracticeSettingsUpdate update;
  update.hearlink_api_key = "hl_live_9f2a";
  update.hearlink_webhook_secrets = std::vector<std::string>{"whsec_a", "whsec_b"};
  update.default_clinic = IdOrName{"cl_1", ""};
  update.default_referral = IdOrName{"", "GP referral"};
  update.default_status = IdOrName{};  // cleared
  update.auto_draft_from_hearing_tests = false;
  check_round_trip(update, parse_settings_update);
  check_round_trip(PracticeSettingsUpdate{}, parse_settings_update);
  check_round_trip(ConnectionTest{true, ""}, parse_connection_test);
  check_round_trip(ConnectionTest{false, "HearLink refused the API key."}, parse_connection_test);
  check_required_members(ConnectionTest{false, "HearLink refused the API key."}, parse_connection_test);
}

TEST_CASE("a settings update reads a default's id and name strictly: a wrong type or member is refused, not a clear") {
  for (const char* body : {R"({"default_clinic": {"id": 42}})", R"({"default_clinic": {"name": false}})",
                           R"({"default_clinic": {"id": ["cl_1"]}})", R"({"default_referral": {"name": {}}})"}) {
    INFO(body);
    auto parsed = parse_settings_update(nlohmann::json::parse(body));
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().http_status() == 400);
    CHECK(parsed.error().code == ErrorCode::missing_field);
  }
  CHECK(parse_settings_update(nlohmann::json::parse(R"({"default_clinic": {"id": 42}})")).error().message ==
        "Missing or invalid field: default_clinic.id.");
  CHECK(parse_settings_update(nlohmann::json::parse(R"({"default_status": {"name": 7}})")).error().message ==
        "Missing or invalid field: default_status.name.");
  for (const char* body : {R"({"default_clinic": {"ID": "cl_1"}})", R"({"default_clinic": {"id": "cl_1", "x": 1}})"}) {
    INFO(body);
    auto parsed = parse_settings_update(nlohmann::json::parse(body));
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::bad_request);
    CHECK(parsed.error().message == "default_clinic: give only \"id\" or \"name\".");
  }
  // What still clears a default: {} (what the UI sends), or a null member.
  for (const char* body : {R"({"default_clinic": {}})", R"({"default_clinic": {"id": null}})"}) {
    INFO(body);
    CHECK(parse_settings_update(nlohmann::json::parse(body)).value().default_clinic == IdOrName{});
  }
  CHECK(parse_settings_update(nlohmann::json::parse(R"({"default_clinic": {"id": "cl_1", "name": null}})"))
            .value()
            .default_clinic == IdOrName{"cl_1", ""});
}

TEST_CASE("the error body round-trips and is read strictly, with a fallback for bodies not ours") {
  for (auto error : {Error{ErrorCode::forbidden, {}}, Error{ErrorCode::bad_request, "default_clinic: too long."}}) {
    check_round_trip(ErrorBody{error}, parse_error_reply);
    check_required_members(ErrorBody{error}, parse_error_reply);
    CHECK(parse_error_body(error_body(error), 400) == error);
  }
  auto renamed = error_body(Error{ErrorCode::forbidden, {}});
  renamed["error"]["kind"] = renamed["error"]["code"];
  renamed["error"].erase("code");
  CHECK(parse_error_reply(renamed).error().message == "Missing or invalid field: error.code.");
  CHECK(parse_error_body(renamed, 403).code == ErrorCode::forbidden);  // the status's default
  auto unknown = nlohmann::json{{"error", {{"code", "teapot"}, {"message", "x"}}}};
  CHECK(parse_error_reply(unknown).error().message == "Missing or invalid field: error.code.");
}

// Any parse as a Status (its value dropped).
template <auto Parse>
Status parsed_status(const nlohmann::json& json) {
  auto parsed = Parse(json);
  return parsed ? ok_status() : Status(parsed.error());
}

TEST_CASE("a request with a member the server does not know is refused naming it, never half applied") {
  using nlohmann::json;
  const std::vector<std::pair<json, Status (*)(const json&)>> cases{
      {json{{"patient_id", "pat-1"}, {"title", "t"}, {"body", "b"}, {"titel", "t"}},
       parsed_status<parse_note_create_request>},
      {json{{"title", "t"}, {"body", "b"}, {"titel", "t"}}, parsed_status<parse_note_update_request>},
      {json{{"version", 3}, {"titel", "t"}}, parsed_status<parse_note_sign_request>},
      {json{{"session_key", "k"}, {"titel", "t"}}, parsed_status<parse_exchange_request>},
      {json{{"hearlink_api_key", "hl_1"}, {"titel", "t"}}, parsed_status<parse_settings_update>},
  };
  for (const auto& [body, parse] : cases) {
    INFO(body.dump());
    auto parsed = parse(body);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::bad_request);
    CHECK(parsed.error().message == "Unknown field: titel.");
    auto known = body;
    known.erase("titel");
    CHECK(parse(known).ok());
  }
  // Replies are read leniently: a newer server may add members an open UI does not know yet.
  auto reply = to_json(NoteReply{sample_note(false)});
  reply["note"]["added_later"] = true;
  CHECK(parse_note_reply(reply).ok());
}

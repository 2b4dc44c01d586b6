#include "server/clinical/clinical_routes.hpp"

#include <cstdint>

#include "server/clinical/audit.hpp"
#include "server/clinical/outbox.hpp"
#include "server/http/query_params.hpp"
#include "server/http/request_headers.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

// Runs `handler` for an authenticated caller with `permission`, answering errors in one place.
template <class F>
HttpApp::Handler with_permission(const Authenticator& auth, Permission permission, F handler) {
  return [&auth, permission, handler](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, permission);
    if (!who) return reply_error(res, who.error());
    handler(who.value(), req, res);
  };
}

void reply_note(httplib::Response& res, int status, const ClinicalNote& note) {
  res.set_header("ETag", "\"" + std::to_string(note.version) + "\"");
  res.set_header("Cache-Control", "no-store");
  reply_json(res, status, to_json(NoteReply{note}));
}

// 409 carries the note as it stands, so the UI can show both versions.
void reply_conflict(httplib::Response& res, ClinicalNotes& notes, const Principal& who, const std::string& id,
                    const Error& error) {
  NoteConflict conflict{error, std::nullopt};
  if (auto current = notes.get(who.context.practice_id, id)) conflict.current = std::move(current).value();
  reply_json(res, 409, to_json(conflict));
}

// The request body, parsed and read by the shared mapping.
template <class Parse>
auto read_body(const std::string& text, Parse parse) -> decltype(parse(nlohmann::json())) {
  auto body = parse_json(text);
  if (!body) return body.error();
  return parse(body.value());
}

}  // namespace

void register_clinical_routes(HttpApp& http, ClinicalNotes& notes, PatientRecords& records, const Authenticator& auth,
                              Database& db, std::function<void()> outbox_changed) {
  http.post("/api/interactions",
            with_permission(auth, Permission::draft,
                            [&notes, &records, outbox_changed](const Principal& who, const httplib::Request& req,
                                                               httplib::Response& res) {
                              auto request = read_body(req.body, parse_note_create_request);
                              if (!request) return reply_error(res, request.error());
                              // Only for a patient of this practice: the session's own patient (Hint vouched for it in the
                              // handshake, so drafting works while Hint is down), or one the local copy or Hint knows.
                              const auto& r = request.value();
                              if (!r.patient_id.empty() && r.patient_id != who.context.patient_id) {
                                if (auto known = records.patient(who, r.patient_id); !known)
                                  return reply_error(res, known.error());
                              }
                              auto created = notes.create(who, r);
                              if (!created) return reply_error(res, created.error());
                              outbox_changed();
                              reply_note(res, 201, created.value());
                            }));

  http.get(
      "/api/interactions",
      with_permission(
          auth, Permission::view, [&notes](const Principal& who, const httplib::Request& req, httplib::Response& res) {
            const auto patient_id = req.get_param_value("patient_id");
            if (patient_id.empty()) return reply_error(res, Error{ErrorCode::missing_field, "patient_id is required."});
            auto limit = integer_param("limit", query_param(req, "limit"), 1, kNotesPageMax, kNotesPageMax);
            if (!limit) return reply_error(res, limit.error());
            auto list = notes.list_for_patient(who.context.practice_id, patient_id, static_cast<int>(limit.value()),
                                               query_param(req, "before").value_or(""));
            if (!list) return reply_error(res, list.error());
            res.set_header("Cache-Control", "no-store");
            reply_json(res, 200, to_json(list.value()));
          }));

  http.get("/api/interactions/:id",
           with_permission(auth, Permission::view,
                           [&notes](const Principal& who, const httplib::Request& req, httplib::Response& res) {
                             auto note = notes.get(who.context.practice_id, req.path_params.at("id"));
                             if (!note) return reply_error(res, note.error());
                             reply_note(res, 200, note.value());
                           }));

  http.put(
      "/api/interactions/:id",
      with_permission(
          auth, Permission::draft,
          [&notes, outbox_changed](const Principal& who, const httplib::Request& req, httplib::Response& res) {
            auto request = read_body(req.body, parse_note_update_request);
            if (!request) return reply_error(res, request.error());
            auto version =
                req.has_header("If-Match") ? parse_if_match(req.get_header_value("If-Match")) : request.value().version;
            if (!version) {
              return reply_error(res, Error{ErrorCode::missing_field, "If-Match with the note's version is required."});
            }
            const auto& id = req.path_params.at("id");
            const auto& r = request.value();
            auto updated = notes.update(who, id, *version, r.title, r.body, r.tests);
            if (!updated && updated.error().code == ErrorCode::conflict)
              return reply_conflict(res, notes, who, id, updated.error());
            if (!updated) return reply_error(res, updated.error());
            outbox_changed();
            reply_note(res, 200, updated.value());
          }));

  http.post("/api/interactions/:id/sign",
            with_permission(
                auth, Permission::sign,
                [&notes, outbox_changed](const Principal& who, const httplib::Request& req, httplib::Response& res) {
                  auto request = read_body(req.body.empty() ? "{}" : req.body, parse_note_sign_request);
                  if (!request) return reply_error(res, request.error());
                  auto version = req.has_header("If-Match") ? parse_if_match(req.get_header_value("If-Match"))
                                                            : request.value().version;
                  if (!version)
                    return reply_error(res, Error{ErrorCode::missing_field, "The note's version is required to sign."});
                  const auto& id = req.path_params.at("id");
                  auto signed_note = notes.sign(who, id, *version);
                  if (!signed_note && signed_note.error().code == ErrorCode::conflict) {
                    return reply_conflict(res, notes, who, id, signed_note.error());
                  }
                  if (!signed_note) return reply_error(res, signed_note.error());
                  outbox_changed();
                  reply_note(res, 200, signed_note.value());
                }));

  // Deleting a draft: If-Match names the version the clinician saw deleting it.
  http.del(
      "/api/interactions/:id",
      with_permission(
          auth, Permission::draft,
          [&notes, outbox_changed](const Principal& who, const httplib::Request& req, httplib::Response& res) {
            auto version = parse_if_match(req.get_header_value("If-Match"));
            if (!version)
              return reply_error(res, Error{ErrorCode::missing_field, "If-Match with the note's version is required."});
            const auto& id = req.path_params.at("id");
            auto removed = notes.remove(who, id, *version);
            if (!removed && removed.error().code == ErrorCode::conflict)
              return reply_conflict(res, notes, who, id, removed.error());
            if (!removed) return reply_error(res, removed.error());
            outbox_changed();
            reply_note(res, 200, removed.value());
          }));

  for (const bool no_note_needed : {true, false}) {
    auto mark = with_permission(
        auth, Permission::draft,
        [&notes, no_note_needed](const Principal& who, const httplib::Request& req, httplib::Response& res) {
          reply_result(res, notes.mark_no_note_needed(who, req.path_params.at("uid"), no_note_needed));
        });
    if (no_note_needed) {
      http.post("/api/worklist/tests/:uid/no-note-needed", std::move(mark));
    } else {
      http.del("/api/worklist/tests/:uid/no-note-needed", std::move(mark));
    }
  }

  http.get("/api/admin/audit",
           with_permission(auth, Permission::admin,
                           [&db](const Principal& who, const httplib::Request& req, httplib::Response& res) {
                             // `before`: the last id of the previous page (0: from the newest).
                             auto before = integer_param("before", query_param(req, "before"), 0, INT64_MAX, 0);
                             if (!before) return reply_error(res, before.error());
                             auto limit = integer_param("limit", query_param(req, "limit"), 1, 200, 50);
                             if (!limit) return reply_error(res, limit.error());
                             auto page = list_audit(db, who.context.practice_id, static_cast<int>(limit.value()),
                                                    before.value());
                             reply_result(res, page);
                           }));

  http.get(
      "/api/admin/outbox",
      with_permission(
          auth, Permission::admin, [&db](const Principal& who, const httplib::Request& req, httplib::Response& res) {
            // `after`: the last id of the previous page (0: from the oldest).
            auto after = integer_param("after", query_param(req, "after"), 0, INT64_MAX, 0);
            if (!after) return reply_error(res, after.error());
            auto limit = integer_param("limit", query_param(req, "limit"), 1, 200, 50);
            if (!limit) return reply_error(res, limit.error());
            reply_result(res, list_outbox(db, who.context.practice_id, static_cast<int>(limit.value()), after.value()));
          }));
}

}  // namespace hb

#include "server/clinical/patient_routes.hpp"

#include <cstdint>

#include "server/http/query_params.hpp"

namespace hb {

void register_patient_routes(HttpApp& http, PatientRecords& records, const Authenticator& auth) {
  http.get("/api/patients", [&](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, Permission::view);
    if (!who) return reply_error(res, who.error());
    auto limit = integer_param("limit", query_param(req, "limit"), 1, 100, 20);
    if (!limit) return reply_error(res, limit.error());
    auto offset = integer_param("offset", query_param(req, "offset"), 0, INT32_MAX, 0);
    if (!offset) return reply_error(res, offset.error());
    reply_result(res, records.search(who.value(), req.get_param_value("query"), static_cast<int>(limit.value()),
                                     static_cast<int>(offset.value())));
  });
  http.get("/api/patients/:id", [&](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, Permission::view);
    if (!who) return reply_error(res, who.error());
    reply_result(res, records.patient(who.value(), req.path_params.at("id")));
  });
  http.get("/api/patients/:id/hearing", [&](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, Permission::view);
    if (!who) return reply_error(res, who.error());
    reply_result(res, records.hearing(who.value(), req.path_params.at("id")));
  });
  http.get("/api/worklist", [&](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, Permission::view);
    if (!who) return reply_error(res, who.error());
    auto drafts_offset = integer_param("drafts_offset", query_param(req, "drafts_offset"), 0, INT32_MAX, 0);
    if (!drafts_offset) return reply_error(res, drafts_offset.error());
    auto tests_offset = integer_param("tests_offset", query_param(req, "tests_offset"), 0, INT32_MAX, 0);
    if (!tests_offset) return reply_error(res, tests_offset.error());
    auto limit = integer_param("limit", query_param(req, "limit"), 1, 100, kWorklistPage);
    if (!limit) return reply_error(res, limit.error());
    reply_result(res, records.worklist(who.value(), drafts_offset.value(), tests_offset.value(),
                                       static_cast<int>(limit.value())));
  });
}

}  // namespace hb

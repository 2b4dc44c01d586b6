#include "server/clinical/patient_routes.hpp"

namespace hb {
namespace {

template <class T>
void reply_result(httplib::Response& res, const Result<T>& result) {
  if (!result) return reply_error(res, result.error());
  res.set_header("Cache-Control", "no-store");
  reply_json(res, 200, to_json(result.value()));
}

}  // namespace

void register_patient_routes(HttpApp& http, PatientRecords& records, const Authenticator& auth) {
  http.get("/api/patients", [&](const httplib::Request& req, httplib::Response& res) {
    auto who = auth.require(req, Permission::view);
    if (!who) return reply_error(res, who.error());
    const int limit = req.has_param("limit") ? std::clamp(std::atoi(req.get_param_value("limit").c_str()), 1, 100) : 20;
    const int offset = std::max(0, std::atoi(req.get_param_value("offset").c_str()));
    reply_result(res, records.search(who.value(), req.get_param_value("query"), limit, offset));
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
    reply_result(res, records.worklist(who.value()));
  });
}

}  // namespace hb

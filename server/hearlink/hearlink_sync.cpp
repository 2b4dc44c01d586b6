#include "server/hearlink/hearlink_sync.hpp"

#include "server/hearlink/patient_links.hpp"
#include "server/log.hpp"
#include "shared/hearing_record.hpp"
#include "shared/hearlink_patient.hpp"
#include "shared/json_input.hpp"

namespace hb {
namespace {

HearLinkChoice choice(const IdOrName& value) { return {value.id, value.name}; }

constexpr const char* kLostAnswer =
    "HearLink may already have this patient: an earlier request got no answer. Check HearLink, then retry the link.";

// Each write in turn, stopping at the first that fails (the caller's transaction then rolls back).
Status all_of(std::initializer_list<std::function<Status()>> writes) {
  for (const auto& write : writes) {
    if (auto status = write(); !status) return status;
  }
  return ok_status();
}

}  // namespace

Principal hearlink_system_principal(const std::string& practice_id) {
  Principal who;
  who.context.practice_id = practice_id;
  who.context.user_id = "hearlink";
  who.context.user_name = "HearLink";
  who.context.permissions = {Permission::draft};
  return who;
}

HearLinkSync::HearLinkSync(Database& db, PracticeSettingsStore& settings, HearLinkClient& hearlink,
                           ClinicalNotes& notes, Clock clock)
    : db_(db), settings_(settings), hearlink_(hearlink), notes_(notes), clock_(std::move(clock)) {}

int HearLinkSync::run_due(int limit) {
  // One runner at a time: a job must never be carried out twice at once.
  std::lock_guard running(running_);
  std::vector<OutboxJob> jobs;
  {
    auto lock = db_.lock();
    jobs = due_outbox_jobs(db_, clock_(), limit, {kCreateHearLinkPatient, kDraftFromHearingTest});
  }
  int ran = 0;
  for (const auto& job : jobs) {
    const bool recorded = job.kind == kCreateHearLinkPatient ? create_patient(job) : draft_from_test(job);
    if (!recorded) {
      log::error("hearlink_sync_store_failed", {{"job", job.id}});
      return ran;
    }
    ++ran;
  }
  return ran;
}

bool HearLinkSync::create_patient(const OutboxJob& job) {
  const auto patient_id = bridge_object_key(job.practice_id, job.object_id);
  const auto& practice = job.practice_id;
  // Outcomes are recorded under the lock in one transaction; HearLink calls happen outside it.
  // A record that fails is rolled back whole and leaves the job due as it was.
  auto finish = [&](const std::function<Status()>& record) {
    auto lock = db_.lock();
    auto tx = Transaction::begin(db_);
    auto status = tx ? record() : Status(tx.error());
    if (status) status = tx.value().commit();
    return status.ok();
  };
  auto done_now = [&](int64_t now) -> Status {
    auto done = outbox_done(db_, job, now);
    return done ? ok_status() : Status(done.error());
  };
  auto log_outcome = [&](const char* outcome) {
    log::info("hearlink_create_patient", {{"job", job.id}, {"outcome", outcome}, {"attempt", job.attempts + 1}});
  };

  std::optional<PatientLink> link;
  std::optional<nlohmann::json> hint_patient;
  {
    auto lock = db_.lock();
    auto read = read_link(db_, practice, patient_id);
    if (!read) return false;  // not readable now: the job stays due
    link = std::move(read).value();
    auto query =
        db_.prepare("SELECT body FROM hint_patients WHERE practice_id = ? AND patient_id = ? AND status = 'active'");
    query.bind(1, practice).bind(2, patient_id);
    if (query.step()) {
      if (auto body = parse_json(query.text(0))) hint_patient = std::move(body).value();
    } else if (query.failed()) {
      return false;  // not readable now: the job stays due
    }
  }
  if (link && link->status == "linked") {
    log_outcome("already_linked");
    return finish([&] { return done_now(clock_()); });
  }
  if (link && (link->status == "creating" || link->status == "needs_check")) {
    // "creating" was committed before an earlier request went out and never replaced by its answer.
    log_outcome("needs_check");
    return finish([&] {
      const auto now = clock_();
      return all_of({[&] { return outbox_give_up(db_, job, now, "needs_check", kLostAnswer); },
                     [&] {
                       return write_link_if(db_, practice, patient_id, link->status, "needs_check", "", kLostAnswer,
                                            now);
                     }});
    });
  }
  if (!hint_patient) {
    // Not in the local copy (yet): the webhook or the patient's first open brings it.
    log_outcome("patient_unknown");
    return finish([&] { return outbox_retry(db_, job, clock_(), "The Hint patient is not known to HearBridge yet."); });
  }

  const auto read = settings_.get(practice);
  if (!read) return false;  // not readable now: the job stays due
  const auto& settings = read.value();
  const auto stored_key = settings_.hearlink_api_key(practice);
  if (!stored_key) return false;  // not readable now: the job stays due, never "no key set"
  const auto& api_key = stored_key.value();
  auto mapping = map_hint_patient_to_hearlink(
      *hint_patient,
      {choice(settings.default_clinic), choice(settings.default_referral), choice(settings.default_status)});
  if (api_key.empty() && mapping.status != PatientMappingStatus::not_configured) {
    mapping.status = PatientMappingStatus::not_configured;
    mapping.reason = "Set the HearLink API key in Settings.";
  }
  switch (mapping.status) {
    case PatientMappingStatus::needs_phone:
      log_outcome("needs_phone");
      return finish([&] {
        const auto now = clock_();
        return all_of({[&] {
                         return write_link_if(db_, practice, patient_id, "pending", "needs_phone", "", mapping.reason,
                                              now);
                       },
                       [&] { return done_now(now); }});
      });
    case PatientMappingStatus::not_configured:
      // Retried with back-off, so the link is made once the admin completes Settings.
      log_outcome("not_configured");
      return finish([&] {
        const auto now = clock_();
        return all_of(
            {[&] { return write_link_if(db_, practice, patient_id, "pending", "failed", "", mapping.reason, now); },
             [&] { return write_link_if(db_, practice, patient_id, "failed", "failed", "", mapping.reason, now); },
             [&] { return outbox_retry(db_, job, now, mapping.reason); }});
      });
    case PatientMappingStatus::invalid:
      log_outcome("invalid");
      return finish([&] {
        const auto now = clock_();
        return all_of(
            {[&] { return write_link_if(db_, practice, patient_id, "pending", "failed", "", mapping.reason, now); },
             [&] { return outbox_give_up(db_, job, now, "failed", mapping.reason); }});
      });
    case PatientMappingStatus::ready:
      break;
  }

  // The marker is committed before the request goes out: a crash after sending leaves it behind,
  // and the next run stops at step 2 instead of creating a second HearLink patient.
  if (!finish([&] { return write_link(db_, practice, patient_id, "creating", "", "", clock_()); })) return false;
  auto created = hearlink_.create_patient(api_key, mapping.request);
  if (created) {
    log_outcome("linked");
    // Not stored, the marker stays and the next run asks a person to check: never a second patient.
    return finish([&] {
      const auto now = clock_();
      // A webhook may have linked it meanwhile (same uid): only the marker is replaced.
      return all_of(
          {[&] { return write_link_if(db_, practice, patient_id, "creating", "linked", created.value(), "", now); },
           [&] { return done_now(now); }});
    });
  }
  const auto& error = created.error();
  const std::string reason(error.text());
  if (error.code == ErrorCode::upstream_timeout) {
    log_outcome("needs_check");
    return finish([&] {
      const auto now = clock_();
      // HearLink's webhook may have linked the patient while the answer was lost: then all is settled.
      auto current = read_link(db_, practice, patient_id);
      if (!current) return Status(current.error());
      if (current.value() && current.value()->status == "linked") return done_now(now);
      return all_of(
          {[&] { return outbox_give_up(db_, job, now, "needs_check", kLostAnswer); },
           [&] { return write_link_if(db_, practice, patient_id, "creating", "needs_check", "", kLostAnswer, now); }});
    });
  }
  if (error.code == ErrorCode::upstream_unavailable || error.code == ErrorCode::rate_limited) {
    // Surely not applied: the marker goes and a later attempt may create.
    log_outcome("retry");
    return finish([&] {
      const auto now = clock_();
      return all_of({[&] {
                       return write_link_if(db_, practice, patient_id, "creating", "pending", "",
                                            "HearLink cannot be reached; retrying.", now);
                     },
                     [&] { return outbox_retry(db_, job, now, reason); }});
    });
  }
  log_outcome("refused");
  return finish([&] {
    const auto now = clock_();
    return all_of({[&] { return write_link_if(db_, practice, patient_id, "creating", "failed", "", reason, now); },
                   [&] { return outbox_give_up(db_, job, now, "failed", reason); }});
  });
}

bool HearLinkSync::draft_from_test(const OutboxJob& job) {
  const auto test_uid = bridge_object_key(job.practice_id, job.object_id);
  const auto& practice = job.practice_id;
  auto done = [&](const char* outcome) {
    log::info("hearlink_draft_from_test", {{"job", job.id}, {"outcome", outcome}});
    auto lock = db_.lock();
    return outbox_done(db_, job, clock_()).ok();
  };
  const auto settings = settings_.get(practice);
  if (!settings) return false;  // not readable now: the job stays due, never dropped as "off"
  if (!settings.value().auto_draft_from_hearing_tests) return done("auto_draft_off");

  std::optional<nlohmann::json> test;
  std::string hint_patient_id;
  {
    auto lock = db_.lock();
    auto query = db_.prepare(
        "SELECT body, patient_uid FROM hearlink_records WHERE practice_id = ? AND kind = 'hearing_test' AND uid = ? "
        "AND deleted = 0");
    query.bind(1, practice).bind(2, test_uid);
    if (query.step()) {
      if (auto body = parse_json(query.text(0)); body && body.value().is_object()) test = std::move(body).value();
      auto linked = hint_patient_for(db_, practice, query.text(1));
      if (!linked) return false;  // not readable now: the job stays due
      hint_patient_id = std::move(linked).value();
    } else if (query.failed()) {
      return false;  // not readable now: the job stays due
    }
  }
  if (!test) return done("test_unknown");
  if (hint_patient_id.empty()) return done("patient_not_linked");

  HearingTest summary_input;
  summary_input.uid = test_uid;
  summary_input.test_date = string_at(*test, "testDate");
  if (const auto* audiologist = object_at(*test, "audiologist")) {
    summary_input.audiologist = string_at(*audiologist, "fullName");
  } else {
    summary_input.audiologist = string_at(*test, "audiologist");
  }
  if (auto it = test->find("audiogram"); it != test->end()) summary_input.audiogram = parse_audiogram(*it);
  const auto title =
      "Hearing test " + (summary_input.test_date.empty() ? std::string("(no date)") : summary_input.test_date);
  auto note = notes_.create(hearlink_system_principal(practice), hint_patient_id, title, hearing_summary(summary_input),
                            test_uid);
  if (note) return done("drafted");
  if (note.error().code == ErrorCode::conflict) return done("already_drafted");
  log::warn("hearlink_draft_from_test",
            {{"job", job.id}, {"outcome", "failed"}, {"code", error_info(note.error().code).code}});
  // A store that failed (internal) is retried like any transient failure; a note HearBridge refuses is final.
  auto lock = db_.lock();
  if (note.error().code == ErrorCode::internal) {
    return outbox_retry(db_, job, clock_(), "The draft note could not be stored; retrying.").ok();
  }
  return outbox_give_up(db_, job, clock_(), "failed", "The draft note could not be written.").ok();
}

}  // namespace hb

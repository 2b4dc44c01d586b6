// Fills the patient directory from Hint's patient list, so search finds every patient of the
// practice and not only those a webhook or a chart has brought. A pass reads the list page by page
// (100 patients a page, oldest first, so patients added meanwhile come at the end), at most
// kDirectoryPagesPerSecond pages a second so clinicians keep most of Hint's budget, and records its
// offset after every page: a restart resumes where it stopped. A pass starts at activation, when an
// admin asks (settings), for a practice seen for the first time, and daily to reconcile: a patient
// that neither that pass nor the one before saw leaves the directory (two passes, because a patient
// removed in Hint while a pass pages can shift a live one past the offset for one pass).
// Webhooks keep the directory current between passes; a listed copy older than the local one
// never overwrites it.
#pragma once
#include <string>

#include "server/clock.hpp"
#include "server/hint/hint_client.hpp"
#include "server/hint/rate_limiter.hpp"
#include "server/security/token_cipher.hpp"
#include "server/sessions/session_store.hpp"
#include "server/store/database.hpp"
#include "shared/backoff.hpp"
#include "shared/directory_progress.hpp"

namespace hb {

constexpr int kDirectoryPageSize = 100;
constexpr double kDirectoryPagesPerSecond = 4;
constexpr int64_t kDirectoryReconcileEveryS = 24 * 3600;
constexpr int64_t kDirectoryRemoveBatch = 500;
constexpr Backoff kDirectoryRetry{30, 3600};

// Starts a pass for the practice now unless one is running (a running pass waiting out a failure
// tries again now). Inside the caller's transaction, with the lock held: activation and an admin's
// "Refresh now" call it.
Status request_directory_pass(Database& db, const std::string& practice_id, int64_t now);

class DirectorySync {
public:
  DirectorySync(Database& db, SessionStore& sessions, const TokenCipher& cipher, HintClient& hint, Clock clock,
                Pacing pacing);

  Result<DirectoryProgress> progress(const std::string& practice_id);

  // Reads one page for the practice whose pass is most overdue; true when more is due at once.
  bool run_due();

private:
  struct Due {
    std::string practice_id;
    int64_t started_at = 0;
    int64_t offset = 0;
    int64_t attempts = 0;
    int64_t previous_started_at = 0;  // 0: no complete pass yet
  };
  Result<std::optional<Due>> take_due(int64_t now);
  // The practice's activation token, then the newest sessions' Hint tokens: each is tried in turn
  // while Hint refuses the one before (a session's token may have ended with it).
  std::vector<std::string> tokens_for(const std::string& practice_id);
  void record_failure(const Due& due, const Error& error, int64_t now);
  Status record_page(const Due& due, const HintPage& page, int64_t now);
  Status remove_unseen(const std::string& practice_id, int64_t seen_before);

  Database& db_;
  SessionStore& sessions_;
  const TokenCipher& cipher_;
  HintClient& hint_;
  Clock clock_;
  RateLimiter own_pace_;
};

}  // namespace hb

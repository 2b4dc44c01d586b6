// Remote<T>: a value that arrives over the network. idle → pending → ready | failed, and again.
// Screens draw from it; the reply callback fills it; the next frame draws the result.
//
// start() hands out a ticket; a reply resolves only the request whose ticket is current, so a
// late answer to an abandoned request (a retry superseded it) cannot overwrite a newer one.
//
// last_error() outlives start(): while a retry is in flight the screen still knows why the previous
// attempt failed (a 503 is not "unreachable"). Only a success or reset() clears it.
#pragma once
#include <cassert>
#include <cstdint>
#include <optional>
#include <utility>

#include "shared/error_catalogue.hpp"

namespace hb::web {

enum class RemoteStatus { idle, pending, ready, failed };

template <class T>
class Remote {
public:
  using Ticket = std::uint64_t;

  RemoteStatus status() const { return status_; }
  bool idle() const { return status_ == RemoteStatus::idle; }
  bool pending() const { return status_ == RemoteStatus::pending; }
  bool ready() const { return status_ == RemoteStatus::ready; }
  bool failed() const { return status_ == RemoteStatus::failed; }

  const T& value() const {
    assert(ready() && "Remote::value() before the value arrived");
    return *value_;
  }
  // The ready value, for a later reply that updates part of it (e.g. a link status).
  T& update_value() {
    assert(ready() && "Remote::update_value() before the value arrived");
    return *value_;
  }
  const Error& error() const {
    assert(failed() && "Remote::error() without a failure");
    return *error_;
  }
  // The most recent failure since the last success: set while failed, and kept while a retry is pending.
  const Error* last_error() const { return last_error_ ? &*last_error_ : nullptr; }

  // A request is on its way: earlier value and error are dropped.
  Ticket start() {
    status_ = RemoteStatus::pending;
    value_.reset();
    error_.reset();
    return ++ticket_;
  }
  // False (and nothing changes) when the ticket is stale or nothing is pending.
  bool resolve(Ticket ticket, T value) {
    if (!accepts(ticket)) return false;
    status_ = RemoteStatus::ready;
    value_ = std::move(value);
    last_error_.reset();
    return true;
  }
  bool fail(Ticket ticket, Error error) {
    if (!accepts(ticket)) return false;
    status_ = RemoteStatus::failed;
    error_ = error;
    last_error_ = std::move(error);
    return true;
  }
  // True while `ticket`'s request is the one pending (a reply in several parts asks before each).
  bool awaits(Ticket ticket) const { return accepts(ticket); }
  // Back to idle; any reply still in flight is ignored.
  void reset() {
    status_ = RemoteStatus::idle;
    value_.reset();
    error_.reset();
    last_error_.reset();
    ++ticket_;
  }

private:
  bool accepts(Ticket ticket) const { return status_ == RemoteStatus::pending && ticket == ticket_; }

  RemoteStatus status_ = RemoteStatus::idle;
  std::optional<T> value_;
  std::optional<Error> error_;
  std::optional<Error> last_error_;
  Ticket ticket_ = 0;
};

}  // namespace hb::web

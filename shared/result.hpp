// Result<T>: a value or an Error, for expected failures (bad input, bad signature, upstream status).
// Exceptions stay inside boundary adapters; asserts are for programmer mistakes.
#pragma once
#include <cassert>
#include <utility>
#include <variant>

#include "shared/error_catalogue.hpp"

namespace hb {

template <class T>
class [[nodiscard]] Result {
public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok() && "value() on a failed Result");
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok() && "value() on a failed Result");
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok() && "value() on a failed Result");
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok() && "error() on a successful Result");
    return std::get<1>(state_);
  }

private:
  std::variant<T, Error> state_;
};

// For operations that return nothing but may fail.
struct Done {};
using Status = Result<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace hb

// A Transport that records every request and answers from a script; and pacing whose sleeps
// advance a fake clock, so back-off and rate limits are tested without waiting.
#pragma once
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "server/hint/rate_limiter.hpp"
#include "server/http/outbound.hpp"

namespace hb::test {

class RecordingTransport final : public Transport {
public:
  TransportResult send(const OutboundRequest& request) override {
    std::lock_guard lock(mutex_);
    requests.push_back(request);
    if (script.empty()) return OutboundResponse{500, {}, R"({"status": 500, "message": "no scripted answer"})"};
    auto next = script.front();
    script.pop_front();
    return next;
  }
  void answer(int status, std::string body, httplib::Headers headers = {}) {
    script.push_back(OutboundResponse{status, std::move(headers), std::move(body)});
  }
  void fail(TransportFailure failure) { script.push_back(failure); }

  std::deque<TransportResult> script;
  std::vector<OutboundRequest> requests;

private:
  std::mutex mutex_;
};

struct FakePacing {
  std::shared_ptr<int64_t> now = std::make_shared<int64_t>(0);
  std::shared_ptr<std::vector<int64_t>> sleeps = std::make_shared<std::vector<int64_t>>();
  Pacing pacing() const {
    return {[now = now] { return *now; },
            [now = now, sleeps = sleeps](int64_t ms) {
              sleeps->push_back(ms);
              *now += ms;
            }};
  }
};

}  // namespace hb::test

// A recording HttpClient for native UI tests: every request is kept with its callback; the test
// answers them explicitly (in any order), so no reply arrives unless the test says so.
#pragma once
#include <cassert>
#include <string>
#include <utility>
#include <vector>

#include "web/http_client.hpp"

namespace hb::web::testing {

class FakeHttpClient : public HttpClient {
public:
  struct Sent {
    HttpRequest request;
    HttpCallback done;
    bool answered = false;
  };

  void send(HttpRequest request, HttpCallback done) override {
    sent.push_back({std::move(request), std::move(done), false});
  }

  // Answers request `index` (default: the oldest unanswered one).
  void reply(int status, std::string body, int index = -1) {
    if (index < 0) index = oldest_unanswered();
    assert(index >= 0 && !sent[index].answered && "no unanswered request to reply to");
    sent[index].answered = true;
    auto done = sent[index].done;  // the callback may send more requests (sent may grow)
    done(HttpResponse{status, std::move(body)});
  }
  // No answer at all (offline, timeout).
  void fail_network(int index = -1) { reply(0, {}, index); }

  int unanswered() const {
    int n = 0;
    for (const auto& s : sent) n += s.answered ? 0 : 1;
    return n;
  }
  const HttpRequest& last() const {
    assert(!sent.empty() && "no request was sent");
    return sent.back().request;
  }

  std::vector<Sent> sent;

private:
  int oldest_unanswered() const {
    for (size_t i = 0; i < sent.size(); ++i) {
      if (!sent[i].answered) return static_cast<int>(i);
    }
    return -1;
  }
};

}  // namespace hb::web::testing

// The files under tests/data, read by name ("hearlink/webhook.hearing_test.created.json").
#pragma once
#include <string>

namespace hb::test {

// The whole file; throws std::runtime_error naming the file when it cannot be read, so a missing
// fixture fails its test with that name instead of parsing an empty string.
std::string read_test_data(const std::string& name);

}  // namespace hb::test

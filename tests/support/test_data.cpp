#include "tests/support/test_data.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hb::test {

// The folder is compiled into this one file only: the define holds the clone's absolute path, and
// every file that saw it would miss ccache in another clone of the repository.
std::string read_test_data(const std::string& name) {
  const std::string path = std::string(HEARBRIDGE_TEST_DATA) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("test data not readable: " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace hb::test

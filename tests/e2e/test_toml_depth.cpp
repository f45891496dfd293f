// A config file with a dotted key of 100,000 parts is refused with its location (exit 78), as a
// schedule file is (exit 65): toml++ would build and free 100,000 nested tables recursively.

#include "harness.hpp"

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_toml_depth {

using echo::test::Hub;

namespace {

std::string parts(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ".a" : "a";
  return out;
}

} // namespace

TEST_SUITE("e2e: TOML nesting") {
  TEST_CASE("a config and a schedule with 100,000-part dotted keys are refused with file:line:column") {
    Hub hub;
    hub.write("deep.toml", "[hub]\n" + parts(100000) + " = 1\n");
    auto r = hub.raw({"--config", "deep.toml", "series", "list"});
    CHECK_MESSAGE(r.code == 78, r);
    CHECK(r.err.find("deep.toml:2:1: a dotted key or table name with more than 64 parts") != std::string::npos);

    hub.write("schedule.toml", "[" + parts(100000) + "]\nx = 1\n");
    r = hub.run({"session", "import", "schedule.toml"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(r.err.find("schedule.toml:1:2: a dotted key or table name with more than 64 parts") != std::string::npos);
  }
}

} // namespace test_toml_depth

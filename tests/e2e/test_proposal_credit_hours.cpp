// proposal submit --credit-hours: not a finite number is a usage error (2), out of range is 65.

#include "harness.hpp"

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_proposal_credit_hours {

using echo::test::Hub;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e: proposal credit hours") {
  TEST_CASE("proposal submit refuses nan and inf with exit 2 and out-of-range values with 65") {
    Hub hub;
    auto submit = [&](const std::string& v) {
      return hub.run(
          {"proposal", "submit", "--title", "T", "--lead-name", "L", "--lead-email", "l@x.org", "--credit-hours", v});
    };
    for (const std::string v : {"nan", "inf", "-inf", "many"}) {
      CAPTURE(v);
      auto r = submit(v);
      CHECK(r.code == 2);
      CHECK(has(r.err, "--credit-hours"));
      CHECK(has(r.err, "'" + v + "' is not a"));
      CHECK(hub.dump() == "<no database>");
    }
    for (const std::string v : {"-0.5", "101"}) {
      CAPTURE(v);
      auto r = submit(v);
      CHECK(r.code == 65);
      CHECK(has(r.err, "--credit-hours must be between 0 and 100"));
      CHECK(hub.dump() == "<no database>");
    }
    auto r = submit("2.5");
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM proposal") == "1");
  }
}

} // namespace test_proposal_credit_hours

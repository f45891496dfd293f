// participant list --search: LIKE-style wildcards (% and _) and punctuation match nobody.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_participant_search {

using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;

TEST_SUITE("e2e participant search") {

  TEST_CASE("--search with only punctuation such as % or _ matches nobody") {
    Hub hub;
    seed_pc2026(hub);
    for (const char* text : {"%", "_", "%%", "-"}) {
      const auto r = hub.run({"participant", "list", "--search", text, "--json"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK_MESSAGE(json::parse(r.out).empty(), text);
    }
    const auto r = hub.run({"participant", "list", "--search", "a.lee@", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["name"] == "Alice Lee");
  }
}

} // namespace test_participant_search

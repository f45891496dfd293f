// The query service of the read commands on the small hub of query_hub.hpp: what `list` and
// `show` print, without the binary.
#include "query_hub.hpp"

#include "echo/config/config.hpp"
#include "echo/participant/queries.hpp"
#include "echo/participant/service.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_participant_queries {

using namespace echo;
using echo::test::k_query_now;
using echo::test::query_hub;

TEST_SUITE("echo::participant::queries") {

  TEST_CASE("participant list searches, keeps unknown regions only when asked, and show gathers a profile") {
    auto db = query_hub();
    CHECK(participant::list(*db, {"roy", false, nullptr}).size() == 1);
    CHECK(participant::list(*db, {"", false, nullptr}).size() == 2);
    config::Config cfg;
    cfg.regions.push_back({"Interior Health", {"IH"}, std::nullopt, std::nullopt, std::nullopt});
    const auto unknown = participant::list(*db, {"", true, &cfg});
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].name == "Bob Roy"); // Atlantis is no configured region
    participant::add_alias(*db, {"a@example.org", "Ali Lee", "tester", {}});
    const auto profile = participant::show(*db, {"a@example.org", 55});
    CHECK(profile.participant.name == "Alice Lee");
    REQUIRE(profile.aliases.size() == 1);
    CHECK(profile.aliases[0].value == "Ali Lee");
    REQUIRE(profile.attendance.size() == 2);
    CHECK(profile.attendance[0].eligible);       // 60 >= 55
    CHECK_FALSE(profile.attendance[1].eligible); // 50 < 55
    CHECK(participant::complete_emails(*db, "b") == std::vector<std::string>{"b@example.org"});
  }
}

} // namespace test_participant_queries

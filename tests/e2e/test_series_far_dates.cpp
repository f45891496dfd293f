// series schedule refuses rules that run past 9999-12-31 (dates are YYYY-MM-DD everywhere).

#include "harness.hpp"

#include <string>

using echo::test::Hub;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e: series schedule near year 10000") {
  TEST_CASE("a weekly rule from 9999-12-31 is refused with 65 naming the series and the date") {
    Hub hub;
    auto r = hub.run({"series", "create", "far-1", "--title", "Far", "--start", "9999-12-31", "--repeat", "weekly",
                      "--count", "3", "--time", "10:00"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto before = hub.dump();
    r = hub.run({"series", "schedule", "far-1"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "series 'far-1': a session on 10000-01-07 is after 9999-12-31"));
    CHECK(hub.dump() == before); // not even the 9999-12-31 session
    CHECK(hub.scalar("SELECT count(*) FROM session") == "0");
    r = hub.run({"series", "schedule", "far-1", "--dry-run"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "10000-01-07"));
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a session on 9999-12-31 whose start in UTC is in year 10000 is refused, an earlier one is fine") {
    Hub hub; // America/Vancouver: 9999-12-31 20:00 is 10000-01-01 04:00 UTC
    REQUIRE(hub.run({"series", "create", "far-2", "--title", "Far", "--start", "9999-12-31", "--time", "20:00"}).code ==
            0);
    const auto before = hub.dump();
    auto r = hub.run({"series", "schedule", "far-2"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "series 'far-2': the session on 9999-12-31 starts after 9999-12-31 in UTC"));
    CHECK(hub.dump() == before);

    REQUIRE(hub.run({"series", "create", "far-3", "--title", "Far", "--start", "9999-12-31", "--time", "10:00"}).code ==
            0);
    r = hub.run({"series", "schedule", "far-3"});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT start_utc FROM session") == "9999-12-31T18:00:00Z");
    r = hub.run({"session", "export", "--series", "far-3", "--format", "ics", "-o", "far.ics"});
    CHECK_MESSAGE(r.code == 0, r);
  }
}

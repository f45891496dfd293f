// A manual correction (attendance record) of an imported row makes it manual: re-imports and
// import --replace keep it and its minutes.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_manual_replace {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;

namespace {

std::string alice_row(const Hub& hub) {
  return hub.scalar("SELECT a.minutes || '|' || a.role || '|' || a.source FROM attendance a JOIN participant p ON "
                    "p.id = a.participant_id WHERE a.session_id = 1 AND p.email = 'a.lee@example.org'");
}

} // namespace

TEST_SUITE("e2e attendance manual corrections") {

  TEST_CASE("a manual correction of an imported row makes it manual and it survives re-imports and --replace") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()}).code == 0);
    REQUIRE(alice_row(hub) == "67|presenter|zoom");
    const auto r = hub.run(
        {"attendance", "record", "pc-2026/1", "a.lee@example.org", "--minutes", "55", "--reason", "audio dropped"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "updated pc-2026/1: a.lee@example.org 55 minutes as presenter (eligible)\n");
    CHECK(alice_row(hub) == "55|presenter|manual");

    SUBCASE("import --replace keeps the manual row and its minutes") {
      const auto again = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--replace"});
      REQUIRE_MESSAGE(again.code == 0, again);
      CHECK(alice_row(hub) == "55|presenter|manual");
      CHECK(hub.scalar("SELECT minutes || '|' || source FROM attendance WHERE session_id = 1 AND participant_id = "
                       "(SELECT id FROM participant WHERE email = 'priya.sharma@fraserhealth.example.ca')") ==
            "61|zoom");
    }
    SUBCASE("another export of the session does not recompute the manual minutes") {
      const auto file = hub.write("other.csv", "Name (Original Name),User Email,Join Time,Leave Time\n"
                                               "Alice Lee,a.lee@example.org,01/13/2026 11:50:00 AM,"
                                               "01/13/2026 01:10:00 PM\n");
      const auto again = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/1"});
      REQUIRE_MESSAGE(again.code == 0, again);
      CHECK(alice_row(hub) == "55|presenter|manual");
    }
  }
}

} // namespace test_attendance_manual_replace

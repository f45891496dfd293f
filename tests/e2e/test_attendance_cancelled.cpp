// Attendance on a cancelled or future session is written, with a warning naming the session.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_cancelled {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;

TEST_SUITE("e2e attendance cancelled sessions") {

  TEST_CASE("attendance on a cancelled session is written with a warning naming the session") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.scalar("SELECT status FROM session WHERE id = 4") == "cancelled");
    SUBCASE("record") {
      const auto r = hub.run({"attendance", "record", "pc-2026/4", "a.lee@example.org", "--minutes", "50"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK_MESSAGE(r.err.find("warning: session pc-2026/4 is cancelled") != std::string::npos, r.err);
      CHECK(hub.scalar("SELECT count(*) FROM attendance WHERE session_id = 4") == "1");
    }
    SUBCASE("import --session") {
      // The fixture's rows moved from 2026-02-10 to the cancelled session's day, 2026-02-24:
      // times two weeks away from the session are refused (util/validate.hpp).
      auto text = echo::test::slurp(fixture("zoom/participants_only.csv"));
      for (auto at = text.find("2026-02-10"); at != std::string::npos; at = text.find("2026-02-10"))
        text.replace(at, 10, "2026-02-24");
      const auto file = hub.write("participants_only_0224.csv", text);
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/4"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK_MESSAGE(r.err.find("warning: session pc-2026/4 is cancelled") != std::string::npos, r.err);
      CHECK(hub.scalar("SELECT count(*) FROM attendance WHERE session_id = 4") == "2");
    }
    SUBCASE("a scheduled session gives no warning") {
      const auto r = hub.run({"attendance", "record", "pc-2026/3", "a.lee@example.org", "--minutes", "50"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.err.find("cancelled") == std::string::npos);
      CHECK(r.err.find("warning") == std::string::npos);
    }
  }

  TEST_CASE("attendance on a session still to come is written with a warning") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2099-01-06", "--time", "12:00"}).code == 0);
    const auto ref = hub.scalar("SELECT 'pc-2026/' || count(*) FROM session WHERE series_id = 1");
    const auto r = hub.run({"attendance", "record", ref, "a.lee@example.org", "--minutes", "50"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK_MESSAGE(r.err.find("warning: session " + ref + " has not started yet (it starts 2099-01-06T20:00:00Z)") !=
                      std::string::npos,
                  r.err);
  }
}

} // namespace test_attendance_cancelled

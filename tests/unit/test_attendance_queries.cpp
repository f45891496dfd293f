// The query service of the read commands on the small hub of query_hub.hpp: what `list` and
// `show` print, without the binary.
#include "query_hub.hpp"

#include "echo/attendance/queries.hpp"
#include "echo/db/attendance_repo.hpp"
#include "echo/error.hpp"
#include "echo/schedule/queries.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_queries {

using namespace echo;
using echo::test::k_query_now;
using echo::test::query_hub;

TEST_SUITE("echo::attendance::queries") {

  TEST_CASE("attendance list filters by session and participant and marks eligibility at the minimum") {
    auto db = query_hub();
    const auto all = attendance::list(*db, {"", "", 45});
    REQUIRE(all.size() == 3);
    // By session start, then name: pc/1 Alice, pc/1 Bob, pc/2 Alice.
    CHECK(all[0].session == "pc/1");
    CHECK(all[0].name == "Alice Lee");
    CHECK(all[0].eligible); // 60 >= 45
    CHECK(all[1].name == "Bob Roy");
    CHECK_FALSE(all[1].eligible); // 30 < 45
    CHECK(all[2].session == "pc/2");
    CHECK(all[2].minutes == 50);
    CHECK(attendance::list(*db, {"pc/1", "", 45}).size() == 2);
    const auto bob = attendance::list(*db, {"", "b@example.org", 30});
    REQUIRE(bob.size() == 1);
    CHECK(bob[0].eligible); // 30 >= 30
    CHECK_THROWS_AS(attendance::list(*db, {"pc/9", "", 45}), Error);
    CHECK_THROWS_AS(attendance::list(*db, {"", "nobody@example.org", 45}), Error);
  }

  TEST_CASE("unmatched rows are listed until resolved, and cancelled sessions are found among ids") {
    auto db = query_hub();
    const auto pc1 = schedule::show_session(*db, "pc/1").session.id;
    const auto pc3 = schedule::show_session(*db, "pc/3").session.id;
    std::int64_t row = 0;
    db->write([&] {
      db::AttendanceRepo att(*db);
      row = att.add_unmatched(pc1, std::nullopt, "iPhone", "iphone", echo::domain::Role::participant, 40, "[]", "z.csv",
                              7);
    });
    REQUIRE(attendance::unmatched(*db, {}).size() == 1);
    CHECK(attendance::unmatched(*db, {})[0].name == "iPhone");
    db->write([&] { db::AttendanceRepo(*db).mark_resolved(row, 2); });
    CHECK(attendance::unmatched(*db, {}).empty());
    const auto all = attendance::unmatched(*db, {true});
    REQUIRE(all.size() == 1);
    CHECK(all[0].resolved_participant_id == 2);
    CHECK(attendance::cancelled_sessions(*db, {pc1, pc3, 999}) == std::set<std::int64_t>{pc3});
  }
}

} // namespace test_attendance_queries

// One definition per rule (db/rules.hpp, domain/session.hpp): a session is held when it is not
// cancelled, started before the as-of instant (start_utc < as_of, man/echoctl-report.1: "started
// before") and its attendance was recorded. A session that starts exactly at the as-of instant
// has not started: upcoming, neither held nor unrecorded, in every place that counts it.

#include "echo/db/database.hpp"
#include "echo/db/report_repo.hpp"
#include "echo/db/rules.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/domain/attendance.hpp"
#include "echo/domain/session.hpp"

#include <doctest/doctest.h>

#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <memory>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_rules {

using namespace echo;

namespace {

constexpr const char* k_start = "2026-03-10T19:00:00Z";
constexpr const char* k_second_after = "2026-03-10T19:00:01Z";
constexpr const char* k_second_before = "2026-03-10T18:59:59Z";

struct OneSession {
  std::unique_ptr<db::Database> db = db::Database::open_memory();
  std::int64_t series_id = 0;
  std::int64_t session_id = 0;

  OneSession() {
    domain::Series s;
    s.code = "pc-2026";
    s.title = "Pain care";
    s.timezone = "America/Vancouver";
    series_id = db::create_series(*db, s);
    domain::Session x;
    x.series_id = series_id;
    x.key = "2026-03-10";
    x.local_date = "2026-03-10";
    x.local_time = "12:00";
    x.start_utc = k_start;
    session_id = db::insert_session(*db, x);
  }
};

} // namespace

TEST_SUITE("echo::db::rules") {
  TEST_CASE("started is strictly before the as-of instant") {
    CHECK(domain::started_before(k_start, k_second_after));
    CHECK_FALSE(domain::started_before(k_start, k_start));
    CHECK_FALSE(domain::started_before(k_start, k_second_before));
  }

  TEST_CASE("a session starting at the as-of instant is upcoming for series counts, status and attendance state") {
    OneSession one;
    auto counts = db::series_counts(*one.db, one.series_id, k_start);
    CHECK(counts.sessions == 1);
    CHECK(counts.held == 0);
    CHECK(counts.unrecorded == 0);
    CHECK(counts.upcoming == 1);
    CHECK(db::list_series(*one.db, k_start).at(0).status == "planned");
    CHECK(db::get_session(*one.db, one.session_id).attendance_state(k_start).empty());

    // One second later it has started: unrecorded (nothing recorded), the series completed.
    counts = db::series_counts(*one.db, one.series_id, k_second_after);
    CHECK(counts.held == 0);
    CHECK(counts.unrecorded == 1);
    CHECK(counts.upcoming == 0);
    CHECK(db::list_series(*one.db, k_second_after).at(0).status == "completed");
    CHECK(db::get_session(*one.db, one.session_id).attendance_state(k_second_after) == "unrecorded");
  }

  TEST_CASE("a recorded session is held one second after its start and not at it, in counts and reports") {
    OneSession one;
    db::set_marked_held(*one.db, one.session_id, true);
    domain::Params p;
    p.as_of_utc = k_start;
    CHECK(db::series_counts(*one.db, one.series_id, k_start).held == 0);
    CHECK(db::report_figures(*one.db, p).sessions_held == 0);
    CHECK(db::get_session(*one.db, one.session_id).attendance_state(k_start).empty());

    p.as_of_utc = k_second_after;
    CHECK(db::series_counts(*one.db, one.series_id, k_second_after).held == 1);
    CHECK(db::report_figures(*one.db, p).sessions_held == 1);
    CHECK(db::get_session(*one.db, one.session_id).attendance_state(k_second_after) == "none");
  }

  TEST_CASE("the session reference is CODE and the stored number") {
    OneSession one;
    CHECK(db::get_session(*one.db, one.session_id).ref() == "pc-2026/1");
    CHECK(domain::session_ref("pc-2026", 12) == "pc-2026/12");
  }
}

TEST_SUITE("echo::db::rules role rank") {
  TEST_CASE("the SQL rank of every role is the domain's, generated from its one table") {
    auto db = db::Database::open_memory();
    for (std::size_t i = 0; i < domain::k_role_names.size(); ++i) {
      const auto role = static_cast<domain::Role>(i);
      SQLite::Statement q(db->sql(), "SELECT " + db::rules::role_rank("?1"));
      q.bind(1, std::string(domain::name(role)));
      REQUIRE(q.executeStep());
      CHECK(q.getColumn(0).getInt() == domain::role_rank(role));
    }
    CHECK(db::rules::role_rank("a.role") ==
          "(CASE a.role WHEN 'participant' THEN 0 WHEN 'hub' THEN 1 WHEN 'presenter' THEN 2 WHEN 'facilitator' "
          "THEN 2 END)");
  }
}

} // namespace test_db_rules

// The query service of the read commands on the small hub of query_hub.hpp: what `list` and
// `show` print, without the binary.
#include "query_hub.hpp"

#include "echo/error.hpp"
#include "echo/schedule/queries.hpp"
#include "echo/session/cases.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_queries {

using namespace echo;
using echo::test::k_query_now;
using echo::test::query_hub;

namespace {

std::vector<std::string> refs(const std::vector<domain::Session>& sessions) {
  std::vector<std::string> out;
  for (const auto& s : sessions) out.push_back(s.ref());
  return out;
}

} // namespace

TEST_SUITE("echo::schedule::queries") {

  TEST_CASE("series and session queries count, filter and resolve references as of an instant") {
    auto db = query_hub();
    const auto row = schedule::show_series(*db, "pc", k_query_now);
    // 4 sessions; held: pc/1 and pc/2 (past, with attendance); pc/3 cancelled; pc/4 upcoming.
    CHECK(row.counts.sessions == 4);
    CHECK(row.counts.held == 2);
    CHECK(row.counts.unrecorded == 0);
    CHECK(row.counts.upcoming == 1);
    CHECK(row.status == "active");
    CHECK(schedule::list_series(*db, {k_query_now, "active"}).size() == 1);
    CHECK(schedule::list_series(*db, {k_query_now, "completed"}).empty());
    CHECK_THROWS_AS(schedule::show_series(*db, "nope", k_query_now), Error);

    schedule::SessionListRequest req;
    req.series = "pc";
    req.from = "2026-01-05";
    req.to = "2026-01-31";
    CHECK(refs(schedule::list_sessions(*db, req)) == std::vector<std::string>{"pc/2", "pc/3"});
    req.status = "cancelled";
    CHECK(refs(schedule::list_sessions(*db, req)) == std::vector<std::string>{"pc/3"});

    session::add_case(*db, {"pc/1", "a@example.org", "Chest pain at 40", "tester"});
    const auto detail = schedule::show_session(*db, "pc/1");
    CHECK(detail.session.ref() == "pc/1");
    REQUIRE(detail.cases.size() == 1);
    CHECK(detail.cases[0].presenter == "a@example.org");
    const auto cases = session::list_cases(*db, std::to_string(detail.session.id));
    CHECK(cases.session == "pc/1");
    CHECK(cases.cases.size() == 1);

    const auto map = schedule::session_refs(*db, row.series.id);
    REQUIRE(map.size() == 4);
    CHECK(map.at(detail.session.id) == "pc/1");
    CHECK(schedule::complete_sessions(*db, "pc/") == std::vector<std::string>{"pc/1", "pc/2", "pc/3", "pc/4"});
  }
}

} // namespace test_schedule_queries

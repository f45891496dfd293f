// The report service against the hand-built scenario of tests/fixtures/report/scenario.sql
// (as-of 2026-03-01T08:00:00Z): references resolved, warnings, the figures made from the raw rows
// db/ returns (retention distribution, network pairs ordered, registrations grouped). Every
// expected value is worked out by hand in the comments.

#include "echo/config/config.hpp"
#include "echo/db/database.hpp"
#include "echo/error.hpp"
#include "echo/report/service.hpp"
#include "echo/util/files.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_service {

using namespace echo;

namespace {

std::unique_ptr<db::Database> scenario() {
  auto database = db::Database::open_memory();
  database->sql().exec(util::read_file(std::string(ECHO_FIXTURES) + "/report/scenario.sql"));
  return database;
}

report::Request request(const std::string& series = "") {
  report::Request r;
  r.params.as_of_utc = "2026-03-01T08:00:00Z";
  r.params.min_minutes = 45;
  r.params.min_percent = 75;
  r.series = series;
  r.program = "echoctl";
  return r;
}

} // namespace

TEST_SUITE("echo::report::service") {
  TEST_CASE("open resolves the series and warns about the unrecorded session") {
    auto database = scenario();
    const auto scope = report::open(*database, request("pc-2026"));
    REQUIRE(scope.params.series_id);
    CHECK(*scope.params.series_id == 1);
    CHECK(scope.series == "pc-2026");
    CHECK(scope.series_title == "Palliative Care ECHO 2026");
    // pc-2026/4 (2026-02-24) is past, not cancelled, with no attendance: the only unrecorded
    // one (pc-2026/5 and wound-2026/3 are after the as-of instant, pc-2026/2 is cancelled).
    REQUIRE(scope.warnings.size() == 1);
    CHECK(scope.warnings[0] ==
          "1 past session with no attendance recorded, not counted as held nor in averages or certificates: "
          "pc-2026/4 (2026-02-24); import the attendance, or `echoctl session update REF --held` if nobody came");
    // wound-2026 has none.
    CHECK(report::open(*database, request("wound-2026")).warnings.empty());
  }

  TEST_CASE("open refuses an unknown series") {
    auto database = scenario();
    CHECK_THROWS_AS(report::open(*database, request("nope-2026")), Error);
  }

  TEST_CASE("the streamed rows are the rows of the whole report") {
    auto database = scenario();
    const auto scope = report::open(*database, request());
    std::vector<std::string> streamed;
    report::each_session(*database, scope, [&](const report::SessionRow& r) { streamed.push_back(r.session); });
    std::vector<std::string> whole;
    for (const auto& r : report::sessions(*database, scope)) whole.push_back(r.session);
    // 5 sessions of pc-2026 and 3 of wound-2026, by start.
    CHECK(streamed.size() == 8);
    CHECK(streamed == whole);

    // Ann's eligible participations by start: pc-2026/1 (2026-01-13, 60 min), wound-2026/1
    // (2026-02-03, 50), pc-2026/3 (2026-02-10, 45); pc-2026/5 is in the future.
    const auto ann = report::find_participant(*database, "ann@example.org");
    REQUIRE(ann);
    std::vector<std::string> credits;
    report::each_credit(*database, scope, ann, [&](const report::CreditRow& r) { credits.push_back(r.session); });
    CHECK(credits == std::vector<std::string>{"pc-2026/1", "wound-2026/1", "pc-2026/3"});
    CHECK_FALSE(report::find_participant(*database, ""));
  }

  TEST_CASE("figures fill the series and period, and the pages' sessions only when asked") {
    auto database = scenario();
    auto req = request("wound-2026");
    req.params.from = "2026-02-01";
    const auto scope = report::open(*database, req);
    const auto plain = report::figures(*database, scope, false, false);
    CHECK(plain.figures.series == std::optional<std::string>("wound-2026"));
    CHECK(plain.figures.from == std::optional<std::string>("2026-02-01"));
    CHECK_FALSE(plain.figures.to);
    CHECK(plain.figures.as_of == "2026-03-01T08:00:00Z");
    // wound-2026/1 and /2 held; /3 after as-of.
    CHECK(plain.figures.sessions_held == 2);
    CHECK(plain.sessions.empty());
    // The summary's page: every session of the period and the figures of each series in it.
    const auto all = report::open(*database, request());
    const auto page = report::figures(*database, all, true, true);
    CHECK_FALSE(page.figures.series);
    CHECK(page.sessions.size() == 8);
    REQUIRE(page.by_series.size() == 2);
    CHECK(page.by_series[0].code == "pc-2026");
    CHECK(page.by_series[0].title == "Palliative Care ECHO 2026");
    CHECK(page.by_series[0].figures.sessions_held == 2); // /1 and /3
    CHECK(page.by_series[1].code == "wound-2026");
  }

  TEST_CASE("retention: the curve, the distribution and who came back, from the raw counts") {
    auto database = scenario();
    const auto scope = report::open(*database, request("pc-2026"));
    const auto r = report::retention(*database, scope, config::Config{}, true);
    // Held sessions of pc-2026: /1 (Ann, Bob, Tom as participants; Dee presented) and /3 (Ann,
    // Bob, Dee). /2 cancelled, /4 unrecorded, /5 future.
    CHECK(r.series == "pc-2026");
    REQUIRE(r.curve.size() == 2);
    CHECK(r.curve[0].session == "pc-2026/1");
    CHECK(r.curve[0].attendees == 3);
    CHECK(r.curve[0].retained_from_first == 3);
    CHECK(r.curve[1].session == "pc-2026/3");
    CHECK(r.curve[1].attendees == 3);
    CHECK(r.curve[1].retained_from_first == 2); // Ann and Bob
    CHECK(r.first_session_attendees == 3);
    CHECK(r.distinct_attendees == 4); // Ann, Bob, Tom, Dee
    // Ann 2, Bob 2, Tom 1, Dee 1: two one-time, two returning.
    CHECK(r.distribution == std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 2}, {2, 2}});
    CHECK(r.one_time == 2);
    CHECK(r.returning == 2);
    CHECK(r.share_of_first(r.curve[1]) == doctest::Approx(0.6667)); // 2 / 3
    CHECK(r.share_of_all(r.curve[1]) == doctest::Approx(0.75));     // 3 / 4
    // Later in wound-2026: Tom (last pc session 2026-01-13; wound-2026/1 on 2026-02-03) and Bob
    // (last 2026-02-10; wound-2026/2 on 2026-02-17). Ann's wound session was before her last pc
    // one. By name key: "<b>"tom"..." sorts before "bob baker".
    REQUIRE(r.across_series);
    REQUIRE(r.across_series->size() == 2);
    CHECK((*r.across_series)[0].email == std::optional<std::string>("tom@example.org"));
    CHECK((*r.across_series)[0].first_date == "2026-02-03");
    CHECK((*r.across_series)[1].email == std::optional<std::string>("bob@example.org"));
    CHECK((*r.across_series)[1].series == std::vector<std::string>{"wound-2026"});
    CHECK((*r.across_series)[1].first_date == "2026-02-17");
    // Without a series: a usage error.
    CHECK_THROWS_AS(report::retention(*database, report::open(*database, request()), config::Config{}, false), Error);
  }

  TEST_CASE("network: the organization pairs ordered by sessions then names") {
    auto database = scenario();
    const auto n = report::network(*database, report::open(*database, request()), config::Config{});
    // Organizations per held session: pc-2026/1 Interior, Fraser (Tom none); pc-2026/3
    // Interior, Fraser, Northern; wound-2026/1 Interior only; wound-2026/2 Fraser only.
    // Pairs: Fraser-Interior 2, Fraser-Northern 1, Interior-Northern 1.
    REQUIRE(n.organizations.size() == 3);
    CHECK(n.organizations[0].a == "Fraser Health");
    CHECK(n.organizations[0].b == "Interior Health");
    CHECK(n.organizations[0].sessions == 2);
    CHECK(n.organizations[1].a == "Fraser Health");
    CHECK(n.organizations[1].b == "Northern Health");
    CHECK(n.organizations[2].a == "Interior Health");
    CHECK(n.organizations[2].b == "Northern Health");
    // pc-2026/1: Nurse, Physician and Tom without a profession: 2 professions, H = ln 2.
    REQUIRE(n.sessions.size() == 4);
    CHECK(n.sessions[0].session == "pc-2026/1");
    CHECK(n.sessions[0].participants == 3);
    CHECK(n.sessions[0].unknown == 1);
    CHECK(n.sessions[0].professions == 2);
    CHECK(n.sessions[0].diversity == doctest::Approx(0.6931));
  }

  TEST_CASE("registration figures: per session, group and who never came, from the facts") {
    domain::RegistrationRows rows;
    rows.sessions = {
        {"S/1", "S", "2026-01-05", true}, {"S/2", "S", "2026-01-12", false}, {"T/1", "T", "2026-01-07", true}};
    rows.people = {{1, std::string("p1@example.org"), "Pat One", std::string("Nurse"), std::string("Interior")},
                   {2, std::string("p2@example.org"), "Pat Two", std::nullopt, std::nullopt},
                   {3, std::nullopt, "Pat Three", std::nullopt, std::string("Fraser")}};
    // S/1 (held): 1 registered and came, 2 registered and did not, 3 walked in. S/2 (not held):
    // 2 registered. T/1 (held): 2 registered and did not come.
    rows.facts = {{0, 1, true, true, true},
                  {0, 2, true, false, false},
                  {0, 3, false, true, true},
                  {1, 2, true, false, false},
                  {2, 2, true, false, false}};
    const auto r = report::registration_figures(rows);
    REQUIRE(r.sessions.size() == 3);
    // S/1: registered 2 (1, 2), attended 2 (1, 3 as participants), no-shows 1 (2), walk-ins 1 (3).
    CHECK(r.sessions[0].registered == 2);
    CHECK(r.sessions[0].attended == std::optional<std::int64_t>(2));
    CHECK(r.sessions[0].no_shows == std::optional<std::int64_t>(1));
    CHECK(r.sessions[0].walk_ins == std::optional<std::int64_t>(1));
    // S/2 not held: registered only.
    CHECK(r.sessions[1].registered == 1);
    CHECK_FALSE(r.sessions[1].attended);
    // T/1: registered 1, attended 0, no-shows 1.
    CHECK(r.sessions[2].attended == std::optional<std::int64_t>(0));
    CHECK(r.sessions[2].no_shows == std::optional<std::int64_t>(1));
    // By series (held sessions only, by code): S registered 2, attended 1 + the walk-in = 2,
    // no-shows 1, walk-ins 1; T registered 1, no-shows 1.
    REQUIRE(r.series.size() == 2);
    CHECK(r.series[0].name == "S");
    CHECK(r.series[0].registered == 2);
    CHECK(r.series[0].attended == 2);
    CHECK(r.series[0].no_shows == 1);
    CHECK(r.series[0].walk_ins == 1);
    CHECK(r.series[1].name == "T");
    CHECK(r.series[1].no_shows == 1);
    // By profession: Nurse (1: registered 1, attended 1); unknown (2 at S/1 and T/1: registered
    // 2, no-shows 2; 3 at S/1: walk-in, attended 1), last whatever its counts.
    REQUIRE(r.by_profession.size() == 2);
    CHECK(r.by_profession[0].name == "Nurse");
    CHECK(r.by_profession[1].name == "(unknown)");
    CHECK(r.by_profession[1].registered == 2);
    CHECK(r.by_profession[1].attended == 1);
    CHECK(r.by_profession[1].no_shows == 2);
    CHECK(r.by_profession[1].walk_ins == 1);
    // By region: Interior (registered 1) before Fraser (registered 0: the walk-in), unknown last.
    REQUIRE(r.by_region.size() == 3);
    CHECK(r.by_region[0].name == "Interior");
    CHECK(r.by_region[1].name == "Fraser");
    CHECK(r.by_region[2].name == "(unknown)");
    // Pat Two: registered for 3 sessions of the period, 2 of them held, came to none.
    REQUIRE(r.never_attended.size() == 1);
    CHECK(r.never_attended[0].name == "Pat Two");
    CHECK(r.never_attended[0].registered_sessions == 3);
    CHECK(r.never_attended[0].held_sessions == 2);
  }

  TEST_CASE("evaluation selection resolves series and session and refuses a session of another series") {
    auto database = scenario();
    const auto all = report::evaluation_selection(*database, {});
    CHECK(all.title == "Evaluation");
    CHECK(all.period == "every evaluation");
    const auto series = report::evaluation_selection(*database, {"wound-2026", ""});
    CHECK(series.series_id == std::optional<std::int64_t>(2));
    CHECK(series.title == "Evaluation \u2014 Wound Care ECHO");
    CHECK(series.period == "series wound-2026");
    const auto session = report::evaluation_selection(*database, {"pc-2026", "pc-2026/3"});
    CHECK_FALSE(session.series_id);
    CHECK(session.session_id == std::optional<std::int64_t>(13));
    CHECK(session.title == "Evaluation \u2014 pc-2026/3");
    try {
      report::evaluation_selection(*database, {"wound-2026", "pc-2026/3"});
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::usage);
      CHECK(std::string(e.what()) == "report evaluation: session pc-2026/3 is not in series wound-2026");
    }
    // No evaluation imported: no response, no rate.
    const auto figures = report::evaluation(*database, all);
    CHECK(figures.responses == 0);
    CHECK(figures.items.empty());
  }
}

} // namespace test_report_service

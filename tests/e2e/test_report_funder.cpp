// The HTML reports as a funder reads them, end to end on tests/fixtures/report/scenario.sql:
// series titles, the hub's zone, the per-series table of the summary, definitions with the
// thresholds of the config.

#include "harness.hpp"
#include "report_seed.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_funder {

using echo::test::Hub;

TEST_SUITE("e2e report html for funders") {
  TEST_CASE("summary and series pages speak in words, titles and the hub's time") {
    Hub hub("[attendance]\nmin_minutes = 45\n[certificates]\nmin_percent = 75\n");
    echo::test::seed_report_scenario(hub);
    const auto sum = hub.run({"report", "summary", "--as-of", "2026-03-01", "--format", "html"});
    INFO(sum);
    REQUIRE(sum.code == 0);
    // Per-series table: pc-2026 held 2 sessions as of 2026-03-01 (/1, /3; /2 cancelled, /4 past
    // with nothing recorded, /5 to come) with 3 + 3 = 6 participations; wound-2026 held 2 (/1 3
    // people, /2 2) = 5.
    CHECK(sum.out.find("<h2>By series</h2>") != std::string::npos);
    CHECK(sum.out.find("<td>Palliative Care ECHO 2026</td><td class=\"ref\">pc-2026</td><td class=\"num\">2</td>"
                       "<td class=\"num\">6</td>") != std::string::npos);
    CHECK(sum.out.find("<td>Wound Care ECHO</td><td class=\"ref\">wound-2026</td><td class=\"num\">2</td>"
                       "<td class=\"num\">5</td>") != std::string::npos);
    // Rural: Ann and Tom of 5 unique participants (Ann, Bob, Tom, Dee, Eve) = 40 %.
    CHECK(sum.out.find("<dt>Rural participants</dt><dd>40 %</dd>") != std::string::npos);
    CHECK(sum.out.find("As of: 1 March 2026, 00:00 (America/Vancouver)") != std::string::npos);
    CHECK(sum.out.find("at least 45 minutes") != std::string::npos);
    CHECK(sum.out.find("at least 75 % of a series") != std::string::npos);
    const auto ser = hub.run({"report", "series", "pc-2026", "--as-of", "2026-03-01", "--format", "html"});
    REQUIRE(ser.code == 0);
    CHECK(ser.out.find("<h1>Series report \u2014 Palliative Care ECHO 2026</h1>") != std::string::npos);
    CHECK(ser.out.find("Series: <strong>Palliative Care ECHO 2026</strong> (pc-2026)") != std::string::npos);
    // The session chart marks pc-2026/2 cancelled, /4 unrecorded, /5 not yet held.
    CHECK(ser.out.find(">cancelled</text>") != std::string::npos);
    CHECK(ser.out.find(">unrecorded: no attendance recorded</text>") != std::string::npos);
    CHECK(ser.out.find(">not yet held</text>") != std::string::npos);
  }
}

} // namespace test_report_funder

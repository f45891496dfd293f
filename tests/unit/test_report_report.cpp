#include "echo/error.hpp"
#include "echo/report/report.hpp"

#include <doctest/doctest.h>

#include <functional>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_report_report {

using namespace echo;

namespace {

int exit_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.exit_code();
  }
  return 0;
}

} // namespace

TEST_SUITE("echo::report::Report") {
  TEST_CASE("as-of accepts a local date, local times and UTC times") {
    // 2026-03-01 00:00 in Vancouver is PST (-8): 08:00Z.
    CHECK(report::parse_as_of("2026-03-01", "America/Vancouver") == "2026-03-01T08:00:00Z");
    CHECK(report::parse_as_of("2026-03-10T12:30", "America/Vancouver") == "2026-03-10T19:30:00Z"); // PDT
    CHECK(report::parse_as_of("2026-03-10 12:30:15", "America/Vancouver") == "2026-03-10T19:30:15Z");
    CHECK(report::parse_as_of("2026-03-10 12:30", "America/Vancouver") == "2026-03-10T19:30:00Z");
    CHECK(report::parse_as_of("2026-03-10T12:30Z", "America/Vancouver") == "2026-03-10T12:30:00Z");
    CHECK(report::parse_as_of("2026-03-10T12:30:05Z", "America/Vancouver") == "2026-03-10T12:30:05Z");
    CHECK(report::parse_as_of("2026-03-10Z", "America/Vancouver") == "2026-03-10T00:00:00Z");
    // In the spring-forward gap 02:30 does not exist: moved forward by the gap (03:30 PDT).
    CHECK(report::parse_as_of("2026-03-08T02:30", "America/Vancouver") == "2026-03-08T10:30:00Z");
  }

  TEST_CASE("a malformed as-of is a usage error and an impossible one a data error") {
    CHECK(exit_of([] { report::parse_as_of("yesterday", "UTC"); }) == 2);
    CHECK(exit_of([] { report::parse_as_of("2026-3-1", "UTC"); }) == 2);
    CHECK(exit_of([] { report::parse_as_of("2026-03-01T9:00", "UTC"); }) == 2);
    CHECK(exit_of([] { report::parse_as_of("", "UTC"); }) == 2);
    CHECK(exit_of([] { report::parse_as_of("2025-02-30", "UTC"); }) == 65);
    CHECK(exit_of([] { report::parse_as_of("2026-03-01T25:00", "UTC"); }) == 65);
    CHECK(exit_of([] { report::parse_as_of("2026-03-01T10:00", "Mars/Olympus"); }) == 78);
  }

  TEST_CASE("a period must not end before it starts") {
    report::Params p;
    p.from = "2026-03-01";
    p.to = "2026-02-01";
    CHECK(exit_of([&] { report::check_period(p); }) == 2);
    p.to = "2026-03-01";
    CHECK(exit_of([&] { report::check_period(p); }) == 0);
  }

  TEST_CASE("figures round half away from zero and guard divisions by zero") {
    CHECK(report::round_to(4.816666, 2) == doctest::Approx(4.82));
    CHECK(report::round_to(2.005, 1) == doctest::Approx(2.0));
    CHECK(report::round_to(0.125, 2) == doctest::Approx(0.13));
    report::Figures f;
    CHECK(f.average_attendance() == 0.0);
    CHECK(f.rural_share() == 0.0);
    f.sessions_held = 3;
    f.participations = 7;
    f.minutes = 100;
    f.unique_participants = 3;
    f.rural_participants = 1;
    CHECK(f.average_attendance() == doctest::Approx(2.33)); // 7 / 3 = 2.333
    CHECK(f.learning_hours() == doctest::Approx(1.67));     // 100 / 60 = 1.666
    CHECK(f.rural_share() == doctest::Approx(0.3333));      // 1 / 3, 4 decimals
  }

  TEST_CASE("breakdowns sort by participants, then name, with the unknown label last") {
    std::vector<report::Breakdown> rows{{"(unknown)", 9}, {"Physician", 2}, {"Nurse", 2}, {"Pharmacist", 5}};
    report::sort_breakdown(rows);
    CHECK(rows[0].name == "Pharmacist");
    CHECK(rows[1].name == "Nurse");
    CHECK(rows[2].name == "Physician");
    CHECK(rows[3].name == "(unknown)");
  }

  TEST_CASE("the series and summary JSON carry exactly the contract's fields") {
    report::Figures f;
    f.series = "pc-2026";
    f.as_of = "2026-03-01T08:00:00Z";
    f.by_profession = {{"Nurse", 2}};
    const auto series = report::figures_json(f, false);
    for (const char* key : {"series", "sessions_scheduled", "sessions_held", "sessions_cancelled", "participations",
                            "unique_participants", "eligible_participations", "average_attendance", "learning_hours",
                            "credit_hours", "certificates", "new_participants", "by_profession", "by_region"})
      CHECK_MESSAGE(series.contains(key), key);
    CHECK_FALSE(series.contains("series_count"));
    CHECK(series["by_profession"][0] == nlohmann::json({{"name", "Nurse"}, {"participants", 2}}));
    CHECK(series["from"].is_null());
    const auto summary = report::figures_json(f, true);
    CHECK_FALSE(summary.contains("series"));
    for (const char* key : {"series_count", "rural_share", "cases_presented", "by_region", "new_participants"})
      CHECK_MESSAGE(summary.contains(key), key);
  }

  TEST_CASE("row grids name the contract's columns first") {
    const auto att = report::attendance_grid({});
    CHECK(std::vector<std::string>(att.columns.begin(), att.columns.begin() + 8) ==
          std::vector<std::string>{"session", "date", "topic", "status", "participants", "eligible", "hub", "minutes"});
    const auto par = report::participants_grid({});
    CHECK(std::vector<std::string>(par.columns.begin(), par.columns.begin() + 9) ==
          std::vector<std::string>{"email", "name", "profession", "region", "sessions", "eligible_sessions", "minutes",
                                   "credit_hours", "certificate"});
    report::ParticipantRow r;
    r.name = "A";
    r.certificates = {"pc-2026"};
    const auto grid = report::participants_grid({r});
    REQUIRE(grid.rows.size() == 1);
    CHECK(std::get<bool>(grid.rows[0][8]));                                       // certificate
    CHECK(std::holds_alternative<std::monostate>(grid.rows[0][0]));               // no email: null
    CHECK(std::get<std::vector<std::string>>(grid.rows[0][9]) == r.certificates); // certificates
  }
}

} // namespace test_report_report

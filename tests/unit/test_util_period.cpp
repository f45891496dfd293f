#include "echo/util/period.hpp"
#include "echo/util/time.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_util_period {

using namespace echo;

namespace {

// 2026-12-03 is a Thursday.
const date::year_month_day k_today = date::year{2026} / 12 / 3;

std::string range(const char* text, date::year_month_day today = k_today) {
  auto p = util::parse_period(text, today);
  if (!p) return "none";
  return util::format_date(p->first) + ".." + util::format_date(p->last);
}

} // namespace

TEST_CASE("days in words are single days relative to today") {
  CHECK(range("today") == "2026-12-03..2026-12-03");
  CHECK(range("yesterday") == "2026-12-02..2026-12-02");
  CHECK(range("tomorrow") == "2026-12-04..2026-12-04");
  CHECK(range(" Today ") == "2026-12-03..2026-12-03");
}

TEST_CASE("a weekday name is the most recent such day, today included") {
  CHECK(range("thursday") == "2026-12-03..2026-12-03");
  CHECK(range("monday") == "2026-11-30..2026-11-30");
  CHECK(range("friday") == "2026-11-27..2026-11-27");
  CHECK(range("Sun") == "2026-11-29..2026-11-29");
}

TEST_CASE("weeks start on Monday, months and years are whole") {
  CHECK(range("this week") == "2026-11-30..2026-12-06");
  CHECK(range("last week") == "2026-11-23..2026-11-29");
  CHECK(range("next week") == "2026-12-07..2026-12-13");
  CHECK(range("last  Week") == "2026-11-23..2026-11-29");
  CHECK(range("this month") == "2026-12-01..2026-12-31");
  CHECK(range("last month") == "2026-11-01..2026-11-30");
  CHECK(range("next month") == "2027-01-01..2027-01-31");
  CHECK(range("last month", date::year{2026} / 3 / 31) == "2026-02-01..2026-02-28");
  CHECK(range("last month", date::year{2026} / 1 / 15) == "2025-12-01..2025-12-31");
  CHECK(range("this year") == "2026-01-01..2026-12-31");
  CHECK(range("last year") == "2025-01-01..2025-12-31");
}

TEST_CASE("years, quarters, months and days by number") {
  CHECK(range("2026") == "2026-01-01..2026-12-31");
  CHECK(range("2026Q1") == "2026-01-01..2026-03-31");
  CHECK(range("2026q4") == "2026-10-01..2026-12-31");
  CHECK(range("2024-02") == "2024-02-01..2024-02-29");
  CHECK(range("2026-03-05") == "2026-03-05..2026-03-05");
}

TEST_CASE("what names no period is refused") {
  for (const char* bad : {"", "lastweek", "2026Q5", "2026Q0", "2026-13", "2026-00", "2026-02-30", "26", "2026-3",
                          "next fortnight", "monday next"})
    CHECK_MESSAGE(range(bad) == "none", bad);
}

TEST_CASE("options take the first or last day of a period, ECHO_TODAY fixes today") {
  ::setenv("ECHO_TODAY", "2026-12-03", 1);
  CHECK(util::format_date(util::date_option("last month", "--from")) == "2026-11-01");
  CHECK(util::format_date(util::date_option_last("last month", "--to")) == "2026-11-30");
  CHECK(util::format_date(util::date_option("today", "--from")) == "2026-12-03");
  ::unsetenv("ECHO_TODAY");
}

} // namespace test_util_period

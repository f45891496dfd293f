#include "echo/error.hpp"
#include "echo/schedule/recurrence.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_recurrence {

using namespace echo;
using namespace echo::schedule;

namespace {

date::year_month_day ymd(const std::string& text) { return *util::parse_date(text); }

std::chrono::seconds hhmm(const std::string& text) { return *util::parse_time_of_day(text); }

// "date time start_utc" of each occurrence of a rule in a zone.
std::vector<std::string> occurrences(const Rule& rule, const std::string& zone_name) {
  const auto& zone = require_zone(zone_name);
  std::vector<std::string> out;
  for (const auto& d : expand_dates(rule)) {
    const auto p = place(zone, d, rule.time);
    out.push_back(p.local_date + " " + p.local_time + " " + p.start_utc);
  }
  return out;
}

} // namespace

TEST_SUITE("echo::schedule::recurrence") {
  TEST_CASE("a biweekly Vancouver series keeps 12:00 across the March 2026 spring-forward") {
    Rule r;
    r.start = ymd("2026-01-13");
    r.time = hhmm("12:00");
    r.repeat = domain::Repeat::biweekly;
    r.count = 10;
    const auto got = occurrences(r, "America/Vancouver");
    REQUIRE(got.size() == 10);
    CHECK(got[0] == "2026-01-13 12:00 2026-01-13T20:00:00Z");
    CHECK(got[3] == "2026-02-24 12:00 2026-02-24T20:00:00Z");
    CHECK(got[4] == "2026-03-10 12:00 2026-03-10T19:00:00Z"); // PDT from 2026-03-08
    CHECK(got[9] == "2026-05-19 12:00 2026-05-19T19:00:00Z");
  }

  TEST_CASE("a weekly Vancouver series keeps 12:00 across the November 2025 fall-back") {
    Rule r;
    r.start = ymd("2025-10-21");
    r.time = hhmm("12:00");
    r.repeat = domain::Repeat::weekly;
    r.until = ymd("2025-11-11");
    const auto got = occurrences(r, "America/Vancouver");
    REQUIRE(got.size() == 4);
    CHECK(got[1] == "2025-10-28 12:00 2025-10-28T19:00:00Z"); // PDT
    CHECK(got[2] == "2025-11-04 12:00 2025-11-04T20:00:00Z"); // PST from 2025-11-02
  }

  TEST_CASE("the 2025 spring-forward and the 2026 fall-back in Vancouver move the UTC hour") {
    Rule spring;
    spring.start = ymd("2025-03-04");
    spring.time = hhmm("12:00");
    spring.repeat = domain::Repeat::weekly;
    spring.count = 2;
    CHECK(occurrences(spring, "America/Vancouver") ==
          std::vector<std::string>{"2025-03-04 12:00 2025-03-04T20:00:00Z", "2025-03-11 12:00 2025-03-11T19:00:00Z"});
    Rule fall;
    fall.start = ymd("2026-10-27");
    fall.time = hhmm("12:00");
    fall.repeat = domain::Repeat::weekly;
    fall.count = 2;
    CHECK(occurrences(fall, "America/Vancouver") ==
          std::vector<std::string>{"2026-10-27 12:00 2026-10-27T19:00:00Z", "2026-11-03 12:00 2026-11-03T20:00:00Z"});
  }

  TEST_CASE("Europe/London sessions follow British Summer Time") {
    Rule r;
    r.start = ymd("2026-03-19");
    r.time = hhmm("12:00");
    r.repeat = domain::Repeat::weekly;
    r.count = 3;
    CHECK(occurrences(r, "Europe/London") == std::vector<std::string>{"2026-03-19 12:00 2026-03-19T12:00:00Z",
                                                                      "2026-03-26 12:00 2026-03-26T12:00:00Z",
                                                                      "2026-04-02 12:00 2026-04-02T11:00:00Z"});
    Rule autumn;
    autumn.start = ymd("2026-10-22");
    autumn.time = hhmm("12:00");
    autumn.repeat = domain::Repeat::weekly;
    autumn.count = 2;
    CHECK(occurrences(autumn, "Europe/London") ==
          std::vector<std::string>{"2026-10-22 12:00 2026-10-22T11:00:00Z", "2026-10-29 12:00 2026-10-29T12:00:00Z"});
  }

  TEST_CASE("Australia/Sydney sessions follow the southern-hemisphere changes") {
    Rule r;
    r.start = ymd("2026-04-01");
    r.time = hhmm("09:00");
    r.repeat = domain::Repeat::weekly;
    r.count = 2;
    // AEDT (+11) ends on 2026-04-05.
    CHECK(occurrences(r, "Australia/Sydney") ==
          std::vector<std::string>{"2026-04-01 09:00 2026-03-31T22:00:00Z", "2026-04-08 09:00 2026-04-07T23:00:00Z"});
    Rule spring;
    spring.start = ymd("2026-09-30");
    spring.time = hhmm("09:00");
    spring.repeat = domain::Repeat::weekly;
    spring.count = 2;
    // AEDT starts on 2026-10-04.
    CHECK(occurrences(spring, "Australia/Sydney") ==
          std::vector<std::string>{"2026-09-30 09:00 2026-09-29T23:00:00Z", "2026-10-07 09:00 2026-10-06T22:00:00Z"});
  }

  TEST_CASE("a time in the spring-forward gap moves forward by the gap and is reported") {
    const auto p = place(require_zone("America/Vancouver"), ymd("2026-03-08"), hhmm("02:30"));
    CHECK(p.kind == util::LocalToUtc::Kind::gap);
    CHECK(p.asked_time == "02:30");
    CHECK(p.local_time == "03:30");
    CHECK(p.start_utc == "2026-03-08T10:30:00Z");
    const auto w = placement_warning(p, "America/Vancouver", "pc-2026/3");
    CHECK(w.find("pc-2026/3") != std::string::npos);
    CHECK(w.find("does not exist") != std::string::npos);
    CHECK(w.find("03:30") != std::string::npos);
  }

  TEST_CASE("a time in the fall-back overlap is the earlier instant and is reported") {
    const auto p = place(require_zone("America/Vancouver"), ymd("2026-11-01"), hhmm("01:30"));
    CHECK(p.kind == util::LocalToUtc::Kind::overlap);
    CHECK(p.local_time == "01:30");
    CHECK(p.start_utc == "2026-11-01T08:30:00Z"); // 01:30 PDT, not 01:30 PST (09:30Z)
    CHECK(placement_warning(p, "America/Vancouver", "pc-2026 s1").find("occurs twice") != std::string::npos);
  }

  TEST_CASE("an ordinary time gives no warning") {
    const auto p = place(require_zone("Europe/London"), ymd("2026-06-01"), hhmm("12:00"));
    CHECK(p.kind == util::LocalToUtc::Kind::exact);
    CHECK(placement_warning(p, "Europe/London", "x").empty());
  }

  TEST_CASE("monthly on the last Thursday") {
    Rule r;
    r.start = ymd("2026-01-01");
    r.repeat = domain::Repeat::monthly;
    r.weekday = 4;
    r.week_of_month = -1;
    r.count = 4;
    const auto dates = expand_dates(r);
    REQUIRE(dates.size() == 4);
    CHECK(util::format_date(dates[0]) == "2026-01-29");
    CHECK(util::format_date(dates[1]) == "2026-02-26");
    CHECK(util::format_date(dates[2]) == "2026-03-26");
    CHECK(util::format_date(dates[3]) == "2026-04-30");
  }

  TEST_CASE("monthly on the third Thursday, weekday taken from the start date") {
    Rule r;
    r.start = ymd("2026-01-15");
    r.repeat = domain::Repeat::monthly;
    r.week_of_month = 3;
    r.until = ymd("2026-03-31");
    const auto dates = expand_dates(r);
    REQUIRE(dates.size() == 3);
    CHECK(util::format_date(dates[1]) == "2026-02-19");
    CHECK(util::format_date(dates[2]) == "2026-03-19");
  }

  TEST_CASE("monthly on a fifth weekday skips months without one") {
    Rule r;
    r.start = ymd("2026-01-01");
    r.repeat = domain::Repeat::monthly;
    r.weekday = 4; // Thursday
    r.week_of_month = 5;
    r.count = 2;
    const auto dates = expand_dates(r);
    REQUIRE(dates.size() == 2);
    CHECK(util::format_date(dates[0]) == "2026-01-29");
    CHECK(util::format_date(dates[1]) == "2026-04-30");
    CHECK_FALSE(nth_weekday(date::year{2026}, date::February, 4, 5).has_value());
  }

  TEST_CASE("monthly on the same day skips months too short for it") {
    Rule r;
    r.start = ymd("2026-01-31");
    r.repeat = domain::Repeat::monthly;
    r.count = 3;
    const auto dates = expand_dates(r);
    REQUIRE(dates.size() == 3);
    CHECK(util::format_date(dates[1]) == "2026-03-31");
    CHECK(util::format_date(dates[2]) == "2026-05-31");
  }

  TEST_CASE("--until on the daylight-saving day includes that day at its wall-clock time") {
    Rule r;
    r.start = ymd("2026-02-22");
    r.time = hhmm("12:00");
    r.repeat = domain::Repeat::weekly;
    r.until = ymd("2026-03-08");
    CHECK(occurrences(r, "America/Vancouver") == std::vector<std::string>{"2026-02-22 12:00 2026-02-22T20:00:00Z",
                                                                          "2026-03-01 12:00 2026-03-01T20:00:00Z",
                                                                          "2026-03-08 12:00 2026-03-08T19:00:00Z"});
  }

  TEST_CASE("skipped dates are left out and do not count toward --count") {
    Rule r;
    r.start = ymd("2026-01-13");
    r.repeat = domain::Repeat::weekly;
    r.count = 3;
    r.skip = {ymd("2026-01-20")};
    const auto dates = expand_dates(r);
    REQUIRE(dates.size() == 3);
    CHECK(util::format_date(dates[1]) == "2026-01-27");
    CHECK(util::format_date(dates[2]) == "2026-02-03");
  }

  TEST_CASE("a weekday different from the start date's moves the first session forward") {
    Rule r;
    r.start = ymd("2026-01-12"); // Monday
    r.repeat = domain::Repeat::weekly;
    r.weekday = 2; // Tuesday
    r.count = 2;
    const auto dates = expand_dates(r);
    CHECK(util::format_date(dates[0]) == "2026-01-13");
    CHECK(util::format_date(dates[1]) == "2026-01-20");
  }

  TEST_CASE("a rule without repeat is one session") {
    Rule r;
    r.start = ymd("2026-05-05");
    CHECK(expand_dates(r).size() == 1);
  }

  TEST_CASE("inconsistent rules and bad values are refused with the right exit code") {
    domain::Recurrence r;
    r.start_date = "2026-01-13";
    r.repeat = domain::Repeat::weekly;
    CHECK_THROWS_WITH_AS(validate(r), doctest::Contains("--count"), Error);
    try {
      validate(r);
    } catch (const Error& e) {
      CHECK(e.code() == Exit::usage);
    }
    r.count = 3;
    CHECK_NOTHROW(validate(r));
    r.start_date = "2026-02-30";
    try {
      validate(r);
      FAIL("2026-02-30 accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
    }
    try {
      require_zone("America/Vancuver");
      FAIL("unknown zone accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
      CHECK(std::string(e.what()).find("America/Vancouver") != std::string::npos);
    }
  }

  TEST_CASE("rule_from reads a stored recurrence") {
    domain::Recurrence r;
    r.start_date = "2026-01-15";
    r.start_time = "12:00";
    r.repeat = domain::Repeat::monthly;
    r.weekday = 4;
    r.week_of_month = 3;
    r.count = 12;
    r.skip = {"2026-07-16"};
    const auto rule = rule_from(r);
    const auto dates = expand_dates(rule);
    REQUIRE(dates.size() == 12);
    CHECK(util::format_date(dates[6]) == "2026-08-20"); // July skipped
    CHECK(rule.time == std::chrono::seconds{12 * 3600});
  }
}

} // namespace test_schedule_recurrence

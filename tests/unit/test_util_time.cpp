#include "echo/util/time.hpp"

#include "echo/error.hpp"

#include <date/tz.h>
#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_util_time {

using echo::util::LocalToUtc;
namespace u = echo::util;

TEST_SUITE("echo::util::time") {
  TEST_CASE("option dates and times: malformed text is usage (2), a value that does not exist is data (65)") {
    const auto code_of = [](auto fn) {
      try {
        fn();
      } catch (const echo::Error& e) {
        return static_cast<int>(e.code());
      }
      return 0;
    };
    CHECK(echo::util::format_date(echo::util::date_option(" 2026-02-28 ", "--from")) == "2026-02-28");
    CHECK(echo::util::format_hhmm(echo::util::time_option("09:05", "--time")) == "09:05");
    CHECK(echo::util::time_option("23:59:59", "--time") == std::chrono::seconds(86399));
    for (const char* text : {"garbage", "28/02/2026", "2026-2-28", "2026-02-28T10:00", ""}) {
      CAPTURE(text);
      CHECK(code_of([&] { (void)echo::util::date_option(text, "--from"); }) == 2);
    }
    for (const char* text : {"2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31"}) {
      CAPTURE(text);
      CHECK(code_of([&] { (void)echo::util::date_option(text, "--from"); }) == 65);
    }
    for (const char* text : {"noon", "9:00", "12.00", "12:00 PM", ""}) {
      CAPTURE(text);
      CHECK(code_of([&] { (void)echo::util::time_option(text, "--time"); }) == 2);
    }
    for (const char* text : {"25:00", "24:00", "12:60", "12:00:61"}) {
      CAPTURE(text);
      CHECK(code_of([&] { (void)echo::util::time_option(text, "--time"); }) == 65);
    }
    try {
      (void)echo::util::date_option("2026-02-30", "--start");
    } catch (const echo::Error& e) {
      CHECK(std::string(e.what()) == "--start 2026-02-30 is not a real day");
    }
  }

  TEST_CASE("dates must be real days in YYYY-MM-DD") {
    CHECK(u::parse_date("2026-01-13").has_value());
    CHECK(u::parse_date("2024-02-29").has_value());
    CHECK_FALSE(u::parse_date("2025-02-29").has_value());
    CHECK_FALSE(u::parse_date("2025-02-30").has_value());
    CHECK_FALSE(u::parse_date("2025-13-01").has_value());
    CHECK_FALSE(u::parse_date("2025-1-01").has_value());
    CHECK_FALSE(u::parse_date("tomorrow").has_value());
    CHECK(u::format_date(*u::parse_date("2026-03-08")) == "2026-03-08");
  }

  TEST_CASE("times of day are 24-hour HH:MM or HH:MM:SS") {
    CHECK(u::parse_time_of_day("12:00")->count() == 12 * 3600);
    CHECK(u::parse_time_of_day("23:59:59")->count() == 86399);
    CHECK_FALSE(u::parse_time_of_day("24:00").has_value());
    CHECK_FALSE(u::parse_time_of_day("12:60").has_value());
    CHECK_FALSE(u::parse_time_of_day("noon").has_value());
    CHECK(u::format_hhmm(std::chrono::seconds{9 * 3600 + 5 * 60}) == "09:05");
  }

  TEST_CASE("UTC instants round-trip through ISO text") {
    const auto t = u::parse_utc("2026-03-08T10:30:00Z");
    REQUIRE(t.has_value());
    CHECK(u::format_utc(*t) == "2026-03-08T10:30:00Z");
    CHECK_FALSE(u::parse_utc("2026-03-08 10:30:00").has_value());
    // The hand-written digits (no fmt on this path): padding, the day's last second, year 1 and 9999.
    for (const auto* text : {"0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2026-12-31T23:59:59Z",
                             "9999-12-31T23:59:59Z", "2000-02-29T07:05:09Z"}) {
      const auto parsed = u::parse_utc(text);
      REQUIRE(parsed.has_value());
      CHECK(u::format_utc(*parsed) == text);
    }
    CHECK(u::format_date(date::year{2026} / 3 / 7) == "2026-03-07");
  }

  TEST_CASE("zone names are checked against the system tz database") {
    CHECK(u::zone_name_exists("America/Vancouver"));
    CHECK(u::zone_name_exists("UTC"));
    CHECK_FALSE(u::zone_name_exists("Mars/Olympus"));
    CHECK_FALSE(u::zone_name_exists("../etc/passwd"));
    CHECK(u::find_zone("Europe/London") != nullptr);
    CHECK(u::find_zone("Nowhere/City") == nullptr);
  }

  TEST_CASE("local noon in Vancouver keeps its wall-clock time across DST") {
    const auto* zone = u::find_zone("America/Vancouver");
    REQUIRE(zone != nullptr);
    const auto winter = u::local_to_utc(*zone, u::make_local(*u::parse_date("2026-03-03"), std::chrono::hours{12}));
    const auto summer = u::local_to_utc(*zone, u::make_local(*u::parse_date("2026-03-10"), std::chrono::hours{12}));
    CHECK(u::format_utc(winter.utc) == "2026-03-03T20:00:00Z");
    CHECK(u::format_utc(summer.utc) == "2026-03-10T19:00:00Z");
    CHECK(winter.kind == LocalToUtc::Kind::exact);
  }

  TEST_CASE("a time in the spring-forward gap moves forward by the gap") {
    const auto* zone = u::find_zone("America/Vancouver");
    REQUIRE(zone != nullptr);
    const auto r = u::local_to_utc(*zone, u::make_local(*u::parse_date("2026-03-08"), std::chrono::minutes{150}));
    CHECK(r.kind == LocalToUtc::Kind::gap);
    CHECK(u::format_utc(r.utc) == "2026-03-08T10:30:00Z"); // 03:30 PDT
    const auto local = u::utc_to_local(*zone, r.utc);
    CHECK(u::format_hhmm(u::local_time_of_day(local)) == "03:30");
  }

  TEST_CASE("a time in the fall-back overlap is its first occurrence") {
    const auto* zone = u::find_zone("America/Vancouver");
    REQUIRE(zone != nullptr);
    const auto r = u::local_to_utc(*zone, u::make_local(*u::parse_date("2026-11-01"), std::chrono::minutes{90}));
    CHECK(r.kind == LocalToUtc::Kind::overlap);
    CHECK(u::format_utc(r.utc) == "2026-11-01T08:30:00Z"); // 01:30 PDT, not PST
  }
}

} // namespace test_util_time

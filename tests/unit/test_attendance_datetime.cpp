#include "echo/attendance/datetime.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_datetime {

using echo::attendance::parse_export_time;

namespace {
std::string text(const std::optional<echo::util::LocalSeconds>& t) {
  if (!t) return "none";
  const auto day = echo::util::local_date(*t);
  const auto tod = echo::util::local_time_of_day(*t).count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %02lld:%02lld:%02lld", echo::util::format_date(day).c_str(),
                static_cast<long long>(tod / 3600), static_cast<long long>(tod / 60 % 60),
                static_cast<long long>(tod % 60));
  return buf;
}
} // namespace

TEST_SUITE("echo::attendance::datetime") {

  TEST_CASE("Zoom's US style with 12-hour times") {
    CHECK(text(parse_export_time("09/24/2020 11:35:16 AM")) == "2020-09-24 11:35:16");
    CHECK(text(parse_export_time("09/24/2020 01:07:44 PM")) == "2020-09-24 13:07:44");
    CHECK(text(parse_export_time("01/13/2026 12:05:00 AM")) == "2026-01-13 00:05:00");
    CHECK(text(parse_export_time("01/13/2026 12:05:00 PM")) == "2026-01-13 12:05:00");
    CHECK(text(parse_export_time(" 1/3/2026 9:05 pm ")) == "2026-01-03 21:05:00");
  }

  TEST_CASE("month names and 24-hour times") {
    CHECK(text(parse_export_time("Mar 28, 2020 08:07:27")) == "2020-03-28 08:07:27");
    CHECK(text(parse_export_time("Jan 27, 2026 13:00:10")) == "2026-01-27 13:00:10");
    CHECK(text(parse_export_time("September 3, 2026 07:00 PM")) == "2026-09-03 19:00:00");
    CHECK(text(parse_export_time("Sept 3, 2026 07:00:00")) == "2026-09-03 07:00:00");
  }

  TEST_CASE("day first, year first, and Teams' two-digit year with a comma") {
    using echo::attendance::DateOrder;
    CHECK(text(parse_export_time("13/01/2026 12:00", DateOrder::dmy)) == "2026-01-13 12:00:00");
    CHECK(text(parse_export_time("02/10/2026 12:00", DateOrder::dmy)) == "2026-10-02 12:00:00");
    CHECK_FALSE(parse_export_time("01/13/2026 12:00", DateOrder::dmy));
    CHECK(text(parse_export_time("2026/2/10 11:56:12")) == "2026-02-10 11:56:12");
    CHECK(text(parse_export_time("1/27/26, 11:52:03 AM")) == "2026-01-27 11:52:03");
    CHECK(text(parse_export_time("02/10/26 10:00")) == "2026-02-10 10:00:00");
  }

  TEST_CASE("month names and AM or PM in any case, digits up to each field's width") {
    CHECK(text(parse_export_time("MAR 28, 2020 08:07:27")) == "2020-03-28 08:07:27");
    CHECK(text(parse_export_time("sePTember 3, 2026 07:00 Pm")) == "2026-09-03 19:00:00");
    CHECK(text(parse_export_time("SEPT. 3, 2026 7:00 aM")) == "2026-09-03 07:00:00");
    CHECK_FALSE(parse_export_time("Marc 28, 2020 08:07:27"));
    CHECK_FALSE(parse_export_time("Mar 28, 2020 08:07:27 PMX"));
    CHECK_FALSE(parse_export_time("Mar 28, 2020 08:07:27 A"));
    // Each number stops at its width or at the first byte that is no digit ('/' and ':' are just
    // below '0' and above '9').
    CHECK(text(parse_export_time("9/8/2026 7:05")) == "2026-09-08 07:05:00");
    CHECK_FALSE(parse_export_time("123/8/2026 7:05"));
    CHECK_FALSE(parse_export_time("9/8/2026 7:5:"));
    CHECK_FALSE(parse_export_time("9/8/20260 7:05"));
  }

  TEST_CASE("ISO dates") {
    CHECK(text(parse_export_time("2020-09-24 11:35:16")) == "2020-09-24 11:35:16");
    CHECK(text(parse_export_time("2020-09-24T11:35")) == "2020-09-24 11:35:00");
  }

  TEST_CASE("impossible or malformed times are rejected") {
    CHECK_FALSE(parse_export_time(""));
    CHECK_FALSE(parse_export_time("yesterday"));
    CHECK_FALSE(parse_export_time("02/30/2026 12:00:00 PM"));
    CHECK_FALSE(parse_export_time("13/01/2026 12:00:00"));
    CHECK_FALSE(parse_export_time("02/10/2026 13:00:00 PM"));
    CHECK_FALSE(parse_export_time("02/10/2026 00:30:00 AM"));
    CHECK_FALSE(parse_export_time("2026-02-10 24:00:00"));
    CHECK_FALSE(parse_export_time("Foo 3, 2026 10:00"));
    // A two-digit year is Teams' style now (see below); three digits are still malformed.
    CHECK_FALSE(parse_export_time("02/10/026 10:00"));
    CHECK_FALSE(parse_export_time("2026-02-10 10:00 junk"));
    CHECK_FALSE(parse_export_time("--"));
  }

} // TEST_SUITE

} // namespace test_attendance_datetime

#include "echo/attendance/intervals.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_intervals {

using namespace echo::attendance;
using echo::util::SysSeconds;

namespace {
SysSeconds at(int minute, int second = 0) {
  return SysSeconds(std::chrono::seconds(1'800'000'000 + minute * 60 + second));
}
} // namespace

TEST_SUITE("echo::attendance::intervals") {

  TEST_CASE("overlapping rejoins and a second device are counted once") {
    CHECK(union_seconds({{at(0), at(30)}, {at(20), at(50)}}) == 50 * 60);
    CHECK(union_seconds({{at(10), at(20)}, {at(0), at(60)}}) == 60 * 60); // contained
    CHECK(union_seconds({{at(0), at(10)}, {at(10), at(20)}}) == 20 * 60); // touching
  }

  TEST_CASE("gaps between rejoins are not counted") {
    CHECK(union_seconds({{at(40), at(50)}, {at(0), at(10)}}) == 20 * 60);
    CHECK(union_seconds({{at(0, 0), at(21, 30)}, {at(22, 25), at(61, 20)}}) == 21 * 60 + 30 + 38 * 60 + 55);
  }

  TEST_CASE("no intervals and zero-length intervals give zero") {
    CHECK(union_seconds({}) == 0);
    CHECK(union_seconds({{at(5), at(5)}}) == 0);
  }

  TEST_CASE("minutes round to the nearest minute, half up") {
    CHECK(seconds_to_minutes(0) == 0);
    CHECK(seconds_to_minutes(29) == 0);
    CHECK(seconds_to_minutes(30) == 1);
    CHECK(seconds_to_minutes(89) == 1);
    CHECK(seconds_to_minutes(90) == 2);
    CHECK(seconds_to_minutes(3570) == 60);
    CHECK(seconds_to_minutes(-5) == 0);
  }

  TEST_CASE("a sorted union matches the general union and can be reset") {
    SortedUnion u;
    u.add({at(0), at(30)});
    u.add({at(20), at(50)});
    u.add({at(55), at(60)});
    CHECK(u.seconds() == 55 * 60);
    u.reset();
    CHECK(u.seconds() == 0);
    u.add({at(1), at(2)});
    CHECK(u.seconds() == 60);
  }

} // TEST_SUITE

} // namespace test_attendance_intervals

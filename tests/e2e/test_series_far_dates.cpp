// Dates far from now: echo refuses them where they are entered (1990..2100, util/validate.hpp),
// and a series stored with one by an older echo (9999-12-31, set-up by SQL) cannot be
// scheduled: `series schedule` refuses it with 65 and writes nothing.

#include "attendance_seed.hpp"
#include "harness.hpp"

#include <fmt/format.h>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_series_far_dates {

using echo::test::Hub;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A series as `series create CODE --title Far --start 9999-12-31 --time TIME [--repeat weekly
// --count 3]` stored it before dates were limited; that command is refused now.
void far_series(const Hub& hub, int id, const std::string& code, const std::string& time, bool weekly) {
  auto r = hub.run({"series", "create", code, "--title", "Far", "--start", "9999-12-31", "--time", time});
  REQUIRE(r.code == 65);
  REQUIRE(has(r.err, "9999-12-31 is outside 1990-01-01..2100-12-31"));
  if (hub.run({"participant", "list"}).code != 0)
    REQUIRE(hub.run({"participant", "add", "--name", "Set Up", "--email", "setup@example.org"}).code == 0);
  echo::test::seed_sql(hub, fmt::format("INSERT INTO series (id, code, title, timezone, start_date, start_time, "
                                        "duration, repeat, weekday, count, created_at, updated_at) VALUES ({}, '{}', "
                                        "'Far', 'America/Vancouver', '9999-12-31', '{}', 60, {}, {}, {}, "
                                        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                                        id, code, time, weekly ? "'weekly'" : "NULL", weekly ? "5" : "NULL",
                                        weekly ? "3" : "NULL"));
}

} // namespace

TEST_SUITE("e2e: series schedule near year 10000") {
  TEST_CASE("a weekly rule from 9999-12-31 is refused with 65 naming the date, and nothing is written") {
    Hub hub;
    far_series(hub, 1, "far-1", "10:00", true);
    const auto before = hub.dump();
    auto r = hub.run({"series", "schedule", "far-1"});
    CHECK(r.code == 65);
    CHECK_MESSAGE(has(r.err, "invalid start date: 9999-12-31 is outside 1990-01-01..2100-12-31"), r);
    CHECK(hub.dump() == before);
    CHECK(hub.scalar("SELECT count(*) FROM session") == "0");
    r = hub.run({"series", "schedule", "far-1", "--dry-run"});
    CHECK(r.code == 65);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a single session on 9999-12-31 is refused too, and a series in 2100 is fine") {
    Hub hub; // America/Vancouver
    far_series(hub, 2, "far-2", "20:00", false);
    const auto before = hub.dump();
    auto r = hub.run({"series", "schedule", "far-2"});
    CHECK(r.code == 65);
    CHECK(has(r.err, "9999-12-31 is outside"));
    CHECK(hub.dump() == before);

    r = hub.run({"series", "create", "far-3", "--title", "Far", "--start", "2100-12-31", "--time", "10:00"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"series", "schedule", "far-3"});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT start_utc FROM session") == "2100-12-31T18:00:00Z");
    r = hub.run({"session", "export", "--series", "far-3", "--format", "ics", "-o", "far.ics"});
    CHECK_MESSAGE(r.code == 0, r);
  }
}

} // namespace test_series_far_dates

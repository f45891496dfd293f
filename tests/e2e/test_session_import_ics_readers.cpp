// `echo session import FILE.ics`: Outlook zones, all-day events, RDATE periods and hostile files
// (deep nesting, long lines, stray END lines), through the built binary.

#include "harness.hpp"

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_session_import_ics_readers {

using echo::test::fixture;
using echo::test::Hub;

namespace {

void make_series(const Hub& hub, const std::string& code) {
  auto r = hub.run({"series", "create", code, "--title", "Series " + code, "--time", "12:00"});
  REQUIRE_MESSAGE(r.code == 0, r);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e: session import ICS readers") {
  TEST_CASE("a Google export with holidays: the all-day events are skipped with warnings, the rest imports") {
    Hub hub;
    make_series(hub, "pc-2026");
    auto r = hub.run({"session", "import", fixture("schedule/google-holidays.ics").string(), "--series", "pc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 3, updated 0, unchanged 0, cancelled 0\n");
    CHECK(has(r.err, "\"Canada Day\" on 2026-07-01 is an all-day event (DTSTART;VALUE=DATE): skipped"));
    CHECK(has(r.err, "\"Office closed\" on 2026-06-30 is an all-day event"));
    // Tuesdays at 12:00 Pacific Daylight Time = 19:00Z.
    CHECK(hub.rows("SELECT local_date || ' ' || local_time || ' ' || start_utc FROM session ORDER BY start_utc") ==
          std::vector<std::string>{"2026-06-23 12:00 2026-06-23T19:00:00Z", "2026-06-30 12:00 2026-06-30T19:00:00Z",
                                   "2026-07-07 12:00 2026-07-07T19:00:00Z"});
  }

  TEST_CASE("Outlook Windows zone ids and a Customized Time Zone give the sessions' instants") {
    Hub hub;
    make_series(hub, "intl");
    auto r = hub.run({"session", "import", fixture("schedule/outlook-windows-zones.ics").string(), "--series", "intl"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 4, updated 0, unchanged 0, cancelled 0\n");
    // Bogota 10:00 -05 = 15:00Z; Whitehorse 10:00 -07 = 17:00Z; Mexico City 10:00 -06 = 16:00Z;
    // Sao Paulo 10:00 -03 = 13:00Z. In the series' zone (Vancouver), by start: 05:00 PST,
    // 09:00 PST, 08:00 PDT (after 2026-03-08), 09:00 PDT.
    CHECK(hub.rows("SELECT start_utc || ' ' || local_time || ' ' || duration FROM session ORDER BY start_utc") ==
          std::vector<std::string>{"2026-01-14T13:00:00Z 05:00 120", "2026-01-14T17:00:00Z 09:00 90",
                                   "2026-03-10T15:00:00Z 08:00 60", "2026-07-15T16:00:00Z 09:00 60"});

    make_series(hub, "rural");
    r = hub.run({"session", "import", fixture("schedule/outlook-customized-zone.ics").string(), "--series", "rural"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 5, updated 0, unchanged 0, cancelled 0\n");
    // Mountain rules from the VTIMEZONE (-07 until 2026-03-08, then -06); "Hub Local Time" +05:30.
    CHECK(hub.rows("SELECT s.start_utc || ' ' || s.duration FROM session s JOIN series r ON r.id = s.series_id "
                   "WHERE r.code = 'rural' ORDER BY s.start_utc") ==
          std::vector<std::string>{"2026-02-25T16:00:00Z 60", "2026-03-04T16:00:00Z 60", "2026-03-10T13:00:00Z 60",
                                   "2026-03-11T15:00:00Z 60", "2026-04-01T15:00:00Z 90"});
  }

  TEST_CASE("RDATE periods keep their own durations") {
    Hub hub;
    make_series(hub, "mh");
    auto r = hub.run({"session", "import", fixture("schedule/rdate-periods.ics").string(), "--series", "mh"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.rows("SELECT local_date || ' ' || local_time || ' ' || duration FROM session ORDER BY start_utc") ==
          std::vector<std::string>{"2026-04-07 12:00 60", "2026-04-14 12:00 90", "2026-04-21 12:00 120",
                                   "2026-04-28 12:00 45", "2026-05-05 12:00 60"});
  }

  TEST_CASE("hostile ICS files are refused with file:line, in our words, the database unchanged") {
    Hub hub;
    make_series(hub, "s");
    const auto before = hub.dump();
    const std::string head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n";
    const std::string event = "BEGIN:VEVENT\r\nUID:e@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T200000Z\r\n";

    std::string nested = head + event;
    for (int i = 0; i < 50000; ++i) nested += "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\n";
    for (int i = 0; i < 50000; ++i) nested += "END:VALARM\r\n";
    nested += "END:VEVENT\r\nEND:VCALENDAR\r\n";
    hub.write("nested.ics", nested);
    auto r = hub.run({"session", "import", "nested.ics", "--series", "s"});
    CHECK_MESSAGE(r.code == 65, r);
    // VALARM n is on line 8 + 2(n - 1) at level n + 2: the 63rd (line 132) is level 65.
    CHECK(has(r.err, "nested.ics:132: BEGIN:VALARM nests components deeper than 64 levels"));

    hub.write("stray.ics", head + event + "END:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    r = hub.run({"session", "import", "stray.ics", "--series", "s"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(has(r.err, "stray.ics:9: END:VEVENT where BEGIN:VCALENDAR (line 1) is still open"));
    CHECK_FALSE(has(r.err, "icalparser.c")); // libical's own diagnostics never reach the user

    std::string long_line =
        head + event + "DESCRIPTION:" + std::string(1100000, 'x') + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    hub.write("long.ics", long_line);
    r = hub.run({"session", "import", "long.ics", "--series", "s"});
    CHECK_MESSAGE(r.code == 65, r);
    CHECK(has(r.err, "long.ics:8: content line longer than 1048576 bytes (unfolded)"));

    CHECK(hub.dump() == before);
  }
}

} // namespace test_session_import_ics_readers

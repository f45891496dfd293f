// ICS export at a daylight-saving fall-back overlap: the event must be valid and round-trip.

#include "harness.hpp"

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_session_ics_overlap {

using echo::test::Hub;
using echo::test::slurp;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e: session ICS at a DST overlap") {
  TEST_CASE("a 60-minute session at 01:30 on the fall-back night exports a DURATION and imports back unchanged") {
    Hub hub; // America/Vancouver: 2026-11-01 01:00-01:59 happens twice
    REQUIRE(hub.run({"series", "create", "s", "--title", "Overlap", "--time", "12:00", "--duration", "60"}).code == 0);
    auto r = hub.run({"session", "add", "s", "--date", "2026-11-01", "--time", "01:30"});
    REQUIRE_MESSAGE(r.code == 0, r);
    REQUIRE(hub.scalar("SELECT start_utc FROM session") == "2026-11-01T08:30:00Z"); // 01:30 PDT
    r = hub.run({"session", "export", "--series", "s", "--format", "ics", "-o", "s.ics"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto ics = slurp(hub.dir() / "s.ics");
    CHECK(has(ics, "DTSTART;TZID=America/Vancouver:20261101T013000\r\n"));
    CHECK(has(ics, "DURATION:PT60M\r\n"));
    CHECK_FALSE(has(ics, "DTEND;TZID=America/Vancouver:20261101T013000"));

    const auto before = hub.dump();
    r = hub.run({"session", "import", (hub.dir() / "s.ics").string(), "--series", "s"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 0, updated 0, unchanged 1, cancelled 0\n");
    auto strip_ledger = [](const std::string& dump) { return dump.substr(0, dump.find("== import_file")); };
    CHECK(strip_ledger(hub.dump()) == strip_ledger(before));

    // Into a fresh hub: same instant and duration.
    Hub other;
    REQUIRE(other.run({"series", "create", "s", "--title", "Overlap", "--time", "12:00"}).code == 0);
    r = other.run({"session", "import", (hub.dir() / "s.ics").string(), "--series", "s"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(other.scalar("SELECT start_utc || ' ' || duration FROM session") == "2026-11-01T08:30:00Z 60");
  }

  TEST_CASE("a session at the second 01:30 of the fall-back night exports its start in UTC and round-trips") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "s", "--title", "Overlap", "--time", "12:00"}).code == 0);
    const auto in = hub.write("in.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
                                        "BEGIN:VEVENT\r\nUID:late-1@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
                                        "DTSTART:20261101T093000Z\r\nDTEND:20261101T103000Z\r\n"
                                        "SUMMARY:Second 01:30\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    auto r = hub.run({"session", "import", in.string(), "--series", "s"});
    REQUIRE_MESSAGE(r.code == 0, r);
    REQUIRE(hub.scalar("SELECT local_time || ' ' || start_utc FROM session") == "01:30 2026-11-01T09:30:00Z");
    r = hub.run({"session", "export", "--series", "s", "--format", "ics", "-o", "s.ics"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto ics = slurp(hub.dir() / "s.ics");
    CHECK(has(ics, "DTSTART:20261101T093000Z\r\n"));
    CHECK(has(ics, "DTEND;TZID=America/Vancouver:20261101T023000\r\n"));
    r = hub.run({"session", "import", (hub.dir() / "s.ics").string(), "--series", "s"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "inserted 0, updated 0, unchanged 1, cancelled 0\n");
    CHECK(hub.scalar("SELECT start_utc || ' ' || duration FROM session") == "2026-11-01T09:30:00Z 60");
  }
}

} // namespace test_session_ics_overlap

// attendance record | remove | list | unmatched | resolve, with the audit log.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_manual {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;

TEST_SUITE("e2e attendance") {

  TEST_CASE("record, list and remove attendance by hand, with an audit row for each change") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "record", "pc-2026/2", "priya.sharma@fraserhealth.example.ca", "5",
                            "--minutes", "40", "--reason", "joined by phone"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "recorded pc-2026/2: priya.sharma@fraserhealth.example.ca 40 minutes as participant\n"
                   "recorded pc-2026/2: 5 40 minutes as participant\n");
    const auto defaults = hub.run({"attendance", "record", "pc-2026/1", "a.lee@example.org"});
    REQUIRE_MESSAGE(defaults.code == 0, defaults);
    CHECK(defaults.out == "recorded pc-2026/1: a.lee@example.org 60 minutes as presenter (eligible)\n");

    const auto list = hub.run({"attendance", "list", "--json"});
    REQUIRE_MESSAGE(list.code == 0, list);
    const auto j = json::parse(list.out);
    REQUIRE(j.size() == 3);
    CHECK(j[0] == json{{"session", "pc-2026/1"},
                       {"email", "a.lee@example.org"},
                       {"name", "Alice Lee"},
                       {"minutes", 60},
                       {"role", "presenter"},
                       {"eligible", true},
                       {"source", "manual"}});
    CHECK(j[1]["name"] == "Priya Sharma");
    CHECK(j[1]["eligible"] == false);
    CHECK(j[2]["email"].is_null());
    CHECK(json::parse(hub.run({"attendance", "list", "pc-2026/2", "--json"}).out).size() == 2);
    CHECK(json::parse(hub.run({"attendance", "list", "--participant", "a.lee@example.org", "--json"}).out).size() == 1);
    // One entry per command (the first recorded two people), so that `echo undo` takes a command back
    // whole; participant.add entries of the seeding are left out.
    CHECK(hub.rows("SELECT actor, action, reason FROM audit_log WHERE action LIKE 'attendance.%' ORDER BY id") ==
          std::vector<std::string>{"tester|attendance.record|joined by phone", "tester|attendance.record|NULL"});

    CHECK(hub.run({"attendance", "remove", "pc-2026/2", "5"}).code == 2); // --reason is required
    const auto rm = hub.run({"attendance", "remove", "pc-2026/2", "5", "--reason", "duplicate", "--actor", "ann"});
    REQUIRE_MESSAGE(rm.code == 0, rm);
    CHECK(hub.scalar("SELECT count(*) FROM attendance WHERE session_id = 2") == "1");
    CHECK(hub.scalar("SELECT actor || '|' || reason FROM audit_log WHERE action = 'attendance.remove'") ==
          "ann|duplicate");
    CHECK(hub.run({"attendance", "remove", "pc-2026/2", "5", "--reason", "again"}).code == 1);
    CHECK(hub.run({"attendance", "record", "pc-2026/2", "ghost@example.org"}).code == 1);
    CHECK(hub.run({"attendance", "record", "pc-2026/9", "5"}).code == 1);
    CHECK(hub.run({"attendance", "record", "pc-2026/2", "5", "--role", "boss"}).code == 2);
    CHECK(hub.run({"attendance", "record", "pc-2026/2", "5", "--minutes", "lots"}).code == 2);
    const auto too_long = hub.run({"attendance", "record", "pc-2026/2", "5", "--minutes", "2000"});
    CHECK(too_long.code == 65); // a number, but not minutes in a day
    CHECK(too_long.err.find("--minutes 2000 is not a number of minutes in a day") != std::string::npos);
    CHECK(hub.run({"attendance", "record", "pc-2026/2", "5", "--minutes", "-1"}).code == 65);
  }

  TEST_CASE("an unmatched row is listed and resolved to a participant, who then matches by that name") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()}).code == 0);
    const auto list = hub.run({"attendance", "unmatched", "--json"});
    REQUIRE_MESSAGE(list.code == 0, list);
    const auto j = json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0] == json{{"id", 1},
                       {"session", "pc-2026/1"},
                       {"name", "Guest Caller"},
                       {"minutes", 30},
                       {"file", "meeting_old.csv"}});
    const auto r = hub.run({"attendance", "resolve", "1", "m.chen@example.org", "--reason", "Maria dialled in"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // Maria is the session's facilitator.
    CHECK(hub.scalar("SELECT minutes || '|' || role || '|' || source FROM attendance WHERE session_id = 1 AND "
                     "participant_id = 2") == "30|facilitator|zoom");
    CHECK(json::parse(hub.run({"attendance", "unmatched", "--json"}).out).empty());
    CHECK(hub.scalar("SELECT reason FROM audit_log WHERE action = 'attendance.resolve'") == "Maria dialled in");
    CHECK(hub.run({"attendance", "resolve", "1", "m.chen@example.org"}).code == 1);
    CHECK(hub.run({"attendance", "resolve", "99", "m.chen@example.org"}).code == 1);
    // "Guest Caller" is now a name alias of Maria.
    const auto file = hub.write("s2.csv", "Name (Original Name),User Email,Join Time,Leave Time\n"
                                          "Guest Caller,,01/27/2026 12:00:00 PM,01/27/2026 12:50:00 PM\n");
    const auto again = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/2"});
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(again.out == "pc-2026/2: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
  }

  TEST_CASE("readers fail on a missing database") {
    Hub hub;
    CHECK(hub.run({"attendance", "list"}).code == 66);
    CHECK(hub.run({"participant", "list"}).code == 66);
  }

} // TEST_SUITE

} // namespace test_attendance_manual

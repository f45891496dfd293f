// Generic names (phone callers, devices, rooms, "Zoom user", the hub's own list) never become
// aliases: resolving one credits that row only, and the next caller under the name is someone else.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_generic_names {

using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;

namespace {

const std::string k_header = "Name (Original Name),User Email,Join Time,Leave Time\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

TEST_SUITE("e2e attendance generic names") {

  TEST_CASE("resolving Call-in User_1 credits that row only: a caller at a later session is not credited") {
    Hub hub;
    seed_pc2026(hub);
    const auto s1 = hub.write("s1.csv", k_header + "Call-in User_1,,01/13/2026 12:05:00 PM,01/13/2026 12:55:00 PM\n");
    REQUIRE(hub.run({"attendance", "import", s1.string(), "--session", "pc-2026/1"}).code == 0);
    const auto r = hub.run({"attendance", "resolve", "1", "m.chen@example.org", "--reason", "Maria phoned in"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(contains(r.out, "resolved 1: 'Call-in User_1' at pc-2026/1 is m.chen@example.org\n"));
    CHECK(contains(r.out, "credited row 1 only: 'Call-in User_1' is a generic name"));
    // Maria (participant 2, the session's facilitator) has the 50 minutes of 12:05-12:55.
    CHECK(hub.scalar("SELECT minutes || '|' || role FROM attendance WHERE session_id = 1 AND participant_id = 2") ==
          "50|facilitator");
    CHECK(hub.scalar("SELECT count(*) FROM participant_alias") == "0");

    // Two weeks later another phone caller gets the same name from Zoom.
    const auto s2 = hub.write("s2.csv", k_header + "Call-in User_1,,01/27/2026 12:00:00 PM,01/27/2026 12:50:00 PM\n");
    const auto again = hub.run({"attendance", "import", s2.string(), "--session", "pc-2026/2"});
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(again.out == "pc-2026/2: 1 rows, 0 matched, 0 created, 1 unmatched, 0 eligible\n");
    CHECK(hub.scalar("SELECT count(*) FROM attendance WHERE session_id = 2") == "0");
    const auto list = json::parse(hub.run({"attendance", "unmatched", "--json"}).out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["session"] == "pc-2026/2");
    CHECK(list[0]["name"] == "Call-in User_1");
  }

  TEST_CASE("a generic alias made before this rule no longer matches anyone") {
    Hub hub;
    seed_pc2026(hub);
    echo::test::seed_sql(hub, "INSERT INTO participant_alias (participant_id, kind, value, key, created_at) "
                              "VALUES (2, 'name', 'iPhone', 'iphone', '2026-01-01T00:00:00Z')");
    const auto s2 = hub.write("s2.csv", k_header + "iPhone,,01/27/2026 12:00:00 PM,01/27/2026 12:50:00 PM\n");
    const auto r = hub.run({"attendance", "import", s2.string(), "--session", "pc-2026/2"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 1 rows, 0 matched, 0 created, 1 unmatched, 0 eligible\n");
  }

  TEST_CASE("--create-missing creates no participant for a device or a telephone number") {
    Hub hub;
    seed_pc2026(hub);
    const auto s2 = hub.write("s2.csv", k_header + "iPhone,,01/27/2026 12:00:00 PM,01/27/2026 12:50:00 PM\n" +
                                            "+1 604 555 0199,,01/27/2026 12:01:00 PM,01/27/2026 12:40:00 PM\n" +
                                            "Galaxy S21,,01/27/2026 12:02:00 PM,01/27/2026 12:40:00 PM\n" +
                                            "Rosa Diaz,,01/27/2026 12:02:00 PM,01/27/2026 12:58:00 PM\n");
    const auto r = hub.run({"attendance", "import", s2.string(), "--session", "pc-2026/2", "--create-missing"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 4 rows, 0 matched, 1 created, 3 unmatched, 1 eligible\n");
    CHECK(hub.rows("SELECT name FROM participant WHERE id > 5") == std::vector<std::string>{"Rosa Diaz"});
  }

  TEST_CASE("--no-alias credits the row only, whatever the name") {
    Hub hub;
    seed_pc2026(hub);
    const auto s1 = hub.write("s1.csv", k_header + "Guest Caller,,01/13/2026 12:05:00 PM,01/13/2026 12:55:00 PM\n");
    REQUIRE(hub.run({"attendance", "import", s1.string(), "--session", "pc-2026/1"}).code == 0);
    const auto r = hub.run({"attendance", "resolve", "1", "priya.sharma@fraserhealth.example.ca", "--no-alias"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(contains(r.out, "credited row 1 only (--no-alias): 'Guest Caller' did not become an alias\n"));
    CHECK(hub.scalar("SELECT count(*) FROM participant_alias") == "0");
    CHECK(hub.scalar("SELECT minutes FROM attendance WHERE session_id = 1 AND participant_id = 4") == "50");
    const auto s2 = hub.write("s2.csv", k_header + "Guest Caller,,01/27/2026 12:00:00 PM,01/27/2026 12:50:00 PM\n");
    const auto again = hub.run({"attendance", "import", s2.string(), "--session", "pc-2026/2"});
    CHECK(again.out == "pc-2026/2: 1 rows, 0 matched, 0 created, 1 unmatched, 0 eligible\n");
  }

  TEST_CASE("the hub's generic_names are generic too, and a generic name is refused as an alias") {
    Hub hub("[attendance]\ngeneric_names = [\"Nurses Station\"]\n");
    seed_pc2026(hub);
    const auto s1 = hub.write("s1.csv", k_header + "Nurses Station 2,,01/13/2026 12:05:00 PM,01/13/2026 12:55:00 PM\n");
    REQUIRE(hub.run({"attendance", "import", s1.string(), "--session", "pc-2026/1"}).code == 0);
    const auto r = hub.run({"attendance", "resolve", "1", "5"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(contains(r.out, "'Nurses Station 2' is a generic name"));
    CHECK(hub.scalar("SELECT count(*) FROM participant_alias") == "0");

    const auto before = hub.dump();
    const auto alias = hub.run({"participant", "alias", "add", "5", "Call-in User_3"});
    CHECK(alias.code == 65);
    CHECK(contains(alias.err, "'Call-in User_3' is a generic name"));
    CHECK(hub.run({"participant", "alias", "add", "5", "nurses station"}).code == 65);
    CHECK(hub.dump() == before);
    CHECK(hub.run({"participant", "alias", "add", "5", "Tom Nguyen"}).code == 0);
  }
}

} // namespace test_attendance_generic_names

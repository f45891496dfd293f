#include "harness.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <set>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_session {

using echo::test::Hub;
using nlohmann::json;

namespace {

void make_series(const Hub& hub) {
  auto r = hub.run({"series", "create", "pc-2026", "--title", "Palliative Care ECHO 2026", "--time", "12:00"});
  REQUIRE_MESSAGE(r.code == 0, r);
}

} // namespace

TEST_SUITE("e2e: session") {
  TEST_CASE("session add prints the reference and list JSON has exactly the contract's fields") {
    Hub hub;
    make_series(hub);
    auto r = hub.run({"session", "add", "pc-2026", "--date", "2026-01-27", "--topic", "Second", "--presenter",
                      "J.Okafor@Example.org", "--presenter", "a.lee@example.org", "--facilitator", "m@example.org"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1\n");
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-01-13", "--duration", "90", "--topic", "First"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2\n"); // the next number, whatever its date (issue 12: was its position, 1)
    // Unknown emails created participants with just the email.
    CHECK(hub.scalar("SELECT group_concat(email, ',') FROM (SELECT email FROM participant ORDER BY email)") ==
          "a.lee@example.org,j.okafor@example.org,m@example.org");
    r = hub.run({"session", "list", "--series", "pc-2026", "--format", "json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    REQUIRE(j.size() == 2);
    // The contract's fields and `attendance` (issue 12: where a started session's attendance stands).
    const std::set<std::string> want{"ref",      "id",    "series", "date",       "time",        "start_utc",
                                     "duration", "topic", "status", "presenters", "facilitator", "attendance"};
    std::set<std::string> got;
    for (const auto& [k, v] : j[1].items()) got.insert(k);
    CHECK(got == want);
    // Listed by start time: the 01-13 session (created second) first.
    CHECK(j[0]["ref"] == "pc-2026/2");
    CHECK(j[0]["duration"] == 90);
    CHECK(j[0]["facilitator"].is_null());
    CHECK(j[0]["presenters"] == json::array());
    CHECK(j[1]["ref"] == "pc-2026/1");
    CHECK(j[1]["date"] == "2026-01-27");
    CHECK(j[1]["time"] == "12:00");
    CHECK(j[1]["start_utc"] == "2026-01-27T20:00:00Z");
    CHECK(j[1]["status"] == "scheduled");
    CHECK(j[1]["presenters"] == json::array({"j.okafor@example.org", "a.lee@example.org"}));
    CHECK(j[1]["facilitator"] == "m@example.org");
    CHECK(j[1]["id"].is_number_integer());
  }

  TEST_CASE("list filters by series, dates and status") {
    Hub hub;
    make_series(hub);
    REQUIRE(hub.run({"series", "create", "nc-2026", "--title", "NC", "--time", "13:00"}).code == 0);
    for (const auto* d : {"2026-01-13", "2026-02-10", "2026-03-10"})
      REQUIRE(hub.run({"session", "add", "pc-2026", "--date", d}).code == 0);
    REQUIRE(hub.run({"session", "add", "nc-2026", "--date", "2026-02-19"}).code == 0);
    REQUIRE(hub.run({"session", "cancel", "pc-2026/2", "--reason", "Family Day"}).code == 0);
    auto r = hub.run({"session", "list", "--from", "2026-02-01", "--to", "2026-02-28", "--json"});
    auto j = json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["ref"] == "pc-2026/2");
    CHECK(j[0]["status"] == "cancelled");
    CHECK(j[1]["ref"] == "nc-2026/1");
    r = hub.run({"session", "list", "--series", "pc-2026", "--status", "scheduled", "--json"});
    j = json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[1]["ref"] == "pc-2026/3"); // cancelled sessions keep their position
    r = hub.run({"session", "list", "--from", "2026-02-30"});
    CHECK_MESSAGE(r.code == 65, r);
    r = hub.run({"session", "list", "--status", "held"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"session", "list", "--series", "nope"});
    CHECK_MESSAGE(r.code == 1, r);
  }

  TEST_CASE("show, update, cancel and references by id") {
    Hub hub;
    make_series(hub);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-01-13", "--topic", "Old"}).code == 0);
    auto r = hub.run(
        {"session", "update", "pc-2026/1", "--topic", "New", "--time", "12:30", "--presenter", "p@example.org"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto id = hub.scalar("SELECT id FROM session");
    r = hub.run({"session", "show", id, "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    auto j = json::parse(r.out);
    CHECK(j["ref"] == "pc-2026/1");
    CHECK(j["topic"] == "New");
    CHECK(j["time"] == "12:30");
    CHECK(j["start_utc"] == "2026-01-13T20:30:00Z");
    CHECK(j["presenters"] == json::array({"p@example.org"}));
    r = hub.run({"session", "cancel", "pc-2026/1", "--reason", "storm"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT status || ' ' || cancel_reason FROM session") == "cancelled storm");
    r = hub.run({"session", "cancel", "pc-2026/1"});
    CHECK_MESSAGE(r.code == 1, r);
    r = hub.run({"session", "show", "pc-2026/9"});
    CHECK_MESSAGE(r.code == 1, r);
    r = hub.run({"session", "show", "pc-2026/x"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"session", "update", "pc-2026/1", "--duration", "long"});
    CHECK_MESSAGE(r.code == 2, r);
  }

  TEST_CASE("remove is refused while the session has attendance unless --force") {
    Hub hub;
    make_series(hub);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-01-13"}).code == 0);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-01-27"}).code == 0);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-02-10", "--presenter", "a@example.org"}).code == 0);
    // Attendance as the attendance module records it.
    {
      SQLite::Database db(hub.database().string(), SQLite::OPEN_READWRITE);
      db.exec("INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
              "SELECT s.id, p.id, 55, 'now', 'now' FROM session s, participant p WHERE s.local_date = '2026-01-27'");
    }
    const auto before = hub.dump();
    auto r = hub.run({"session", "remove", "pc-2026/2"});
    CHECK_MESSAGE(r.code == 1, r);
    CHECK(r.err.find("attendance") != std::string::npos);
    CHECK(hub.dump() == before);
    r = hub.run({"session", "remove", "pc-2026/1"});
    CHECK_MESSAGE(r.code == 0, r);
    // The 01-27 session keeps its reference after pc-2026/1 went (issue 12: it used to become /1).
    CHECK(hub.run({"session", "show", "pc-2026/1"}).code == 1);
    r = hub.run({"session", "remove", "pc-2026/2", "--force"});
    CHECK_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM attendance") == "0");
    CHECK(hub.scalar("SELECT local_date FROM session") == "2026-02-10");
  }

  TEST_CASE("case presentations: add and list") {
    Hub hub;
    make_series(hub);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-01-13"}).code == 0);
    auto r = hub.run({"session", "case", "add", "pc-2026/1", "--presenter", "np@example.org", "--title",
                      "Breathlessness in advanced COPD"});
    REQUIRE_MESSAGE(r.code == 0, r);
    r = hub.run({"session", "case", "list", "pc-2026/1", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["presenter"] == "np@example.org");
    CHECK(j[0]["title"] == "Breathlessness in advanced COPD");
    r = hub.run({"session", "case", "add", "pc-2026/1", "--presenter", "np@example.org"});
    CHECK_MESSAGE(r.code == 2, r);
  }

  TEST_CASE("session add errors: duplicate day, unknown series, bad values") {
    Hub hub;
    make_series(hub);
    REQUIRE(hub.run({"session", "add", "pc-2026", "--date", "2026-01-13"}).code == 0);
    auto r = hub.run({"session", "add", "pc-2026", "--date", "2026-01-13"});
    CHECK_MESSAGE(r.code == 1, r);
    CHECK(r.err.find("--key") != std::string::npos);
    // Another key the same day at the same start is a second session at one start: refused
    // unless --allow-overlap (issue 12); at another time it is fine.
    const auto before = hub.dump();
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-01-13", "--key", "extra"});
    CHECK_MESSAGE(r.code == 1, r);
    CHECK(r.err.find("already has pc-2026/1 (key 2026-01-13) at 2026-01-13 12:00") != std::string::npos);
    CHECK(r.err.find("--allow-overlap") != std::string::npos);
    CHECK(hub.dump() == before);
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-01-13", "--key", "extra", "--time", "15:00"});
    CHECK_MESSAGE(r.code == 0, r);
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-01-13", "--key", "twin", "--allow-overlap"});
    CHECK_MESSAGE(r.code == 0, r);
    // Moving a session onto another's start is refused the same way.
    r = hub.run({"session", "update", "pc-2026/2", "--time", "12:00"});
    CHECK_MESSAGE(r.code == 1, r);
    r = hub.run({"session", "update", "pc-2026/2", "--time", "12:00", "--allow-overlap"});
    CHECK_MESSAGE(r.code == 0, r);
    r = hub.run({"session", "add", "nope", "--date", "2026-01-13"});
    CHECK_MESSAGE(r.code == 1, r);
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-02-30"});
    CHECK_MESSAGE(r.code == 65, r);
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-02-03", "--time", "25:00"});
    CHECK_MESSAGE(r.code == 65, r);
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-02-03", "--duration", "1h"});
    CHECK_MESSAGE(r.code == 2, r);
    r = hub.run({"session", "add", "pc-2026"});
    CHECK_MESSAGE(r.code == 2, r);
  }
}

} // namespace test_session

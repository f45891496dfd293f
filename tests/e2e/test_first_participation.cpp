// first_participation (the first participation of each participant, behind the "new
// participants" figure of report summary and series) stays what a rebuild from attendance gives
// after every command that writes attendance: imports (fresh, into another session, --replace),
// manual record and remove, participant merge, session cancel and remove, and undo of each.
// Since migration 14 the writers refresh it once per write batch instead of per-row triggers.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_first_participation {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;

namespace {

// The migration 13 query: each participant's first by local date, start, id; role participant,
// session not cancelled.
const char* const k_rebuilt = R"sql(
SELECT participant_id || ':' || session_id FROM (
  SELECT a.participant_id, s.id AS session_id,
         row_number() OVER (PARTITION BY a.participant_id ORDER BY s.local_date, s.start_utc, s.id) AS k
    FROM attendance a JOIN session s ON s.id = a.session_id
   WHERE a.role = 'participant' AND s.status <> 'cancelled') WHERE k = 1 ORDER BY participant_id)sql";

std::vector<std::string> stored(const Hub& hub) {
  return hub.rows("SELECT participant_id || ':' || session_id FROM first_participation ORDER BY participant_id");
}

std::string first_of(const Hub& hub, const std::string& email) {
  return hub.scalar("SELECT f.session_id FROM first_participation f JOIN participant p ON p.id = f.participant_id "
                    "WHERE p.email = '" +
                    email + "'");
}

} // namespace

TEST_SUITE("e2e first participation") {

  TEST_CASE("first_participation matches a rebuild after import, record, remove, merge, cancel, undo") {
    Hub hub;
    seed_pc2026(hub); // sessions 1-3: 2026-01-13, 01-27, 02-10; 4 (02-24) cancelled
    const std::string priya = "priya.sharma@fraserhealth.example.ca";
    const auto ok = [&](const std::vector<std::string>& args) {
      const auto r = hub.run(args);
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(stored(hub) == hub.rows(k_rebuilt));
    };
    CHECK(stored(hub).empty());

    // A manual record: Priya's first is session 3.
    ok({"attendance", "record", "pc-2026/3", priya, "--minutes", "50"});
    CHECK(first_of(hub, priya) == "3");
    // A Zoom import into session 1 (2026-01-13): earlier, so it becomes her first.
    ok({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    CHECK(first_of(hub, priya) == "1");
    const auto imported = stored(hub);
    // Undoing the import takes it back; importing again gives the same table.
    ok({"undo"});
    CHECK(first_of(hub, priya) == "3");
    ok({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    CHECK(stored(hub) == imported);
    // The participant role only: Alice presents session 1 (presenter), so it is not her first.
    CHECK(first_of(hub, "a.lee@example.org").empty());
    // --replace with an export that has only Thomas: Priya's imported row at session 1 goes, and
    // her first is session 3 again.
    const auto second =
        hub.write("second-device.csv", "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                                       "Thomas Nguyen,,01/13/2026 12:40:00 PM,01/13/2026 12:55:00 PM,15,Yes\n");
    ok({"attendance", "import", second.string(), "--session", "pc-2026/1", "--replace"});
    CHECK(first_of(hub, priya) == "3");
    // Removing her only row: she has no first participation any more.
    ok({"attendance", "remove", "pc-2026/3", priya, "--reason", "entered by mistake"});
    CHECK(first_of(hub, priya).empty());
    ok({"undo"});
    CHECK(first_of(hub, priya) == "3");

    // A merge moves a participation at session 2 (earlier than 3) onto Priya.
    ok({"participant", "add", "--name", "P. Sharma", "--email", "p.sharma@example.org"});
    ok({"attendance", "record", "pc-2026/2", "p.sharma@example.org", "--minutes", "40"});
    CHECK(first_of(hub, "p.sharma@example.org") == "2");
    ok({"participant", "merge", "p.sharma@example.org", priya});
    CHECK(first_of(hub, priya) == "2");
    CHECK(first_of(hub, "p.sharma@example.org").empty());
    // Cancelling session 2 makes session 3 her first again; undo restores it.
    ok({"session", "cancel", "pc-2026/2", "--reason", "storm"});
    CHECK(first_of(hub, priya) == "3");
    ok({"undo"});
    CHECK(first_of(hub, priya) == "2");
    // Undoing the merge gives the participation back to P. Sharma.
    ok({"undo"});
    CHECK(first_of(hub, priya) == "3");
    CHECK(first_of(hub, "p.sharma@example.org") == "2");

    // Removing session 3 with its attendance: Priya's first is gone with it.
    ok({"session", "remove", "pc-2026/3", "--force"});
    CHECK(first_of(hub, priya).empty());
    ok({"undo"});
    CHECK(first_of(hub, priya) == "3");
  }

  // Generic CSV rows (minutes) take another path since the bulk writer keeps first_participation
  // itself: each participant's earliest new row is written once, and the sessions where a row
  // already existed (or came twice) are refreshed whole.
  TEST_CASE("first_participation matches a rebuild after generic imports of new, repeated and upgraded rows") {
    Hub hub;
    seed_pc2026(hub); // sessions 1-3: 2026-01-13, 01-27, 02-10; 4 (02-24) cancelled; Alice presents 1
    const std::string priya = "priya.sharma@fraserhealth.example.ca";
    const std::string emile = "emile.dube@northernhealth.example.ca";
    const auto ok = [&](const std::vector<std::string>& args) {
      const auto r = hub.run(args);
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(stored(hub) == hub.rows(k_rebuilt));
    };
    // Later sessions first in the file: Priya's earliest row (session 2) is her first, whatever
    // the order; the cancelled session 4 counts for nobody; Alice presents session 1, so her
    // first is session 3.
    const auto first = hub.write("first.csv", "session,email,name,minutes\n"
                                              "pc-2026/4,m.chen@example.org,Maria Chen,50\n"
                                              "pc-2026/3," +
                                                  priya +
                                                  ",Priya Sharma,40\n"
                                                  "pc-2026/3,a.lee@example.org,Alice Lee,45\n"
                                                  "pc-2026/2," +
                                                  priya +
                                                  ",Priya Sharma,30\n"
                                                  "pc-2026/1,a.lee@example.org,Alice Lee,55\n");
    ok({"attendance", "import", first.string()});
    CHECK(first_of(hub, priya) == "2");
    CHECK(first_of(hub, "a.lee@example.org") == "3");
    CHECK(first_of(hub, "m.chen@example.org").empty());
    // An earlier session in another file: it becomes Priya's first; Émile's only row is his.
    const auto earlier = hub.write("earlier.csv", "session,email,name,minutes\n"
                                                  "pc-2026/1," +
                                                      priya +
                                                      ",Priya Sharma,20\n"
                                                      "pc-2026/3," +
                                                      emile + ",Émile Dubé,35\n");
    ok({"attendance", "import", earlier.string()});
    CHECK(first_of(hub, priya) == "1");
    CHECK(first_of(hub, emile) == "3");
    // Rows that exist already, and a person twice in one session, the second time as an
    // organizer: the hub role wins and session 2 is no longer Émile's participation, so his
    // first stays session 3; Priya's row at session 1 becomes the hub's, so her first is 2 again.
    const auto again = hub.write("again.csv", "session,email,name,minutes,role\n"
                                              "pc-2026/2," +
                                                  emile +
                                                  ",Émile Dubé,30,attendee\n"
                                                  "pc-2026/2," +
                                                  emile +
                                                  ",Émile Dubé,31,organizer\n"
                                                  "pc-2026/1," +
                                                  priya + ",Priya Sharma,25,organizer\n");
    ok({"attendance", "import", again.string()});
    CHECK(first_of(hub, emile) == "3");
    CHECK(first_of(hub, priya) == "2");
    ok({"undo"});
    CHECK(first_of(hub, priya) == "1");
  }
}

// Not first participation, but the same generic import path: once a plan has asked about 64
// emails (a sixteenth of the participants, at least 64), the rest are answered from every email
// read at once; an alias, a differently written email and an unnamed person still match as the
// one-by-one lookups do.
TEST_SUITE("e2e attendance import emails") {
  TEST_CASE("a generic import of many emails matches aliases and unnamed people after the 64th") {
    Hub hub;
    seed_pc2026(hub);
    // 70 people p1..p70 (ids after the five seeded), one without a name (p70), and an alias
    // for Priya.
    seed_sql(hub, R"sql(
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
      INSERT INTO participant (name, name_key, email, created_at, updated_at)
      SELECT CASE WHEN i = 70 THEN '' ELSE 'Person ' || i END, CASE WHEN i = 70 THEN '' ELSE 'person ' || i END,
             'p' || i || '@example.org', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;
    )sql");
    const auto r0 =
        hub.run({"participant", "alias", "add", "priya.sharma@fraserhealth.example.ca", "ps@old.example.org"});
    REQUIRE_MESSAGE(r0.code == 0, r0);
    std::string csv = "session,email,name,minutes\n";
    for (int i = 1; i <= 69; ++i)
      csv += "pc-2026/1,p" + std::to_string(i) + "@example.org,Person " + std::to_string(i) + ",50\n";
    // Lookups 70-73: after the 64th, from memory.
    csv += "pc-2026/1,P70@Example.org,Newly Named,50\n"
           "pc-2026/1,ps@old.example.org,Priya Sharma,50\n"
           "pc-2026/1,a.lee@example.org,Alice Lee,50\n"
           "pc-2026/1,nobody@example.org,New Person,50\n";
    const auto file = hub.write("many.csv", csv);
    const auto r = hub.run({"attendance", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    // 73 rows: 72 matched (p1-p70, Priya by her alias, Alice), 1 created.
    CHECK(r.out.find("73 rows, 72 matched, 1 created, 0 unmatched") != std::string::npos);
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'p70@example.org'") == "Newly Named");
    CHECK(hub.scalar("SELECT count(*) FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.email = 'priya.sharma@fraserhealth.example.ca'") == "1");
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'nobody@example.org'") == "1");
  }
}

} // namespace test_first_participation

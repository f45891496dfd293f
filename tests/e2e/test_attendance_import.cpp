// attendance import: every Zoom layout, the generic CSV, session detection, idempotency,
// merging, --replace, --dry-run and broken files.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_import {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using echo::test::seed_sql;
using nlohmann::json;

namespace {

// email-or-name -> "minutes|role|source" for a session (by id).
std::vector<std::string> attendance_of(const Hub& hub, int session_id) {
  return hub.rows("SELECT ifnull(p.email, p.name) || '|' || a.minutes || '|' || a.role || '|' || a.source "
                  "FROM attendance a JOIN participant p ON p.id = a.participant_id WHERE a.session_id = " +
                  std::to_string(session_id) + " ORDER BY 1");
}

} // namespace

TEST_SUITE("e2e attendance import") {

  TEST_CASE("the older meeting export is matched, unioned and roled, and re-importing it changes nothing") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1: 10 rows, 4 matched, 2 created, 1 unmatched, 3 eligible\n");
    CHECK(attendance_of(hub, 1) == std::vector<std::string>{
                                       "Thomas Nguyen|39|participant|zoom",
                                       "a.lee@example.org|67|presenter|zoom",
                                       "emile.dube@northernhealth.example.ca|60|participant|zoom",
                                       "host@bccpc.example.org|76|hub|zoom",
                                       "m.tremblay@islandhealth.example.ca|56|participant|zoom",
                                       "priya.sharma@fraserhealth.example.ca|61|participant|zoom",
                                   });
    // The waiting-room row created nobody; the guest without email is unmatched.
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'w.person@example.org'") == "0");
    CHECK(hub.rows("SELECT name, minutes, file, line FROM unmatched_row") ==
          std::vector<std::string>{"Guest Caller|30|meeting_old.csv|12"});
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'm.tremblay@islandhealth.example.ca'") ==
          "Marie-Ève Tremblay");
    CHECK(hub.scalar("SELECT count(*) FROM attendance_interval") == "8");

    const auto before = hub.dump();
    const auto again = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(again.out.starts_with("pc-2026/1: already imported (meeting_old.csv at "));
    CHECK(hub.dump() == before);
  }

  TEST_CASE("the newer lowercase export matches a name without email to an accented participant") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/meeting_new.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 5 rows, 1 matched, 2 created, 0 unmatched, 1 eligible\n");
    CHECK(attendance_of(hub, 2) == std::vector<std::string>{
                                       "anna.k@vch.example.ca|38|participant|zoom",
                                       "emile.dube@northernhealth.example.ca|60|participant|zoom",
                                       "host@bccpc.example.org|70|hub|zoom",
                                   });
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'late@example.org'") == "0");
  }

  TEST_CASE("a participants-only file finds its session by the first join, and imports ISO times") {
    Hub hub;
    seed_pc2026(hub);
    const std::vector<std::string> expected{"Thomas Nguyen|46|participant|zoom",
                                            "priya.sharma@fraserhealth.example.ca|62|participant|zoom"};
    SUBCASE("without --session: the first join, 11:58, is within pc-2026/3") {
      const auto r = hub.run({"attendance", "import", fixture("zoom/participants_only.csv").string()});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/3: 2 rows, 2 matched, 0 created, 0 unmatched, 2 eligible\n");
      CHECK(attendance_of(hub, 3) == expected);
    }
    SUBCASE("with --session") {
      const auto r =
          hub.run({"attendance", "import", fixture("zoom/participants_only.csv").string(), "--session", "pc-2026/3"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/3: 2 rows, 2 matched, 0 created, 0 unmatched, 2 eligible\n");
      CHECK(attendance_of(hub, 3) == expected);
    }
    SUBCASE("a first join at no session's time is an error naming the nearest ones") {
      const auto before = hub.dump();
      const auto file =
          hub.write("late.csv", "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
                                "Priya Sharma,priya.sharma@fraserhealth.example.ca,2026-02-10 18:00:00,"
                                "2026-02-10 18:30:00,30\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 1);
      CHECK(r.err.find("late.csv:2: no session runs at the first join 2026-02-10 18:00") != std::string::npos);
      CHECK(r.err.find("nearest: pc-2026/3") != std::string::npos);
      CHECK(hub.dump() == before);
    }
  }

  TEST_CASE("the unique-users variant records the minutes as given") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto no_session = hub.run({"attendance", "import", fixture("zoom/unique_users.csv").string()});
    CHECK(no_session.code == 2); // no meeting block and no times: only --session can say
    CHECK(no_session.err.find("no join times to find its session by: give --session REF") != std::string::npos);
    CHECK(hub.dump() == before);
    const auto r = hub.run({"attendance", "import", fixture("zoom/unique_users.csv").string(), "--session", "3"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 3 rows, 2 matched, 0 created, 1 unmatched, 2 eligible\n");
    CHECK(attendance_of(hub, 3) ==
          std::vector<std::string>{"emile.dube@northernhealth.example.ca|47|participant|zoom",
                                   "priya.sharma@fraserhealth.example.ca|58|participant|zoom"});
    CHECK(hub.rows("SELECT name, minutes FROM unmatched_row") == std::vector<std::string>{"Sam Unknown|12"});
  }

  TEST_CASE("the webinar report records host and panelists as hub and Attended = No rows as registrations only") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/webinar.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    // Issue 15: the three attendee rows (Priya, Maria, and the Attended = No registrant) are
    // registrations for the session; the No row gets no attendance.
    CHECK(r.out == "pc-2026/3: 6 rows, 3 matched, 1 created, 0 unmatched, 1 eligible, 3 registered\n");
    CHECK(attendance_of(hub, 3) == std::vector<std::string>{
                                       "a.lee@example.org|65|hub|zoom",
                                       "host@bccpc.example.org|80|hub|zoom",
                                       "m.chen@example.org|44|participant|zoom",
                                       "priya.sharma@fraserhealth.example.ca|60|participant|zoom",
                                   });
    CHECK(hub.rows("SELECT p.email, r.source FROM registration r JOIN participant p ON p.id = r.participant_id "
                   "WHERE r.session_id = 3 ORDER BY p.email") ==
          std::vector<std::string>{"m.chen@example.org|webinar", "nobody@example.org|webinar",
                                   "priya.sharma@fraserhealth.example.ca|webinar"});
    CHECK(hub.scalar("SELECT count(*) FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.email = 'nobody@example.org'") == "0");
  }

  TEST_CASE("a second, different export for the same session merges by the union of intervals") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()}).code == 0);
    const auto second =
        hub.write("second-device.csv", "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
                                       "Thomas Nguyen,,01/13/2026 12:40:00 PM,01/13/2026 12:55:00 PM,15,Yes\n");
    const auto r = hub.run({"attendance", "import", second.string(), "--session", "pc-2026/1"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1: 1 rows, 1 matched, 0 created, 0 unmatched, 4 eligible\n");
    // 12:01:15-12:40:15 and 12:40:00-12:55:00: 53 min 45 s -> 54.
    CHECK(hub.scalar("SELECT minutes FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.name = 'Thomas Nguyen' AND a.session_id = 1") == "54");

    SUBCASE("--replace drops what earlier imports recorded for the session") {
      REQUIRE(hub.run({"attendance", "record", "pc-2026/1", "m.chen@example.org", "--minutes", "60"}).code == 0);
      const auto replaced = hub.run({"attendance", "import", second.string(), "--session", "pc-2026/1", "--replace"});
      REQUIRE_MESSAGE(replaced.code == 0, replaced);
      CHECK(replaced.out == "pc-2026/1: 1 rows, 1 matched, 0 created, 0 unmatched, 0 eligible\n");
      CHECK(attendance_of(hub, 1) ==
            std::vector<std::string>{"Thomas Nguyen|15|participant|zoom", "m.chen@example.org|60|facilitator|manual"});
      CHECK(hub.scalar("SELECT count(*) FROM unmatched_row") == "0");
      CHECK(hub.scalar("SELECT count(*) FROM import_file") == "1");
      // Imports write with SQLite's key checks lifted: every reference must still hold.
      CHECK(hub.scalar("SELECT count(*) FROM pragma_foreign_key_check") == "0");
    }
  }

  TEST_CASE("--dry-run prints the summary and writes nothing") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto r = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--dry-run"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1: 10 rows, 4 matched, 2 created, 1 unmatched, 3 eligible\n");
    CHECK(r.err.find("dry run") != std::string::npos);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("--create-missing creates participants for unmatched names") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--create-missing"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1: 10 rows, 4 matched, 3 created, 0 unmatched, 3 eligible\n");
    CHECK(hub.scalar("SELECT a.minutes FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.name = 'Guest Caller' AND p.email IS NULL") == "30");
  }

  TEST_CASE("the session is found from the meeting start, and none or several is an error listing candidates") {
    Hub hub;
    seed_pc2026(hub);
    SUBCASE("no session at that time") {
      const auto file = hub.write("march.csv", "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),"
                                               "Participants\n1,x,03/03/2026 09:00:00 AM,03/03/2026 10:00:00 AM,"
                                               "h@example.org,60,1\n\nName (Original Name),User Email,Join Time,"
                                               "Leave Time,Duration (Minutes),Guest\nA,a@example.org,03/03/2026 "
                                               "09:00:00 AM,03/03/2026 10:00:00 AM,60,No\n");
      const auto before = hub.dump();
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 1);
      CHECK(r.err.find("no session") != std::string::npos);
      CHECK(r.err.find("pc-2026/3 (2026-02-10 12:00 America/Vancouver)") != std::string::npos);
      CHECK(hub.dump() == before);
    }
    SUBCASE("two sessions at that time; --series picks one") {
      seed_sql(hub, "INSERT INTO series (id, code, title, timezone, created_at, updated_at) VALUES "
                    "(2, 'dementia', 'Dementia ECHO', 'America/Vancouver', 'x', 'x');"
                    "INSERT INTO session (series_id, key, local_date, local_time, start_utc, duration, created_at, "
                    "updated_at) VALUES (2, 'k', '2026-01-13', '12:30', '2026-01-13T20:30:00Z', 60, 'x', 'x');");
      const auto r = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
      CHECK(r.code == 1);
      CHECK(r.err.find("matches 2 sessions") != std::string::npos);
      CHECK(r.err.find("pc-2026/1 (2026-01-13 12:00 America/Vancouver)") != std::string::npos);
      CHECK(r.err.find("dementia/1 (2026-01-13 12:30 America/Vancouver)") != std::string::npos);
      const auto ok =
          hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--series", "pc-2026"});
      CHECK_MESSAGE(ok.code == 0, ok);
    }
    SUBCASE("--timezone reads the file's times in another zone") {
      // 11:52 in Toronto is 08:52 in Vancouver: no session then.
      const auto r =
          hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--timezone", "America/Toronto"});
      CHECK(r.code == 1);
      const auto bad =
          hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--timezone", "Mars/Base"});
      CHECK(bad.code == 65);
    }
  }

  TEST_CASE("broken files exit 65 naming every bad row and leave the database unchanged") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    SUBCASE("bad dates and leave before join") {
      const auto r = hub.run({"attendance", "import", fixture("zoom/bad_rows.csv").string(), "--session", "pc-2026/3"});
      CHECK(r.code == 65);
      CHECK(r.err.find("bad_rows.csv:2: bad join time '02/30/2026 12:00:00 PM'") != std::string::npos);
      CHECK(r.err.find("bad_rows.csv:4: leave time '02/10/2026 12:10:00 PM' is before join time") != std::string::npos);
      CHECK(r.err.find("bad_rows.csv:5: bad join time 'yesterday'") != std::string::npos);
      CHECK(r.err.find("bad_rows.csv:5: bad leave time '02/10/2026 13:00:00 PM'") != std::string::npos);
      CHECK(r.err.find("bad_rows.csv:3") == std::string::npos);
    }
    SUBCASE("missing columns") {
      const auto r =
          hub.run({"attendance", "import", fixture("zoom/missing_columns.csv").string(), "--session", "pc-2026/3"});
      CHECK(r.code == 65);
      CHECK(r.err.find("missing_columns.csv:1: header lacks the column Leave Time") != std::string::npos);
    }
    SUBCASE("header only") {
      const auto r = hub.run({"attendance", "import", fixture("zoom/header_only.csv").string(), "--session", "3"});
      CHECK(r.code == 65);
      CHECK(r.err.find("header_only.csv:1: header only") != std::string::npos);
    }
    SUBCASE("empty file") {
      const auto file = hub.write("empty.csv", "");
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "3"});
      CHECK(r.code == 65);
      CHECK(r.err.find("empty") != std::string::npos);
    }
    SUBCASE("binary file") {
      const auto file = hub.write("photo.csv", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "3"});
      CHECK(r.code == 65);
      CHECK(r.err.find("binary") != std::string::npos);
    }
    SUBCASE("not an export at all") {
      const auto file = hub.write("notes.csv", "hello,world\n1,2\n");
      const auto r = hub.run({"attendance", "import", file.string(), "--session", "3"});
      CHECK(r.code == 65);
      CHECK(r.err.find("notes.csv:1: not a Zoom export") != std::string::npos);
    }
    SUBCASE("missing file") {
      const auto r = hub.run({"attendance", "import", (hub.dir() / "nope.csv").string(), "--session", "3"});
      CHECK(r.code == 66);
    }
    SUBCASE("unknown session") {
      const auto r =
          hub.run({"attendance", "import", fixture("zoom/participants_only.csv").string(), "--session", "pc-2026/40"});
      CHECK(r.code == 1);
    }
    CHECK(hub.dump() == before);
  }

  TEST_CASE("the generic CSV imports many sessions, by minutes or by join and leave") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("attendance/history.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1: 1 rows, 1 matched, 0 created, 0 unmatched, 0 eligible\n"
                   "pc-2026/2: 2 rows, 1 matched, 1 created, 0 unmatched, 1 eligible\n"
                   "pc-2026/3: 2 rows, 1 matched, 0 created, 1 unmatched, 1 eligible\n"
                   // The total line after several sessions (issue 16): 1 + 2 + 2 = 5 rows; matched
                   // a.lee, emile.dube, thomas nguyen = 3; created new.person = 1; unmatched 1.
                   "3 sessions, 5 rows, 3 matched, 1 created, 1 unmatched\n");
    CHECK(attendance_of(hub, 1) == std::vector<std::string>{"a.lee@example.org|60|presenter|csv"});
    CHECK(attendance_of(hub, 3) == std::vector<std::string>{"Thomas Nguyen|47|participant|csv"});
    const auto before = hub.dump();
    const auto again = hub.run({"attendance", "import", fixture("attendance/history.csv").string()});
    CHECK(again.code == 0);
    CHECK(hub.dump() == before);

    const auto jl =
        hub.run({"attendance", "import", fixture("attendance/history_join_leave.csv").string(), "--source", "csv"});
    REQUIRE_MESSAGE(jl.code == 0, jl);
    CHECK(hub.scalar("SELECT minutes FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.email LIKE 'priya%' AND a.session_id = 2") == "50");
    CHECK(hub.scalar("SELECT minutes FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.email LIKE 'priya%' AND a.session_id = 3") == "40");
    CHECK(hub.scalar("SELECT count(*) FROM pragma_foreign_key_check") == "0");
  }

  TEST_CASE("with --series the generic CSV may name sessions by position") {
    Hub hub;
    seed_pc2026(hub);
    const auto file = hub.write("positions.csv", "session,email,name,minutes\r\n2,m.chen@example.org,Maria Chen,52\r\n"
                                                 "3,m.chen@example.org,Maria Chen,12\r\n");
    const auto r = hub.run({"attendance", "import", file.string(), "--series", "pc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n"
                   "pc-2026/3: 1 rows, 1 matched, 0 created, 0 unmatched, 0 eligible\n"
                   // The total line (issue 16): Maria Chen in both sessions counts once.
                   "2 sessions, 2 rows, 1 matched, 0 created, 0 unmatched\n");
    // Without --series a bare number is a session id.
    const auto by_id = hub.write("ids.csv", "session,email,name,minutes\n1,m.chen@example.org,Maria Chen,50\n");
    const auto r2 = hub.run({"attendance", "import", by_id.string()});
    REQUIRE_MESSAGE(r2.code == 0, r2);
    CHECK(r2.out == "pc-2026/1: 1 rows, 1 matched, 0 created, 0 unmatched, 0 eligible\n");
    CHECK(hub.scalar("SELECT role || '|' || minutes FROM attendance WHERE session_id = 1") == "facilitator|50");
    CHECK(hub.run({"attendance", "import", by_id.string(), "--series", "nope"}).code == 1);
  }

  TEST_CASE("a long generic CSV with people listed twice keeps each person's larger minutes") {
    // 60 rows: more than one write batch. Each person appears twice, the second time 7 rows
    // later (sometimes in the same batch, sometimes in the next), with other minutes.
    Hub hub;
    seed_pc2026(hub);
    std::string csv = "session,email,name,minutes\n";
    for (int i = 0; i < 60; ++i) {
      const int person = i < 7 ? i : (i % 2 ? i - 7 : i);
      const int minutes = i < 7 || i % 2 == 0 ? 10 + i : 70 - i;
      csv += fmt::format("pc-2026/2,person{}@example.org,Person {},{}\n", person, person, minutes);
    }
    const auto file = hub.write("long.csv", csv);
    const auto r = hub.run({"attendance", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    int expected_rows = 0;
    long expected_minutes = 0;
    std::map<int, int> best;
    for (int i = 0; i < 60; ++i) {
      const int person = i < 7 ? i : (i % 2 ? i - 7 : i);
      const int minutes = i < 7 || i % 2 == 0 ? 10 + i : 70 - i;
      best[person] = std::max(best[person], minutes);
    }
    for (const auto& [person, minutes] : best) {
      ++expected_rows;
      expected_minutes += minutes;
    }
    CHECK(hub.scalar("SELECT count(*) FROM attendance WHERE session_id = 2") == std::to_string(expected_rows));
    CHECK(hub.scalar("SELECT sum(minutes) FROM attendance WHERE session_id = 2") == std::to_string(expected_minutes));
    // Person 0: 10 at row 0, 70 - 7 = 63 at row 7.
    CHECK(hub.scalar("SELECT minutes FROM attendance a JOIN participant p ON p.id = a.participant_id "
                     "WHERE p.email = 'person0@example.org'") == "63");
    CHECK(hub.scalar("SELECT count(*) FROM pragma_foreign_key_check") == "0");
  }

  TEST_CASE("a participant known only by email (a schedule's presenter) gets the name an import gives") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"session", "update", "pc-2026/2", "--presenter", "new.presenter@example.org"}).code == 0);
    REQUIRE(hub.scalar("SELECT name FROM participant WHERE email = 'new.presenter@example.org'") == "");
    const auto file = hub.write("named.csv", "session,email,name,minutes\n"
                                             "pc-2026/2,new.presenter@example.org,Nadia Presenter,55\n"
                                             "pc-2026/2,m.chen@example.org,Someone Else,50\n");
    const auto before_chen = hub.scalar("SELECT name FROM participant WHERE email = 'm.chen@example.org'");
    const auto r = hub.run({"attendance", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT name || '|' || name_key FROM participant WHERE email = 'new.presenter@example.org'") ==
          "Nadia Presenter|nadia presenter");
    // A name already there is kept.
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'm.chen@example.org'") == before_chen);
  }

  TEST_CASE("a bad generic CSV lists every bad row") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto r = hub.run({"attendance", "import", fixture("attendance/history_bad.csv").string()});
    CHECK(r.code == 65);
    CHECK(r.err.find("5 problems") != std::string::npos);
    CHECK(r.err.find("history_bad.csv:2: bad minutes 'sixty'") != std::string::npos);
    CHECK(r.err.find("history_bad.csv:3: no session pc-2026/99: series 'pc-2026' has 4 sessions") != std::string::npos);
    CHECK(r.err.find("history_bad.csv:4: no series 'nope'") != std::string::npos);
    CHECK(r.err.find("history_bad.csv:5: no session") != std::string::npos);
    CHECK(r.err.find("history_bad.csv:6: 'not-an-email' is not an email address") != std::string::npos);
    CHECK(hub.dump() == before);
    // A Zoom file given as --source csv is refused.
    const auto zoom = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string(), "--source", "csv"});
    CHECK(zoom.code == 65);
    CHECK(hub.dump() == before);
  }

} // TEST_SUITE

} // namespace test_attendance_import

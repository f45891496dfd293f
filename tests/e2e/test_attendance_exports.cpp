// attendance import of exports as hubs download them: the Zoom Host column forms, pronouns and
// titles in display names, the admin "details" export and "Show unique users" with its meeting block.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_attendance_exports {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;

namespace {

// email-or-name -> "minutes|role" for a session (by id).
std::vector<std::string> minutes_of(const Hub& hub, int session_id) {
  return hub.rows("SELECT ifnull(p.email, p.name) || '|' || a.minutes || '|' || a.role "
                  "FROM attendance a JOIN participant p ON p.id = a.participant_id WHERE a.session_id = " +
                  std::to_string(session_id) + " ORDER BY 1");
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

} // namespace

TEST_SUITE("e2e attendance exports") {

  TEST_CASE("the Host column as 'Name (email)', 'Name' or 'email' makes the host hub, never an eligible participant") {
    // Session pc-2026/2 runs 12:00-13:00 on 2026-01-27 (America/Vancouver).
    // Dana Whitfield (host) 11:52-13:00 = 68 min, hub; Sam Roy 12:01-12:55 = 54; Priya Sharma
    // 12:00-12:40 = 40; Kit has no email and matches nobody. Eligible (participant, >= 45): Sam only.
    const std::vector<std::string> expected{
        "host@bccpc.example.org|68|hub",
        "priya.sharma@fraserhealth.example.ca|40|participant",
        "sam.roy@interiorhealth.example.ca|54|participant",
    };
    const auto original = echo::test::slurp(fixture("zoom/host_name_email.csv"));
    Hub hub;
    seed_pc2026(hub);
    std::string file = fixture("zoom/host_name_email.csv").string();
    SUBCASE("Name (email)") {}
    SUBCASE("Name") {
      file =
          hub.write("host_name.csv", replace_all(original, "Dana Whitfield (host@bccpc.example.org)", "Dana Whitfield"))
              .string();
    }
    SUBCASE("email") {
      file = hub.write("host_email.csv",
                       replace_all(original, "Dana Whitfield (host@bccpc.example.org)", "host@bccpc.example.org"))
                 .string();
    }
    const auto r = hub.run({"attendance", "import", file});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 4 rows, 1 matched, 2 created, 1 unmatched, 1 eligible\n");
    CHECK(minutes_of(hub, 2) == expected);
    // Pronouns and titles in parentheses never become a name.
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'host@bccpc.example.org'") == "Dana Whitfield");
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'sam.roy@interiorhealth.example.ca'") == "Sam Roy");
    CHECK(hub.rows("SELECT name, minutes FROM unmatched_row") == std::vector<std::string>{"Kit (Christopher Lau)|45"});
  }

  TEST_CASE("'Nickname (he/him) (Full Name)' creates the full name, not the pronouns") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/host_name_email.csv").string(), "--create-missing"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // Kit 12:05-12:50 = 45 min >= 45: eligible with Sam (54).
    CHECK(r.out == "pc-2026/2: 4 rows, 1 matched, 3 created, 0 unmatched, 2 eligible\n");
    CHECK(hub.scalar("SELECT a.minutes || '|' || a.role FROM attendance a JOIN participant p ON "
                     "p.id = a.participant_id WHERE p.name = 'Christopher Lau'") == "45|participant");
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE name LIKE '%he/him%' OR name LIKE '%they%'") == "0");
  }

  TEST_CASE("the admin details export repeats the meeting on every row and is read as one meeting") {
    // Session pc-2026/3, 2026-02-10 12:00-13:00. Host 11:50-13:02 = 72 (hub); Priya 11:58-12:30
    // and 12:35-13:00 = 32 + 25 = 57; Thomas 12:02-12:44 = 42; the waiting-room row is not recorded.
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/details.csv").string(), "-v"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 5 rows, 2 matched, 1 created, 0 unmatched, 1 eligible\n");
    CHECK(r.err.find("layout zoom-details") != std::string::npos);
    CHECK(minutes_of(hub, 3) == std::vector<std::string>{
                                    "Thomas Nguyen|42|participant",
                                    "host@bccpc.example.org|72|hub",
                                    "priya.sharma@fraserhealth.example.ca|57|participant",
                                });
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'w.person@example.org'") == "0");

    SUBCASE("a second meeting in the same file is refused with its line, and nothing is written") {
      Hub other;
      seed_pc2026(other);
      auto text = echo::test::slurp(fixture("zoom/details.csv"));
      text += replace_all(text.substr(text.rfind("Palliative Care ECHO 2026: Dyspnea,872")), "872 1234 5678",
                          "999 0000 1111");
      const auto file = other.write("two.csv", text);
      const auto before = other.dump();
      const auto bad = other.run({"attendance", "import", file.string()});
      CHECK(bad.code == 65);
      CHECK(bad.err.find("two.csv:7: a second meeting (ID '999 0000 1111')") != std::string::npos);
      CHECK(other.dump() == before);
    }
  }

  TEST_CASE("'Show unique users' with the meeting block finds its session from the meeting start") {
    // Session pc-2026/3 from the start 2026-02-10 11:52. Host 70 (hub), Priya 58, Emile Dube
    // (Émile Dubé by name) 47, Sam Unknown 12 (unmatched). Eligible: Priya and Émile.
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("zoom/unique_users_meeting.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 4 rows, 2 matched, 1 created, 1 unmatched, 2 eligible\n");
    CHECK(minutes_of(hub, 3) == std::vector<std::string>{
                                    "emile.dube@northernhealth.example.ca|47|participant",
                                    "host@bccpc.example.org|70|hub",
                                    "priya.sharma@fraserhealth.example.ca|58|participant",
                                });
    CHECK(hub.rows("SELECT name, minutes FROM unmatched_row") == std::vector<std::string>{"Sam Unknown|12"});
  }

  TEST_CASE("localized portals: French (Windows-1252, semicolons, DD/MM/YYYY without seconds), Spanish, Japanese") {
    Hub hub;
    seed_pc2026(hub);
    SUBCASE("French, re-saved by Excel") {
      // pc-2026/2 (27/01/2026: 27 > 12 settles day first). Host 11:50-13:01 = 71 (hub); Émile
      // 11:58-12:47 = 49; Priya 12:00-12:44 = 44; Hélène Côté (no email) unmatched, 30; the
      // waiting-room row is counted, not recorded. Eligible: Émile only (Priya 44 < 45).
      const auto r = hub.run({"attendance", "import", fixture("zoom/fr_cp1252_semicolon.csv").string(), "-v"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/2: 5 rows, 2 matched, 1 created, 1 unmatched, 1 eligible\n");
      CHECK(r.err.find("converted from Windows-1252 to UTF-8") != std::string::npos);
      CHECK(r.err.find("separator semicolon") != std::string::npos);
      CHECK(minutes_of(hub, 2) == std::vector<std::string>{
                                      "emile.dube@northernhealth.example.ca|49|participant",
                                      "host@bccpc.example.org|71|hub",
                                      "priya.sharma@fraserhealth.example.ca|44|participant",
                                  });
      CHECK(hub.rows("SELECT name, minutes FROM unmatched_row") == std::vector<std::string>{"Hélène Côté|30"});
      CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'attente@example.org'") == "0");
    }
    SUBCASE("Spanish, UTF-8 with a BOM") {
      // pc-2026/1 (13/01/2026). Host 67 (hub); Alice 11:59:30-12:58:30 = 59 (presenter of the
      // session); Maria 50 (facilitator); Priya 12:05-12:55 = 50: the one eligible participant.
      const auto r = hub.run({"attendance", "import", fixture("zoom/es_meeting.csv").string()});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/1: 4 rows, 3 matched, 1 created, 0 unmatched, 1 eligible\n");
      CHECK(minutes_of(hub, 1) == std::vector<std::string>{
                                      "a.lee@example.org|59|presenter",
                                      "host@bccpc.example.org|67|hub",
                                      "m.chen@example.org|50|facilitator",
                                      "priya.sharma@fraserhealth.example.ca|50|participant",
                                  });
    }
    SUBCASE("Japanese: 名前(元の名前), YYYY/MM/DD") {
      // pc-2026/3. Host 11:56:12-13:00:40 = 64 min 28 s -> 64 (hub); Priya 11:59-12:59 = 60;
      // 佐藤 花子 (Hanako Sato), a guest without email, unmatched with 52.
      const auto r = hub.run({"attendance", "import", fixture("zoom/ja_meeting.csv").string()});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/3: 3 rows, 1 matched, 1 created, 1 unmatched, 1 eligible\n");
      CHECK(minutes_of(hub, 3) == std::vector<std::string>{
                                      "host@bccpc.example.org|64|hub",
                                      "priya.sharma@fraserhealth.example.ca|60|participant",
                                  });
      CHECK(hub.rows("SELECT name, minutes FROM unmatched_row") ==
            std::vector<std::string>{"佐藤 花子 (Hanako Sato)|52"});
    }
  }

  TEST_CASE("Excel 'Unicode Text': UTF-16 LE with a BOM and BE without one, tabs, M/D/YYYY without seconds") {
    // pc-2026/1 (1/13/2026: 13 > 12 settles month first). Host 11:52-13:07 = 75 (hub); Alice
    // 11:55-13:02 = 67 (presenter); Émile 11:58-12:58 = 60; Priya 12:01-12:40 = 39.
    // Eligible: Émile only.
    for (const auto* name : {"zoom/unicode_text_utf16le.txt", "zoom/unicode_text_utf16be_nobom.txt"}) {
      CAPTURE(name);
      Hub hub;
      seed_pc2026(hub);
      const auto r = hub.run({"attendance", "import", fixture(name).string(), "-v"});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/1: 4 rows, 3 matched, 1 created, 0 unmatched, 1 eligible\n");
      CHECK(r.err.find(std::string("converted from UTF-16") +
                       (std::string(name).find("16le") != std::string::npos ? "LE" : "BE")) != std::string::npos);
      CHECK(r.err.find("separator tab") != std::string::npos);
      CHECK(minutes_of(hub, 1) == std::vector<std::string>{
                                      "a.lee@example.org|67|presenter",
                                      "emile.dube@northernhealth.example.ca|60|participant",
                                      "host@bccpc.example.org|75|hub",
                                      "priya.sharma@fraserhealth.example.ca|39|participant",
                                  });
      CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'emile.dube@northernhealth.example.ca'") ==
            "Émile Dubé");
    }
  }

  TEST_CASE("a Windows-1252 name is converted, never refused as not UTF-8") {
    Hub hub;
    seed_pc2026(hub);
    const auto file =
        hub.write("latin1.csv", "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
                                "Ren\xe9"
                                "e L\xe9vesque,renee.levesque@example.org,2026-02-10 12:00:00,"
                                "2026-02-10 12:50:00,50\n");
    const auto r = hub.run({"attendance", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 1 rows, 0 matched, 1 created, 0 unmatched, 1 eligible\n");
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'renee.levesque@example.org'") == "Renée Lévesque");
  }

  TEST_CASE("dates that read both ways: the reading that matches a session wins, else --date-order") {
    Hub hub;
    seed_pc2026(hub);
    const auto header = std::string("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n");
    SUBCASE("02/10/2026 is 10 February (pc-2026/3) month first, 2 October (no session) day first") {
      const auto file = hub.write("us.csv", header + "Priya Sharma,priya.sharma@fraserhealth.example.ca,"
                                                     "02/10/2026 12:00 PM,02/10/2026 12:50 PM,50\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/3: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
      CHECK(minutes_of(hub, 3) == std::vector<std::string>{"priya.sharma@fraserhealth.example.ca|50|participant"});
    }
    SUBCASE("10/02/2026 is 10 February day first") {
      const auto file = hub.write("uk.csv", header + "Priya Sharma,priya.sharma@fraserhealth.example.ca,"
                                                     "10/02/2026 12:00,10/02/2026 12:47,47\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      REQUIRE_MESSAGE(r.code == 0, r);
      CHECK(r.out == "pc-2026/3: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
      CHECK(minutes_of(hub, 3) == std::vector<std::string>{"priya.sharma@fraserhealth.example.ca|47|participant"});
    }
    SUBCASE("both readings match a session: refused, naming --date-order; --date-order and the config settle it") {
      // A session on 2 October 2026 12:00 PDT (19:00Z) as well.
      echo::test::seed_sql(hub, "INSERT INTO session (id, series_id, key, origin, local_date, local_time, start_utc, "
                                "duration, topic, status, created_at, updated_at) VALUES (5, 1, '2026-10-02', "
                                "'schedule', '2026-10-02', '12:00', '2026-10-02T19:00:00Z', 60, 'Extra', "
                                "'scheduled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
      const auto file = hub.write("both.csv", header + "Priya Sharma,priya.sharma@fraserhealth.example.ca,"
                                                       "02/10/2026 12:00,02/10/2026 12:50,50\n");
      const auto before = hub.dump();
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 65);
      CHECK_MESSAGE(r.err.find("both.csv:2: every date in the file reads both ways ('02/10/2026 12:00' is "
                               "2026-02-10 month first, 2026-10-02 day first) and both readings match a session: "
                               "give --date-order mdy|dmy") != std::string::npos,
                    r);
      CHECK(hub.dump() == before);
      const auto dmy = hub.run({"attendance", "import", file.string(), "--date-order", "dmy", "--dry-run"});
      REQUIRE_MESSAGE(dmy.code == 0, dmy);
      CHECK(dmy.out == "pc-2026/5: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
      Hub configured("[attendance]\ndate_order = \"mdy\"\n");
      seed_pc2026(configured);
      const auto mdy = configured.run({"attendance", "import", file.string()});
      REQUIRE_MESSAGE(mdy.code == 0, mdy);
      CHECK(mdy.out == "pc-2026/3: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
    }
    SUBCASE("neither reading matches: refused, naming --date-order") {
      const auto file = hub.write("none.csv", header + "Priya Sharma,priya.sharma@fraserhealth.example.ca,"
                                                       "03/04/2026 12:00,03/04/2026 12:50,50\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 65);
      CHECK(r.err.find("none.csv:2: every date in the file reads both ways") != std::string::npos);
      CHECK(r.err.find("neither reading matches a session: give --date-order mdy|dmy") != std::string::npos);
    }
    SUBCASE("a file that mixes the orders is refused with both lines") {
      const auto file = hub.write("mixed.csv", header + "Priya Sharma,priya.sharma@fraserhealth.example.ca,"
                                                        "13/01/2026 12:00,13/01/2026 12:50,50\n"
                                                        "Alice Lee,a.lee@example.org,01/13/2026 12:00,"
                                                        "01/13/2026 12:50,50\n");
      const auto r = hub.run({"attendance", "import", file.string()});
      CHECK(r.code == 65);
      CHECK(r.err.find("mixed.csv:3: '01/13/2026 12:00' is month first (MM/DD/YYYY) but line 2 has "
                       "'13/01/2026 12:00', day first") != std::string::npos);
    }
  }

  TEST_CASE("trailing separator-only lines and a semicolon file in UTF-8 are read") {
    Hub hub;
    seed_pc2026(hub);
    const auto file =
        hub.write("semi.csv", "Name (Original Name);User Email;Join Time;Leave Time;Duration (Minutes)\r\n"
                              "Priya Sharma;priya.sharma@fraserhealth.example.ca;2026-02-10 12:00;"
                              "2026-02-10 12:46;46\r\n;;;;\r\n;;;;\r\n");
    const auto r = hub.run({"attendance", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
  }
}

TEST_SUITE("e2e attendance exports: zones") {
  TEST_CASE("a file whose times match no session names the --timezone a whole-hour shift would match") {
    // Exported from an Eastern profile: 14:52 EST is 19:52Z, 8 minutes before pc-2026/2 (20:00Z).
    // Read in the hub's America/Vancouver it would be 22:52Z, after the session's end (21:00Z).
    Hub hub;
    seed_pc2026(hub);
    const auto file = hub.write("eastern.csv", "Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n"
                                               "Palliative Care ECHO 2026: Pain,872 1234 5678,BCCPC Host "
                                               "(host@bccpc.example.org),68,\"Jan 27, 2026 14:52:00\",\"Jan 27, "
                                               "2026 16:00:00\",2\n\n"
                                               "Name (original name),Email,Join time,Leave time,Duration (minutes),"
                                               "Guest,In waiting room\n"
                                               "Priya Sharma,priya.sharma@fraserhealth.example.ca,\"Jan 27, 2026 "
                                               "15:00:00\",\"Jan 27, 2026 15:50:00\",50,No,No\n");
    const auto before = hub.dump();
    const auto r = hub.run({"attendance", "import", file.string()});
    CHECK(r.code == 1);
    CHECK_MESSAGE(r.err.find("eastern.csv:2: no session runs at the meeting's start 2026-01-27 14:52 "
                             "America/Vancouver") != std::string::npos,
                  r);
    CHECK_MESSAGE(r.err.find("its times match pc-2026/2 if the file is in America/Toronto (UTC-05:00, 3 hours from "
                             "America/Vancouver): the export was made in another zone; give --timezone "
                             "America/Toronto (or set hub.timezone)") != std::string::npos,
                  r);
    CHECK(hub.dump() == before);
    // Priya 15:00-15:50 EST = 50 minutes at pc-2026/2.
    const auto ok = hub.run({"attendance", "import", file.string(), "--timezone", "America/Toronto"});
    REQUIRE_MESSAGE(ok.code == 0, ok);
    CHECK(ok.out == "pc-2026/2: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
    CHECK(minutes_of(hub, 2) == std::vector<std::string>{"priya.sharma@fraserhealth.example.ca|50|participant"});
  }

  TEST_CASE("the same meeting exported from a profile in another zone is refused, then aligned by --timezone") {
    // The co-host's export (Mountain profile) of the meeting host_name_email.csv (Pacific) holds:
    // every time one hour later. Read in America/Vancouver it would still fall in pc-2026/2 and
    // count each person's minutes twice (12:01-12:55 and 13:01-13:55 for Sam: 108).
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"attendance", "import", fixture("zoom/host_name_email.csv").string()}).code == 0);
    const auto before = hub.dump();
    const auto r = hub.run({"attendance", "import", fixture("zoom/host_name_email_mountain.csv").string()});
    CHECK(r.code == 65);
    CHECK_MESSAGE(r.err.find("host_name_email_mountain.csv:2: meeting 872 1234 5678 was imported before from "
                             "host_name_email.csv starting 2026-01-27 11:52 America/Vancouver; this file's start read "
                             "in America/Vancouver is 2026-01-27 12:52 America/Vancouver, 1 hour later: the same "
                             "meeting exported from a Zoom profile in another time zone (its minutes would count "
                             "twice). Give --timezone America/Edmonton (UTC-07:00) for this file") != std::string::npos,
                  r);
    CHECK(hub.dump() == before);
    // Aligned, the intervals are the same ones: nothing is added (host 68, Sam 54, Priya 40).
    const auto ok = hub.run({"attendance", "import", fixture("zoom/host_name_email_mountain.csv").string(),
                             "--timezone", "America/Edmonton"});
    REQUIRE_MESSAGE(ok.code == 0, ok);
    CHECK(ok.out == "pc-2026/2: 4 rows, 3 matched, 0 created, 1 unmatched, 1 eligible\n");
    CHECK(minutes_of(hub, 2) == std::vector<std::string>{
                                    "host@bccpc.example.org|68|hub",
                                    "priya.sharma@fraserhealth.example.ca|40|participant",
                                    "sam.roy@interiorhealth.example.ca|54|participant",
                                });
    CHECK(hub.scalar("SELECT count(*) FROM unmatched_row") == "1");
  }
}

TEST_SUITE("e2e attendance exports: Teams and Meet") {
  TEST_CASE("a Microsoft Teams attendance report (UTF-16, tabs, 1. Summary / 2. / 3.) records section 3's intervals") {
    // pc-2026/2 from the start 1/27/26 11:52:03 AM (27 > 12: month first, two-digit year).
    // Dana (Organizer) 11:52:03-13:01:10 = 69 min 7 s -> 69, hub. Priya 11:58-12:20 and
    // 12:25-12:55:30 = 22 min + 30 min 30 s = 3150 s -> 53. Alice 12:00-12:50 = 50 (Teams'
    // "Presenter" is a meeting permission, not the session's presenter: participant). Thomas
    // Nguyen "(Guest)" matched by name, 12:02-12:40 = 38. Eligible: Priya and Alice.
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("teams/attendance_report.csv").string(), "-v"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 5 rows, 3 matched, 1 created, 0 unmatched, 2 eligible\n");
    CHECK(r.err.find("layout teams") != std::string::npos);
    CHECK(r.err.find("converted from UTF-16LE") != std::string::npos);
    CHECK(hub.rows("SELECT ifnull(p.email, p.name) || '|' || a.minutes || '|' || a.role || '|' || a.source FROM "
                   "attendance a JOIN participant p ON p.id = a.participant_id WHERE a.session_id = 2 ORDER BY 1") ==
          std::vector<std::string>{
              "Thomas Nguyen|38|participant|teams",
              "a.lee@example.org|50|participant|teams",
              "host@bccpc.example.org|69|hub|teams",
              "priya.sharma@fraserhealth.example.ca|53|participant|teams",
          });
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'host@bccpc.example.org'") == "Dana Whitfield");
    CHECK(hub.scalar("SELECT kind FROM import_file") == "attendance:teams");
    const auto again = hub.run({"attendance", "import", fixture("teams/attendance_report.csv").string()});
    CHECK(again.out.starts_with("pc-2026/2: already imported"));
    const auto wrong = hub.run(
        {"attendance", "import", fixture("teams/attendance_report.csv").string(), "--source", "zoom", "--dry-run"});
    CHECK(wrong.code == 65);
    CHECK(wrong.err.find("attendance_report.csv:1: this is a Microsoft Teams attendance report, not --source zoom") !=
          std::string::npos);
  }

  TEST_CASE(
      "a Google Meet attendance CSV records its durations ('1 hr 2 min') and finds the session by the first join") {
    // pc-2026/3 from the first join 2026-02-10 11:58. Priya 1 hr 2 min = 62; Émile 47 min;
    // Sam Unknown (no email) unmatched with 12. Eligible: Priya and Émile.
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("meet/attendance.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 3 rows, 2 matched, 0 created, 1 unmatched, 2 eligible\n");
    CHECK(hub.rows("SELECT p.email || '|' || a.minutes || '|' || a.role || '|' || a.source FROM attendance a JOIN "
                   "participant p ON p.id = a.participant_id WHERE a.session_id = 3 ORDER BY 1") ==
          std::vector<std::string>{
              "emile.dube@northernhealth.example.ca|47|participant|meet",
              "priya.sharma@fraserhealth.example.ca|62|participant|meet",
          });
    CHECK(hub.rows("SELECT name, minutes FROM unmatched_row") == std::vector<std::string>{"Sam Unknown|12"});
  }

  TEST_CASE("the 2020 Teams list pairs Joined and Left rows, and someone still in leaves at the list's last time") {
    // pc-2026/2 from the first join 1/27/2026 11:52:03 AM. Priya 11:58-12:20 + 12:25-12:55:30 =
    // 22 min + 30 min 30 s -> 53; Thomas 12:02-12:40 = 38; Émile joined 12:05 and never left:
    // until the last timestamp 13:01:10 = 56 min 10 s -> 56. Dana Whitfield (no email, unknown
    // name) unmatched: 11:52:03-13:01:10 = 69 min 7 s -> 69. Eligible: Priya and Émile.
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"attendance", "import", fixture("teams/meeting_attendance_list_2020.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/2: 5 rows, 3 matched, 0 created, 1 unmatched, 2 eligible\n");
    CHECK(hub.rows("SELECT ifnull(p.email, p.name) || '|' || a.minutes || '|' || a.source FROM attendance a JOIN "
                   "participant p ON p.id = a.participant_id WHERE a.session_id = 2 ORDER BY 1") ==
          std::vector<std::string>{
              "Thomas Nguyen|38|teams",
              "emile.dube@northernhealth.example.ca|56|teams",
              "priya.sharma@fraserhealth.example.ca|53|teams",
          });
    CHECK(hub.rows("SELECT name, minutes, line FROM unmatched_row") == std::vector<std::string>{"Dana Whitfield|69|2"});
  }

  TEST_CASE("a date with both fields above 12 is refused as a bad time, not as a file that mixes orders") {
    Hub hub;
    REQUIRE(hub.run({"series", "create", "pc-2026", "--title", "P", "--start", "2026-01-13", "--time", "12:00",
                     "--repeat", "weekly", "--count", "3"})
                .code == 0);
    REQUIRE(hub.run({"series", "schedule", "pc-2026"}).code == 0);
    const auto before = hub.dump();
    const auto file = hub.write("bad.csv", "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),"
                                           "Guest\nAna,ana@example.org,13/45/2026 12:00,01/13/2026 13:00,60,No\n");
    const auto r = hub.run({"attendance", "import", file.string()});
    CHECK(r.code == 65);
    CHECK(r.err.find("bad.csv:2: bad join time '13/45/2026 12:00'") != std::string::npos);
    CHECK(r.err.find("mixes date orders") == std::string::npos);
    CHECK(hub.dump() == before);
  }
}

} // namespace test_attendance_exports

// registration import, list, remove and report registrations: Zoom registration reports with
// custom questions, webinar attendee reports with no-shows, the generic CSV (UTF-8 and
// Windows-1252), bad files, dry runs and re-imports, and the hand-worked figures of the report.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_registration {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;

namespace {

std::string reg(const std::string& name) { return fixture("registrations/" + name).string(); }

// "email-or-name|session-or-series|source" of every registration.
std::vector<std::string> registrations_of(const Hub& hub) {
  return hub.rows("SELECT ifnull(p.email, p.name) || '|' || ifnull(r.session_id, 'series ' || r.series_id) || '|' || "
                  "r.source FROM registration r JOIN participant p ON p.id = r.participant_id ORDER BY 1");
}

// The whole story of the report test: a cohort enrolled in the series (Windows-1252, ';'),
// registrations for session 1 (generic CSV), its Zoom meeting export, the webinar attendee
// report of session 2 with two no-shows, and the Zoom registration report of session 3.
void seed_story(const Hub& hub) {
  seed_pc2026(hub);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"registration", "import", reg("cohort_cp1252.csv")},
           {"registration", "import", reg("generic_sessions.csv")},
           {"attendance", "import", fixture("zoom/meeting_old.csv").string()},
           {"attendance", "import", reg("webinar_no_shows.csv")},
           {"registration", "import", reg("zoom_registration_report.csv")},
       }) {
    const auto r = hub.run(args);
    REQUIRE_MESSAGE(r.code == 0, r);
  }
}

} // namespace

TEST_SUITE("registration") {
  TEST_CASE("a file of many emails matches aliases and unnamed people from memory as one at a time, across DST") {
    // The importer asks the database one email at a time for the first 64 distinct emails (a
    // sixteenth of the participants, at least 64), then reads every email and alias once: the
    // rows after the 64th are answered from memory and must match as the lookups do.
    Hub hub;
    seed_pc2026(hub);
    echo::test::seed_sql(hub, R"sql(
      WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 70)
      INSERT INTO participant (name, name_key, email, created_at, updated_at)
      SELECT 'Early Person ' || k, 'early person ' || k, 'early' || k || '@example.org', '2026-01-01T00:00:00Z',
             '2026-01-01T00:00:00Z' FROM n;
      INSERT INTO participant (name, name_key, email, created_at, updated_at)
      VALUES ('', '', 'unnamed@example.org', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO participant_alias (participant_id, kind, value, key, created_at)
      SELECT id, 'email', 'Old.Address@Example.org', 'old.address@example.org', '2026-01-01T00:00:00Z'
        FROM participant WHERE email = 'early1@example.org';)sql");
    std::string csv = "session,email,name,registered_at\n";
    for (int k = 1; k <= 70; ++k)
      csv += "pc-2026/1,early" + std::to_string(k) + "@example.org,Early Person " + std::to_string(k) +
             ",2026-01-05 10:00\n";
    csv += "pc-2026/2,Old.Address@Example.org,Someone Else,2026-03-07 10:00\n" // early1, by its alias
           "pc-2026/2,unnamed@example.org,Una Named,2026-03-08 03:30\n"        // named by this row
           "pc-2026/2,brand.new@example.org,Brand New,2026-03-09 10:00\n"      // created
           "pc-2026/2,EARLY70@example.org,Early Person 70,2026-11-01 01:30\n";
    const auto file = hub.write("many.csv", csv);
    const auto r = hub.run({"registration", "import", file.string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    // 74 rows, all new registrations; matched: early1..early70 (70; the alias is early1 again)
    // and the unnamed one = 71; created: brand.new = 1.
    CHECK(r.out == "pc-2026/1, pc-2026/2: 74 rows, 74 registered, 0 already registered; 71 matched, 1 created, "
                   "0 filled, 0 unmatched\n");
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'unnamed@example.org'") == "Una Named");
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'old.address@example.org'") == "0");
    // Vancouver: PST (UTC-8) until 2026-03-08 02:00, PDT (UTC-7) until 2026-11-01 02:00, when
    // 01:00-02:00 comes twice (read as the first, PDT). 2026-03-07 10:00 + 8 h = 18:00Z;
    // 2026-03-08 03:30 + 7 h = 10:30Z; 2026-03-09 10:00 + 7 h = 17:00Z; 2026-11-01 01:30 + 7 h = 08:30Z.
    CHECK(hub.rows("SELECT p.email || '|' || r.registered_at FROM registration r JOIN participant p ON p.id = "
                   "r.participant_id WHERE r.session_id = 2 ORDER BY r.id") ==
          std::vector<std::string>{
              "early1@example.org|2026-03-07T18:00:00Z", "unnamed@example.org|2026-03-08T10:30:00Z",
              "brand.new@example.org|2026-03-09T17:00:00Z", "early70@example.org|2026-11-01T08:30:00Z"});
    // 2026-01-05 10:00 + 8 h = 18:00Z, for all 70 of session 1.
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE session_id = 1 AND registered_at = "
                     "'2026-01-05T18:00:00Z'") == "70");

    // Again: nothing new, nothing logged.
    const auto entries = hub.scalar("SELECT count(*) FROM audit_log");
    const auto again = hub.run({"registration", "import", file.string()});
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(again.out == "pc-2026/1, pc-2026/2: 74 rows, 0 registered, 74 already registered; 72 matched, 0 created, "
                       "0 filled, 0 unmatched\n");
    CHECK(hub.scalar("SELECT count(*) FROM audit_log") == entries);

    // 300 good rows (written in batches of 128 inside the transaction) and a bad one: nothing.
    const auto before = hub.dump();
    std::string bad = "session,email,name,registered_at\n";
    for (int k = 1; k <= 300; ++k)
      bad += "pc-2026/3,late" + std::to_string(k) + "@example.org,Late " + std::to_string(k) + ",2026-01-05 10:00\n";
    bad += "pc-2026/3,not-an-email,Bad Row,2026-01-05 10:00\n";
    const auto b = hub.run({"registration", "import", hub.write("late.csv", bad).string()});
    CHECK(b.code == 65);
    CHECK(b.err.find("late.csv:302: 'not-an-email' is not an email address") != std::string::npos);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a Zoom registration report finds its session by the scheduled time and fills empty fields only") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"registration", "import", reg("zoom_registration_report.csv")});
    REQUIRE_MESSAGE(r.code == 0, r);
    // 7 rows: Olivia Brown was denied (not registered); Noor, Samuel and Kofi are new.
    CHECK(r.out == "pc-2026/3: 7 rows, 6 registered, 0 already registered, 1 declined; 3 matched, 3 created, "
                   "5 filled, 0 unmatched\n");
    CHECK(registrations_of(hub) == std::vector<std::string>{
                                       "emile.dube@northernhealth.example.ca|3|zoom",
                                       "kofi.mensah@islandhealth.example.ca|3|zoom",
                                       "m.chen@example.org|3|zoom",
                                       "noor.haddad@interiorhealth.example.ca|3|zoom",
                                       "priya.sharma@fraserhealth.example.ca|3|zoom",
                                       "samuel.wright@interiorhealth.example.ca|3|zoom",
                                   });
    // Priya answered "Nurse" but is a Pharmacist: kept; her empty organization is filled.
    CHECK(hub.rows("SELECT profession, organization, region FROM participant WHERE email LIKE 'priya%'") ==
          std::vector<std::string>{"Pharmacist|Fraser Health Authority|Fraser Health"});
    CHECK(hub.rows("SELECT profession, organization, region FROM participant WHERE email LIKE 'noor%'") ==
          std::vector<std::string>{"Registered Nurse|Kelowna General Hospital|Interior Health"});
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'olivia.brown@example.com'") == "0");
    // Registration Time "Feb 08, 2026 19:22:05" in Vancouver (UTC-8) and the approval as written.
    CHECK(hub.rows("SELECT r.registered_at, r.approval FROM registration r JOIN participant p ON p.id = "
                   "r.participant_id WHERE p.email LIKE 'kofi%'") ==
          std::vector<std::string>{"2026-02-09T03:22:05Z|pending"});

    SUBCASE("importing the same file again changes nothing") {
      const auto before = hub.dump();
      const auto again = hub.run({"registration", "import", reg("zoom_registration_report.csv")});
      REQUIRE_MESSAGE(again.code == 0, again);
      CHECK(again.out == "pc-2026/3: 7 rows, 0 registered, 6 already registered, 1 declined; 6 matched, 0 created, "
                         "0 filled, 0 unmatched\n");
      CHECK(hub.dump() == before);
    }
  }

  TEST_CASE("--series enrols everyone in the report in the series, and --dry-run writes nothing") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto dry =
        hub.run({"registration", "import", reg("zoom_registration_report.csv"), "--series", "pc-2026", "--dry-run"});
    REQUIRE_MESSAGE(dry.code == 0, dry);
    CHECK(dry.out.starts_with("pc-2026: 7 rows, 6 registered"));
    CHECK(dry.err.find("dry run: nothing was written") != std::string::npos);
    CHECK(hub.dump() == before);
    const auto r = hub.run({"registration", "import", reg("zoom_registration_report.csv"), "--series", "pc-2026"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE series_id = 1 AND session_id IS NULL") == "6");
    // A series registration counts for each of its sessions.
    const auto list = hub.run({"registration", "list", "--session", "pc-2026/2", "--json"});
    REQUIRE_MESSAGE(list.code == 0, list);
    const auto rows = json::parse(list.out);
    REQUIRE(rows.size() == 6);
    CHECK(rows[0].contains("registered_at"));
    CHECK(rows[0]["session"].is_null());
    CHECK(rows[0]["series"] == "pc-2026");
  }

  TEST_CASE("the generic CSV in Windows-1252 with semicolons enrols a cohort, matching by email") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"registration", "import", reg("cohort_cp1252.csv")});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026: 3 rows, 3 registered, 0 already registered; 1 matched, 2 created, 3 filled, "
                   "0 unmatched\n");
    CHECK(hub.scalar("SELECT name FROM participant WHERE email = 'zoe.cote@northernhealth.example.ca'") == "Zoë Côté");
    // Émile's profession stays; his empty organization is filled.
    CHECK(hub.rows("SELECT profession, organization FROM participant WHERE email LIKE 'emile%'") ==
          std::vector<std::string>{"Nurse Practitioner|Fort St. John Hospital"});
    // 12/01/2025 09:00 reads month first (no field above 12): 1 December, 09:00 in Vancouver = 17:00 UTC.
    CHECK(hub.scalar("SELECT registered_at FROM registration r JOIN participant p ON p.id = r.participant_id "
                     "WHERE p.email LIKE 'emile%'") == "2025-12-01T17:00:00Z");
  }

  TEST_CASE("a name without email matches one participant by name, as attendance does") {
    Hub hub;
    seed_pc2026(hub);
    const auto r = hub.run({"registration", "import", reg("generic_sessions.csv")});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/1: 3 rows, 3 registered, 0 already registered; 2 matched, 1 created, 0 filled, "
                   "0 unmatched\n");
    CHECK(registrations_of(hub) ==
          std::vector<std::string>{"Thomas Nguyen|1|csv", "gordon.ray@example.org|1|csv", "m.chen@example.org|1|csv"});
    const auto unknown = hub.write("unknown.csv", "session,email,name,registered_at\n"
                                                  "pc-2026/2,,Nobody Known,2026-01-20 10:00\n");
    const auto u = hub.run({"registration", "import", unknown.string()});
    REQUIRE_MESSAGE(u.code == 0, u);
    CHECK(u.err.find("Nobody Known") != std::string::npos);
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE session_id = 2") == "0");
    const auto created = hub.run({"registration", "import", unknown.string(), "--create-missing"});
    REQUIRE_MESSAGE(created.code == 0, created);
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE session_id = 2") == "1");
  }

  TEST_CASE("bad rows are listed with file and line, exit 65, and nothing is written") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"registration", "import", reg("zoom_registration_report.csv")}).code == 0);
    const auto before = hub.dump();
    const auto r = hub.run({"registration", "import", reg("bad_rows.csv")});
    CHECK(r.code == 65);
    CHECK(r.err.find("bad_rows.csv:3:") != std::string::npos); // pc-2026/9: no such session
    CHECK(r.err.find("bad_rows.csv:4: 'not-an-email' is not an email address") != std::string::npos);
    CHECK(r.err.find("bad_rows.csv:5: bad registration time 'yesterday-ish'") != std::string::npos);
    CHECK(r.err.find("bad_rows.csv:6: no name and no email") != std::string::npos);
    CHECK(hub.dump() == before); // line 2 (a good row) was not written either

    const auto mixed = hub.write("mixed.csv", "series,email,name,registered_at\n"
                                              "pc-2026,a@example.org,A,01/13/2026 10:00\n"
                                              "pc-2026,b@example.org,B,13/01/2026 10:00\n");
    const auto m = hub.run({"registration", "import", mixed.string()});
    CHECK(m.code == 65);
    CHECK(m.err.find("mixes date orders") != std::string::npos);
    const auto garbage = hub.write("notes.csv", "Dear hub,\nplease register me\n");
    CHECK(hub.run({"registration", "import", garbage.string()}).code == 65);
    CHECK(hub.run({"registration", "import", reg("generic_sessions.csv"), "--session", "pc-2026/1"}).code == 2);
    CHECK(hub.run({"registration", "import", (hub.dir() / "missing.csv").string()}).code == 66);
    CHECK(hub.dump() == before);
  }

  TEST_CASE("a report whose scheduled time matches no session asks for --session") {
    Hub hub;
    seed_pc2026(hub);
    const auto file = hub.write("other.csv", "Registration Report\n"
                                             "Topic,ID,Scheduled Time,# Registered\n"
                                             "Other ECHO,999 1111 2222,\"Mar 03, 2026 09:00 AM\",1\n"
                                             "Registrant Details\n"
                                             "First Name,Last Name,Email,Registration Time,Approval Status\n"
                                             "Ann,Bell,ann.bell@example.org,\"Mar 01, 2026 10:00:00\",approved\n");
    const auto r = hub.run({"registration", "import", file.string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("give --session REF or --series CODE") != std::string::npos);
    const auto fixed = hub.run({"registration", "import", file.string(), "--session", "pc-2026/2"});
    REQUIRE_MESSAGE(fixed.code == 0, fixed);
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE session_id = 2") == "1");
  }

  TEST_CASE("registration remove is audited and undo restores the registration") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"registration", "import", reg("generic_sessions.csv")}).code == 0);
    const auto r = hub.run({"registration", "remove", "--session", "pc-2026/1", "--participant", "m.chen@example.org",
                            "--reason", "cancelled by email"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE session_id = 1") == "2");
    CHECK(hub.scalar("SELECT action || '|' || reason FROM audit_log ORDER BY id DESC LIMIT 1") ==
          "registration.remove|cancelled by email");
    const auto again =
        hub.run({"registration", "remove", "--session", "pc-2026/1", "--participant", "m.chen@example.org"});
    CHECK(again.code == 1);
    CHECK(hub.run({"registration", "remove", "--participant", "m.chen@example.org"}).code == 2);
    const auto undo = hub.run({"undo"});
    REQUIRE_MESSAGE(undo.code == 0, undo);
    CHECK(hub.scalar("SELECT count(*) FROM registration WHERE session_id = 1") == "3");
  }

  TEST_CASE("merging two records of one person keeps their registrations, once each") {
    Hub hub;
    seed_pc2026(hub);
    // Gordon registered for session 1 (CSV) and, under a second address, for sessions 1 and 2.
    REQUIRE(hub.run({"registration", "import", reg("generic_sessions.csv")}).code == 0);
    const auto second = hub.write("second.csv", "session,email,name,registered_at\n"
                                                "pc-2026/1,g.ray@example.org,Gordon Ray,2026-01-10 09:00\n"
                                                "pc-2026/2,g.ray@example.org,Gordon Ray,2026-01-20 09:00\n");
    REQUIRE(hub.run({"registration", "import", second.string()}).code == 0);
    const auto r = hub.run({"participant", "merge", "g.ray@example.org", "gordon.ray@example.org"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.rows("SELECT r.session_id FROM registration r JOIN participant p ON p.id = r.participant_id "
                   "WHERE p.email = 'gordon.ray@example.org' ORDER BY 1") == std::vector<std::string>{"1", "2"});
    CHECK(hub.scalar("SELECT count(*) FROM registration") == "4"); // Maria, Thomas, Gordon x2
  }

  TEST_CASE("report registrations: registered, attended, no-shows, no-show rate and walk-ins worked by hand") {
    Hub hub;
    seed_story(hub);
    // Session 1 (held): registered = Maria, Thomas, Gordon (CSV) + Émile, Marie-Ève, Zoë (cohort) = 6.
    //   Participant-role attendance: Émile, Priya, Thomas, Marie-Ève = 4 (Alice presented, the host hosted).
    //   No-shows: Maria, Gordon, Zoë = 3; rate 3 / 6 = 0.5. Walk-ins: Priya (not registered) = 1.
    // Session 2 (held, webinar): registered = Priya, Noor, Maria, Gordon (attendee rows) + cohort 3 = 7.
    //   Attended: Priya, Noor = 2. No-shows: Maria, Gordon, Émile, Marie-Ève, Zoë = 5; 5 / 7 = 0.7143.
    // Session 3 (no attendance recorded: not held): registered = Priya, Maria, Noor, Samuel, Émile, Kofi
    //   (report) + Marie-Ève, Zoë (cohort) = 8; no rates. Session 4 (cancelled): the cohort, 3.
    const auto r = hub.run({"report", "registrations", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(json::parse(r.out) == json::parse(R"([
      {"session": "pc-2026/1", "registered": 6, "attended": 4, "no_shows": 3, "no_show_rate": 0.5, "walk_ins": 1},
      {"session": "pc-2026/2", "registered": 7, "attended": 2, "no_shows": 5, "no_show_rate": 0.7143, "walk_ins": 0},
      {"session": "pc-2026/3", "registered": 8, "attended": null, "no_shows": null, "no_show_rate": null,
       "walk_ins": null},
      {"session": "pc-2026/4", "registered": 3, "attended": null, "no_shows": null, "no_show_rate": null,
       "walk_ins": null}
    ])"));

    // The series over its held sessions: 6 + 7 = 13 registered, 3 + 5 = 8 no-shows (8 / 13 = 0.6154),
    // attended 4 + 2 = 6 of whom 1 walked in. Never came to the 2 held sessions they registered for:
    // Gordon (2 sessions), Maria (3, with session 3), Zoë (4: the cohort).
    const auto md = hub.run({"report", "registrations", "--format", "markdown"});
    REQUIRE_MESSAGE(md.code == 0, md);
    CHECK(md.out.find("| pc-2026 | 13 | 6 | 8 | 0.6154 | 1 |") != std::string::npos);
    // The session rows of the full report (markdown) are those json and csv count in one statement.
    CHECK(md.out.find("| pc-2026/2 | pc-2026 | 2026-01-27 | yes | 7 | 2 | 5 | 0.7143 | 0 |") != std::string::npos);
    CHECK(md.out.find("| Gordon Ray | gordon.ray@example.org | 2 | 2 |") != std::string::npos);
    CHECK(md.out.find("| Maria Chen | m.chen@example.org | 3 | 2 |") != std::string::npos);
    CHECK(md.out.find("| Zoë Côté | zoe.cote@northernhealth.example.ca | 4 | 2 |") != std::string::npos);
    // By profession at held sessions: the nurses Maria and Zoë registered twice each, came never: 4, 4, 1.0.
    CHECK(md.out.find("| Nurse | 4 | 0 | 4 | 1.0 | 0 |") != std::string::npos);
    // Pharmacist Priya: a walk-in at session 1, registered and came at session 2.
    CHECK(md.out.find("| Pharmacist | 1 | 2 | 0 | 0.0 | 1 |") != std::string::npos);

    const auto csv =
        hub.run({"report", "registrations", "--series", "pc-2026", "--from", "2026-01-20", "--format", "csv"});
    REQUIRE_MESSAGE(csv.code == 0, csv);
    // CSV as RFC 4180 writes it: CRLF line ends.
    CHECK(csv.out.starts_with("session,series,date,held,registered,attended,no_shows,no_show_rate,walk_ins\r\n"
                              "pc-2026/2,pc-2026,2026-01-27,yes,7,2,5,0.7143,0\r\n"));

    const auto html = hub.run({"report", "registrations", "--format", "html"});
    REQUIRE_MESSAGE(html.code == 0, html);
    CHECK(html.out.find("<svg") != std::string::npos);
    CHECK(html.out.find("pc-2026/2: 5 no-shows") != std::string::npos);
    for (const auto* format : {"table", "tsv", "jsonl", "xlsx"}) {
      const auto out = hub.dir() / (std::string("report.") + format);
      const auto f = hub.run({"report", "registrations", "--format", format, "-o", out.string()});
      CHECK_MESSAGE(f.code == 0, format, f);
    }
  }
}

} // namespace test_registration

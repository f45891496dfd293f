// The report queries against the hand-built scenario of tests/fixtures/report/scenario.sql.
// Every expected value is worked out by hand in the comments; held = not cancelled, started
// before as-of 2026-03-01T08:00:00Z (midnight in Vancouver) and attendance recorded (pc-2026/4,
// past with no attendance, is "unrecorded", not held: issue 12); eligible = minutes >= 45;
// certificate = eligible sessions >= 75 % of the series' held sessions in the period.

#include "echo/db/attendance_repo.hpp"
#include "echo/db/database.hpp"
#include "echo/db/report_repo.hpp"
#include "echo/util/files.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_report_repo {

using namespace echo;

namespace {

std::unique_ptr<db::Database> scenario() {
  auto database = db::Database::open_memory();
  database->sql().exec(util::read_file(std::string(ECHO_FIXTURES) + "/report/scenario.sql"));
  // The scenario writes attendance with SQL: first_participation as echo's writers leave it.
  db::rebuild_first_participation(*database);
  return database;
}

domain::Params params() {
  domain::Params p;
  p.as_of_utc = "2026-03-01T08:00:00Z";
  p.min_minutes = 45;
  p.min_percent = 75;
  return p;
}

const domain::Breakdown& find(const std::vector<domain::Breakdown>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.name == name) return r;
  FAIL("no breakdown row " << name);
  return rows.front();
}

std::vector<std::string> names(const std::vector<domain::Breakdown>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.name + "=" + std::to_string(r.participants));
  return out;
}

} // namespace

TEST_SUITE("echo::db::ReportRepo") {
  TEST_CASE("report_sessions lists every session with held-only counts and hub roles apart") {
    auto database = scenario();
    const auto rows = db::report_sessions(*database, params());
    // By start time: pc/1 01-13, pc/2 01-27, wound/1 02-03, pc/3 02-10, wound/2 02-17, pc/4 02-24,
    // wound/3 03-03, pc/5 03-10.
    REQUIRE(rows.size() == 8);
    std::vector<std::string> refs;
    for (const auto& r : rows) refs.push_back(r.session);
    CHECK(refs == std::vector<std::string>{"pc-2026/1", "pc-2026/2", "wound-2026/1", "pc-2026/3", "wound-2026/2",
                                           "pc-2026/4", "wound-2026/3", "pc-2026/5"});
    // pc-2026/1: Ann 60, Bob 50, Tom 30 -> 3 participants, 2 eligible (Tom < 45), 140 minutes;
    // Hana (hub) and Dee (presenter) -> hub 2; one case.
    CHECK(rows[0].held);
    CHECK(rows[0].status == domain::SessionStatus::scheduled);
    CHECK(rows[0].date == "2026-01-13");
    CHECK(rows[0].time == "12:00");
    CHECK(rows[0].topic == "Pain management basics");
    CHECK(rows[0].participants == 3);
    CHECK(rows[0].eligible == 2);
    CHECK(rows[0].hub == 2);
    CHECK(rows[0].minutes == 140);
    CHECK(rows[0].cases == 1);
    // pc-2026/2 cancelled: Bob's stray 40 minutes do not count.
    CHECK(rows[1].status == domain::SessionStatus::cancelled);
    CHECK_FALSE(rows[1].held);
    CHECK(rows[1].participants == 0);
    CHECK(rows[1].minutes == 0);
    // wound-2026/1: Ann 50, Eve 70, Tom 46 -> 3, all eligible, 166 minutes.
    CHECK(rows[2].participants == 3);
    CHECK(rows[2].eligible == 3);
    CHECK(rows[2].hub == 0);
    CHECK(rows[2].minutes == 166);
    // pc-2026/3: Ann 45 (eligible: at the threshold), Bob 44 (not), Dee 60 -> 3, 2, 149 min; Hana
    // facilitating -> hub 1; two cases.
    CHECK(rows[3].participants == 3);
    CHECK(rows[3].eligible == 2);
    CHECK(rows[3].hub == 1);
    CHECK(rows[3].minutes == 149);
    CHECK(rows[3].cases == 2);
    // wound-2026/2: Eve 45, Bob 60 -> 2, 2, 105.
    CHECK(rows[4].participants == 2);
    CHECK(rows[4].eligible == 2);
    CHECK(rows[4].minutes == 105);
    // pc-2026/4: past, no attendance recorded: unrecorded, not held (issue 12; was held with 0).
    CHECK_FALSE(rows[5].held);
    CHECK(rows[5].unrecorded);
    CHECK(rows[5].participants == 0);
    CHECK_FALSE(rows[0].unrecorded);
    CHECK_FALSE(rows[7].unrecorded); // future
    // wound-2026/3 and pc-2026/5: not yet held; Ann's early record on /5 does not count.
    CHECK_FALSE(rows[6].held);
    CHECK_FALSE(rows[7].held);
    CHECK(rows[7].status == domain::SessionStatus::scheduled);
    CHECK(rows[7].participants == 0);
  }

  TEST_CASE("report_sessions keeps CODE/N positions when the period or series narrows the list") {
    auto database = scenario();
    auto p = params();
    p.series_id = 1;
    p.from = "2026-02-01";
    const auto rows = db::report_sessions(*database, p);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].session == "pc-2026/3");
    CHECK(rows[1].session == "pc-2026/4");
    CHECK(rows[2].session == "pc-2026/5");
  }

  TEST_CASE("a later as-of makes the future sessions held") {
    auto database = scenario();
    auto p = params();
    // pc-2026/5 starts 2026-03-10T19:00:00Z (12:00 PDT); held strictly after its start.
    p.as_of_utc = "2026-03-10T19:00:00Z";
    CHECK_FALSE(db::report_sessions(*database, p).back().held);
    p.as_of_utc = "2026-03-10T19:00:01Z";
    const auto rows = db::report_sessions(*database, p);
    CHECK(rows.back().held);
    CHECK(rows.back().participants == 1); // Ann's 60 minutes now count
    CHECK(rows.back().minutes == 60);
  }

  TEST_CASE("report_participants gives one row per participant, hub staff excluded") {
    auto database = scenario();
    const auto rows = db::report_participants(*database, params());
    // Hana only attended in hub roles: not a participant. Order by name key: '<' and '=' sort
    // before letters.
    REQUIRE(rows.size() == 5);
    const auto& tom = rows[0];
    const auto& eve = rows[1];
    const auto& ann = rows[2];
    const auto& bob = rows[3];
    const auto& dee = rows[4];
    CHECK(tom.name == "<b>\"Tom\" & 'Jerry'</b>");
    CHECK(eve.name == "=Eve Evans");
    CHECK(ann.name == "Ann Archer");
    CHECK(bob.name == "Bob Baker");
    CHECK(dee.name == "Dee Dunn");
    // Tom: pc/1 30 + wound/1 46 -> 2 sessions, 1 eligible, 76 min, 1 x 1.0 = 1.0 h; wound 1/2 = 50 %
    // < 75 %: no certificate. Blank region and missing profession are null.
    CHECK(tom.sessions == 2);
    CHECK(tom.eligible_sessions == 1);
    CHECK(tom.minutes == 76);
    CHECK(tom.credit_hours == doctest::Approx(1.0));
    CHECK(tom.certificates.empty());
    CHECK_FALSE(tom.profession.has_value());
    CHECK_FALSE(tom.region.has_value());
    CHECK(tom.rural);
    // Eve: wound/1 70 + wound/2 45 -> 2, 2, 115 min, 2.0 h; 2 of 2 held wound sessions: certificate.
    CHECK(eve.sessions == 2);
    CHECK(eve.eligible_sessions == 2);
    CHECK(eve.minutes == 115);
    CHECK(eve.credit_hours == doctest::Approx(2.0));
    CHECK(eve.certificates == std::vector<std::string>{"wound-2026"});
    // Ann: pc/1 60, pc/3 45, wound/1 50 -> 3, 3, 155 min; 2 x 1.5 + 1 x 1.0 = 4.0 h;
    // pc 2 of the 2 held (/1 /3; the unrecorded /4 is no denominator) = 100 %: certificate
    // (was 2/3 = 66.7 % with /4 counted as held); wound 1/2: none.
    CHECK(ann.sessions == 3);
    CHECK(ann.eligible_sessions == 3);
    CHECK(ann.minutes == 155);
    CHECK(ann.credit_hours == doctest::Approx(4.0));
    CHECK(ann.certificates == std::vector<std::string>{"pc-2026"});
    CHECK(ann.email == std::optional<std::string>("ann@example.org"));
    CHECK(ann.profession == std::optional<std::string>("Nurse"));
    CHECK(ann.region == std::optional<std::string>("Interior"));
    // Bob: pc/1 50, pc/3 44, wound/2 60 (the cancelled pc/2 is ignored) -> 3, 2, 154 min;
    // 1.5 + 1.0 = 2.5 h.
    CHECK(bob.sessions == 3);
    CHECK(bob.eligible_sessions == 2);
    CHECK(bob.minutes == 154);
    CHECK(bob.credit_hours == doctest::Approx(2.5));
    // Dee: presenter at pc/1 (hub role, not counted), participant at pc/3 60 -> 1, 1, 60, 1.5 h.
    CHECK(dee.sessions == 1);
    CHECK(dee.eligible_sessions == 1);
    CHECK(dee.minutes == 60);
    CHECK(dee.credit_hours == doctest::Approx(1.5));
  }

  TEST_CASE("the certificate threshold follows certificates.min_percent") {
    auto database = scenario();
    auto p = params();
    // pc-2026 has 2 held sessions (/1 /3). At 60 %: Ann's 2 of 2 qualify; Bob's 1 of 2 (50 %)
    // and Dee's 1 of 2 do not.
    p.min_percent = 60;
    const auto rows = db::report_participants(*database, p);
    REQUIRE(rows.size() == 5);
    CHECK(rows[2].certificates == std::vector<std::string>{"pc-2026"});
    CHECK(rows[3].certificates.empty());
    CHECK(rows[4].certificates.empty());
    // At exactly 50 % Bob's 1 of 2 qualifies (eligible*100 >= pct*held: 100 >= 100), in pc-2026
    // (/1 50 min) and in wound-2026 (/2 60 min) alike; a hair above, 100 >= 100.000...: no.
    p.min_percent = 50;
    CHECK(db::report_participants(*database, p)[3].certificates == std::vector<std::string>{"pc-2026", "wound-2026"});
    p.min_percent = 50 + 1e-9;
    CHECK(db::report_participants(*database, p)[3].certificates.empty());
  }

  TEST_CASE("report_credits lists each eligible participation with the participant's total") {
    auto database = scenario();
    const auto rows = db::report_credits(*database, params());
    // 9 eligible participations: Tom 1, Eve 2, Ann 3, Bob 2, Dee 1.
    REQUIRE(rows.size() == 9);
    CHECK(rows[0].email == std::optional<std::string>("tom@example.org"));
    CHECK(rows[0].series == "wound-2026");
    CHECK(rows[0].session == "wound-2026/1");
    CHECK(rows[0].date == "2026-02-03");
    CHECK(rows[0].topic == "Pressure injuries");
    CHECK(rows[0].minutes == 46);
    CHECK(rows[0].credit_hours == doctest::Approx(1.0));
    CHECK(rows[0].total_credit_hours == doctest::Approx(1.0));
    // Ann: pc/1 (1.5), wound/1 (1.0), pc/3 (1.5) by start time; total 4.0.
    CHECK(rows[3].name == "Ann Archer");
    CHECK(rows[3].session == "pc-2026/1");
    CHECK(rows[3].credit_hours == doctest::Approx(1.5));
    CHECK(rows[4].session == "wound-2026/1");
    CHECK(rows[4].credit_hours == doctest::Approx(1.0));
    CHECK(rows[5].session == "pc-2026/3");
    CHECK(rows[5].minutes == 45);
    CHECK(rows[5].topic == "Goals of care, \"serious\" talk");
    CHECK(rows[5].total_credit_hours == doctest::Approx(4.0));
    // Bob: pc/1 (50 min) and wound/2 (60), not pc/3 (44): 2.5.
    CHECK(rows[6].session == "pc-2026/1");
    CHECK(rows[7].session == "wound-2026/2");
    CHECK(rows[7].total_credit_hours == doctest::Approx(2.5));
    CHECK(rows[8].name == "Dee Dunn");
    double sum = 0;
    for (const auto& r : rows) sum += r.credit_hours;
    CHECK(sum == doctest::Approx(11.0)); // = summary credit_hours
  }

  TEST_CASE("report_credits and totals narrow to one participant") {
    auto database = scenario();
    const auto rows = db::report_credits(*database, params(), 1);
    REQUIRE(rows.size() == 3);
    for (const auto& r : rows) CHECK(r.email == std::optional<std::string>("ann@example.org"));
    const auto totals = db::report_participants(*database, params(), 2, true);
    REQUIRE(totals.size() == 1);
    CHECK(totals[0].eligible_sessions == 2);
    CHECK(totals[0].credit_hours == doctest::Approx(2.5));
  }

  TEST_CASE("report_figures of one series over its whole run") {
    auto database = scenario();
    auto p = params();
    p.series_id = 1;
    const auto f = db::report_figures(*database, p);
    // pc-2026: 5 sessions (/1../5), held /1 /3, unrecorded /4 (past, no attendance), cancelled
    // /2, /5 in the future.
    CHECK(f.sessions_scheduled == 5);
    CHECK(f.sessions_held == 2);
    CHECK(f.sessions_unrecorded == 1);
    CHECK(f.sessions_cancelled == 1);
    // participations: /1 3 + /3 3 = 6; unique Ann, Bob, Tom, Dee = 4; eligible 2 + 2 = 4.
    CHECK(f.participations == 6);
    CHECK(f.unique_participants == 4);
    CHECK(f.eligible_participations == 4);
    // average 6 / 2 = 3.00 (was 6 / 3 = 2.00 with /4 as held); minutes 140 + 149 = 289 ->
    // 289 / 60 = 4.8166 -> 4.82 h; credit 4 x 1.5 = 6.0; certificates: 75 % of 2 held needs 2
    // eligible: Ann (2) only -> 1 (was 0 of 3 held).
    CHECK(f.average_attendance() == doctest::Approx(3.0));
    CHECK(f.minutes == 289);
    CHECK(f.learning_hours() == doctest::Approx(4.82));
    CHECK(f.credit_hours == doctest::Approx(6.0));
    CHECK(f.certificates == 1);
    // No --from: the period starts at the first session (2026-01-13); nobody took part before.
    CHECK(f.new_participants == 4);
    // Professions: Ann Nurse, Dee Nurse, Bob Physician, Tom none.
    CHECK(names(f.by_profession) == std::vector<std::string>{"Nurse=2", "Physician=1", "(unknown)=1"});
    // Regions: Ann Interior, Bob Fraser, Dee Northern, Tom blank.
    CHECK(names(f.by_region) == std::vector<std::string>{"Fraser=1", "Interior=1", "Northern=1", "(unknown)=1"});
  }

  TEST_CASE("report_figures of a period that starts mid-series counts new participants") {
    auto database = scenario();
    auto p = params();
    p.series_id = 1;
    p.from = "2026-02-01";
    const auto f = db::report_figures(*database, p);
    // Sessions from 02-01: /3 held, /4 unrecorded (no attendance), /5 future.
    CHECK(f.sessions_scheduled == 3);
    CHECK(f.sessions_held == 1);
    CHECK(f.sessions_unrecorded == 1);
    CHECK(f.sessions_cancelled == 0);
    // /3: Ann 45, Bob 44, Dee 60 -> 3 participations, 3 unique, 2 eligible, 149 min.
    CHECK(f.participations == 3);
    CHECK(f.unique_participants == 3);
    CHECK(f.eligible_participations == 2);
    // average 3 / 1 = 3.0 (was 3 / 2 = 1.5); 149 / 60 = 2.4833 -> 2.48; credit 2 x 1.5 = 3.0.
    CHECK(f.average_attendance() == doctest::Approx(3.0));
    CHECK(f.learning_hours() == doctest::Approx(2.48));
    CHECK(f.credit_hours == doctest::Approx(3.0));
    // 1 held in the period: 1 eligible needed; Ann 1 (45 min), Dee 1 (60): 2 certificates; Bob's
    // 44 minutes are not eligible (was 0 with 2 held).
    CHECK(f.certificates == 2);
    // Ann and Bob first took part on 01-13 (before the period); Dee's presenting on 01-13 was a
    // hub role, so her first participation is 02-10: one new participant.
    CHECK(f.new_participants == 1);
    CHECK(names(f.by_profession) == std::vector<std::string>{"Nurse=2", "Physician=1"});
  }

  TEST_CASE("report_figures of the second series") {
    auto database = scenario();
    auto p = params();
    p.series_id = 2;
    const auto f = db::report_figures(*database, p);
    // wound-2026: 3 sessions, 2 held, none cancelled.
    CHECK(f.sessions_scheduled == 3);
    CHECK(f.sessions_held == 2);
    CHECK(f.sessions_cancelled == 0);
    // /1 3 + /2 2 = 5 participations; Ann, Eve, Tom, Bob = 4 unique; all 5 eligible.
    CHECK(f.participations == 5);
    CHECK(f.unique_participants == 4);
    CHECK(f.eligible_participations == 5);
    // 5 / 2 = 2.5; (166 + 105) / 60 = 4.5166 -> 4.52; 5 x 1.0 = 5.0; Eve 2 of 2: 1 certificate.
    CHECK(f.average_attendance() == doctest::Approx(2.5));
    CHECK(f.learning_hours() == doctest::Approx(4.52));
    CHECK(f.credit_hours == doctest::Approx(5.0));
    CHECK(f.certificates == 1);
    // The period starts 02-03; Ann, Tom and Bob took part in pc-2026/1 on 01-13: only Eve is new.
    CHECK(f.new_participants == 1);
    CHECK(names(f.by_region) == std::vector<std::string>{"Interior=2", "Fraser=1", "(unknown)=1"});
    CHECK(find(f.by_profession, "Pharmacist").participants == 1);
  }

  TEST_CASE("report_figures hub-wide") {
    auto database = scenario();
    const auto f = db::report_figures(*database, params());
    // 8 sessions, 4 held (pc /1 /3, wound /1 /2), 1 unrecorded (pc /4), 1 cancelled; both
    // series held sessions.
    CHECK(f.sessions_scheduled == 8);
    CHECK(f.sessions_held == 4);
    CHECK(f.sessions_unrecorded == 1);
    CHECK(f.sessions_cancelled == 1);
    CHECK(f.series_count == 2);
    // 6 + 5 = 11 participations, 5 unique (Ann, Bob, Tom, Dee, Eve), 4 + 5 = 9 eligible.
    CHECK(f.participations == 11);
    CHECK(f.unique_participants == 5);
    CHECK(f.eligible_participations == 9);
    // 11 / 4 = 2.75 (was 11 / 5 = 2.2); (289 + 271) / 60 = 9.333 -> 9.33; 6.0 + 5.0 = 11.0;
    // 2 certificates: Eve (wound 2/2) and Ann (pc 2/2; was 2/3).
    CHECK(f.average_attendance() == doctest::Approx(2.75));
    CHECK(f.learning_hours() == doctest::Approx(9.33));
    CHECK(f.credit_hours == doctest::Approx(11.0));
    CHECK(f.certificates == 2);
    CHECK(f.new_participants == 5);
    // Rural: Ann and Tom of 5 -> 0.4.
    CHECK(f.rural_participants == 2);
    CHECK(f.rural_share() == doctest::Approx(0.4));
    // Cases at held sessions: pc/1 1 + pc/3 2 + wound/1 1 = 4 (not the cancelled /2, not /5).
    CHECK(f.cases_presented == 4);
    CHECK(names(f.by_profession) == std::vector<std::string>{"Nurse=2", "Pharmacist=1", "Physician=1", "(unknown)=1"});
    CHECK(names(f.by_region) == std::vector<std::string>{"Interior=2", "Fraser=1", "Northern=1", "(unknown)=1"});
  }

  TEST_CASE("report_figures hub-wide for February") {
    auto database = scenario();
    auto p = params();
    p.from = "2026-02-01";
    p.to = "2026-02-28";
    const auto f = db::report_figures(*database, p);
    // wound/1 02-03, pc/3 02-10, wound/2 02-17, pc/4 02-24: 4 scheduled, 3 held, pc/4 unrecorded.
    CHECK(f.sessions_scheduled == 4);
    CHECK(f.sessions_held == 3);
    CHECK(f.sessions_unrecorded == 1);
    CHECK(f.sessions_cancelled == 0);
    CHECK(f.series_count == 2);
    // 3 + 3 + 2 = 8 participations; Ann, Eve, Tom, Bob, Dee = 5; eligible 3 + 2 + 2 = 7.
    CHECK(f.participations == 8);
    CHECK(f.unique_participants == 5);
    CHECK(f.eligible_participations == 7);
    // 8 / 3 = 2.666 -> 2.67 (was 8 / 4 = 2.0); (166 + 149 + 105) / 60 = 7.0; 2 x 1.5 + 5 x 1.0 = 8.0.
    CHECK(f.average_attendance() == doctest::Approx(2.67));
    CHECK(f.learning_hours() == doctest::Approx(7.0));
    CHECK(f.credit_hours == doctest::Approx(8.0));
    // pc: 1 held in Feb (/3): Ann (45) and Dee (60) 1 of 1, Bob's 44 not eligible -> 2 (was
    // none of 2 held); wound: Eve 2 of 2 -> 1. Total 3.
    CHECK(f.certificates == 3);
    // New since 02-01: Dee (first on 02-10) and Eve (02-03).
    CHECK(f.new_participants == 2);
    CHECK(f.rural_share() == doctest::Approx(0.4));
    // Cases: wound/1 1 + pc/3 2 = 3.
    CHECK(f.cases_presented == 3);
  }

  TEST_CASE("an empty period gives zero figures, not errors") {
    auto database = scenario();
    auto p = params();
    p.from = "2025-01-01";
    p.to = "2025-12-31";
    const auto f = db::report_figures(*database, p);
    CHECK(f.sessions_scheduled == 0);
    CHECK(f.participations == 0);
    CHECK(f.average_attendance() == 0.0);
    CHECK(f.rural_share() == 0.0);
    CHECK(f.by_profession.empty());
    CHECK(db::report_sessions(*database, p).empty());
    CHECK(db::report_participants(*database, p).empty());
  }
}

TEST_SUITE("echo::db::ReportRepo") {
  TEST_CASE("a record at a cancelled session does not make a participant old") {
    auto database = scenario();
    // Fay's only record before February is at the cancelled pc-2026/2 (01-27); she then attends
    // wound-2026/2 (02-17).
    database->sql().exec(R"sql(
      INSERT INTO participant (id, name, name_key, email, created_at, updated_at)
        VALUES (7, 'Fay Fox', 'fay fox', 'fay@example.org', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      INSERT INTO attendance (session_id, participant_id, role, minutes, created_at, updated_at) VALUES
        (12, 7, 'participant', 60, '2026-01-28T00:00:00Z', '2026-01-28T00:00:00Z'),
        (22, 7, 'participant', 30, '2026-02-18T00:00:00Z', '2026-02-18T00:00:00Z');)sql");
    db::refresh_first_participation(*database, {12, 22}, {});
    auto p = params();
    p.from = "2026-02-01";
    const auto f = db::report_figures(*database, p);
    // February: Dee, Eve (as before) and Fay are new; Fay's 30 minutes are a participation.
    CHECK(f.new_participants == 3);
    CHECK(f.participations == 9);
    CHECK(f.unique_participants == 6);
    CHECK(f.eligible_participations == 7);
  }

  TEST_CASE("first_participation follows every write to attendance and sessions") {
    // The table against its rebuild from scratch (the migration's own query) after each kind of
    // write: a record removed, moved to another participant (merge) or role, a session
    // cancelled, restored, moved in time, deleted, a record added, a participant deleted.
    // Since migration 14 the writers of attendance call db::refresh_first_participation once per
    // batch (what the repositories do is tested in e2e/test_first_participation.cpp), so the
    // raw writes to attendance here are followed by that call, with the sessions written or the
    // participants whose rows moved; writes to sessions and participants keep their triggers.
    auto database = scenario();
    auto& sql = database->sql();
    const std::string rebuilt = R"sql(
SELECT participant_id || ':' || session_id FROM (
  SELECT a.participant_id, s.id AS session_id,
         row_number() OVER (PARTITION BY a.participant_id ORDER BY s.local_date, s.start_utc, s.id) AS k
    FROM attendance a JOIN session s ON s.id = a.session_id
   WHERE a.role = 'participant' AND s.status <> 'cancelled') WHERE k = 1 ORDER BY participant_id)sql";
    auto rows = [&](const std::string& q) {
      std::vector<std::string> out;
      SQLite::Statement st(sql, q);
      while (st.executeStep()) out.push_back(st.getColumn(0).getString());
      return out;
    };
    auto same = [&] {
      return rows("SELECT participant_id || ':' || session_id FROM first_participation ORDER BY participant_id") ==
             rows(rebuilt);
    };
    REQUIRE_FALSE(rows(rebuilt).empty());
    CHECK(same());
    const auto first = rows("SELECT session_id FROM first_participation ORDER BY participant_id LIMIT 1")[0];
    const auto who = rows("SELECT participant_id FROM first_participation ORDER BY participant_id LIMIT 1")[0];
    sql.exec("DELETE FROM attendance WHERE participant_id = " + who + " AND session_id = " + first);
    db::refresh_first_participation(*database, {std::stoll(first)}, {});
    CHECK(same());
    sql.exec("UPDATE session SET status = 'cancelled' WHERE id IN (SELECT session_id FROM first_participation)");
    CHECK(same());
    sql.exec("UPDATE session SET status = 'scheduled' WHERE status = 'cancelled'");
    CHECK(same());
    sql.exec("UPDATE session SET local_date = '2020-01-01', start_utc = '2020-01-01T20:00:00Z' "
             "WHERE id = (SELECT max(id) FROM session)");
    CHECK(same());
    const auto hub_session = std::stoll(rows("SELECT session_id FROM attendance ORDER BY id LIMIT 1")[0]);
    sql.exec("UPDATE attendance SET role = 'hub' WHERE id = (SELECT min(id) FROM attendance)");
    db::refresh_first_participation(*database, {hub_session}, {});
    CHECK(same());
    const auto low = std::stoll(rows("SELECT min(participant_id) FROM attendance")[0]);
    const auto high = std::stoll(rows("SELECT max(participant_id) FROM attendance")[0]);
    sql.exec("UPDATE OR IGNORE attendance SET participant_id = (SELECT min(participant_id) FROM attendance) "
             "WHERE participant_id = (SELECT max(participant_id) FROM attendance)");
    db::refresh_first_participation(*database, {}, {low, high});
    CHECK(same());
    sql.exec("INSERT OR IGNORE INTO attendance (session_id, participant_id, role, minutes, source, created_at, "
             "updated_at) SELECT s.id, p.id, 'participant', 50, 'manual', 'x', 'x' FROM session s, participant p");
    std::vector<std::int64_t> all_sessions;
    for (const auto& id : rows("SELECT id FROM session")) all_sessions.push_back(std::stoll(id));
    db::refresh_first_participation(*database, all_sessions, {});
    CHECK(same());
    sql.exec("DELETE FROM session WHERE id = (SELECT min(session_id) FROM first_participation)");
    CHECK(same());
    // A whole session's rows removed at once (as --replace does): everyone whose first it was.
    const auto busiest = rows("SELECT session_id FROM first_participation GROUP BY session_id "
                              "ORDER BY count(*) DESC, session_id LIMIT 1")[0];
    sql.exec("DELETE FROM attendance WHERE session_id = " + busiest);
    db::refresh_first_participation(*database, {std::stoll(busiest)}, {});
    CHECK(same());
  }
}

} // namespace test_db_report_repo

#include "echo/db/attendance_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/participant_repo.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_attendance_repo {

using echo::db::AttendanceRepo;
using echo::db::Database;

namespace {

std::unique_ptr<Database> hub_db() {
  auto db = Database::open_memory();
  db->sql().exec(
      "INSERT INTO series (id, code, title, timezone, created_at, updated_at) VALUES (1, 'pc', 'PC', 'UTC', 'x', 'x');"
      "INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, status, created_at, "
      "updated_at) VALUES (10, 1, 'b', '2026-01-08', '12:00', '2026-01-08T12:00:00Z', 60, 'scheduled', 'x', 'x'),"
      "(11, 1, 'a', '2026-01-01', '12:00', '2026-01-01T12:00:00Z', 60, 'scheduled', 'x', 'x'),"
      "(12, 1, 'c', '2026-01-15', '12:00', '2026-01-15T12:00:00Z', 60, 'cancelled', 'x', 'x');"
      "INSERT INTO participant (id, name, name_key, email, created_at, updated_at) VALUES "
      "(1, 'Alice', 'alice', 'a@example.org', 'x', 'x'), (2, 'Bob', 'bob', NULL, 'x', 'x');");
  return db;
}

} // namespace

TEST_SUITE("echo::db::AttendanceRepo") {

  TEST_CASE("intervals from several imports are unioned into minutes, duplicates stored once") {
    auto db = hub_db();
    AttendanceRepo att(*db);
    const auto imp1 = att.add_import("attendance:zoom", "h1", "a.csv", 1, 10, "t");
    const auto imp2 = att.add_import("attendance:zoom", "h2", "b.csv", 1, 10, "t");
    const auto id = att.upsert_for_interval(10, 1, echo::domain::Role::participant, echo::domain::Source::zoom);
    CHECK(att.upsert_for_interval(10, 1, echo::domain::Role::hub, echo::domain::Source::zoom) == id);
    att.add_interval(id, imp1, "2026-01-08T12:00:00Z", "2026-01-08T12:30:00Z");
    att.add_interval(id, imp2, "2026-01-08T12:00:00Z", "2026-01-08T12:30:00Z");
    att.add_interval(id, imp2, "2026-01-08T12:20:00Z", "2026-01-08T12:45:30Z");
    att.recompute_minutes_for_import(imp2);
    const auto row = att.find(10, 1, 45);
    REQUIRE(row);
    CHECK(row->minutes == 46);
    CHECK(row->role == echo::domain::Role::hub);
    CHECK(row->session == "pc/1"); // numbered when created (issue 12), not by start time: 10 came first
    CHECK(row->eligible);
    CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance_interval").getInt() == 2);
    // A weaker role never demotes.
    att.upsert_for_interval(10, 1, echo::domain::Role::participant, echo::domain::Source::zoom);
    CHECK(att.find(10, 1, 45)->role == echo::domain::Role::hub);
  }

  TEST_CASE("verify_keys refuses attendance for a missing session, participant or import") {
    for (const char* missing : {"session", "participant", "import_file"}) {
      CAPTURE(missing);
      auto db = hub_db();
      const auto run = [&] {
        db->write_unenforced_keys([&] {
          AttendanceRepo att(*db);
          att.begin_bulk();
          const std::string what = missing;
          att.upsert_minutes(what == "session" ? 77 : 11, what == "participant" ? 77 : 2,
                             echo::domain::Role::participant, echo::domain::Source::csv, 30);
          const auto id = att.upsert_for_interval(10, 1, echo::domain::Role::participant, echo::domain::Source::zoom);
          att.add_interval(id, what == "import_file" ? std::optional<std::int64_t>(77) : std::nullopt,
                           "2026-01-08T12:00:00Z", "2026-01-08T12:30:00Z");
          att.verify_keys();
        });
      };
      bool threw = false;
      try {
        run();
      } catch (const echo::Error& e) {
        threw = true;
        CHECK(std::string(e.what()).find(std::string(missing) + " 77") != std::string::npos);
      }
      CHECK(threw);
      CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance").getInt() == 0);
      CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance_interval").getInt() == 0);
    }
    auto db = hub_db();
    db->write_unenforced_keys([&] {
      AttendanceRepo att(*db);
      att.begin_bulk();
      att.upsert_minutes(11, 2, echo::domain::Role::participant, echo::domain::Source::csv, 30);
      att.verify_keys();
    });
    CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance").getInt() == 1);
  }

  TEST_CASE("verify_keys checks a range of ids at once and still names a missing one") {
    // Participants 3-40 exist: the 38 ids are checked with one count. With 41 added (it does not
    // exist), 3-41 counts 38 rows for 39 ids, and reading the ids of the range names 41.
    for (const bool with_missing : {false, true}) {
      CAPTURE(with_missing);
      auto db = hub_db();
      db->sql().exec("WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
                     "INSERT INTO participant (id, name, name_key, created_at, updated_at) "
                     "SELECT i, 'P' || i, 'p' || i, 'x', 'x' FROM n");
      std::string error;
      try {
        db->write_unenforced_keys([&] {
          AttendanceRepo att(*db);
          att.begin_bulk();
          for (std::int64_t p = 3; p <= (with_missing ? 41 : 40); ++p)
            att.upsert_minutes(11, p, echo::domain::Role::participant, echo::domain::Source::csv, 30);
          att.end_bulk();
          att.verify_keys();
        });
      } catch (const echo::Error& e) {
        error = e.what();
      }
      if (with_missing) {
        CHECK(error.find("participant 41,") != std::string::npos);
        CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance").getInt() == 0);
      } else {
        CHECK(error.empty());
        CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance").getInt() == 38);
      }
    }
  }

  TEST_CASE("bulk mode writes minutes in batches with the same result as row by row") {
    // 150 participants, so that the rows fill several batches of 16 and a partial one.
    const auto make = [] {
      auto db = hub_db();
      db->sql().exec("WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 150) "
                     "INSERT INTO participant (id, name, name_key, created_at, updated_at) "
                     "SELECT i, 'P' || i, 'p' || i, 'x', 'x' FROM n");
      AttendanceRepo att(*db);
      att.record(10, 7, 5, echo::domain::Role::participant); // manual: imports never change its minutes
      att.upsert_minutes(11, 9, echo::domain::Role::participant, echo::domain::Source::csv, 50);
      return db;
    };
    // Repeats inside one batch (p, then p again 3 rows later), across batches, stronger and
    // weaker roles, smaller and larger minutes, and the rows that were there before.
    using echo::domain::Role;
    std::vector<std::tuple<std::int64_t, std::int64_t, Role, std::int64_t>> rows;
    for (std::int64_t p = 1; p <= 150; ++p) {
      rows.emplace_back(p % 2 ? 10 : 11, p, Role::participant, p % 60);
      if (p % 5 == 0)
        rows.emplace_back((p - 3) % 2 ? 10 : 11, p - 3, p % 10 ? Role::hub : Role::participant, 70 - p % 60);
    }
    rows.emplace_back(11, 9, Role::participant, 20);
    rows.emplace_back(10, 7, Role::hub, 59);
    const auto table = [](Database& db) {
      std::vector<std::string> out;
      SQLite::Statement q(db.sql(), "SELECT session_id, participant_id, role, minutes, source FROM attendance "
                                    "ORDER BY session_id, participant_id");
      while (q.executeStep())
        out.push_back(q.getColumn(0).getString() + "|" + q.getColumn(1).getString() + "|" + q.getColumn(2).getString() +
                      "|" + q.getColumn(3).getString() + "|" + q.getColumn(4).getString());
      return out;
    };

    auto one_by_one = make();
    {
      AttendanceRepo att(*one_by_one);
      for (const auto& [session, person, role, minutes] : rows)
        att.upsert_minutes(session, person, role, echo::domain::Source::csv, minutes);
    }
    auto batched = make();
    {
      AttendanceRepo att(*batched);
      att.begin_bulk();
      for (const auto& [session, person, role, minutes] : rows)
        att.upsert_minutes(session, person, role, echo::domain::Source::csv, minutes);
      // Reads see the rows held back.
      CHECK(att.find(10, 149, 0)->minutes == 29);
      att.end_bulk();
    }
    CHECK(table(*batched) == table(*one_by_one));
    CHECK(table(*batched).size() == 151);
    AttendanceRepo att(*batched);
    CHECK(att.find(10, 7, 0)->minutes == 5); // manual minutes kept, role strengthened
    CHECK(att.find(10, 7, 0)->role == echo::domain::Role::hub);
    CHECK(att.find(11, 9, 0)->minutes == 50);
    CHECK(att.find(11, 7, 0) == std::nullopt);
    CHECK(att.find(10, 2, 0) == std::nullopt);
    CHECK(att.find(11, 2, 0)->minutes == 65); // 2, then 70 - 5 from p = 5, three rows later
    CHECK(att.find(11, 2, 0)->role == echo::domain::Role::hub);
    CHECK(att.find(10, 9, 0)->minutes == 9);
    CHECK(att.find(10, 7, 0)->source == echo::domain::Source::manual);
  }

  TEST_CASE("rows held back in bulk mode are dropped when the write fails") {
    auto db = hub_db();
    CHECK_THROWS(db->write([&] {
      AttendanceRepo att(*db);
      att.begin_bulk();
      att.upsert_minutes(11, 2, echo::domain::Role::participant, echo::domain::Source::csv, 30);
      throw echo::Error(echo::Exit::data, "bad row");
    }));
    CHECK(db->sql().execAndGet("SELECT count(*) FROM attendance").getInt() == 0);
  }

  TEST_CASE("minutes-only rows keep the larger value") {
    auto db = hub_db();
    AttendanceRepo att(*db);
    att.upsert_minutes(11, 2, echo::domain::Role::participant, echo::domain::Source::csv, 30);
    att.upsert_minutes(11, 2, echo::domain::Role::participant, echo::domain::Source::csv, 20);
    CHECK(att.find(11, 2, 45)->minutes == 30);
    att.upsert_minutes(11, 2, echo::domain::Role::participant, echo::domain::Source::csv, 50);
    CHECK(att.find(11, 2, 45)->minutes == 50);
    CHECK(att.eligible_counts(45, {11}) == std::map<std::int64_t, std::int64_t>{{11, 1}});
    att.upsert_minutes(10, 2, echo::domain::Role::participant, echo::domain::Source::csv, 50);
    CHECK(att.eligible_counts(45, {11}) == std::map<std::int64_t, std::int64_t>{{11, 1}});
    CHECK(att.eligible_counts(45, {10, 11}) == std::map<std::int64_t, std::int64_t>{{10, 1}, {11, 1}});
    CHECK(att.eligible_counts(60, {10, 11}).empty());
  }

  TEST_CASE("the ledger finds an earlier import of the same content for the same session only") {
    auto db = hub_db();
    AttendanceRepo att(*db);
    att.add_import("attendance:zoom", "abc", "a.csv", 1, 10, "t");
    CHECK(att.find_import("abc", "attendance:zoom", 10));
    CHECK_FALSE(att.find_import("abc", "attendance:zoom", 11));
    CHECK_FALSE(att.find_import("abc", "attendance:csv", 10));
    CHECK_FALSE(att.find_import("abc", "attendance:zoom", std::nullopt));
  }

  TEST_CASE("session lookups skip cancelled sessions and order by CODE/N") {
    auto db = hub_db();
    AttendanceRepo att(*db);
    // N is the stored number, given in insert order (10 is pc/1, 11 pc/2, 12 pc/3), not the
    // start order (11 starts first): the same N as lookup's find_session.
    CHECK(att.series_session_ids(1) == std::vector<std::int64_t>{10, 11, 12});
    CHECK(echo::db::find_session(*db, "pc/1").id == 10);
    CHECK(echo::db::find_session(*db, "pc/2").id == 11);
    const auto window = att.sessions_starting_between("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 1);
    REQUIRE(window.size() == 2);
    CHECK(window[0].id == 11);
    const auto nearest = att.sessions_nearest("2026-01-15T12:00:00Z", std::nullopt, 1);
    REQUIRE(nearest.size() == 1);
    CHECK(nearest[0].id == 10);
    // A deleted session leaves its number unused: ids[N - 1] is 0 there.
    db->sql().exec("DELETE FROM session WHERE id = 11");
    CHECK(att.series_session_ids(1) == std::vector<std::int64_t>{10, 0, 12});
  }

  TEST_CASE("replacing clears imported rows but keeps manual records") {
    auto db = hub_db();
    AttendanceRepo att(*db);
    const auto imp = att.add_import("attendance:zoom", "h", "a.csv", 1, 10, "t");
    const auto id = att.upsert_for_interval(10, 1, echo::domain::Role::participant, echo::domain::Source::zoom);
    att.add_interval(id, imp, "2026-01-08T12:00:00Z", "2026-01-08T12:30:00Z");
    att.record(10, 2, 60, echo::domain::Role::participant);
    att.add_unmatched(10, imp, "Guest", "guest", echo::domain::Role::participant, 10, "[]", "a.csv", 3);
    const auto imp2 = att.add_import("attendance:zoom", "h2", "b.csv", 1, 10, "t");
    att.clear_imports_for_session(10, imp2);
    const auto rows = att.list(10, std::nullopt, 45);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].participant_id == 2);
    CHECK(att.unmatched(true).empty());
    CHECK_FALSE(att.find_import("h", "attendance:zoom", 10));
  }

  TEST_CASE("the batched reads of an import give what the per-session reads give") {
    auto db = hub_db();
    db->sql().exec("INSERT INTO session_person (session_id, participant_id, role, position) VALUES "
                   "(10, 1, 'presenter', 1), (10, 1, 'facilitator', 0), (11, 2, 'presenter', 1)");
    AttendanceRepo att(*db);
    const auto imp = att.add_import("attendance:zoom", "h1", "a.csv", 1, 10, "t");
    const auto row = att.upsert_for_interval(10, 2, echo::domain::Role::participant, echo::domain::Source::zoom);
    att.add_interval(row, imp, "2026-01-08T12:00:00Z", "2026-01-08T12:30:00Z");
    att.add_interval(row, imp, "2026-01-08T12:40:00Z", "2026-01-08T12:50:00Z");
    // A minutes row after an interval row on the same repository (once refused: the one-row
    // minutes insert reused the interval insert's statement, which has other parameters).
    att.upsert_minutes(11, 1, echo::domain::Role::participant, echo::domain::Source::csv, 50);
    att.recompute_minutes_for_import(imp);

    // Sessions 10 and 11 have rows, 12 none (left out); 99 does not exist.
    const auto batch = att.sessions_attendance({10, 11, 12, 99});
    CHECK(batch.size() == 2);
    for (const std::int64_t id : {10, 11}) {
      const auto one = att.session_attendance(id);
      const auto& many = batch.at(id);
      REQUIRE(many.size() == one.size());
      for (std::size_t i = 0; i < one.size(); ++i) {
        CHECK(many[i].participant_id == one[i].participant_id);
        CHECK(many[i].role == one[i].role);
        CHECK(many[i].minutes == one[i].minutes);
        CHECK(many[i].source == one[i].source);
        REQUIRE(many[i].intervals.size() == one[i].intervals.size());
        for (std::size_t k = 0; k < one[i].intervals.size(); ++k) {
          CHECK(many[i].intervals[k].join_utc == one[i].intervals[k].join_utc);
          CHECK(many[i].intervals[k].import_id == one[i].intervals[k].import_id);
        }
      }
    }
    CHECK(batch.at(10).front().intervals.size() == 2);

    // The series' roles: as session_roles, the same role kept for a person named twice.
    const auto roles = att.series_roles(1);
    CHECK(roles.at(10) == att.session_roles(10));
    CHECK(roles.at(11) == att.session_roles(11));
    CHECK(roles.count(12) == 0);
    CHECK(att.series_sessions(1).size() == 3);
    CHECK(att.cancelled_among({10, 11, 12, 99}) == std::vector<std::int64_t>{12});
    CHECK(att.cancelled_among({}).empty());
  }
} // TEST_SUITE

} // namespace test_db_attendance_repo

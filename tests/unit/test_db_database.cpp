#include "echo/db/database.hpp"
#include "echo/db/history.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/maintenance.hpp"

#include "../support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>
#include <sys/stat.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_database {

using echo::Error;
using echo::Exit;
namespace db = echo::db;
using echo::test::TempDir;

namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Exit error_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return Exit::ok;
}

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

} // namespace

TEST_SUITE("echo::db::Database") {
  TEST_CASE("a fresh database gets every migration, WAL and foreign keys") {
    TempDir dir;
    auto database = db::Database::open({dir / "a.db", db::Access::write, 1000});
    CHECK(database->created());
    CHECK(database->schema_version() == db::latest_schema_version());
    CHECK(database->sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(database->sql().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(mode_of(dir / "a.db") == 0600);
    CHECK(db::check(*database).empty());
  }

  TEST_CASE("readers refuse a missing database without creating it") {
    TempDir dir;
    CHECK(error_code_of([&] { db::Database::open({dir / "missing.db", db::Access::read, 0}); }) == Exit::no_input);
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
  }

  TEST_CASE("a file that is not a database is an I/O error") {
    TempDir dir;
    dir.write("junk.db", std::string(4096, 'x'));
    CHECK(error_code_of([&] { db::Database::open({dir / "junk.db", db::Access::write, 0}); }) == Exit::io);
  }

  TEST_CASE("an older database is upgraded by migrate and keeps its data") {
    TempDir dir;
    {
      SQLite::Database raw((dir / "old.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      raw.exec(read_all(std::filesystem::path(ECHO_FIXTURES) / "db/schema-v1.sql"));
    }
    CHECK(error_code_of([&] { db::Database::open({dir / "old.db", db::Access::read, 0}); }) == Exit::failure);
    CHECK(error_code_of([&] { db::Database::open({dir / "old.db", db::Access::write, 0}); }) == Exit::failure);
    auto database = db::Database::open({dir / "old.db", db::Access::admin, 0});
    CHECK(database->schema_version() == 1);
    std::vector<int> pending; // every migration after the first, in order
    for (const auto& m : db::migrations())
      if (m.version > 1) pending.push_back(m.version);
    CHECK(pending.front() == 2);
    CHECK(database->migrate() == pending);
    CHECK(database->schema_version() == db::latest_schema_version());
    CHECK(database->sql().execAndGet("SELECT count(*) FROM proposal").getInt() == 0);
    CHECK(database->sql().execAndGet("SELECT minutes FROM attendance").getInt() == 55);
    CHECK(database->sql()
              .execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'attendance_by_participant'")
              .getInt() == 0);
    CHECK(database->sql().execAndGet("SELECT name FROM participant").getString() == "Émile Dubé");
    // Session numbers (CODE/N) are backfilled from the positions by start time, and the next
    // session gets the next number.
    CHECK(database->sql().execAndGet("SELECT group_concat(id || ':' || number, ',') FROM session").getString() ==
          "1:1,2:2");
    CHECK(database->sql().execAndGet("SELECT last_session_number FROM series").getInt() == 2);
    database->sql().exec("INSERT INTO session (series_id, key, local_date, local_time, start_utc, duration, "
                         "created_at, updated_at) VALUES (1, 'x', '2025-01-01', '12:00', '2025-01-01T20:00:00Z', 60, "
                         "'2024-12-01T18:00:00Z', '2024-12-01T18:00:00Z')");
    CHECK(database->sql().execAndGet("SELECT number FROM session WHERE key = 'x'").getInt() == 3);
    // Migration 7 rebuilt attendance and its intervals: the intervals still point at attendance,
    // and the source takes teams and meet.
    CHECK(database->sql()
              .execAndGet("SELECT count(*) FROM pragma_foreign_key_list('attendance_interval') WHERE \"table\" = "
                          "'attendance'")
              .getInt() == 1);
    CHECK(database->sql().execAndGet("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%attendance_new%'").getInt() ==
          0);
    CHECK(database->sql().exec("UPDATE attendance SET source = 'teams'") == 1);
    CHECK(database->migrate().empty());
    CHECK(db::check(*database).empty());
  }

  TEST_CASE("history triggers are loaded by writing connections only, and migration 15 drops the persistent ones") {
    TempDir dir;
    const auto path = dir / "h.db";
    {
      // A database at schema 14 as echo left it: its history triggers were persistent (one of
      // them made here as install_history_triggers made it then).
      SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      for (const auto& m : db::migrations())
        if (m.version <= 14) raw.exec(m.sql);
      raw.exec("PRAGMA user_version = 14");
      raw.exec("PRAGMA application_id = 1162037327"); // "ECHO"
      raw.exec("CREATE TRIGGER \"history_participant_update\" AFTER UPDATE ON \"participant\" WHEN OLD.\"email\" "
               "IS NOT NEW.\"email\" BEGIN INSERT INTO change_row (audit_id, tbl, row_key, old_key, op, old, new) "
               "VALUES ((SELECT entry FROM history_state), 'participant', CAST(NEW.\"id\" AS TEXT), "
               "CAST(OLD.\"id\" AS TEXT), 'update', json_object('email', OLD.\"email\"), "
               "json_object('email', NEW.\"email\")); END");
      raw.exec("INSERT INTO participant (email, created_at, updated_at) VALUES ('a@example.org', "
               "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
    }
    const auto scalar = [](db::Database& d, const char* sql) { return d.sql().execAndGet(sql).getInt(); };
    {
      auto admin = db::Database::open({path, db::Access::admin, 0});
      REQUIRE(admin->migrate().size() == static_cast<std::size_t>(db::latest_schema_version() - 14));
      CHECK(scalar(*admin, "SELECT count(*) FROM main.sqlite_master WHERE type = 'trigger' AND name LIKE 'history%'") ==
            0);
      // participant: update and delete (a rowid table: no insert trigger).
      CHECK(scalar(*admin, "SELECT count(*) FROM history_trigger WHERE tbl = 'participant'") == 2);
    }
    {
      // A reader parses no history trigger: its temp schema holds none.
      auto reader = db::Database::open({path, db::Access::read, 0});
      CHECK(scalar(*reader, "SELECT count(*) FROM participant") == 1);
      CHECK(scalar(*reader, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'") == 0);
    }
    auto writer = db::Database::open({path, db::Access::write, 0});
    CHECK(scalar(*writer, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'") == 0);
    writer->write([&] { writer->sql().exec("UPDATE participant SET email = 'b@example.org'"); });
    // Loaded at the first write, and they recorded it: the row before and after.
    CHECK(scalar(*writer, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'") ==
          scalar(*writer, "SELECT count(*) FROM history_trigger"));
    CHECK(writer->sql()
              .execAndGet("SELECT json_extract(old, '$.email') || ' ' || json_extract(new, '$.email') FROM change_row "
                          "WHERE tbl = 'participant' AND op = 'update'")
              .getString() == "a@example.org b@example.org");
    writer->write([&] { writer->sql().exec("DELETE FROM participant"); });
    CHECK(scalar(*writer, "SELECT count(*) FROM change_row WHERE tbl = 'participant' AND op = 'delete'") == 1);
  }

  TEST_CASE("a write limited to some tables loads only their triggers and cannot change another unrecorded") {
    TempDir dir;
    const auto path = dir / "limit.db";
    const auto scalar = [](db::Database& d, const std::string& sql) { return d.sql().execAndGet(sql).getInt(); };
    const char* add_series =
        "INSERT INTO series (code, title, timezone, start_date, start_time, duration, repeat, weekday, count, "
        "created_at, updated_at) VALUES ('s1', 'Series', 'UTC', '2026-01-06', '12:00', 60, 'weekly', 2, 4, 'x', 'x')";
    {
      auto seed = db::Database::open({path, db::Access::write, 0});
      seed->write([&] { db::ensure_participant(*seed, "a@example.org", "A"); });
    }
    auto writer = db::Database::open({path, db::Access::write, 0});
    const auto entries = [&] { return scalar(*writer, "SELECT count(*) FROM audit_log"); };
    const auto entries_before = entries();
    {
      const db::Database::WriteLimit limit(*writer, {"participant"});
      // Keys not enforced, as in a bulk import: no ON DELETE action can reach another table.
      writer->write_unenforced_keys([&] { writer->sql().exec("UPDATE participant SET name = 'Ann'"); });
      // Only participant's triggers (update and delete: a rowid table needs none for inserts),
      // and they recorded the update.
      CHECK(scalar(*writer, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'") == 2);
      CHECK(scalar(*writer, "SELECT count(*) FROM change_row WHERE tbl = 'participant' AND op = 'update'") == 1);
      CHECK(entries() == entries_before + 1);

      // A write to a table outside the limit is refused before it runs, with everything before
      // it in the same write rolled back: nothing changed, nothing logged.
      try {
        writer->write_unenforced_keys([&] {
          writer->sql().exec("UPDATE participant SET name = 'Anne'");
          writer->sql().exec(add_series);
        });
        FAIL("a write outside the limit was not refused");
      } catch (const Error& e) {
        CHECK(e.code() == Exit::failure);
        CHECK(std::string(e.what()).find("table 'series'") != std::string::npos);
      }
      CHECK(scalar(*writer, "SELECT count(*) FROM series") == 0);
      CHECK(writer->sql().execAndGet("SELECT name FROM participant").getString() == "Ann");
      CHECK(entries() == entries_before + 1);

      // With keys enforced, removing a participant (a delete, or a REPLACE that any write may
      // be) would delete their aliases, registrations... (ON DELETE CASCADE), whose triggers are
      // not loaded: refused too.
      CHECK(error_code_of([&] { writer->write([&] { writer->sql().exec("DELETE FROM participant"); }); }) ==
            Exit::failure);
      CHECK(error_code_of([&] { writer->write([&] { writer->sql().exec("UPDATE participant SET name = 'B'"); }); }) ==
            Exit::failure);
      CHECK(scalar(*writer, "SELECT count(*) FROM participant") == 1);
      CHECK(entries() == entries_before + 1);
    }
    // The limit ends with its scope: the next write loads the other triggers, and is recorded.
    writer->write([&] { writer->sql().exec(add_series); });
    CHECK(scalar(*writer, "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'") ==
          scalar(*writer, "SELECT count(*) FROM history_trigger"));
    CHECK(scalar(*writer, "SELECT count(*) FROM change_row WHERE tbl = 'series' AND op = 'inserts'") == 1);
    writer->write([&] { writer->sql().exec("DELETE FROM participant"); });
    CHECK(scalar(*writer, "SELECT count(*) FROM change_row WHERE tbl = 'participant' AND op = 'delete'") == 1);
    CHECK(entries() == entries_before + 3);
  }

  TEST_CASE("a database newer than this build is refused") {
    TempDir dir;
    {
      auto database = db::Database::open({dir / "new.db", db::Access::write, 0});
      database->sql().exec("PRAGMA user_version = 999");
    }
    CHECK(error_code_of([&] { db::Database::open({dir / "new.db", db::Access::admin, 0}); }) == Exit::failure);
  }

  TEST_CASE("a write that throws leaves nothing behind") {
    auto database = db::Database::open_memory();
    CHECK_THROWS(database->write([&] {
      db::ensure_participant(*database, "a@example.org");
      throw Error(Exit::data, "bad row");
    }));
    CHECK(database->sql().execAndGet("SELECT count(*) FROM participant").getInt() == 0);
  }

  TEST_CASE("a second writer waits, then gives up with temp_fail") {
    TempDir dir;
    auto first = db::Database::open({dir / "l.db", db::Access::write, 0});
    auto second = db::Database::open({dir / "l.db", db::Access::write, 50});
    first->sql().exec("BEGIN IMMEDIATE");
    CHECK(error_code_of([&] { second->write([] {}); }) == Exit::temp_fail);
    first->sql().exec("COMMIT");
    second->write([] {});
  }

  TEST_CASE("backups are complete private files") {
    TempDir dir;
    auto database = db::Database::open({dir / "b.db", db::Access::write, 0});
    database->write([&] { db::ensure_participant(*database, "x@example.org", "X"); });
    database->backup_to(dir / "copy.db");
    CHECK(mode_of(dir / "copy.db") == 0600);
    auto copy = db::Database::open({dir / "copy.db", db::Access::read, 0});
    CHECK(copy->sql().execAndGet("SELECT email FROM participant").getString() == "x@example.org");
  }

  TEST_CASE("write_unenforced_keys lifts key checks for its transaction only") {
    auto database = db::Database::open_memory();
    const auto keys_on = [&] { return database->sql().execAndGet("PRAGMA foreign_keys").getInt() == 1; };
    const char* orphan = "INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
                         "VALUES (99, 99, 1, 'x', 'x')";
    database->write_unenforced_keys([&] {
      CHECK_FALSE(keys_on());
      database->sql().exec(orphan); // not refused: verifying is the caller's job
      database->sql().exec("DELETE FROM attendance");
    });
    CHECK(keys_on());
    CHECK_THROWS(database->write_unenforced_keys([&] { throw Error(Exit::data, "bad row"); }));
    CHECK(keys_on());
    CHECK(error_code_of([&] { database->write([&] { database->sql().exec(orphan); }); }) == Exit::failure);
    CHECK(database->sql().execAndGet("SELECT count(*) FROM attendance").getInt() == 0);
  }

  TEST_CASE("foreign keys are enforced and check reports violations") {
    auto database = db::Database::open_memory();
    CHECK(error_code_of([&] {
            database->write([&] {
              database->sql().exec("INSERT INTO attendance (session_id, participant_id, minutes, created_at, "
                                   "updated_at) VALUES (99, 99, 1, 'x', 'x')");
            });
          }) == Exit::failure);
    database->sql().exec("PRAGMA foreign_keys = OFF");
    database->sql().exec("INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
                         "VALUES (99, 99, 1, 'x', 'x')");
    CHECK(db::check(*database).size() == 2);
  }
}

TEST_SUITE("echo::db::lookup") {
  TEST_CASE("participants are found by email in any case and created once") {
    auto database = db::Database::open_memory();
    const auto id = db::ensure_participant(*database, " A.Lee@Example.org ", "A Lee");
    CHECK(db::ensure_participant(*database, "a.lee@example.org") == id);
    CHECK(db::find_participant(*database, "A.LEE@example.org") == id);
    CHECK(db::find_participant(*database, std::to_string(id)) == id);
    CHECK(error_code_of([&] { db::find_participant(*database, "nobody@example.org"); }) == Exit::failure);
    CHECK(error_code_of([&] { db::ensure_participant(*database, "not an email"); }) == Exit::data);
  }

  TEST_CASE("session references are CODE/N as numbered when created, cancelled included") {
    auto database = db::Database::open_memory();
    auto& sql = database->sql();
    sql.exec("INSERT INTO series (id, code, title, timezone, created_at, updated_at) VALUES "
             "(1, 'pc-2026', 'PC', 'UTC', 'x', 'x')");
    sql.exec("INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, status, "
             "created_at, updated_at) VALUES "
             "(10, 1, 'b', '2026-02-01', '12:00', '2026-02-01T12:00:00Z', 60, 'scheduled', 'x', 'x'),"
             "(11, 1, 'a', '2026-01-01', '12:00', '2026-01-01T12:00:00Z', 60, 'cancelled', 'x', 'x')");
    // Issue 12: N is given once when the session is created (here 10, then 11), not its position
    // by start time (which made 11 number 1 and renumbered on every change).
    CHECK(db::find_session(*database, "pc-2026/1").id == 10);
    CHECK(db::find_session(*database, "pc-2026/2").id == 11);
    CHECK(db::find_session(*database, "10").ref() == "pc-2026/1");
    CHECK(error_code_of([&] { db::find_session(*database, "pc-2026/3"); }) == Exit::failure);
    CHECK(error_code_of([&] { db::find_session(*database, "pc-2025/1"); }) == Exit::failure);
    CHECK(error_code_of([&] { db::find_session(*database, "pc-2026/x"); }) == Exit::usage);
  }
}

TEST_CASE("the history finds new rows by rowid in every table that has one, and only there") {
  // A write logs its inserts by the rowids each table gained (log_inserts); WITHOUT ROWID tables
  // log theirs by trigger, and the history's own tables and derived first_participation not at all.
  auto database = db::Database::open_memory();
  const auto tables = db::rowid_tables(*database);
  const auto has = [&](const std::string& name) {
    return std::find(tables.begin(), tables.end(), name) != tables.end();
  };
  // session_person has a rowid since migration 17 (a schedule import's presenters and
  // facilitators are logged by rowid, not by a trigger per row).
  for (const char* name :
       {"series", "session", "session_person", "participant", "attendance", "attendance_interval", "certificate"})
    CHECK_MESSAGE(has(name), name);
  for (const char* name : {"series_skip", "proposal_team", "series_domain", "session_domain", "history_trigger",
                           "change_row", "audit_log", "history_state", "first_participation"})
    CHECK_MESSAGE(!has(name), name);
  CHECK(std::is_sorted(tables.begin(), tables.end()));
}

} // namespace test_db_database

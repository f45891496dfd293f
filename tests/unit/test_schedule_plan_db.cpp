// The schedule planner over a real (in-memory) database: plan then apply, the prepared writer,
// and when the ledger's hash may answer a re-import.
#include "echo/db/database.hpp"
#include "echo/db/history.hpp"
#include "echo/schedule/import_plan.hpp"

#include "../support/temp_dir.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_plan_db {

using namespace echo;

namespace {

const char* const k_csv = "series,key,date,time,duration,topic,presenters,facilitator\n"
                          "pc-2026,s01,2026-01-13,12:00,60,Opioid rotation,ana@example.org,fac@example.org\n"
                          "pc-2026,s02,2026-01-27,12:00,60,Delirium,ana@example.org;bo@example.org,fac@example.org\n";

schedule::ImportOptions options(const std::string& text) {
  schedule::ImportOptions o;
  o.path = "pc.csv";
  o.content = text;
  o.actor = "tester";
  o.defaults = {"America/Vancouver", 60, 1.0};
  return o;
}

std::string scalar(db::Database& db, const std::string& sql) { return db.sql().execAndGet(sql).getString(); }

void seed(db::Database& db) {
  domain::Series s;
  s.code = "pc-2026";
  s.title = "Palliative Care ECHO 2026";
  s.timezone = "America/Vancouver";
  s.duration = 60;
  schedule::create_series(db, s, "tester");
  REQUIRE(schedule::import_schedule(db, options(k_csv)).summary() == "inserted 2, updated 0, unchanged 0, cancelled 0");
}

} // namespace

TEST_SUITE("schedule import planner on a database") {
  TEST_CASE("apply writes the sessions, their people once each, and one ledger row") {
    auto db = db::Database::open_memory();
    seed(*db);
    CHECK(scalar(*db, "SELECT group_concat(key || ' ' || start_utc, ', ') FROM session") ==
          "s01 2026-01-13T20:00:00Z, s02 2026-01-27T20:00:00Z");
    // ana, fac, bo: three people, fac created once for two sessions.
    CHECK(scalar(*db, "SELECT count(*) FROM participant") == "3");
    // Presenters 1 + 2, facilitators 1 + 1.
    CHECK(scalar(*db, "SELECT count(*) FROM session_person") == "5");
    CHECK(scalar(*db, "SELECT count(*) || ' ' || max(rows) FROM import_file WHERE kind = 'schedule:csv'") == "1 2");
  }

  TEST_CASE("an unchanged re-import is answered from the ledger until something it compares changes") {
    auto db = db::Database::open_memory();
    seed(*db);
    schedule::DbScheduleDirectory hub(*db);
    auto plan = schedule::plan_import(hub, options(k_csv));
    CHECK(plan.unchanged_by_hash == std::vector<std::string>{"pc-2026"});
    CHECK(plan.result.summary() == "inserted 0, updated 0, unchanged 2, cancelled 0");

    // A session changed since (through echo, so in the history): compared again, and restored.
    schedule::SessionInput in;
    in.topic = "Something else";
    schedule::update_session(*db, "pc-2026/2", in, "tester");
    plan = schedule::plan_import(hub, options(k_csv));
    CHECK(plan.unchanged_by_hash.empty());
    CHECK(plan.result.summary() == "inserted 0, updated 1, unchanged 1, cancelled 0");
    REQUIRE(plan.result.plan.size() == 2);
    CHECK(plan.result.plan[1].detail == "topic 'Something else' -> 'Delirium'");
  }

  TEST_CASE("a presenter named by an email alias is never answered from the ledger") {
    auto db = db::Database::open_memory();
    seed(*db);
    // ana's old address, an alias: the session stores ana@example.org, so the comparison (not
    // the ledger) decides, as it did before there was a ledger short cut.
    db->sql().exec("INSERT INTO participant_alias (participant_id, kind, value, key, created_at) SELECT id, 'email', "
                   "'ana.old@example.org', 'ana.old@example.org', '2026-01-01T00:00:00Z' FROM participant WHERE "
                   "email = 'ana@example.org'");
    const std::string upper = "series,key,date,time,duration,topic,presenters,facilitator\n"
                              "pc-2026,s01,2026-01-13,12:00,60,Opioid rotation,ana.old@example.org,fac@example.org\n";
    REQUIRE(schedule::import_schedule(*db, options(upper)).summary() ==
            "inserted 0, updated 1, unchanged 0, cancelled 0");
    schedule::DbScheduleDirectory hub(*db);
    const auto plan = schedule::plan_import(hub, options(upper));
    CHECK(plan.unchanged_by_hash.empty());
    CHECK(plan.result.summary() == "inserted 0, updated 1, unchanged 0, cancelled 0");
  }

  TEST_CASE("an import logs its presenters and facilitators by rowid, and undo takes them back") {
    auto db = db::Database::open_memory();
    seed(*db);
    // Migration 17: session_person has a rowid, so the import's 5 rows are one 'inserts' range
    // (rowids 1..5), not 5 rows written by a trigger.
    CHECK(scalar(*db, "SELECT group_concat(op || ' ' || row_key || '..' || old_key || ' ' || new) FROM change_row "
                      "WHERE tbl = 'session_person'") == "inserts 1..5 5");
    db::LogFilter f;
    f.with_changes = true;
    const auto entries = db::log_entries(*db, f);
    REQUIRE(entries.size() == 2); // series.create, session.import
    const auto summary = db::summarize(entries.back().changes);
    CHECK(std::find(summary.begin(), summary.end(), "session_person +5") != summary.end());
    db::undo(*db, std::nullopt, "tester", "");
    CHECK(scalar(*db, "SELECT count(*) FROM session_person") == "0");
    CHECK(scalar(*db, "SELECT count(*) FROM session") == "0");
  }

  TEST_CASE("migration 17 keys the history kept of session_person by the rows' new rowids") {
    echo::test::TempDir dir;
    const auto path = dir / "m16.db";
    {
      // A database at schema 16 with what its history triggers wrote for session_person: the
      // rows keyed by a JSON array of their primary key.
      SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      for (const auto& m : db::migrations())
        if (m.version <= 16) raw.exec(m.sql);
      raw.exec("PRAGMA user_version = 16");
      raw.exec("PRAGMA application_id = 1162037327"); // "ECHO"
      raw.exec(R"sql(
        INSERT INTO series (id, code, title, timezone, duration, credit_hours, created_at, updated_at)
          VALUES (1, 'pc', 'PC', 'America/Vancouver', 60, 1.0, 't', 't');
        INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, created_at, updated_at)
          VALUES (7, 1, 'a', '2026-01-13', '12:00', '2026-01-13T20:00:00Z', 60, 't', 't');
        INSERT INTO participant (id, email, created_at, updated_at) VALUES (3, 'a@example.org', 't', 't'),
          (4, 'b@example.org', 't', 't'), (5, 'c@example.org', 't', 't');
        INSERT INTO session_person (session_id, participant_id, role, position) VALUES (7, 4, 'presenter', 0),
          (7, 3, 'facilitator', 0);
        INSERT INTO audit_log (id, at, actor, action, entity, entity_id, details)
          VALUES (1, 't', 'x', 'session.import', 'session', 7, '{}');
        INSERT INTO change_row (audit_id, tbl, row_key, old_key, op, old, new) VALUES
          (1, 'session_person', '[7,"presenter",4]', NULL, 'insert', NULL, NULL),
          (1, 'session_person', '[7,"facilitator",3]', '[7,"facilitator",3]', 'update',
           '{"position":1}', '{"position":0}'),
          (1, 'session_person', '[7,"presenter",5]', '[7,"presenter",5]', 'delete', '{}', NULL),
          (1, 'session_person', '[7,"presenter",4]', '[7,"presenter",5]', 'update', '{}', '{}');
      )sql");
    }
    auto admin = db::Database::open({path, db::Access::admin, 0});
    REQUIRE(!admin->migrate().empty());
    const auto tables = db::rowid_tables(*admin);
    CHECK(std::find(tables.begin(), tables.end(), "session_person") != tables.end());
    // The rows copied in key order: the facilitator (role 'facilitator' < 'presenter') is rowid 1.
    CHECK(scalar(*admin, "SELECT group_concat(rowid || ':' || role || ':' || participant_id, ' ') FROM "
                         "(SELECT rowid, * FROM session_person ORDER BY rowid)") == "1:facilitator:3 2:presenter:4");
    // Rows that exist are keyed by rowid (an update's key before too, when it is the same row);
    // the deleted row keeps its array; an update from another row keeps the key it came from.
    CHECK(scalar(*admin, "SELECT group_concat(op || ' ' || row_key || ' ' || coalesce(old_key, '-'), ' | ') FROM "
                         "(SELECT * FROM change_row WHERE tbl = 'session_person' ORDER BY id)") ==
          "insert 2 - | update 1 1 | delete [7,\"presenter\",5] [7,\"presenter\",5] | update 2 [7,\"presenter\",5]");
    CHECK(scalar(*admin, "SELECT count(*) FROM sqlite_master WHERE name IN ('session_one_facilitator', "
                         "'session_person_by_participant')") == "2");
    CHECK(scalar(*admin, "SELECT count(*) FROM pragma_foreign_key_check") == "0");
  }

  TEST_CASE("a dry run plans against the database and writes nothing") {
    auto db = db::Database::open_memory();
    seed(*db);
    const auto before = scalar(*db, "SELECT count(*) || '/' || max(updated_at) FROM session");
    auto o = options("series,key,date,time,duration,topic\npc-2026,s03,2026-02-10,12:00,60,Grief\n");
    o.dry_run = true;
    CHECK(schedule::import_schedule(*db, o).summary() == "inserted 1, updated 0, unchanged 0, cancelled 0");
    CHECK(scalar(*db, "SELECT count(*) || '/' || max(updated_at) FROM session") == before);
    CHECK(scalar(*db, "SELECT count(*) FROM import_file") == "1");
  }
}

} // namespace test_schedule_plan_db

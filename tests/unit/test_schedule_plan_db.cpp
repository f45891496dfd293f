// The schedule planner over a real (in-memory) database: plan then apply, the prepared writer,
// and when the ledger's hash may answer a re-import.
#include "echo/db/database.hpp"
#include "echo/schedule/import_plan.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

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

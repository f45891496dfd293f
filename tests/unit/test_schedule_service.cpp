#include "../support/temp_dir.hpp"

#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/error.hpp"
#include "echo/schedule/service.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_service {

using namespace echo;

namespace {

domain::Series weekly(const std::string& code, const std::string& time) {
  domain::Series s;
  s.code = code;
  s.title = "Series " + code;
  s.timezone = "America/Vancouver";
  s.rule.start_date = "2026-03-01";
  s.rule.start_time = time;
  s.rule.repeat = domain::Repeat::weekly;
  s.rule.count = 3;
  return s;
}

std::vector<domain::Session> sessions(db::Database& db) { return db::list_sessions(db, {}); }

} // namespace

TEST_SUITE("echo::schedule::service") {
  TEST_CASE("schedule_series creates the rule's sessions once and reports the gap") {
    auto db = db::Database::open_memory();
    schedule::create_series(*db, weekly("g-1", "02:30"), "tester");
    const auto dry = schedule::schedule_series(*db, "g-1", true);
    CHECK(dry.created.size() == 3);
    CHECK(sessions(*db).empty());
    const auto first = schedule::schedule_series(*db, "g-1", false);
    REQUIRE(first.created.size() == 3);
    REQUIRE(first.warnings.size() == 1);
    CHECK(first.warnings[0].find("g-1 2026-03-08") != std::string::npos);
    CHECK(first.created[1].local_time == "03:30");
    const auto again = schedule::schedule_series(*db, "g-1", false);
    CHECK(again.created.empty());
    CHECK(again.existing == 3);
    CHECK(sessions(*db).size() == 3);
  }

  TEST_CASE("after a rule change schedule_series changes the series' future and leaves its history") {
    auto db = db::Database::open_memory();
    auto s = weekly("r-1", "12:00");
    s.rule.start_date = "2026-03-03"; // Tuesdays 03-03 .. 04-07
    s.rule.count = 6;
    schedule::create_series(*db, s, "tester");
    const auto now = *util::parse_utc("2026-03-20T00:00:00Z");
    // The first run fills in the dates already past too.
    REQUIRE(schedule::schedule_series(*db, "r-1", false, now).created.size() == 6);
    const auto id_on = [&](const std::string& date) {
      for (const auto& x : sessions(*db))
        if (x.local_date == date) return x.id;
      return std::int64_t{0};
    };
    db->sql().exec(
        "INSERT INTO participant (id, name, name_key, created_at, updated_at) VALUES (1, 'A', 'a', 'x', 'x')");
    db->sql().exec(fmt::format("INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
                               "VALUES ({}, 1, 60, 'x', 'x')",
                               id_on("2026-03-31")));
    db->sql().exec(fmt::format("UPDATE session SET topic = 'Opioids' WHERE id = {}", id_on("2026-04-07")));

    auto changed = *db::get_series(*db, "r-1");
    changed.rule.weekday = 4; // Thursdays 03-05 .. 04-09, at 13:00 for 90 minutes
    changed.rule.start_time = "13:00";
    changed.duration = 90;
    schedule::update_series(*db, changed, "tester");
    const auto before = sessions(*db);
    const auto dry = schedule::schedule_series(*db, "r-1", true, now);
    CHECK(dry.created.size() == 3);
    CHECK(sessions(*db).size() == before.size());

    const auto run = schedule::schedule_series(*db, "r-1", false, now);
    std::vector<std::string> created;
    for (const auto& x : run.created) created.push_back(x.local_date + " " + x.local_time);
    CHECK(created == std::vector<std::string>{"2026-03-26 13:00", "2026-04-02 13:00", "2026-04-09 13:00"});
    CHECK(run.past_skipped == 3); // 03-05, 03-12, 03-19: not invented after the fact
    REQUIRE(run.removed.size() == 1);
    CHECK(run.removed[0].local_date == "2026-03-24"); // to come, untouched: removed
    REQUIRE(run.warnings.size() == 1);                // 04-07 has a topic: kept, with a warning
    CHECK(run.warnings[0].find("2026-04-07") != std::string::npos);
    std::vector<std::string> now_there;
    for (const auto& x : sessions(*db)) now_there.push_back(x.local_date + " " + x.local_time);
    CHECK(now_there == std::vector<std::string>{"2026-03-03 12:00", "2026-03-10 12:00", "2026-03-17 12:00",
                                                "2026-03-26 13:00", "2026-03-31 12:00", "2026-04-02 13:00",
                                                "2026-04-07 12:00", "2026-04-09 13:00"});

    // A new time moves the generated sessions still to come, and only them.
    changed = *db::get_series(*db, "r-1");
    changed.rule.start_time = "12:30";
    schedule::update_series(*db, changed, "tester");
    const auto moved = schedule::schedule_series(*db, "r-1", false, now);
    CHECK(moved.created.empty());
    std::vector<std::string> moved_dates;
    for (const auto& x : moved.moved) moved_dates.push_back(x.local_date + " " + x.local_time + " " + x.start_utc);
    CHECK(moved_dates == std::vector<std::string>{"2026-03-26 12:30 2026-03-26T19:30:00Z",
                                                  "2026-04-02 12:30 2026-04-02T19:30:00Z",
                                                  "2026-04-09 12:30 2026-04-09T19:30:00Z"});
    CHECK(schedule::schedule_series(*db, "r-1", false, now).moved.empty());
  }

  TEST_CASE("schedule_series refuses an archived series and a series without a start") {
    auto db = db::Database::open_memory();
    auto s = weekly("a-1", "12:00");
    schedule::create_series(*db, s, "tester");
    schedule::archive_series(*db, "a-1", "tester");
    CHECK_THROWS_AS(schedule::schedule_series(*db, "a-1", false), Error);
    CHECK_THROWS_AS(schedule::archive_series(*db, "a-1", "tester"), Error);
    domain::Series bare;
    bare.code = "b-1";
    bare.title = "Bare";
    bare.timezone = "UTC";
    schedule::create_series(*db, bare, "tester");
    try {
      schedule::schedule_series(*db, "b-1", false);
      FAIL("scheduled without a start date");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::failure);
    }
  }

  TEST_CASE("import plans insert, update, unchanged and cancel, and a dry run writes nothing") {
    test::TempDir dir;
    auto db = db::Database::open_memory();
    schedule::create_series(*db, weekly("pc-2026", "12:00"), "tester");
    const auto v1 = dir.write("v1.csv", "key,date,topic\na,2026-03-03,A\nb,2026-03-10,B\nc,2026-03-17,C\n");
    schedule::ImportOptions o;
    o.path = v1.string();
    o.series = "pc-2026";
    o.actor = "tester";
    auto r = schedule::import_schedule(*db, o);
    CHECK(r.summary() == "inserted 3, updated 0, unchanged 0, cancelled 0");
    CHECK(sessions(*db).at(1).start_utc == "2026-03-10T19:00:00Z");

    const auto v2 = dir.write("v2.csv", "key,date,topic\na,2026-03-03,A\nb,2026-03-10,B changed\nd,2026-03-24,D\n");
    o.path = v2.string();
    o.prune = true;
    o.dry_run = true;
    r = schedule::import_schedule(*db, o);
    CHECK(r.summary() == "inserted 1, updated 1, unchanged 1, cancelled 1");
    REQUIRE(r.plan.size() == 4);
    CHECK(r.plan[0].action == "unchanged");
    CHECK(r.plan[1].action == "update");
    CHECK(r.plan[1].detail == "topic 'B' -> 'B changed'"); // every change, old -> new (issue 12)
    CHECK(r.plan[2].action == "insert");
    CHECK(r.plan[3].action == "cancel");
    CHECK(r.plan[3].key == "c");
    CHECK(sessions(*db).size() == 3);
    CHECK(sessions(*db).at(1).topic == "B");

    o.dry_run = false;
    r = schedule::import_schedule(*db, o);
    CHECK(r.summary() == "inserted 1, updated 1, unchanged 1, cancelled 1");
    const auto after = sessions(*db);
    REQUIRE(after.size() == 4);
    CHECK(after[1].topic == "B changed");
    CHECK(after[2].status == domain::SessionStatus::cancelled);
    CHECK(after[2].cancel_reason.value_or("").find("v2.csv") != std::string::npos);
    r = schedule::import_schedule(*db, o);
    CHECK(r.summary() == "inserted 0, updated 0, unchanged 3, cancelled 0");
  }

  TEST_CASE("a bad import leaves the database as it was") {
    test::TempDir dir;
    auto db = db::Database::open_memory();
    schedule::create_series(*db, weekly("pc-2026", "12:00"), "tester");
    // Good rows first: nothing of them may be written when a later row names an unknown series.
    const auto f = dir.write("bad.csv", "series,date\npc-2026,2026-03-03\npc-2026,2026-03-10\nnope,2026-03-17\n");
    schedule::ImportOptions o;
    o.path = f.string();
    try {
      schedule::import_schedule(*db, o);
      FAIL("imported");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
      CHECK(std::string(e.what()).find("bad.csv:4: no series 'nope'") != std::string::npos);
    }
    CHECK(sessions(*db).empty());
  }

  TEST_CASE("add and update keep wall-clock time, remove is refused with attendance") {
    auto db = db::Database::open_memory();
    schedule::create_series(*db, weekly("pc-2026", "12:00"), "tester");
    schedule::SessionInput in;
    in.date = "2026-11-01";
    in.time = "01:30";
    in.presenters = std::vector<std::string>{"A.Lee@Example.org"};
    const auto added = schedule::add_session(*db, "pc-2026", in);
    CHECK(added.session.ref() == "pc-2026/1");
    CHECK(added.warning.find("occurs twice") != std::string::npos);
    CHECK(added.session.presenters == std::vector<std::string>{"a.lee@example.org"});
    schedule::SessionInput change;
    change.date = "2026-11-03";
    const auto moved = schedule::update_session(*db, "pc-2026/1", change, "tester");
    CHECK(moved.session.local_time == "01:30");
    CHECK(moved.session.start_utc == "2026-11-03T09:30:00Z");
    CHECK(moved.warning.empty());
    db->sql().exec("INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) "
                   "SELECT s.id, p.id, 50, 'x', 'x' FROM session s, participant p");
    CHECK_THROWS_AS(schedule::remove_session(*db, "pc-2026/1", false, "tester"), Error);
    CHECK(sessions(*db).size() == 1);
    schedule::remove_session(*db, "pc-2026/1", true, "tester");
    CHECK(sessions(*db).empty());
  }
}

} // namespace test_schedule_service

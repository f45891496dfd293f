#include "echo/db/lookup.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/error.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_session_repo {

using namespace echo;

namespace {

std::int64_t series(db::Database& db, const std::string& code) {
  domain::Series s;
  s.code = code;
  s.title = code;
  s.timezone = "America/Vancouver";
  return db::create_series(db, s);
}

std::int64_t session(db::Database& db, std::int64_t series_id, const std::string& key, const std::string& date,
                     const std::string& start_utc) {
  domain::Session s;
  s.series_id = series_id;
  s.key = key;
  s.local_date = date;
  s.local_time = "12:00";
  s.start_utc = start_utc;
  s.duration = 60;
  s.topic = "Topic " + key;
  return db::insert_session(db, s);
}

} // namespace

TEST_SUITE("echo::db::SessionRepo") {
  TEST_CASE("list is by start time, numbers are given at creation, presenters in order and the facilitator") {
    auto db = db::Database::open_memory();
    const auto a = series(*db, "pc-2026");
    const auto b = series(*db, "nc-2026");
    // Inserted out of order: listed by start time, but each keeps the number it was given when
    // created (issue 12: CODE/N is stable; it used to be the position by start time).
    const auto s2 = session(*db, a, "s2", "2026-01-27", "2026-01-27T20:00:00Z");
    const auto s1 = session(*db, a, "s1", "2026-01-13", "2026-01-13T20:00:00Z");
    session(*db, b, "n1", "2026-01-15", "2026-01-15T21:00:00Z");
    const auto lee = db::ensure_participant(*db, "a.lee@example.org");
    const auto okafor = db::ensure_participant(*db, "j.okafor@example.org");
    db::set_presenters(*db, s2, {okafor, lee});
    db::set_facilitator(*db, s2, lee);
    db::SessionFilter f;
    f.series_id = a;
    const auto list = db::list_sessions(*db, f);
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == s1);
    CHECK(list[0].ref() == "pc-2026/2");
    CHECK(list[0].presenters.empty());
    CHECK_FALSE(list[0].facilitator);
    CHECK(list[1].ref() == "pc-2026/1");
    CHECK(list[1].presenters == std::vector<std::string>{"j.okafor@example.org", "a.lee@example.org"});
    CHECK(list[1].facilitator == "a.lee@example.org");
    // The numbers agree with db::find_session; each series numbers its own sessions.
    CHECK(db::find_session(*db, "pc-2026/1").id == s2);
    CHECK(db::get_session(*db, s2).position == 1);
    CHECK(db::find_session(*db, "nc-2026/1").position == 1);
  }

  TEST_CASE("a deleted session's number is never given again, and the others keep theirs") {
    auto db = db::Database::open_memory();
    const auto a = series(*db, "pc-2026");
    session(*db, a, "s1", "2026-01-13", "2026-01-13T20:00:00Z");
    const auto s2 = session(*db, a, "s2", "2026-01-27", "2026-01-27T20:00:00Z");
    const auto s3 = session(*db, a, "s3", "2026-02-10", "2026-02-10T20:00:00Z");
    db::delete_session(*db, s3);
    db::delete_session(*db, s2);
    const auto s4 = session(*db, a, "s4", "2026-02-24", "2026-02-24T20:00:00Z");
    CHECK(db::get_session(*db, s4).position == 4);
    CHECK(db::find_session(*db, "pc-2026/1").id != 0);
    CHECK_THROWS_WITH_AS(db::find_session(*db, "pc-2026/2"),
                         "no session pc-2026/2: it was removed (numbers are never given again; series 'pc-2026' has "
                         "2 sessions, numbered up to 4)",
                         Error);
    CHECK_THROWS_WITH_AS(db::find_session(*db, "pc-2026/5"),
                         "no session pc-2026/5: series 'pc-2026' has 2 sessions, numbered up to 4", Error);
  }

  TEST_CASE("filters by date range and status across series") {
    auto db = db::Database::open_memory();
    const auto a = series(*db, "pc-2026");
    session(*db, a, "s1", "2026-01-13", "2026-01-13T20:00:00Z");
    const auto s2 = session(*db, a, "s2", "2026-01-27", "2026-01-27T20:00:00Z");
    session(*db, a, "s3", "2026-02-10", "2026-02-10T20:00:00Z");
    auto cancelled = db::get_session(*db, s2);
    cancelled.status = domain::SessionStatus::cancelled;
    cancelled.cancel_reason = "storm";
    db::update_session(*db, cancelled);
    db::SessionFilter f;
    f.from = "2026-01-20";
    f.to = "2026-02-10";
    CHECK(db::list_sessions(*db, f).size() == 2);
    f.status = domain::SessionStatus::scheduled;
    const auto only = db::list_sessions(*db, f);
    REQUIRE(only.size() == 1);
    CHECK(only[0].key == "s3");
    CHECK(only[0].position == 3); // cancelled sessions keep their place
    CHECK(db::get_session(*db, s2).cancel_reason == "storm");
  }

  TEST_CASE("a duplicate key in a series is refused, the same key in another series is fine") {
    auto db = db::Database::open_memory();
    const auto a = series(*db, "pc-2026");
    const auto b = series(*db, "nc-2026");
    session(*db, a, "s1", "2026-01-13", "2026-01-13T20:00:00Z");
    CHECK_THROWS_AS(session(*db, a, "s1", "2026-01-14", "2026-01-14T20:00:00Z"), Error);
    CHECK_NOTHROW(session(*db, b, "s1", "2026-01-14", "2026-01-14T20:00:00Z"));
    CHECK(db::session_key_exists(*db, a, "s1"));
    CHECK_FALSE(db::session_key_exists(*db, a, "s9"));
  }

  TEST_CASE("cases, attendance count and deletion") {
    auto db = db::Database::open_memory();
    const auto a = series(*db, "pc-2026");
    const auto s1 = session(*db, a, "s1", "2026-01-13", "2026-01-13T20:00:00Z");
    const auto p = db::ensure_participant(*db, "c.presenter@example.org");
    db::add_case(*db, s1, p, "Refractory breathlessness");
    const auto cases = db::list_cases(*db, s1);
    REQUIRE(cases.size() == 1);
    CHECK(cases[0].presenter == "c.presenter@example.org");
    CHECK(cases[0].title == "Refractory breathlessness");
    CHECK(db::attendance_count(*db, s1) == 0);
    db::delete_session(*db, s1);
    CHECK(db::list_cases(*db, s1).empty());
    CHECK_THROWS_AS(db::get_session(*db, s1), Error);
  }

  TEST_CASE("the import ledger remembers content per kind and series") {
    auto db = db::Database::open_memory();
    const auto a = series(*db, "pc-2026");
    CHECK_FALSE(db::import_recorded(*db, "schedule:csv", "h1", a));
    db::record_import(*db, "schedule:csv", "h1", "s.csv", a, 3, "tester");
    CHECK(db::import_recorded(*db, "schedule:csv", "h1", a));
    CHECK_FALSE(db::import_recorded(*db, "schedule:toml", "h1", a));
  }
}

} // namespace test_db_session_repo

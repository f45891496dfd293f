#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/error.hpp"

#include <doctest/doctest.h>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_series_repo {

using namespace echo;

namespace {

domain::Series make_series(const std::string& code) {
  domain::Series s;
  s.code = code;
  s.title = "Title of " + code;
  s.timezone = "America/Vancouver";
  s.credit_hours = 1.5;
  s.duration = 90;
  s.rule.start_date = "2026-01-13";
  s.rule.start_time = "12:00";
  s.rule.repeat = domain::Repeat::biweekly;
  s.rule.weekday = 2;
  s.rule.count = 10;
  s.rule.skip = {"2026-03-24", "2026-02-10"};
  return s;
}

void add_session(db::Database& db, std::int64_t series_id, const std::string& key, const std::string& start_utc,
                 const std::string& status = "scheduled") {
  domain::Session s;
  s.series_id = series_id;
  s.key = key;
  s.local_date = start_utc.substr(0, 10);
  s.local_time = "12:00";
  s.start_utc = start_utc;
  s.duration = 60;
  s.status = *domain::parse_session_status(status);
  db::insert_session(db, s);
}

} // namespace

TEST_SUITE("echo::db::SeriesRepo") {
  TEST_CASE("a created series reads back with its rule and sorted skip dates") {
    auto db = db::Database::open_memory();
    const auto id = db::create_series(*db, make_series("pc-2026"));
    const auto s = db::get_series(*db, "pc-2026");
    REQUIRE(s);
    CHECK(s->id == id);
    CHECK(s->title == "Title of pc-2026");
    CHECK(s->credit_hours == doctest::Approx(1.5));
    CHECK(s->duration == 90);
    CHECK(s->rule.repeat == domain::Repeat::biweekly);
    CHECK(s->rule.weekday == 2);
    CHECK(s->rule.count == 10);
    CHECK_FALSE(s->rule.until_date);
    CHECK(s->rule.skip == std::vector<std::string>{"2026-02-10", "2026-03-24"});
    CHECK_FALSE(s->archived_at);
  }

  TEST_CASE("a duplicate code is refused with exit 1") {
    auto db = db::Database::open_memory();
    db::create_series(*db, make_series("pc-2026"));
    try {
      db::create_series(*db, make_series("pc-2026"));
      FAIL("duplicate accepted");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::failure);
      CHECK(std::string(e.what()).find("already exists") != std::string::npos);
    }
  }

  TEST_CASE("update replaces the rule and the skip dates") {
    auto db = db::Database::open_memory();
    db::create_series(*db, make_series("pc-2026"));
    auto s = *db::get_series(*db, "pc-2026");
    s.title = "New title";
    s.rule.count.reset();
    s.rule.until_date = "2026-06-30";
    s.rule.skip = {"2026-04-07"};
    db::update_series(*db, s);
    const auto back = *db::get_series(*db, "pc-2026");
    CHECK(back.title == "New title");
    CHECK_FALSE(back.rule.count);
    CHECK(back.rule.until_date == "2026-06-30");
    CHECK(back.rule.skip == std::vector<std::string>{"2026-04-07"});
  }

  TEST_CASE("list derives planned, active, completed and archived in one query") {
    auto db = db::Database::open_memory();
    const auto planned = db::create_series(*db, make_series("a-planned"));
    const auto active = db::create_series(*db, make_series("b-active"));
    const auto completed = db::create_series(*db, make_series("c-completed"));
    const auto archived = db::create_series(*db, make_series("d-archived"));
    db::create_series(*db, make_series("e-empty"));
    add_session(*db, planned, "1", "2026-06-01T19:00:00Z");
    add_session(*db, active, "1", "2026-01-01T19:00:00Z");
    add_session(*db, active, "2", "2026-06-01T19:00:00Z");
    add_session(*db, completed, "1", "2026-01-01T19:00:00Z");
    add_session(*db, completed, "2", "2026-06-01T19:00:00Z", "cancelled"); // cancelled: not upcoming
    add_session(*db, archived, "1", "2026-01-01T19:00:00Z");
    CHECK(db::archive_series(*db, archived, "2026-03-01T00:00:00Z"));
    CHECK_FALSE(db::archive_series(*db, archived, "2026-03-02T00:00:00Z"));
    const auto rows = db::list_series(*db, "2026-03-01T00:00:00Z");
    REQUIRE(rows.size() == 5);
    CHECK(rows[0].status == "planned");
    CHECK(rows[1].status == "active");
    CHECK(rows[2].status == "completed");
    CHECK(rows[2].counts.sessions == 2);
    CHECK(rows[3].status == "archived");
    CHECK(rows[4].status == "planned");
    CHECK(rows[4].counts.sessions == 0);
    const auto only = db::list_series(*db, "2026-03-01T00:00:00Z", "completed");
    REQUIRE(only.size() == 1);
    CHECK(only[0].series.code == "c-completed");
    // The SQL derivation agrees with the domain rule.
    for (const auto& r : rows) CHECK(r.status == domain::series_status(r.series.archived_at.has_value(), r.counts));
  }
}

} // namespace test_db_series_repo

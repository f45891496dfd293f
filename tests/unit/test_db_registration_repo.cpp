#include "echo/db/participant_repo.hpp"
#include "echo/db/registration_repo.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_registration_repo {

using echo::db::Database;
using echo::db::RegistrationRepo;

namespace {

// Series 1 with sessions 10 and 11; participants 1..200.
std::unique_ptr<Database> registration_db() {
  auto db = Database::open_memory();
  db->sql().exec(
      "INSERT INTO series (id, code, title, timezone, created_at, updated_at) VALUES (1, 'pc', 'PC', 'UTC', 'x', 'x');"
      "INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, status, created_at, "
      "updated_at) VALUES (10, 1, 'a', '2026-01-01', '12:00', '2026-01-01T12:00:00Z', 60, 'scheduled', 'x', 'x'),"
      "(11, 1, 'b', '2026-01-08', '12:00', '2026-01-08T12:00:00Z', 60, 'scheduled', 'x', 'x');"
      "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 200) "
      "INSERT INTO participant (id, name, name_key, email, created_at, updated_at) "
      "SELECT k, 'P' || k, 'p' || k, 'p' || k || '@example.org', 'x', 'x' FROM n;");
  return db;
}

std::vector<std::string> rows_of(Database& db) {
  std::vector<std::string> out;
  SQLite::Statement q(db.sql(), "SELECT participant_id || '|' || ifnull(session_id, 'series ' || series_id) || '|' || "
                                "ifnull(registered_at, '-') FROM registration ORDER BY id");
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

} // namespace

TEST_SUITE("echo::db::RegistrationRepo") {

  TEST_CASE("queued rows are written in file order in batches, and flush counts the ones added") {
    auto db = registration_db();
    RegistrationRepo repo(*db);
    REQUIRE(repo.add({10, std::nullopt}, 1, std::nullopt, std::nullopt, "csv", "before.csv"));
    std::vector<std::string> expected{"1|10|-"};
    // Session 10, participants 1..200 (1 is registered already): 199 new; crosses the 128-row batch.
    for (std::int64_t k = 1; k <= 200; ++k) {
      repo.queue({10, std::nullopt}, k, "2026-01-01T10:00:00Z", std::nullopt, "csv", "f.csv");
      if (k > 1) expected.push_back(std::to_string(k) + "|10|2026-01-01T10:00:00Z");
    }
    // Session 11, participant 7 twice in a row (once added), participant 5 of session 10 again
    // (added in the first batch: ignored), and the series for participant 3: 2 new.
    repo.queue({11, std::nullopt}, 7, std::nullopt, "approved", "csv", "f.csv");
    repo.queue({11, std::nullopt}, 7, std::nullopt, "approved", "csv", "f.csv");
    repo.queue({10, std::nullopt}, 5, std::nullopt, std::nullopt, "csv", "f.csv");
    repo.queue({std::nullopt, 1}, 3, std::nullopt, std::nullopt, "csv", "f.csv");
    expected.push_back("7|11|-");
    expected.push_back("3|series 1|-");
    // 199 + 1 + 1 = 201 added of 204 queued.
    CHECK(repo.flush() == 201);
    CHECK(repo.flush() == 0);
    CHECK(rows_of(*db) == expected);
    CHECK(db->sql()
              .execAndGet("SELECT count(DISTINCT source || file_name || created_at) FROM registration WHERE "
                          "file_name = 'f.csv'")
              .getInt() == 1);
    CHECK(db->sql().execAndGet("SELECT approval FROM registration WHERE session_id = 11").getString() == "approved");

    // A change of file name writes what is queued first; the rows keep their order.
    repo.queue({11, std::nullopt}, 8, std::nullopt, std::nullopt, "csv", "g.csv");
    repo.queue({11, std::nullopt}, 9, std::nullopt, std::nullopt, "zoom", "h.csv");
    CHECK(repo.flush() == 2);
    CHECK(db->sql()
              .execAndGet("SELECT group_concat(participant_id || source || file_name, ' ') FROM (SELECT * FROM "
                          "registration WHERE session_id = 11 AND participant_id IN (8, 9) ORDER BY id)")
              .getString() == "8csvg.csv 9zoomh.csv");
  }

  TEST_CASE("session_numbered finds a session by its series and number") {
    auto db = registration_db();
    RegistrationRepo repo(*db);
    const auto n = db->sql().execAndGet("SELECT number FROM session WHERE id = 11").getInt64();
    CHECK(repo.session_numbered(1, n) == 11);
    CHECK_FALSE(repo.session_numbered(1, 99));
    CHECK_FALSE(repo.session_numbered(2, n));
  }

  TEST_CASE("verify_keys refuses an id that has no row") {
    auto db = registration_db();
    RegistrationRepo repo(*db);
    CHECK_NOTHROW(repo.verify_keys({1, 200}, {10, 11}, {1}));
    CHECK_THROWS_AS(repo.verify_keys({}, {10, 12}, {}), echo::Error);
    CHECK_THROWS_AS(repo.verify_keys({201}, {}, {}), echo::Error);
    CHECK_THROWS_AS(repo.verify_keys({}, {}, {2}), echo::Error);
  }
}

} // namespace test_db_registration_repo

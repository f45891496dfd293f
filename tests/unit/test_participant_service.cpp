// The participant services on an in-memory database: rules and audit rows without the binary.
#include "echo/db/history.hpp"
#include "echo/participant/service.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_participant_service {

using echo::db::Database;
namespace participant = echo::participant;

namespace {

participant::AddRequest person(std::string name, std::string email = "") {
  participant::AddRequest r;
  r.name = std::move(name);
  r.email = std::move(email);
  r.actor = "tester";
  return r;
}

std::string scalar(Database& db, const std::string& sql) {
  auto q = db.sql().execAndGet(sql);
  return q.isNull() ? "NULL" : q.getString();
}

} // namespace

TEST_SUITE("echo::participant::service") {

  TEST_CASE("add and update write one audit entry each, the update's with before and after values") {
    auto db = Database::open_memory();
    const auto p = participant::add(*db, person("Noor Haddad", "Noor.Haddad@Example.org"));
    CHECK(p.email == "noor.haddad@example.org");
    participant::UpdateRequest u;
    u.who = "noor.haddad@example.org";
    u.region = "Interior Health";
    u.actor = "ann";
    participant::update(*db, u);
    participant::update(*db, u); // nothing changes: no entry
    CHECK(scalar(*db, "SELECT group_concat(action, ',') FROM audit_log") == "participant.add,participant.update");
    const auto log = echo::db::log_entries(*db, {});
    REQUIRE(log.size() == 2);
    CHECK(log[1].actor == "ann");
    CHECK(echo::db::summarize(log[1].changes) ==
          std::vector<std::string>{"participant 1: region null -> \"Interior Health\""});
    const auto undone = echo::db::undo(*db, std::nullopt, "tester", "");
    CHECK(undone.undone == 2);
    CHECK(scalar(*db, "SELECT region FROM participant") == "NULL");
  }

  TEST_CASE("a name is refused empty, an email malformed, an alias generic, before anything is written") {
    CHECK_THROWS_AS(participant::checked(person("  ")), echo::Error);
    CHECK_THROWS_AS(participant::checked(person("Noor", "not-an-email")), echo::Error);
    participant::AliasRequest a{"1", "Call-in User_2", "tester", {}};
    CHECK_THROWS_AS(participant::checked(a), echo::Error);
    a.alias = "Noor H";
    CHECK(participant::checked(a).value == "Noor H");
  }

  TEST_CASE("duplicates: the same name, two domains, and a nameless email that names a person") {
    auto db = Database::open_memory();
    participant::add(*db, person("Alice Lee", "a.lee@example.org"));       // 1
    participant::add(*db, person("Alice Lee", "alice@gmail.example.com")); // 2
    participant::add(*db, person("Maria Chen"));                           // 3
    participant::add(*db, person("Maria Chen", "m.chen@example.org"));     // 4
    db->write([&] {
      db->sql().exec("INSERT INTO participant (name, name_key, email, created_at, updated_at) VALUES "
                     "('', '', 'leealice@island.example.ca', 'x', 'x'), ('', '', 'chen@example.org', 'x', 'x')");
    }); // 5, 6
    std::vector<std::string> pairs;
    for (const auto& d : participant::duplicates(*db))
      pairs.push_back(std::to_string(d.a.id) + "-" + std::to_string(d.b.id) + " " + d.reason);
    // 6 (chen@) is neither "m chen", "maria chen" nor "chenmaria", nor m.chen's local part.
    CHECK(pairs == std::vector<std::string>{"1-2 same name, different domain", "1-5 email matches name",
                                            "2-5 email matches name", "3-4 same name"});
  }

  TEST_CASE("remove is refused with attendance, and --anonymise keeps the row without the personal data") {
    auto db = Database::open_memory();
    participant::add(*db, person("Noor Haddad", "noor@example.org"));
    participant::add(*db, person("Test Record", "test@example.org"));
    db->write([&] {
      db->sql().exec("INSERT INTO series (id, code, title, timezone, created_at, updated_at) VALUES "
                     "(1, 's', 'S', 'UTC', 'x', 'x');"
                     "INSERT INTO session (id, series_id, key, origin, local_date, local_time, start_utc, duration, "
                     "status, created_at, updated_at) VALUES (1, 1, 'k', 'manual', '2026-01-01', '12:00', "
                     "'2026-01-01T12:00:00Z', 60, 'scheduled', 'x', 'x');"
                     "INSERT INTO attendance (session_id, participant_id, minutes, created_at, updated_at) VALUES "
                     "(1, 1, 50, 'x', 'x')");
    });
    CHECK_THROWS_AS(participant::remove(*db, {"noor@example.org", false, "", "tester"}), echo::Error);
    const auto r = participant::remove(*db, {"noor@example.org", true, "request", "tester"});
    CHECK(r.anonymised);
    CHECK(r.attendance_kept == 1);
    CHECK(scalar(*db, "SELECT name || '|' || coalesce(email, '-') FROM participant WHERE id = 1") ==
          "Anonymised participant|-");
    CHECK(scalar(*db, "SELECT count(*) FROM change_row WHERE old LIKE '%noor%' OR new LIKE '%noor%'") == "0");
    CHECK(participant::remove(*db, {"test@example.org", false, "", "tester"}).id == 2);
    CHECK(scalar(*db, "SELECT count(*) FROM participant") == "1");
  }
}

} // namespace test_participant_service

#include "echo/db/attendance_repo.hpp"
#include "echo/db/participant_repo.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_participant_repo {

using echo::db::Database;
using echo::db::ParticipantRepo;
using echo::domain::Participant;

namespace {

Participant person(std::string name, std::optional<std::string> email = std::nullopt) {
  Participant p;
  p.name = std::move(name);
  p.email = std::move(email);
  return p;
}

} // namespace

TEST_SUITE("echo::db::ParticipantRepo") {

  TEST_CASE("emails are found case-insensitively, also as aliases") {
    auto db = Database::open_memory();
    ParticipantRepo repo(*db);
    const auto id = repo.insert(person("Noor Haddad", "Noor.Haddad@Example.org"));
    CHECK(repo.by_email(" NOOR.HADDAD@example.ORG ") == id);
    CHECK_FALSE(repo.by_email("noor@example.org"));
    CHECK(repo.add_alias(id, "email", "Noor@Example.org"));
    CHECK_FALSE(repo.add_alias(id, "email", "noor@example.org"));
    CHECK(repo.by_email("noor@example.org") == id);
    const auto other = repo.insert(person("Someone Else", "else@example.org"));
    CHECK_THROWS_AS(repo.add_alias(other, "email", "noor@example.org"), echo::Error);
  }

  TEST_CASE("each_email gives what by_email answers: own emails before aliases, and who has no name") {
    auto db = Database::open_memory();
    ParticipantRepo repo(*db);
    const auto noor = repo.insert(person("Noor Haddad", "Noor.Haddad@Example.org"));
    const auto nameless = repo.insert(person("", "nameless@example.org"));
    const auto dashes = repo.insert(person("---", "dashes@example.org")); // an empty name key, but a name
    repo.insert(person("No Email"));
    REQUIRE(repo.add_alias(noor, "email", "Noor@Example.org"));
    std::vector<std::string> seen;
    repo.each_email([&](const std::string& key, std::int64_t id, bool unnamed) {
      seen.push_back(key + "|" + std::to_string(id) + "|" + (unnamed ? "unnamed" : "named"));
      bool by_unnamed = false;
      CHECK(repo.by_email(key, &by_unnamed) == id);
      CHECK(by_unnamed == unnamed);
    });
    std::sort(seen.begin(), seen.begin() + 3); // the participants' own emails, in any order
    CHECK(seen == std::vector<std::string>{"dashes@example.org|" + std::to_string(dashes) + "|named",
                                           "nameless@example.org|" + std::to_string(nameless) + "|unnamed",
                                           "noor.haddad@example.org|" + std::to_string(noor) + "|named",
                                           "noor@example.org|" + std::to_string(noor) + "|named"});
    CHECK(repo.max_id() == 4);
  }

  TEST_CASE("names are found without accents, case or extra spaces, also as aliases") {
    auto db = Database::open_memory();
    ParticipantRepo repo(*db);
    const auto emile = repo.insert(person("Émile Dubé"));
    CHECK(repo.by_name_key("emile dube") == std::vector<std::int64_t>{emile});
    CHECK(repo.add_alias(emile, "name", "E. Dube"));
    CHECK(repo.by_name_key("e dube") == std::vector<std::int64_t>{emile});
    CHECK_FALSE(repo.add_alias(emile, "name", "EMILE DUBE")); // already his name
    const auto twin = repo.insert(person("Emile Dube", "twin@example.org"));
    CHECK(repo.by_name_key("emile dube") == std::vector<std::int64_t>{emile, twin});
  }

  TEST_CASE("list searches folded names, emails and organizations") {
    auto db = Database::open_memory();
    ParticipantRepo repo(*db);
    auto p = person("Joël Lévesque", "joel@northernhealth.example.ca");
    p.organization = "Mills Memorial Hospital";
    repo.insert(p);
    repo.insert(person("Alice Lee", "a.lee@example.org"));
    CHECK(repo.list("").size() == 2);
    CHECK(repo.list("LEVESQUE").size() == 1);
    CHECK(repo.list("northernhealth").size() == 1);
    CHECK(repo.list("mémorial").size() == 1);
    CHECK(repo.list("zzz").empty());
  }

  TEST_CASE("merge keeps one attendance row per session with the larger minutes and the stronger role") {
    auto db = Database::open_memory();
    db->sql().exec(
        "INSERT INTO series (id, code, title, timezone, created_at, updated_at) VALUES (1, 's', 'S', 'UTC', 'x', 'x');"
        "INSERT INTO session (id, series_id, key, local_date, local_time, start_utc, duration, created_at, updated_at)"
        " VALUES (1, 1, 'a', '2026-01-01', '12:00', '2026-01-01T12:00:00Z', 60, 'x', 'x'),"
        "        (2, 1, 'b', '2026-01-08', '12:00', '2026-01-08T12:00:00Z', 60, 'x', 'x');");
    ParticipantRepo repo(*db);
    echo::db::AttendanceRepo att(*db);
    const auto keep = repo.insert(person("Alice Lee", "a.lee@example.org"));
    const auto dup = repo.insert(person("A. Lee", "alice@gmail.example.com"));
    att.record(1, keep, 20, echo::domain::Role::participant);
    att.record(1, dup, 50, echo::domain::Role::presenter);
    att.record(2, dup, 40, echo::domain::Role::participant);
    const auto counts = repo.merge(dup, keep);
    CHECK(counts.attendance_merged == 1);
    CHECK(counts.attendance_moved == 1);
    const auto rows = att.list(std::nullopt, keep, 45);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].minutes == 50);
    CHECK(rows[0].role == echo::domain::Role::presenter);
    CHECK(rows[0].eligible);
    CHECK(rows[1].minutes == 40);
    CHECK_FALSE(repo.get(dup));
    CHECK(repo.by_email("alice@gmail.example.com") == keep);
    CHECK(repo.by_name_key("a lee") == std::vector<std::int64_t>{keep});
  }

} // TEST_SUITE

} // namespace test_db_participant_repo

#include "echo/config/config.hpp"
#include "echo/db/database.hpp"
#include "echo/db/reference.hpp"

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_reference {

using echo::db::Database;

namespace {

// participant name -> (profession, region) as temp.participant_ref gives them.
std::map<std::string, std::pair<std::optional<std::string>, std::optional<std::string>>> refs(Database& db) {
  std::map<std::string, std::pair<std::optional<std::string>, std::optional<std::string>>> out;
  SQLite::Statement q(db.sql(), "SELECT p.name, r.profession, r.region FROM temp.participant_ref r "
                                "JOIN participant p ON p.id = r.participant_id");
  auto text = [](const SQLite::Column& c) {
    return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
  };
  while (q.executeStep()) out[q.getColumn(0).getString()] = {text(q.getColumn(1)), text(q.getColumn(2))};
  return out;
}

void add(Database& db, const char* name, const char* profession, const char* region) {
  SQLite::Statement q(db.sql(), "INSERT INTO participant (name, profession, region, created_at, updated_at) "
                                "VALUES (?1, ?2, ?3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')");
  q.bind(1, name);
  if (profession) q.bind(2, profession);
  if (region) q.bind(3, region);
  q.exec();
}

} // namespace

TEST_SUITE("db reference") {
  TEST_CASE("participants' spellings meet the configured professions and regions") {
    auto db = Database::open_memory();
    add(*db, "A", "R.N.", "north");
    add(*db, "B", "registered nurse", "Nórthern Health");
    add(*db, "C", "Physiotherapist", "Atlantis");
    add(*db, "D", "  ", nullptr);
    add(*db, "E", "rn ", "NORD");

    echo::config::Config config;
    config.regions.push_back({"Northern Health", {"North", "Nord"}, 300000, std::nullopt, 0.6});
    config.regions.push_back({"Island", {}, 800000, 9000, std::nullopt});
    config.professions.push_back({"RN", "Registered Nurse"});
    config.competencies.push_back({"PAIN", "Pain"});
    echo::db::load_reference(*db, config);

    auto r = refs(*db);
    CHECK(r["A"] ==
          std::pair<std::optional<std::string>, std::optional<std::string>>{"Registered Nurse", "Northern Health"});
    CHECK(r["B"].first == "Registered Nurse");
    CHECK(r["B"].second == "Northern Health");
    CHECK(r["C"].first == "Physiotherapist"); // not configured: as written
    CHECK_FALSE(r["C"].second.has_value());   // names no configured region
    CHECK_FALSE(r["D"].first.has_value());    // blank
    CHECK(r["E"].first == "Registered Nurse");
    CHECK(r["E"].second == "Northern Health");
    CHECK(db->sql().execAndGet("SELECT count(*) FROM temp.region_info").getInt() == 2);
    CHECK(db->sql().execAndGet("SELECT providers FROM temp.region_info WHERE region = 'Island'").getInt() == 9000);
    CHECK(db->sql().execAndGet("SELECT title FROM temp.competency_info WHERE code = 'PAIN'").getString() == "Pain");

    // Loading again (another config) replaces the tables; without regions, values are as written.
    echo::db::load_reference(*db, echo::config::Config{});
    r = refs(*db);
    CHECK(r["A"].first == "R.N.");
    CHECK(r["A"].second == "north");
    CHECK(r["C"].second == "Atlantis");
    CHECK(db->sql().execAndGet("SELECT count(*) FROM temp.region_info").getInt() == 0);
  }
}

} // namespace test_db_reference

#include "report_seed.hpp"

#include "echo/db/attendance_repo.hpp"
#include "echo/db/database.hpp"

namespace echo::test {

void seed_report_scenario(const Hub& hub) {
  db::OpenOptions open;
  open.path = hub.database();
  open.access = db::Access::write;
  auto database = db::Database::open(open);
  const auto sql = slurp(fixture("report/scenario.sql"));
  database->write([&] {
    database->sql().exec(sql);
    // Attendance written with SQL: first_participation as echo's own writers leave it.
    db::rebuild_first_participation(*database);
  });
}

void exec_sql(const Hub& hub, const std::string& sql) {
  db::OpenOptions open;
  open.path = hub.database();
  open.access = db::Access::write;
  auto database = db::Database::open(open);
  database->write([&] {
    database->sql().exec(sql);
    // Attendance written with SQL: first_participation as echo's own writers leave it.
    db::rebuild_first_participation(*database);
  });
}

} // namespace echo::test

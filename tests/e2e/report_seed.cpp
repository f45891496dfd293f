#include "report_seed.hpp"

#include "echo/db/database.hpp"

namespace echo::test {

void seed_report_scenario(const Hub& hub) {
  db::OpenOptions open;
  open.path = hub.database();
  open.access = db::Access::write;
  auto database = db::Database::open(open);
  const auto sql = slurp(fixture("report/scenario.sql"));
  database->write([&] { database->sql().exec(sql); });
}

void exec_sql(const Hub& hub, const std::string& sql) {
  db::OpenOptions open;
  open.path = hub.database();
  open.access = db::Access::write;
  auto database = db::Database::open(open);
  database->write([&] { database->sql().exec(sql); });
}

} // namespace echo::test

// The services of `db migrate` and `db check` on an in-memory database.
#include "echo/maintenance/service.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_maintenance_service {

using namespace echo;

TEST_SUITE("echo::maintenance::service") {

  TEST_CASE("a database at the latest schema has nothing to migrate and checks clean") {
    auto db = db::Database::open_memory();
    const auto plan = maintenance::plan_migration(*db);
    CHECK(plan.from == maintenance::latest_schema_version());
    CHECK(plan.to == db::latest_schema_version());
    CHECK(plan.steps.empty());
    CHECK(maintenance::check(*db).empty());
  }
}

} // namespace test_maintenance_service

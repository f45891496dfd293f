#pragma once
// The report scenario (tests/fixtures/report/scenario.sql) written straight into a hub's
// database: the commands that would record it live on other branches.

#include "harness.hpp"

#include <string>

namespace echo::test {

// Creates the hub's database at the current schema and inserts the scenario.
void seed_report_scenario(const Hub& hub);
// Runs extra SQL against the hub's database (to add rows a test needs).
void exec_sql(const Hub& hub, const std::string& sql);

} // namespace echo::test

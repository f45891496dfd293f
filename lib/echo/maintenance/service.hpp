#pragma once
// The database's own commands: `db info`, `db check`, `db migrate`, `db restore`, and the new
// database of `init`. Each takes the database (or its path) and returns plain results; the
// command line only parses and renders. The SQL is db/maintenance.hpp and db/database.hpp.

#include "echo/db/database.hpp"
#include "echo/db/maintenance.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace echo::maintenance {

using Info = db::Info;

// Path, schema versions, SQLite version, size, journal mode and the rows of every table.
Info info(db::Database& db);

// Problems found by SQLite's integrity and foreign-key checks; empty when healthy.
std::vector<std::string> check(db::Database& db);

// The schema version this build of echo writes and expects.
int latest_schema_version();

struct MigrationStep {
  int version = 0;
  std::string name;
};

struct MigrationPlan {
  int from = 0;                     // the database's schema version
  int to = 0;                       // latest_schema_version()
  std::vector<MigrationStep> steps; // the migrations above `from`, in order
};

MigrationPlan plan_migration(db::Database& db);

// Copies the database to PATH.vFROM.TIME.bak (0600) before a migration; returns that path.
std::string backup_before_migration(db::Database& db, int from);

// Applies every migration above the database's schema version.
void migrate(db::Database& db);

using RestoreResult = db::RestoreResult;

struct RestoreRequest {
  std::filesystem::path database; // the hub's database
  std::filesystem::path file;     // the backup
  int busy_timeout_ms = 5000;
};

// Replaces the database with a checked backup (see db::restore for the checks and errors).
RestoreResult restore(const RestoreRequest& request);

// The name a database is moved aside to: PATH.TIME.bak.
std::string aside_name(const std::filesystem::path& database);

// Creates the database at path (mode 0600, at the latest schema); returns its schema version.
int create_database(const std::filesystem::path& path);

} // namespace echo::maintenance

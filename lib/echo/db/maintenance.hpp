#pragma once
// Database facts and checks for `echo db info` and `echo db check`.

#include "echo/db/database.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace echo::db {

struct Info {
  std::string path;
  int schema_version = 0;
  int latest_schema_version = 0;
  std::string sqlite_version;
  std::int64_t size_bytes = 0;
  std::string journal_mode;
  std::vector<std::pair<std::string, std::int64_t>> row_counts; // every table, by name
};

Info info(Database& db);
// Problems found by PRAGMA integrity_check and foreign_key_check; empty when healthy.
std::vector<std::string> check(Database& db);

struct RestoreResult {
  int schema_version = 0;   // of the restored backup
  std::string kept;         // copy of the database as it was; empty when there was none
  std::string journal_mode; // of the restored database: "wal"
};

// Replaces the database at `database` with the backup `file`, after checking that the backup is
// an echo database (application id, a schema this echo knows, integrity and foreign keys) and
// copying the current database to `database`.before-restore.TIME.bak (0600). The restored file
// is mode 0600 in WAL mode. Errors: no_input (file missing), data (not an echo database, damaged,
// schema newer than this echo), cant_create/io (the copy or the restore failed: nothing changed),
// temp_fail (the database is locked).
RestoreResult restore(const std::filesystem::path& database, const std::filesystem::path& file, int busy_timeout_ms);

} // namespace echo::db

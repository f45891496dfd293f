#pragma once
// Database facts and checks for `echo db info` and `echo db check`.

#include "echo/db/database.hpp"

#include <cstdint>
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

} // namespace echo::db

#include "echo/db/maintenance.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>

namespace echo::db {

Info info(Database& db) {
  return db.read([&] {
    Info i;
    i.path = db.path().string();
    i.schema_version = db.sql().execAndGet("PRAGMA user_version").getInt();
    i.latest_schema_version = latest_schema_version();
    i.sqlite_version = sqlite3_libversion();
    std::error_code ec;
    const auto size = std::filesystem::file_size(db.path(), ec);
    i.size_bytes = ec ? 0 : static_cast<std::int64_t>(size);
    i.journal_mode = db.sql().execAndGet("PRAGMA journal_mode").getString();
    std::vector<std::string> tables;
    SQLite::Statement q(db.sql(), "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                  "ORDER BY name");
    while (q.executeStep()) tables.push_back(q.getColumn(0).getString());
    for (const auto& t : tables) {
      // Table names come from sqlite_master, not from the user; identifiers cannot be bound.
      const auto n = db.sql().execAndGet(fmt::format("SELECT count(*) FROM \"{}\"", t)).getInt64();
      i.row_counts.emplace_back(t, n);
    }
    return i;
  });
}

std::vector<std::string> check(Database& db) {
  return db.read([&] {
    std::vector<std::string> problems;
    SQLite::Statement integrity(db.sql(), "PRAGMA integrity_check");
    while (integrity.executeStep()) {
      const auto line = integrity.getColumn(0).getString();
      if (line != "ok") problems.push_back("integrity: " + line);
    }
    SQLite::Statement fk(db.sql(), "PRAGMA foreign_key_check");
    while (fk.executeStep())
      problems.push_back(fmt::format("foreign key: {} row {} refers to a missing {} row", fk.getColumn(0).getString(),
                                     fk.getColumn(1).getInt64(), fk.getColumn(2).getString()));
    return problems;
  });
}

} // namespace echo::db

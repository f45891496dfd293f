#include "echo/maintenance/service.hpp"

#include <fmt/format.h>

namespace echo::maintenance {

Info info(db::Database& db) { return db::info(db); }

std::vector<std::string> check(db::Database& db) { return db::check(db); }

int latest_schema_version() { return db::latest_schema_version(); }

MigrationPlan plan_migration(db::Database& db) {
  MigrationPlan plan;
  plan.from = db.schema_version();
  plan.to = db::latest_schema_version();
  for (const auto& m : db::migrations())
    if (m.version > plan.from) plan.steps.push_back({m.version, m.name});
  return plan;
}

std::string backup_before_migration(db::Database& db, int from) {
  const auto backup = fmt::format("{}.v{}.{}.bak", db.path().string(), from, db::now_text());
  db.backup_to(backup);
  return backup;
}

void migrate(db::Database& db) { db.migrate(); }

RestoreResult restore(const RestoreRequest& request) {
  return db::restore(request.database, request.file, request.busy_timeout_ms);
}

std::string aside_name(const std::filesystem::path& database) {
  return fmt::format("{}.{}.bak", database.string(), db::now_text());
}

int create_database(const std::filesystem::path& path) {
  db::OpenOptions open;
  open.path = path;
  open.access = db::Access::write;
  return db::Database::open(open)->schema_version();
}

} // namespace echo::maintenance

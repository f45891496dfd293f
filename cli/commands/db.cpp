#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"

#include "echo/maintenance/service.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>

namespace echo::cli {

namespace fs = std::filesystem;

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace db_cmd {

struct BackupOptions {
  std::string file;
  bool force = false;
};

struct RestoreOptions {
  std::string file;
};

struct MigrateOptions {
  bool dry_run = false;
};

void run_info(Context& ctx, const OutputOptions& out) {
  auto& database = ctx.db(db::Access::admin);
  const auto info = maintenance::info(database);
  Document doc;
  doc.json = {{"path", info.path},
              {"schema_version", info.schema_version},
              {"latest_schema_version", info.latest_schema_version},
              {"sqlite_version", info.sqlite_version},
              {"size_bytes", info.size_bytes},
              {"journal_mode", info.journal_mode},
              {"tables", nlohmann::ordered_json::object()}};
  Table summary;
  summary.columns = {"field", "value"};
  summary.add({std::string("path"), info.path});
  summary.add({std::string("schema_version"), std::to_string(info.schema_version)});
  summary.add({std::string("latest_schema_version"), std::to_string(info.latest_schema_version)});
  summary.add({std::string("sqlite_version"), info.sqlite_version});
  summary.add({std::string("size_bytes"), std::to_string(info.size_bytes)});
  summary.add({std::string("journal_mode"), info.journal_mode});
  Table tables;
  tables.columns = {"table", "rows"};
  for (const auto& [name, rows] : info.row_counts) {
    doc.json["tables"][name] = rows;
    tables.add({name, rows});
  }
  doc.sections = {{"database", summary}, {"tables", tables}};
  emit(ctx, out, doc, "echo database");
}

void run_check(Context& ctx) {
  auto& database = ctx.db(db::Access::admin);
  const auto problems = maintenance::check(database);
  if (problems.empty()) {
    ctx.out(fmt::format("{}: ok\n", database.path().string()));
    return;
  }
  std::string message =
      fmt::format("{}: {} problem{}", database.path().string(), problems.size(), problems.size() == 1 ? "" : "s");
  for (const auto& p : problems) message += "\n  " + p;
  throw Error(Exit::failure, message);
}

void run_backup(Context& ctx, const BackupOptions& o) {
  std::error_code ec;
  if (fs::exists(o.file, ec) && !o.force)
    throw Error(Exit::failure, fmt::format("{} already exists (use --force to replace it)", o.file));
  auto& database = ctx.db(db::Access::admin);
  if (fs::equivalent(o.file, database.path(), ec))
    throw Error(Exit::failure, fmt::format("{} is the database itself; back up to another file", o.file));
  database.backup_to(o.file);
  ctx.note(fmt::format("backed up {} to {}", database.path().string(), o.file));
}

void run_migrate(Context& ctx, const MigrateOptions& o) {
  auto& database = ctx.db(db::Access::admin);
  const auto migration = maintenance::plan_migration(database);
  const int from = migration.from;
  const int to = migration.to;
  if (from == to) {
    ctx.out(fmt::format("{} is at schema version {}; nothing to do\n", database.path().string(), from));
    return;
  }
  std::string plan;
  for (const auto& m : migration.steps) plan += fmt::format("  {}: {}\n", m.version, m.name);
  if (o.dry_run) {
    ctx.out(
        fmt::format("would migrate {} from schema version {} to {}:\n{}", database.path().string(), from, to, plan));
    return;
  }
  const auto backup = maintenance::backup_before_migration(database, from);
  ctx.note(fmt::format("backed up to {}", backup));
  maintenance::migrate(database);
  ctx.out(fmt::format("migrated {} from schema version {} to {}:\n{}", database.path().string(), from, to, plan));
}

void run_restore(Context& ctx, const RestoreOptions& o) {
  const auto& cfg = ctx.config();
  ctx.close_db();
  const auto r = maintenance::restore({cfg.database_path, o.file, cfg.busy_timeout_ms});
  if (!r.kept.empty()) ctx.note(fmt::format("kept the database as it was in {}", r.kept));
  ctx.out(fmt::format("restored {} from {} (schema version {}, journal mode {})\n", cfg.database_path.string(), o.file,
                      r.schema_version, r.journal_mode));
  if (r.schema_version < maintenance::latest_schema_version())
    ctx.warn(fmt::format("the backup has schema version {}; run `{} db migrate` before other commands",
                         r.schema_version, ctx.program));
}

} // namespace db_cmd

void register_db(CLI::App& app, Context& ctx) {
  using namespace db_cmd;
  auto* group = app.add_subcommand("db", "Inspect, check, back up and migrate the database");

  auto info_out = std::make_shared<OutputOptions>();
  auto* info = group->add_subcommand("info", "Path, schema version, SQLite version and row counts");
  add_output_options(*info, *info_out);
  info->callback([&ctx, info_out] { run_info(ctx, *info_out); });

  auto* check = group->add_subcommand("check", "Integrity and foreign-key checks (exit 1 on a problem)");
  check->callback([&ctx] { run_check(ctx); });

  auto backup_opts = std::make_shared<BackupOptions>();
  auto* backup = group->add_subcommand("backup", "Online backup to FILE (mode 0600), safe while others use it");
  backup->add_option("FILE", backup_opts->file, "Backup file to create")->required();
  backup->add_flag("--force", backup_opts->force, "Replace FILE if it exists");
  backup->callback([&ctx, backup_opts] { run_backup(ctx, *backup_opts); });

  auto restore_opts = std::make_shared<RestoreOptions>();
  auto* restore = group->add_subcommand(
      "restore", "Replace the database with a backup: checks it first and keeps a copy of the current database");
  restore->add_option("FILE", restore_opts->file, "Backup made by `db backup` (or `db migrate`)")->required();
  restore->callback([&ctx, restore_opts] { run_restore(ctx, *restore_opts); });

  auto migrate_opts = std::make_shared<MigrateOptions>();
  auto* migrate = group->add_subcommand("migrate", "Upgrade the schema (backs the database up first)");
  migrate->add_flag("--dry-run", migrate_opts->dry_run, "Print the migrations that would run; change nothing");
  migrate->callback([&ctx, migrate_opts] { run_migrate(ctx, *migrate_opts); });
}

} // namespace echo::cli

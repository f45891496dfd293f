#include "commands/commands.hpp"
#include "context.hpp"

#include "echo/config/config.hpp"
#include "echo/util/files.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

namespace echo::cli {

namespace fs = std::filesystem;

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace init_cmd {

struct InitOptions {
  std::string dir = ".";
  bool force = false;
};

void run_init(Context& ctx, const InitOptions& o) {
  const fs::path dir = o.dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(Exit::cant_create, fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
  const fs::path config_path = dir / "echo.toml";
  if (fs::exists(config_path, ec) && !o.force)
    throw Error(Exit::failure, fmt::format("{} already exists (use --force to overwrite it)", config_path.string()));

  // The database the new config names (path = "echo.db", beside it), unless --database or
  // $ECHO_DATABASE says otherwise: the usual precedence.
  fs::path db_path = dir / "echo.db";
  if (ctx.global.database)
    db_path = util::expand_home(*ctx.global.database);
  else if (const char* env = std::getenv("ECHO_DATABASE"); env && *env)
    db_path = util::expand_home(env);
  if (fs::exists(db_path, ec)) {
    if (!o.force)
      throw Error(Exit::failure,
                  fmt::format("database {} already exists (use --force to replace it)", db_path.string()));
    // --force keeps the old data reachable: the database is moved aside, never deleted.
    const auto aside = fmt::format("{}.{}.bak", db_path.string(), db::now_text());
    fs::rename(db_path, aside, ec);
    if (ec) throw Error(Exit::cant_create, fmt::format("cannot move {} aside: {}", db_path.string(), ec.message()));
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(db_path.string() + suffix, ec);
    ctx.note(fmt::format("moved the old database to {}", aside));
  }
  util::write_file_atomic(config_path, config::config_template(), 0644);

  db::OpenOptions open;
  open.path = db_path;
  open.access = db::Access::write;
  auto database = db::Database::open(open);
  ctx.note(fmt::format("wrote {}", config_path.string()));
  ctx.note(fmt::format("created database {} (schema {})", db_path.string(), database->schema_version()));
  ctx.note(fmt::format("next: set [hub] name and timezone in {}, then `{} --config {} config show`",
                       config_path.string(), ctx.program, config_path.string()));
}

} // namespace init_cmd

void register_init(CLI::App& app, Context& ctx) {
  using namespace init_cmd;
  auto o = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Write DIR/echo.toml (a commented template) and create its database");
  cmd->add_option("DIR", o->dir, "Directory for the hub (default: the current directory)");
  cmd->add_flag("--force", o->force, "Overwrite an existing config; move an existing database aside");
  cmd->callback([&ctx, o] { run_init(ctx, *o); });
}

} // namespace echo::cli

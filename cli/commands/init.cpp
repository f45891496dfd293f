#include "commands/commands.hpp"
#include "context.hpp"

#include "echo/config/config.hpp"
#include "echo/maintenance/service.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/files.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace echo::cli {

namespace fs = std::filesystem;

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace init_cmd {

struct InitOptions {
  std::string dir = ".";
  std::string timezone;
  bool force = false;
};

// The system's IANA zone: $TZ, else /etc/timezone, else the target of /etc/localtime; "" when
// none of them names a zone echo knows.
std::string system_zone() {
  std::vector<std::string> candidates;
  if (const char* tz = std::getenv("TZ"); tz && *tz) candidates.emplace_back(tz[0] == ':' ? tz + 1 : tz);
  if (std::ifstream in("/etc/timezone"); in) {
    std::string line;
    std::getline(in, line);
    candidates.push_back(line);
  }
  std::error_code ec;
  const auto target = fs::read_symlink("/etc/localtime", ec).string();
  if (const auto at = target.find("zoneinfo/"); !ec && at != std::string::npos)
    candidates.push_back(target.substr(at + 9));
  for (const auto& c : candidates)
    if (!c.empty() && util::find_zone(c)) return c;
  return "";
}

void run_init(Context& ctx, const InitOptions& o) {
  // The hub's zone: --timezone, else the system's (imports and command-line times are local to it).
  std::string zone = o.timezone;
  if (!zone.empty())
    schedule::require_zone(zone); // exit 65 with a did-you-mean, before anything is written
  else
    zone = system_zone();
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
    const auto aside = maintenance::aside_name(db_path);
    fs::rename(db_path, aside, ec);
    if (ec) throw Error(Exit::cant_create, fmt::format("cannot move {} aside: {}", db_path.string(), ec.message()));
    for (const char* suffix : {"-wal", "-shm"}) fs::remove(db_path.string() + suffix, ec);
    ctx.note(fmt::format("moved the old database to {}", aside));
  }
  auto text = config::config_template();
  if (!zone.empty()) {
    const std::string line = "\ntimezone = \"UTC\"\n";
    if (const auto at = text.find(line); at != std::string::npos)
      text.replace(at, line.size(), "\ntimezone = \"" + zone + "\"\n");
  }
  util::write_file_atomic(config_path, text, 0644);

  const int schema = maintenance::create_database(db_path);
  ctx.note(fmt::format("wrote {}", config_path.string()));
  ctx.note(fmt::format("created database {} (schema {})", db_path.string(), schema));
  ctx.note(fmt::format("hub.timezone is {}{}", zone.empty() ? "UTC" : zone,
                       o.timezone.empty() ? " (the system's; change it in the config or with init --timezone)" : ""));
  ctx.note(fmt::format("next: set [hub] name in {}, then `{} --config {} config show`", config_path.string(),
                       ctx.program, config_path.string()));
}

} // namespace init_cmd

void register_init(CLI::App& app, Context& ctx) {
  using namespace init_cmd;
  auto o = std::make_shared<InitOptions>();
  auto* cmd = app.add_subcommand("init", "Write DIR/echo.toml (a commented template) and create its database");
  cmd->add_option("DIR", o->dir, "Directory for the hub (default: the current directory)");
  cmd->add_option("--timezone", o->timezone, "The hub's IANA time zone (default: the system's)")->option_text("TZ");
  cmd->add_flag("--force", o->force, "Overwrite an existing config; move an existing database aside");
  cmd->callback([&ctx, o] { run_init(ctx, *o); });
}

} // namespace echo::cli

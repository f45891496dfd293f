#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"

#include "echo/config/config.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <type_traits>
#include <variant>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace config_cmd {

struct CheckOptions {
  std::string file;
};

void run_show(Context& ctx, const OutputOptions& out) {
  const auto& cfg = ctx.config();
  Table t;
  t.columns = {"key", "value", "source"};
  // Typed values: JSON gets strings, numbers and arrays; text formats show them plainly.
  for (const auto& e : cfg.entries) {
    Cell value = e.value;
    std::visit(
        [&value](const auto& typed) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(typed)>, std::monostate>) value = typed;
        },
        e.typed);
    t.add({e.key, value, e.source});
  }
  emit(ctx, out, t, "echo configuration");
}

void run_check(Context& ctx, const CheckOptions& o) {
  if (!o.file.empty()) {
    config::load_file(o.file);
    ctx.out(fmt::format("{}: ok\n", o.file));
    return;
  }
  const auto found = config::discover(ctx.load_options());
  ctx.config();
  ctx.out(found ? fmt::format("{}: ok\n", found->path.string())
                : std::string("no config file; built-in defaults: ok\n"));
}

void run_path(Context& ctx) {
  const auto options = ctx.load_options();
  if (options.no_config) throw Error(Exit::failure, "no config file: --no-config reads none");
  const auto found = config::discover(options);
  if (!found)
    throw Error(Exit::failure, "no config file found (looked for --config, $ECHO_CONFIG, ./echo.toml, "
                               "$XDG_CONFIG_HOME/echo/config.toml, /etc/echo/config.toml)");
  ctx.out(found->path.string() + "\n");
}

} // namespace config_cmd

void register_config(CLI::App& app, Context& ctx) {
  using namespace config_cmd;
  auto* group = app.add_subcommand("config", "Show and check the effective configuration");

  auto show_out = std::make_shared<OutputOptions>();
  auto* show = group->add_subcommand("show", "Print every effective setting and where it came from");
  add_output_options(*show, *show_out);
  show->callback([&ctx, show_out] { run_show(ctx, *show_out); });

  auto check_opts = std::make_shared<CheckOptions>();
  auto* check =
      group->add_subcommand("check", "Validate the config file (exit 78 naming file:line:column on a problem)");
  check->add_option("FILE", check_opts->file, "Config file to check instead of the discovered one");
  check->callback([&ctx, check_opts] { run_check(ctx, *check_opts); });

  auto* path = group->add_subcommand("path", "Print the path of the config file in use (exit 1 when there is none)");
  path->callback([&ctx] { run_path(ctx); });
}

} // namespace echo::cli

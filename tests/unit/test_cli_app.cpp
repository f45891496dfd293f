#include "app.hpp"

#include <doctest/doctest.h>

#include "commands/shell.hpp"
#include "context.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_cli_app {

using namespace echo::cli;

namespace {

std::vector<CLI::App*> top_level(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

} // namespace

TEST_SUITE("echo::cli::app") {
  TEST_CASE("the invoked command is the first word after the global options") {
    using Args = std::vector<std::string>;
    CHECK(invoked_command(Args{"series", "list"}) == std::optional<std::string>("series"));
    CHECK(invoked_command(Args{"--config", "x.toml", "-q", "session", "list"}) ==
          std::optional<std::string>("session"));
    CHECK(invoked_command(Args{"--db=hub.db", "--color", "never", "-qv", "report", "summary"}) ==
          std::optional<std::string>("report"));
    // The value of --db is no command, whatever it is called.
    CHECK(invoked_command(Args{"--db", "series", "undo"}) == std::optional<std::string>("undo"));
    CHECK(invoked_command(Args{"--no-config", "version"}) == std::optional<std::string>("version"));
    // No command at all: the top level only.
    CHECK(invoked_command(Args{"--version"}) == std::optional<std::string>(""));
    CHECK(invoked_command(Args{"--help"}) == std::optional<std::string>(""));
    CHECK(invoked_command(Args{}) == std::optional<std::string>(""));
    // The whole tree: help and completion walk it; unknown words and options get did-you-mean.
    CHECK_FALSE(invoked_command(Args{"help", "series"}));
    CHECK_FALSE(invoked_command(Args{"completion", "bash"}));
    CHECK_FALSE(invoked_command(Args{"--help-all"}));
    CHECK_FALSE(invoked_command(Args{"sereis", "list"}));
    CHECK_FALSE(invoked_command(Args{"--frobnicate", "series", "list"}));
    CHECK_FALSE(invoked_command(Args{"-x", "series"}));
    CHECK_FALSE(invoked_command(Args{"__complete", "ser"}));
  }

  TEST_CASE("the commands not invoked are listed exactly as when every command is built") {
    Context full_ctx;
    full_ctx.program = "echoctl";
    const auto full = make_app(full_ctx, std::nullopt);
    const auto full_commands = top_level(*full);
    REQUIRE(full_commands.size() >= 14);
    // The top-level help (names and descriptions) without any group built, and with each one.
    std::vector<std::optional<std::string>> variants{std::string()};
    for (auto* command : full_commands) variants.emplace_back(command->get_name());
    for (const auto& invoked : variants) {
      CAPTURE(invoked.value_or("(all)"));
      Context ctx;
      ctx.program = "echoctl";
      const auto lazy = make_app(ctx, invoked);
      const auto commands = top_level(*lazy);
      REQUIRE(commands.size() == full_commands.size());
      for (std::size_t i = 0; i < commands.size(); ++i) {
        CHECK(commands[i]->get_name() == full_commands[i]->get_name());
        CHECK(commands[i]->get_description() == full_commands[i]->get_description());
        CHECK(commands[i]->get_group() == full_commands[i]->get_group());
      }
      CHECK(help_for(lazy.get(), "echoctl") == help_for(full.get(), "echoctl"));
      // The invoked command itself is whole: its help is the same, and so are its subcommands'.
      if (invoked && !invoked->empty())
        CHECK(all_help_text(*lazy->get_subcommand(*invoked), "echoctl") ==
              all_help_text(*full->get_subcommand(*invoked), "echoctl"));
    }
  }
}

} // namespace test_cli_app

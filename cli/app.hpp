#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace echo::cli {

class Context;

// Parses the command line, runs the command and returns the process exit code. Every error
// is printed once, here, as "NAME: error: MESSAGE".
int run(int argc, char** argv);

// The top-level command the arguments (after the program name) invoke, past the global options;
// "" when they name none (--help, --version); nullopt when the whole command tree is needed
// (help, completion, --help-all, a word that is no command, an option the root does not have).
std::optional<std::string> invoked_command(const std::vector<std::string>& args);

// The command tree: the root with its global options and every top-level command, of which only
// `invoked` (or every one, for nullopt) has its subcommands and options.
std::unique_ptr<CLI::App> make_app(Context& ctx, const std::optional<std::string>& invoked);

} // namespace echo::cli

#include "commands/commands.hpp"

#include <CLI/CLI.hpp>

namespace echo::cli {

void register_series(CLI::App& /*app*/, Context& /*ctx*/) {}

} // namespace echo::cli

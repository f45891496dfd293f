#include "commands/commands.hpp"

#include <CLI/CLI.hpp>

namespace echo::cli {

void register_proposal(CLI::App& /*app*/, Context& /*ctx*/) {}

} // namespace echo::cli

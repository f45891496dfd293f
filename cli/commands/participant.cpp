#include "commands/commands.hpp"

#include <CLI/CLI.hpp>

namespace echo::cli {

void register_participant(CLI::App& /*app*/, Context& /*ctx*/) {}

} // namespace echo::cli

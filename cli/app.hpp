#pragma once

namespace echo::cli {

// Parses the command line, runs the command and returns the process exit code. Every error
// is printed once, here, as "NAME: error: MESSAGE".
int run(int argc, char** argv);

} // namespace echo::cli

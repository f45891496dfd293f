#pragma once
// CLI11 validators shared by several subcommands.

#include <CLI/CLI.hpp>

namespace echo::cli {

// A finite number (for --credit-hours and the like): CLI11 reads "nan" and "inf" as doubles,
// which the database then refuses (NOT NULL) or shows as null. A malformed value is a usage
// error (2); the range is checked with the other values (65).
CLI::Validator finite_number();

// A file name that is not empty: `-o ''` is a usage error (2), not standard output.
CLI::Validator non_empty_file();

} // namespace echo::cli
